package diagnose

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/report/catalog"
	"github.com/logstat/logstat/report/textfmt"
)

// Storms and steps: windows of minutes where a class's share of requests
// stands above its baseline, and changes of that share that last to the
// end of the log.

// stormSeries are the series storms are looked for in.
var stormSeries = []struct {
	k     int
	class aggregate.Class
	// minJump is how far above the baseline a window's share must be, at
	// least: the jump an on-call engineer would call one.
	minJump float64
	codes   []int // the class's codes counted per minute
}{
	{int(aggregate.Class5xx), aggregate.Class5xx, 0.01, []int{500, 502, 503, 504}},
	{seriesClient4xx, aggregate.Class4xx, 0.03, []int{401, 403, 404, 429, 499}},
	{int(aggregate.ClassOther), aggregate.ClassOther, 0.02, nil},
}

// minStorm is the fewest requests a storm or spike is made of.
const minStorm = 10

// window is a run of minutes [from, to] where a series stands out.
type window struct {
	from, to int
	k, n     int64   // the series' requests and all requests in it
	base     float64 // the series' share outside every window
	llr      float64 // log-likelihood ratio of k of n against base
}

func (w window) excess() float64 { return float64(w.k) - w.base*float64(w.n) }

// stormCode is a storm of one code, from and to in Unix seconds.
type stormCode struct {
	code     int
	from, to int64
}

// inStorm reports whether a storm of code spans [first, last].
func (d *diagnosis) inStorm(code int, first, last int64) bool {
	for _, s := range d.stormOf {
		if s.code == code && first >= s.from-60 && last < s.to+60 {
			return true
		}
	}
	return false
}

// step is a change found by regressions: the storm series it explains and
// its first minute.
type step struct{ k, at int }

// storms finds windows of minutes where the 5xx, the 4xx (scanner probes
// left out) or the statuses that are not HTTP answers take a share of
// requests far above their share elsewhere in the log.
//
// A minute counts toward a window when its share is above a threshold q:
// twice the baseline, and the baseline plus the series' minimum jump. A
// window is the run of minutes whose excess over q, summed, is largest
// (Kadane), so it grows to the incident's first and last minute and
// across a short dip, cut where quietRun minutes in a row are below q;
// runs less than four minutes apart are one. It is
// kept when its requests are at least minStorm and it is unlikely as noise: its
// binomial log-likelihood ratio against the baseline is above
// scanBound for the log's minutes (a chance below 0.1% that any window
// of the log shows as much by chance). The baseline is the share outside
// the windows found, found again until it settles.
func (d *diagnosis) storms() {
	ms := d.minutes()
	if ms == nil || d.small {
		return
	}
	bound := scanBound(ms.active)
	for _, ser := range stormSeries {
		var wins []window
		for _, w := range d.stormWindows(ms, ser.k, ser.minJump, bound) {
			if !d.explainedByStep(ms, ser.k, w) {
				wins = append(wins, w)
			}
		}
		if len(wins) >= 3 {
			// Storms that come back are one finding: what recurs is
			// the news.
			d.stormFinding(ms, ser.k, ser.class, ser.codes, wins)
			continue
		}
		for _, w := range wins {
			d.stormFinding(ms, ser.k, ser.class, ser.codes, []window{w})
		}
	}
}

// stormWindows returns the windows of series k, the three of most excess
// requests at most, in time order.
func (d *diagnosis) stormWindows(ms *minuteSeries, k int, minJump, bound float64) []window {
	last := len(ms.rows) - 1
	K, N := ms.sum(k, 0, last), ms.sum(seriesTotal, 0, last)
	if K < minStorm || N == 0 {
		return nil
	}
	p0 := (float64(K) + 0.5) / (float64(N) + 1)
	score := make([]float64, len(ms.rows))
	var wins []window
	for range 4 {
		q := max(2*p0, p0+minJump)
		for i := range score {
			score[i] = float64(ms.count(i, k)) - q*float64(ms.count(i, seriesTotal))
		}
		wins = wins[:0]
		for _, seg := range maxSegments(score, 12) {
			wins = append(wins, splitQuiet(score, seg.from, seg.to)...)
		}
		wins = mergeWindows(wins, 3)
		kept := wins[:0]
		var kin, nin int64
		for _, w := range wins {
			w.k, w.n = ms.sum(k, w.from, w.to), ms.sum(seriesTotal, w.from, w.to)
			w.base, w.llr = p0, excessLLR(w.k, w.n, p0)
			if w.k < minStorm || share(w.k, w.n) < q || w.llr < bound {
				continue
			}
			kept = append(kept, w)
			kin, nin = kin+w.k, nin+w.n
		}
		wins = kept
		np0 := (float64(K-kin) + 0.5) / (float64(N-nin) + 1)
		if math.Abs(np0-p0) <= 1e-4*p0 {
			break
		}
		p0 = np0
	}
	sort.Slice(wins, func(i, j int) bool { return wins[i].from < wins[j].from })
	return wins
}

