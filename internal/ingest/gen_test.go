package ingest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

// genOpts shape a generated log.
type genOpts struct {
	lines     int
	malformed int  // percent of lines that do not parse
	crlf      int  // percent of lines ending in CRLF
	noFinalNL bool // the last line has no newline
	longUA    int  // the longest user agent (default 200)
	format    string
}

// genLog is a generated log and what reading it must give.
type genLog struct {
	text      []byte
	lines     int64
	malformed []int64 // 1-based numbers of the lines that do not parse
}

var genCodes = []int{200, 200, 200, 200, 200, 200, 304, 301, 302, 404, 404, 403, 500, 502, 503, 499, 206}

// genLine writes one valid line of a preset ("combined" by default).
func genLine(r *rand.Rand, format string, longUA int, t time.Time) string {
	client := fmt.Sprintf("203.0.113.%d", r.IntN(20))
	path := fmt.Sprintf("/p/%d", r.IntN(30))
	if r.IntN(5) == 0 {
		path += fmt.Sprintf("?q=%d", r.IntN(4))
	}
	size := "-"
	if r.IntN(6) != 0 {
		size = fmt.Sprint(r.IntN(20000))
	}
	ua := "Mozilla/5.0 " + strings.Repeat("u", r.IntN(longUA+1))
	ts := t.Format("02/Jan/2006:15:04:05 -0700")
	code := genCodes[r.IntN(len(genCodes))]
	common := fmt.Sprintf(`%s - - [%s] "GET %s HTTP/1.1" %d %s`, client, ts, path, code, size)
	switch format {
	case "common":
		return common
	case "main":
		return fmt.Sprintf(`%s "-" "%s" "198.51.100.%d"`, common, ua, r.IntN(9))
	case "vcombined":
		return fmt.Sprintf(`site%d.example:443 %s "-" "%s"`, r.IntN(3), common, ua)
	}
	return fmt.Sprintf(`%s "https://ref.example/" "%s"`, common, ua)
}

var badLines = []string{
	"",
	"garbage that is no log line",
	`203.0.113.9 - - [01/Mar/2024:10:00:00 +0000] "GET /cut`,
	"\x00\x01\x02 binary \xff\xfe",
	`203.0.113.9 - - [01/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" abc 1 "-" "-"`,
}

// generate makes a deterministic log from a seed.
func generate(seed uint64, o genOpts) genLog {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	if o.longUA == 0 {
		o.longUA = 200
	}
	var g genLog
	var b bytes.Buffer
	t0 := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range o.lines {
		g.lines++
		last := i == o.lines-1
		// The last line is valid when it has no newline: an empty last
		// line without newline would be no line at all.
		if r.IntN(100) < o.malformed && !(last && o.noFinalNL) {
			b.WriteString(badLines[r.IntN(len(badLines))])
			g.malformed = append(g.malformed, g.lines)
		} else {
			b.WriteString(genLine(r, o.format, o.longUA, t0.Add(time.Duration(r.IntN(7*86400))*time.Second)))
		}
		if last && o.noFinalNL {
			break
		}
		if r.IntN(100) < o.crlf {
			b.WriteByte('\r')
		}
		b.WriteByte('\n')
	}
	g.text = b.Bytes()
	return g
}

// oracle summarises inputs the simplest way: split at newlines, parse
// line by line. Sources are given as name and content.
func oracle(t *testing.T, spec parser.Spec, opts aggregate.Options, names []string, texts [][]byte) *aggregate.Summary {
	t.Helper()
	s := aggregate.New(opts)
	p := spec.NewParser()
	var rec parser.Record
	// One parser reads every source: a source begins under the header
	// lines the one before it ended with, as Run has it.
	for i, text := range texts {
		lines := strings.Split(string(text), "\n")
		if lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		for n, l := range lines {
			l = strings.TrimSuffix(l, "\r")
			err := p.Parse([]byte(l), &rec)
			if err == parser.ErrSkip {
				s.AddSkipped()
				continue
			}
			if err != nil {
				s.AddMalformed(aggregate.Sample{Source: names[i], Line: int64(n + 1), Reason: err.(*parser.LineError).Reason, Order: i})
				continue
			}
			s.Add(&rec)
		}
	}
	return s
}

