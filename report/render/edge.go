package render

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/report"
	"github.com/logstat/logstat/report/textfmt"
)

// The sections of a CDN, proxy or load-balancer log, as tables every
// renderer draws its own way: the codes the edge answered against the
// statuses its origin gave, the cache's verdicts per code, and a
// streaming log's manifests and segments. Each is nil when the report
// has no such data. Cells are numbers, statuses and words of logstat's,
// never log text but for one value taken as logged, an X-Err-Code
// sub-code: it is cleaned here (textfmt.Clean), as are origin statuses
// (numbers, unless a report read back from JSON says otherwise), and
// each renderer escapes every cell for its output.

// edgeTable is one such table, its cells written as they show.
type edgeTable struct {
	ID            string // the HTML section's id, with a Heading
	Heading, Note string
	Header        []string
	Right         []int     // 1-based columns aligned right
	Wrap          []int     // 1-based columns of prose a terminal may narrow
	Rows          []edgeRow // in order
	Foot          []string  // sentences after the table
}

// edgeRow is a table row; Class colours its first cell.
type edgeRow struct {
	Class string
	Sub   bool // a sub-code of the row before
	Cells []string
}

// maxOriginColumns bounds the origin statuses given a column each; the
// rarer ones share an "other" column.
const maxOriginColumns = 10

// originTable is the cross table of edge codes (rows) by origin status
// (columns: none first, then the statuses by number), with each error
// code's reading when there is one; nil when no code has origin
// statuses.
func originTable(r *report.Report) *edgeTable {
	totals := map[string]int64{}
	var rows []report.CodeRow
	unlogged := false
	for _, c := range r.Codes {
		if len(c.Origin) == 0 {
			continue
		}
		rows = append(rows, c)
		var sum int64
		for _, o := range c.Origin {
			totals[o.Status] += o.Count
			sum += o.Count
		}
		unlogged = unlogged || sum < c.Count
	}
	if len(rows) == 0 {
		return nil
	}
	cols := originColumns(totals)
	shown := map[string]bool{}
	for _, st := range cols {
		shown[st] = true
	}
	other := len(cols) < len(totals)
	t := &edgeTable{
		ID: "origin", Heading: "Edge and origin",
		Note: "Each code the edge (CDN, load balancer or proxy) answered, by the status its origin (upstream, target) gave. " +
			"None: no origin status; the answer came from the cache or the edge itself, or the origin never answered.",
		Header: []string{"Edge", "Requests"},
	}
	for _, st := range cols {
		t.Header = append(t.Header, originHeader(st))
	}
	if other {
		t.Header = append(t.Header, "Other")
	}
	if unlogged {
		t.Header = append(t.Header, "Not logged")
	}
	for i := 2; i <= len(t.Header); i++ {
		t.Right = append(t.Right, i)
	}
	readings := false // a column for them when some code has one
	for _, c := range rows {
		readings = readings || originReading(c) != ""
	}
	if readings {
		t.Header = append(t.Header, "Reading")
		t.Wrap = []int{len(t.Header)}
	}
	for _, c := range rows {
		cells := []string{c.Status, textfmt.Num(c.Count)}
		byStatus := map[string]int64{}
		var rest, sum int64
		for _, o := range c.Origin {
			sum += o.Count
			if shown[o.Status] {
				byStatus[o.Status] = o.Count
			} else {
				rest += o.Count
			}
		}
		for _, st := range cols {
			cells = append(cells, countCell(byStatus[st]))
		}
		if other {
			cells = append(cells, countCell(rest))
		}
		if unlogged {
			cells = append(cells, countCell(c.Count-sum))
		}
		if readings {
			cells = append(cells, originReading(c))
		}
		t.Rows = append(t.Rows, edgeRow{Class: c.Class, Cells: cells})
	}
	if other {
		var names []string
		for st := range totals {
			if !shown[st] {
				names = append(names, st)
			}
		}
		sort.Slice(names, func(i, j int) bool { return originLess(names[i], names[j]) })
		for i, st := range names {
			names[i] = originHeader(st)
		}
		t.Foot = append(t.Foot, "Other: origin statuses "+strings.Join(names, ", ")+".")
	}
	if unlogged {
		t.Foot = append(t.Foot, "Not logged: requests whose line has no origin status.")
	}
	return t
}