// quietRun is how many minutes in a row below the threshold end a storm:
// a run's sum may carry it over a longer lull, but two bursts half an
// hour apart are two storms.
const quietRun = 5

// splitQuiet cuts the run of minutes [from, to] at every quietRun minutes
// in a row whose score is not positive, into windows that start and end
// on minutes above the threshold.
func splitQuiet(score []float64, from, to int) []window {
	var out []window
	start, lastHot, quiet := -1, -1, 0
	for i := from; i <= to; i++ {
		if score[i] > 0 {
			if start < 0 {
				start = i
			}
			lastHot, quiet = i, 0
			continue
		}
		if quiet++; quiet >= quietRun && start >= 0 {
			out = append(out, window{from: start, to: lastHot})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, window{from: start, to: lastHot})
	}
	return out
}

// mergeWindows joins windows less than gap+1 minutes apart.
func mergeWindows(ws []window, gap int) []window {
	sort.Slice(ws, func(i, j int) bool { return ws[i].from < ws[j].from })
	var out []window
	for _, w := range ws {
		if n := len(out); n > 0 && w.from-out[n-1].to <= gap+1 {
			out[n-1].to = max(out[n-1].to, w.to)
			continue
		}
		out = append(out, w)
	}
	return out
}

// explainedByStep reports whether window w of storm series k is the
// rise of a step found by regressions: it starts near the step and
// lasts to the end of the log.
func (d *diagnosis) explainedByStep(ms *minuteSeries, k int, w window) bool {
	for _, st := range d.steps {
		if st.k == k && w.from >= st.at-10 && w.from <= st.at+10 && w.to >= len(ms.rows)-11 {
			return true
		}
	}
	return false
}

// codesIn lists the counts of codes in minutes [from, to], most first,
// with the rest of the class as "other".
func (d *diagnosis) codesIn(ms *minuteSeries, k int, codes []int, from, to int) (string, int) {
	type cc struct {
		code int
		n    int64
	}
	var cs []cc
	total := ms.sum(k, from, to)
	var named int64
	for _, c := range codes {
		series := aggregate.SeriesOfCode(c)
		n := ms.sum(series, from, to)
		if c == 404 && k == seriesClient4xx {
			n = ms.sum(seriesOwn404, from, to)
		}
		if n > 0 {
			cs = append(cs, cc{c, n})
			named += n
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].n > cs[j].n })
	var parts []string
	dominant := 0
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s %s ×%s", catalog.StatusText(c.code), d.lookup(c.code).Title, textfmt.Num(c.n)))
	}
	if len(cs) > 0 && float64(cs[0].n) >= 0.8*float64(total) {
		dominant = cs[0].code
	}
	if rest := total - named; rest > 0 && len(codes) > 0 {
		parts = append(parts, "others ×"+textfmt.Num(rest))
	}
	return strings.Join(parts, ", "), dominant
}

// pathsIn lists the top paths of codes whose first and last time meet
// the window [from, to) (Unix seconds).
func (d *diagnosis) pathsIn(codes []int, from, to int64, n int) string {
	type pc struct {
		it   aggregate.Item
		code int
	}
	var ps []pc
	for _, code := range codes {
		c := d.s.Code(code)
		if c == nil || c.Paths == nil {
			continue
		}
		// Paths seen with the code only around the window: those the
		// window is about.
		for _, it := range c.Paths.Top(20) {
			if it.First != 0 && it.First >= from-300 && it.Last < to+300 {
				ps = append(ps, pc{it, code})
			}
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].it.Count > ps[j].it.Count })
	var parts []string
	for _, p := range ps[:min(n, len(ps))] {
		c := textfmt.Num(p.it.Count)
		if p.it.Err > 0 {
			c = "≤" + c
		}
		parts = append(parts, fmt.Sprintf("%s ×%s (%s, %s)", textfmt.Clean(p.it.Value, 60), c, catalog.StatusText(p.code), d.spanSecs(p.it.First, p.it.Last)))
	}
	return strings.Join(parts, ", ")
}