// diffSummaries lists how got differs from want: every exact field, the
// top lists (which must not have evicted) and the samples.
func diffSummaries(got, want *aggregate.Summary) []string {
	var d []string
	if got.Lines != want.Lines {
		d = append(d, fmt.Sprintf("Lines %+v, want %+v", got.Lines, want.Lines))
	}
	if got.Classes != want.Classes {
		d = append(d, fmt.Sprintf("Classes %+v, want %+v", got.Classes, want.Classes))
	}
	gc, wc := got.Codes(), want.Codes()
	if len(gc) != len(wc) {
		return append(d, fmt.Sprintf("%d codes, want %d", len(gc), len(wc)))
	}
	for i, g := range gc {
		w := wc[i]
		if g.Code != w.Code || g.Counter != w.Counter {
			d = append(d, fmt.Sprintf("code %d %+v, want code %d %+v", g.Code, g.Counter, w.Code, w.Counter))
			continue
		}
		if !reflect.DeepEqual(g.Latency, w.Latency) {
			d = append(d, fmt.Sprintf("code %d: latency %+v, want %+v", g.Code, g.Latency, w.Latency))
		}
		if (g.Sub == nil) != (w.Sub == nil) || g.Sub != nil && !reflect.DeepEqual(g.Sub.Top(-1), w.Sub.Top(-1)) {
			d = append(d, fmt.Sprintf("code %d: sub-statuses differ", g.Code))
		}
		if (g.Paths == nil) != (w.Paths == nil) {
			d = append(d, fmt.Sprintf("code %d: lists %v, want %v", g.Code, g.Paths != nil, w.Paths != nil))
			continue
		}
		if g.Paths == nil {
			continue
		}
		for _, l := range [][2]*aggregate.TopK{{g.Paths, w.Paths}, {g.Clients, w.Clients}, {g.Hosts, w.Hosts}} {
			if l[0].Approximate() || l[1].Approximate() {
				d = append(d, fmt.Sprintf("code %d: a list evicted", g.Code))
			}
			if gt, wt := l[0].Top(-1), l[1].Top(-1); !reflect.DeepEqual(gt, wt) {
				d = append(d, fmt.Sprintf("code %d list: %v, want %v", g.Code, gt, wt))
			}
		}
	}
	if !got.First.Equal(want.First) || !got.Last.Equal(want.Last) {
		d = append(d, fmt.Sprintf("range %v–%v, want %v–%v", got.First, got.Last, want.First, want.Last))
	}
	if !reflect.DeepEqual(got.Malformed.ByReason, want.Malformed.ByReason) {
		d = append(d, fmt.Sprintf("ByReason %v, want %v", got.Malformed.ByReason, want.Malformed.ByReason))
	}
	if !reflect.DeepEqual(got.Malformed.Samples, want.Malformed.Samples) {
		d = append(d, fmt.Sprintf("Samples %+v,\nwant %+v", got.Malformed.Samples, want.Malformed.Samples))
	}
	return d
}

// writeFiles writes texts as files in a temporary directory and returns
// their paths.
func writeFiles(t *testing.T, texts ...[]byte) []string {
	t.Helper()
	dir := t.TempDir()
	names := make([]string, len(texts))
	for i, text := range texts {
		names[i] = filepath.Join(dir, fmt.Sprintf("access%d.log", i))
		if err := os.WriteFile(names[i], text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return names
}

func combined() parser.Spec { return parser.PresetFormat("combined") }

// run calls Run and fails the test on a source error.
func run(t *testing.T, names []string, cfg Config) *Result {
	t.Helper()
	res := Run(context.Background(), names, cfg)
	if err := res.Err(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// malformedLines returns the line numbers of the samples of one source.
func malformedLines(s *aggregate.Summary, order int) []int64 {
	var out []int64
	for _, sm := range s.Malformed.Samples {
		if sm.Order == order {
			out = append(out, sm.Line)
		}
	}
	return out
}