// originColumns picks the origin statuses that get a column: all when
// they are few, else none, then the origin's 5xx (they tell the edge's
// errors apart), then the most frequent; in report order (none, then by
// number).
func originColumns(totals map[string]int64) []string {
	var all []string
	for st := range totals {
		all = append(all, st)
	}
	if len(all) > maxOriginColumns {
		rank := func(st string) int {
			switch code := (report.OriginRow{Status: st}).Code(); {
			case st == report.OriginNone:
				return 0
			case code >= 500:
				return 1
			}
			return 2
		}
		sort.Slice(all, func(i, j int) bool {
			a, b := all[i], all[j]
			if rank(a) != rank(b) {
				return rank(a) < rank(b)
			}
			if totals[a] != totals[b] {
				return totals[a] > totals[b]
			}
			return originLess(a, b)
		})
		all = all[:maxOriginColumns-1] // and "Other"
	}
	sort.Slice(all, func(i, j int) bool { return originLess(all[i], all[j]) })
	return all
}

// originLess orders origin statuses: none first, then by number.
func originLess(a, b string) bool {
	oa, ob := report.OriginRow{Status: a}, report.OriginRow{Status: b}
	return oa.Code() < ob.Code()
}

func originHeader(st string) string {
	if st == report.OriginNone {
		return "None"
	}
	return textfmt.Clean(st, 12) // a number, unless a report read back says otherwise
}

// countCell writes a count, blank for none.
func countCell(n int64) string {
	if n == 0 {
		return ""
	}
	return textfmt.Num(n)
}

// originReading says what an error code's origin statuses mean: answered
// at the edge without an origin response, passed through from the
// origin, or the origin answered something else; "" for 1xx–3xx codes.
// It names the largest part with its share, and the next when the
// largest is not most.
func originReading(c report.CodeRow) string {
	if c.Class != "4xx" && c.Class != "5xx" && c.Class != "other" {
		return ""
	}
	parts := append([]report.OriginRow{}, c.Origin...)
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].Count > parts[j].Count })
	say := func(o report.OriginRow) string {
		return shareText(o.Count, c.Count) + " " + originWords(c.Code, c.Class, o.Status)
	}
	out := say(parts[0])
	if len(parts) > 1 && parts[0].Count*2 <= c.Count {
		out += "; " + say(parts[1])
	}
	return out
}

// originWords reads one origin status behind an edge code.
func originWords(code int, class, origin string) string {
	switch {
	case origin == report.OriginNone && (code == 504 || code == 524):
		return "no origin response in time (edge timeout)"
	case origin == report.OriginNone && class == "5xx":
		return "no origin response: the edge's own error"
	case origin == report.OriginNone && class == "4xx":
		return "no origin response: from cache or edge"
	case origin == report.OriginNone:
		return "no origin response"
	case origin != strconv.Itoa(code):
		return "the origin answered " + textfmt.Clean(origin, 12)
	case code == 502:
		return "502 from the origin side (failed, cut off)"
	case code == 503:
		return "503 from the origin (unavailable)"
	case code == 504:
		return "504 from the origin side (too slow)"
	}
	return "passed through from the origin"
}

// shareText is n of total as a whole percentage, "<1%" and ">99%" near
// the ends.
func shareText(n, total int64) string {
	if total == 0 {
		return "0%"
	}
	p := float64(n) * 100 / float64(total)
	switch {
	case n == total:
		return "100%"
	case p > 99:
		return ">99%"
	case n > 0 && p < 1:
		return "<1%"
	}
	return strconv.FormatFloat(p, 'f', 0, 64) + "%"
}