// chanceText words the bound exp(−x) on a chance.
func chanceText(x float64) string {
	if x >= 700 {
		return "below 1e-300"
	}
	return fmt.Sprintf("below %.0e", math.Exp(-x))
}

// stormFinding reports one storm, or storms that recur (three or more
// windows) as one finding spanning them.
func (d *diagnosis) stormFinding(ms *minuteSeries, k int, class aggregate.Class, codes []int, wins []window) {
	w := wins[0]
	for _, o := range wins[1:] {
		w.to, w.k, w.n, w.llr = o.to, w.k+o.k, w.n+o.n, max(w.llr, o.llr)
	}
	from, to := ms.time(w.from), ms.time(w.to+1)
	mins := w.to - w.from + 1
	sh := share(w.k, w.n)
	excess := sh - w.base
	var codeText string
	dominant := 0
	for i, o := range wins {
		text, dom := d.codesIn(ms, k, codes, o.from, o.to)
		if i == 0 {
			codeText, dominant = text, dom
		} else if dom != dominant {
			dominant = 0
		}
	}
	if len(wins) > 1 {
		codeText, _ = d.codesIn(ms, k, codes, w.from, w.to)
	}
	label := class.String()
	if dominant != 0 {
		label = catalog.StatusText(dominant)
	}
	var peak float64
	peakAt := w.from
	for _, o := range wins {
		for i := o.from; i <= o.to; i++ {
			if n := ms.count(i, seriesTotal); n >= 5 || ms.count(i, k) >= 3 {
				if s := share(ms.count(i, k), n); s > peak {
					peak, peakAt = s, i
				}
			}
		}
	}
	noun, verb := "spike", "were "+label
	sev := Info
	switch class {
	case aggregate.Class5xx:
		noun, verb = "storm", "failed"
		switch {
		case excess >= 0.10 && w.k >= 20:
			sev = Critical
		case excess >= 0.02 && w.k >= 10:
			sev = Warning
		}
	default:
		if excess >= 0.10 && w.k >= 50 {
			sev = Warning
		}
	}
	var ev []string
	var title string
	if len(wins) == 1 {
		title = fmt.Sprintf("%s %s %s (%s): %s of requests %s, against %s usually", label, noun, d.span(from, to), minutesText(mins),
			pctText(sh), verb, pctText(w.base))
		ev = append(ev, fmt.Sprintf("%s of %s requests from %s to %s (%s) %s; peak %s in the minute of %s", textfmt.Num(w.k), textfmt.Num(w.n),
			d.when(from), d.clock(to), minutesText(mins), verb, pctText(peak), d.clock(ms.time(peakAt))))
	} else {
		var each []string
		length := 0
		for _, o := range wins {
			each = append(each, fmt.Sprintf("%s–%s (%s of %s)", d.clock(ms.time(o.from)), d.clock(ms.time(o.to+1)), textfmt.Num(o.k), textfmt.Num(o.n)))
			length += o.to - o.from + 1
		}
		every := (wins[len(wins)-1].from - wins[0].from) / (len(wins) - 1)
		title = fmt.Sprintf("%s %ss that come back: %d between %s (about %s each, every %s): %s of their requests %s, against %s usually",
			label, noun, len(wins), d.span(from, to), minutesText(max(1, length/len(wins))), minutesText(every), pctText(sh), verb, pctText(w.base))
		ev = append(ev, fmt.Sprintf("%s of %s requests %s in the windows %s; peak %s in the minute of %s", textfmt.Num(w.k), textfmt.Num(w.n), verb,
			strings.Join(each, ", "), pctText(peak), d.clock(ms.time(peakAt))))
	}
	ev = append(ev, fmt.Sprintf("usually %s: the %s share of the log's other minutes", pctText(w.base), class))
	if codeText != "" {
		ev = append(ev, "codes in the window: "+codeText)
	}
	pathCodes := codes
	if dominant != 0 {
		pathCodes = []int{dominant}
	}
	if p := d.pathsIn(pathCodes, from, to, 3); p != "" {
		ev = append(ev, "paths with these errors then: "+p)
	}
	st := d.strip(k, w.from, w.to)
	if line := d.stripLine(st, class.String()+" share"); line != "" {
		ev = append(ev, line)
	}
	ev = append(ev, fmt.Sprintf("as noise, a window like this would show with a chance %s (binomial, against the usual share, over the log's %s minutes)",
		chanceText(w.llr-2*math.Log(float64(ms.active))), textfmt.Num(int64(ms.active))))
	action := "Look at what changed when it started (a deploy, a config reload, an upstream or database incident, a traffic surge) and read the error log for that window. "
	if len(wins) > 1 {
		action = "Storms that come back at intervals point to something scheduled or cyclic: a cron job, a backup, a cache that expires, a backend restarted by its health check, a client retrying in waves. Match the windows with what runs then and read the error log for them. "
	}
	if dominant != 0 {
		action += d.lookup(dominant).Action
	} else {
		action += catalog.ClassInfo(class.String()).Action
	}
	f := Finding{
		Kind: "spike", Severity: sev, Class: class.String(),
		Title: title, Evidence: ev, Action: action, Requests: w.k,
		From: timePtr(from, d.loc), To: timePtr(to, d.loc), Minutes: st,
	}
	if dominant != 0 {
		f.Status = catalog.StatusText(dominant)
		d.stormOf = append(d.stormOf, stormCode{dominant, from, to})
	}
	d.add(f)
	if class == aggregate.Class5xx {
		d.windowed5xx += w.k
	}
}

// stepSeries are the series steps are looked for in.
var stepSeries = []struct {
	k, stormK int
	label     string
	minStep   float64 // how far the share must rise, at least
	codes     []int
}{
	{seriesOwn404, seriesClient4xx, "404", 0.005, []int{404}},
	{int(aggregate.Class5xx), int(aggregate.Class5xx), "5xx", 0.005, []int{500, 502, 503, 504}},
}

// minSide is the fewest minutes with requests on either side of a step.
const minSide = 15

// regressions finds steps up in the 404s (scanner probes left out) or the
// 5xx that last to the end of the log, as a deploy that broke something
// leaves them: the minute that best splits the log into a before and an
// after of different shares (the binomial change point of most
// likelihood), kept when the after is at least twice the before and half
// a point more, the split is unlikely as noise (stepBound), and the last
// quarter of the after is still well above the before, and the rise is
// spread over the after rather than held in bursts (see spread).
func (d *diagnosis) regressions() {
	ms := d.minutes()
	if ms == nil || d.small {
		return
	}
	var idx []int
	for i := range ms.rows {
		if ms.count(i, seriesTotal) > 0 {
			idx = append(idx, i)
		}
	}
	m := len(idx)
	if m < 2*minSide {
		return
	}
	for _, ser := range stepSeries {
		pk, pn := make([]int64, m+1), make([]int64, m+1)
		for j, i := range idx {
			pk[j+1], pn[j+1] = pk[j]+ms.count(i, ser.k), pn[j]+ms.count(i, seriesTotal)
		}
		K, N := pk[m], pn[m]
		ll0 := binomLL(K, N)
		best, bestLLR := -1, 0.0
		for t := minSide; t <= m-minSide; t++ {
			k1, n1, k2, n2 := pk[t], pn[t], K-pk[t], N-pn[t]
			if share(k2, n2) <= share(k1, n1) {
				continue
			}
			if llr := binomLL(k1, n1) + binomLL(k2, n2) - ll0; llr > bestLLR {
				best, bestLLR = t, llr
			}
		}
		if best < 0 || bestLLR < stepBound(m) {
			continue
		}
		k1, n1, k2, n2 := pk[best], pn[best], K-pk[best], N-pn[best]
		p1, p2 := (float64(k1)+0.5)/(float64(n1)+1), share(k2, n2)
		if p2 < 2*p1 || p2-p1 < ser.minStep || float64(k2)-p1*float64(n2) < 10 {
			continue
		}
		tail := max(minSide/3, (m-best)/4)
		kt, nt := K-pk[m-tail], N-pn[m-tail]
		if share(kt, nt) < p1+(p2-p1)/2 || excessLLR(kt, nt, p1) < math.Log(1/alpha) || !spread(pk, pn, best, p1, p2) {
			continue
		}
		// The change point is where the split fits best; the step's first
		// minute may be a little earlier, when the minutes just before
		// it already stand nearer the after than the before.
		for best > 1 && share(pk[best]-pk[best-1], pn[best]-pn[best-1]) >= p1+(p2-p1)/2 {
			best--
			k1, n1, k2, n2 = pk[best], pn[best], K-pk[best], N-pn[best]
		}
		at := idx[best]
		d.steps = append(d.steps, step{ser.stormK, at})
		d.stepFinding(ms, ser.k, ser.label, ser.codes, at, idx[m-tail], k1, n1, k2, n2, kt, nt, bestLLR, m)
	}
}