// cacheTable is each code's cache verdicts and their shares, with a row
// for all; nil when the log has none. Hit, miss and error always have a
// column, the other kinds when some request has them.
func cacheTable(r *report.Report) *edgeTable {
	if r.Cache == nil {
		return nil
	}
	all := r.Cache.Counts()
	var kinds []aggregate.CacheKind
	for k := aggregate.CacheKind(0); k < aggregate.NumCacheKinds; k++ {
		if all[k] > 0 || k == aggregate.CacheHit || k == aggregate.CacheMiss || k == aggregate.CacheError {
			kinds = append(kinds, k)
		}
	}
	t := &edgeTable{
		ID: "cache", Heading: "Cache",
		Note:   "The cache's verdict on each code's requests, as shares of those with a verdict.",
		Header: []string{"Code", "With a verdict"},
		Right:  []int{2},
	}
	for i, k := range kinds {
		t.Header = append(t.Header, cacheHeader(k))
		t.Right = append(t.Right, i+3)
	}
	row := func(class, status string, c *report.CacheRow) edgeRow {
		cells := []string{status, textfmt.Num(c.Requests)}
		n := c.Counts()
		for _, k := range kinds {
			cells = append(cells, shareCell(n[k], c.Requests))
		}
		return edgeRow{Class: class, Cells: cells}
	}
	for _, c := range r.Codes {
		if c.Cache != nil {
			t.Rows = append(t.Rows, row(c.Class, c.Status, c.Cache))
		}
	}
	t.Rows = append(t.Rows, row("", "All", r.Cache))
	return t
}