// spread reports whether the rise after position from is spread over
// the after rather than held in bursts (a storm that comes back): cut
// into blocks of enough requests to show about three at the after's share
// p2, most blocks stand above a quarter of the way from p1 to p2.
func spread(pk, pn []int64, from int, p1, p2 float64) bool {
	size := max(30, int64(math.Ceil(3/p2)))
	bar := p1 + (p2-p1)/4
	var blocks, above int
	start := from
	for j := from + 1; j < len(pk); j++ {
		if n := pn[j] - pn[start]; n >= size || j == len(pk)-1 {
			blocks++
			if share(pk[j]-pk[start], n) >= bar {
				above++
			}
			start = j
		}
	}
	return blocks > 0 && 2*above >= blocks
}

func (d *diagnosis) stepFinding(ms *minuteSeries, k int, label string, codes []int, at, tailFrom int, k1, n1, k2, n2, kt, nt int64, llr float64, m int) {
	last := len(ms.rows) - 1
	from, to := ms.time(at), ms.time(last+1)
	p1, p2 := share(k1, n1), share(k2, n2)
	sev := Info
	status, class := "", ""
	if label == "404" {
		status = "404"
		if p2-p1 >= 0.01 {
			sev = Warning
		}
	} else {
		class = "5xx"
		sev = Warning
		if p2-p1 >= 0.05 {
			sev = Critical
		}
	}
	ev := []string{
		fmt.Sprintf("before %s: %s of %s requests were %s (%s); since: %s of %s (%s), and %s in the last %s",
			d.when(from), textfmt.Num(k1), textfmt.Num(n1), label, pctText(p1), textfmt.Num(k2), textfmt.Num(n2), pctText(p2),
			pctText(share(kt, nt)), minutesText(last-tailFrom+1)),
		fmt.Sprintf("first minute: %s, with %s of %s requests %s", d.clock(from), textfmt.Num(ms.count(at, k)), textfmt.Num(ms.count(at, seriesTotal)), label),
	}
	if p := d.newPaths(codes, from-60, 4); p != "" {
		ev = append(ev, "paths first seen with these errors since then: "+p)
	}
	st := d.strip(k, at, last)
	if line := d.stripLine(st, label+" share"); line != "" {
		ev = append(ev, line)
	}
	ev = append(ev, fmt.Sprintf("as noise, a split like this would show with a chance %s (binomial change point over the log's %s minutes)",
		chanceText(llr-math.Log(float64(m))), textfmt.Num(int64(m))))
	action := "Something changed at that minute and stayed: a deploy, a configuration or content change, a dependency. Compare the release then with the one before; roll back or fix forward."
	if label == "404" {
		action += " The paths first seen since then are what the new version links to but does not serve (or no longer serves)."
	} else {
		action += " Read the application log from that minute: the errors are still there at the end of the log."
	}
	d.add(Finding{
		Kind: "regression", Severity: sev, Status: status, Class: class,
		Title: fmt.Sprintf("%s since %s: a step from %s to %s of requests that lasts to the end of the log (a deploy?)", label, d.when(from),
			pctText(p1), pctText(p2)),
		Evidence: ev, Action: action, Requests: k2 - int64(p1*float64(n2)+0.5),
		From: timePtr(from, d.loc), To: timePtr(to, d.loc), Minutes: st,
	})
	if class == "5xx" {
		d.windowed5xx += k2
	}
	for _, c := range codes {
		d.stormOf = append(d.stormOf, stormCode{c, from, to})
	}
}

// newPaths lists the top paths of codes first seen at or after since.
func (d *diagnosis) newPaths(codes []int, since int64, n int) string {
	var items []aggregate.Item
	for _, code := range codes {
		if c := d.s.Code(code); c != nil && c.Paths != nil {
			for _, it := range c.Paths.Top(50) {
				if it.First >= since && !aggregate.IsScannerPath([]byte(it.Value)) {
					items = append(items, it)
				}
			}
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Count > items[j].Count })
	var parts []string
	for _, it := range items[:min(n, len(items))] {
		if 20*it.Count < items[0].Count {
			break // the new paths of the step, not the odd error since
		}
		parts = append(parts, fmt.Sprintf("%s ×%s (first %s)", textfmt.Clean(it.Value, 60), textfmt.Num(it.Count), d.clockSecs(it.First)))
	}
	return strings.Join(parts, ", ")
}

// errorRate reports a share of server errors over the whole log that is
// plainly too high, at any size: its Wilson lower bound (95%) is at least
// 5% (critical) or 2% (warning), with 3 errors at least. When storms and
// steps already hold most of them, it is not repeated.
func (d *diagnosis) errorRate() {
	n, total := d.s.Classes[aggregate.Class5xx].Count, d.total()
	if n < 3 || float64(d.windowed5xx) >= 0.8*float64(n) {
		return
	}
	lb := wilson(n, total)
	var sev Severity
	switch {
	case lb >= 0.05:
		sev = Critical
	case lb >= 0.02:
		sev = Warning
	default:
		return
	}
	ev := []string{fmt.Sprintf("%s of %s requests: %s", textfmt.Num(n), textfmt.Num(total), d.codesOf(aggregate.Class5xx))}
	if total < 1000 {
		ev = append(ev, fmt.Sprintf("at least %s of requests fail (95%% confidence, Wilson interval): not an accident of a small sample", pctText(lb)))
	}
	if o := d.originClassEvidence(aggregate.Class5xx); o != "" {
		ev = append(ev, o)
	}
	for _, c := range d.s.Codes() {
		if aggregate.ClassOf(c.Code) == aggregate.Class5xx && c.Sub != nil && c.Sub.Len() > 0 {
			ev = append(ev, fmt.Sprintf("%s with the detail %s", catalog.StatusText(c.Code), topValues(c.Sub.Top(3), 3)))
		}
	}
	from, to := d.seriesWindow(int(aggregate.Class5xx))
	if from != nil {
		ev = append(ev, "when: "+d.span(from.Unix(), to.Unix()))
	}
	title := fmt.Sprintf("%s of all requests failed with a server error (5xx)", pctText(share(n, total)))
	if 2*n >= total {
		title = fmt.Sprintf("%s of %s requests failed with a server error (5xx)", textfmt.Num(n), textfmt.Num(total))
	}
	d.add(Finding{
		Kind: "error-rate", Severity: sev, Class: "5xx",
		Title: title, Evidence: ev,
		Action:   catalog.ClassInfo("5xx").Action,
		Requests: n, From: from, To: to,
	})
}

// clock writes a Unix time as "15:04" in the log's zone.
func (d *diagnosis) clock(unix int64) string {
	return time.Unix(unix, 0).In(d.loc).Format("15:04")
}

// clockSecs writes a Unix time as "15:04:05" in the log's zone.
func (d *diagnosis) clockSecs(unix int64) string {
	return time.Unix(unix, 0).In(d.loc).Format("15:04:05")
}

// spanSecs writes the seconds first to last: "15:04:05–15:09:58" (with
// the date when the days differ).
func (d *diagnosis) spanSecs(first, last int64) string {
	a, b := time.Unix(first, 0).In(d.loc), time.Unix(last, 0).In(d.loc)
	if a.Format("2006-01-02") != b.Format("2006-01-02") {
		return a.Format("2006-01-02 15:04:05") + "–" + b.Format("2006-01-02 15:04:05")
	}
	return a.Format("15:04:05") + "–" + b.Format("15:04:05")
}