func cacheHeader(k aggregate.CacheKind) string {
	s := k.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// shareCell writes n of total as a share with one decimal, blank for none.
func shareCell(n, total int64) string {
	if n == 0 || total == 0 {
		return ""
	}
	return strconv.FormatFloat(float64(n)*100/float64(total), 'f', 1, 64) + "%"
}

// streamTables are a streaming log's kinds by class, then its codes by
// kind (with each code's X-Err-Code or other sub-codes under it); nil
// without manifests or segments.
func streamTables(r *report.Report) []*edgeTable {
	s := r.Streaming
	if s == nil {
		return nil
	}
	var classes []aggregate.Class
	for c := aggregate.Class(0); c < aggregate.NumClasses; c++ {
		used := false
		for _, k := range s.Kinds() {
			used = used || k.Classes.Class(c) > 0
		}
		if used || (c >= aggregate.Class2xx && c <= aggregate.Class5xx) {
			classes = append(classes, c)
		}
	}
	kinds := &edgeTable{
		ID: "streaming", Heading: "Video streaming",
		Note: "Requests by what they fetched: HLS/DASH manifests (.m3u8, .mpd), media segments " +
			"(.ts, .m4s, .m4v, .m4a, .cmfv, .cmfa, .aac, .mp4) and other requests; each class as a share of the kind.",
		Header: []string{"Kind", "Requests", "%"},
		Right:  []int{2, 3},
	}
	for i, c := range classes {
		kinds.Header = append(kinds.Header, c.String())
		kinds.Right = append(kinds.Right, i+4)
	}
	for _, k := range s.Kinds() {
		cells := []string{k.Name, textfmt.Num(k.Requests), textfmt.Percent(k.Percent)}
		for _, c := range classes {
			cells = append(cells, shareCell(k.Classes.Class(c), k.Requests))
		}
		kinds.Rows = append(kinds.Rows, edgeRow{Cells: cells})
	}
	codes := &edgeTable{
		Header: []string{"Code", "Title", "All", "Manifest", "Segment", "Other"},
		Right:  []int{3, 4, 5, 6},
		Wrap:   []int{2},
	}
	byKind := map[int][3]int64{}
	for i, k := range s.Kinds() {
		for _, c := range k.Codes {
			v := byKind[c.Code]
			v[i] = c.Count
			byKind[c.Code] = v
		}
	}
	for _, c := range r.Codes {
		v := byKind[c.Code]
		codes.Rows = append(codes.Rows, edgeRow{Class: c.Class,
			Cells: []string{c.Status, c.Title, textfmt.Num(c.Count), countCell(v[0]), countCell(v[1]), countCell(v[2])}})
		for _, sc := range c.Subcodes {
			codes.Rows = append(codes.Rows, edgeRow{Class: c.Class, Sub: true,
				Cells: []string{"↳ " + textfmt.Clean(sc.Value, 12), subcodeTitle(sc), textfmt.Num(sc.Count), "", "", ""}})
		}
	}
	for _, c := range r.Codes {
		if len(c.Subcodes) > 0 {
			codes.Foot = append(codes.Foot, "↳ sub-codes (X-Err-Code, or the format's sub-status) are counted over all kinds.")
			break
		}
	}
	return []*edgeTable{kinds, codes}
}

// edgeTables are the CDN sections in report order.
func edgeTables(r *report.Report) []*edgeTable {
	var out []*edgeTable
	if t := originTable(r); t != nil {
		out = append(out, t)
	}
	if t := cacheTable(r); t != nil {
		out = append(out, t)
	}
	return append(out, streamTables(r)...)
}

// edge writes the CDN sections for a terminal.
func (t *textWriter) edge(r *report.Report) {
	for _, et := range edgeTables(r) {
		if et.Heading != "" {
			t.heading(et.Heading)
		} else {
			t.printf("\n")
		}
		wrap := max(40, t.opt.Width)
		if et.Note != "" {
			t.printf("%s\n", hang("", et.Note, wrap))
		}
		g := &grid{header: et.Header, right: et.Right}
		for _, n := range et.Wrap {
			g.wrap = append(g.wrap, wrapColumn{number: n, min: 16})
		}
		for _, row := range et.Rows {
			cells := append([]string{}, row.Cells...)
			if row.Sub {
				cells[0] = " " + cells[0]
			} else if row.Class != "" {
				cells[0] = t.paint(row.Class, cells[0])
			}
			g.add(cells...)
		}
		out, _ := g.fit(t.opt.Width)
		t.printf("%s\n", out)
		for _, f := range et.Foot {
			t.printf("%s\n", hang("", f, wrap))
		}
	}
}

// mdEdge writes the CDN sections in Markdown.
func mdEdge(b *strings.Builder, r *report.Report) {
	for _, et := range edgeTables(r) {
		if et.Heading != "" {
			fmt.Fprintf(b, "\n## %s\n\n", mdText(et.Heading))
		} else {
			b.WriteString("\n")
		}
		if et.Note != "" {
			fmt.Fprintf(b, "%s\n\n", mdText(et.Note))
		}
		num := map[int]bool{}
		for _, n := range et.Right {
			num[n-1] = true
		}
		rows := [][]string{}
		for _, row := range et.Rows {
			cells := make([]string, len(row.Cells))
			for i, c := range row.Cells {
				cells[i] = c // numbers as they are: mdText would escape "12.5%"
				if !num[i] {
					cells[i] = mdText(c)
				}
			}
			rows = append(rows, cells)
		}
		b.WriteString(mdTable(et.Header, et.Right, rows))
		for _, f := range et.Foot {
			fmt.Fprintf(b, "\n%s\n", mdText(f))
		}
	}
}

// htmlEdgeTable is an edgeTable for the page's template: each cell with
// whether it is a number.
type htmlEdgeTable struct {
	ID, Heading, Note string
	Compact           bool // no prose column: as wide as its numbers
	Header            []htmlCell
	Rows              []htmlEdgeRow
	Foot              []string
}

type htmlEdgeRow struct {
	Class string // "" for none
	Sub   bool
	Cells []htmlCell
}

type htmlCell struct {
	Text string
	Num  bool
}

func htmlEdge(r *report.Report) []htmlEdgeTable {
	var out []htmlEdgeTable
	for _, et := range edgeTables(r) {
		num := map[int]bool{}
		for _, n := range et.Right {
			num[n-1] = true
		}
		ht := htmlEdgeTable{ID: et.ID, Heading: et.Heading, Note: et.Note, Foot: et.Foot, Compact: len(et.Wrap) == 0}
		for i, h := range et.Header {
			ht.Header = append(ht.Header, htmlCell{Text: h, Num: num[i]})
		}
		for _, row := range et.Rows {
			hr := htmlEdgeRow{Class: row.Class, Sub: row.Sub}
			for i, c := range row.Cells {
				hr.Cells = append(hr.Cells, htmlCell{Text: c, Num: num[i]})
			}
			ht.Rows = append(ht.Rows, hr)
		}
		out = append(out, ht)
	}
	return out
}
