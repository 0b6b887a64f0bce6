package gen

import (
	"bytes"
	"reflect"
	"strconv"
	"testing"

	"github.com/logstat/logstat/parser"
)

// cdnTally is what a CDN log holds: requests by status, by cache status
// and by origin status as the format logs them, by sub-status, streaming
// requests, and lines that are not requests.
type cdnTally struct {
	statuses, cache, origin, sub map[string]int
	streaming, skipped           int
}

func newTally() cdnTally {
	return cdnTally{statuses: map[string]int{}, cache: map[string]int{}, origin: map[string]int{}, sub: map[string]int{}}
}

// expected counts the first n requests of c from Draw, without writing or
// parsing a line, as format f logs them.
func expected(t *testing.T, c Config, n int64) cdnTally {
	g, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	w := newTally()
	for i := range n {
		status, d := g.Draw(i)
		w.statuses[strconv.Itoa(status)]++
		cache, origin, sub := loggedAs(c.Format, status, d)
		w.cache[cache]++
		w.origin[origin]++
		w.sub[sub]++
		if d.Stream != StreamNone {
			w.streaming++
		}
	}
	switch c.Format {
	case "cloudfront":
		w.skipped = 2 // #Version and #Fields
	case "caddy":
		w.skipped = int((n + 999) / 1000) // Caddy's other messages
	}
	return w
}

// loggedAs says how format f logs a request's cache verdict, origin
// status and sub-status ("" for nothing).
func loggedAs(f string, status int, d CDNDraw) (cache, origin, sub string) {
	nginxOrigin := func(none string) string {
		if d.Origin == 0 {
			return none
		}
		return strconv.Itoa(d.Origin)
	}
	switch f {
	case "cloudfront":
		result, detail := CloudFrontResult(status, d)
		if detail != result {
			sub = detail
		}
		return result, "", sub
	case "cloudflare":
		return CloudflareCache[d.Cache], strconv.Itoa(d.Origin), ""
	case "akamai":
		if d.Cache == CacheHit {
			return "HIT", "", ""
		}
		return "MISS", "", ""
	case "gcore":
		return dashless(NginxCache[d.Cache]), nginxOrigin("-"), ""
	case "json":
		return dashless(NginxCache[d.Cache]), nginxOrigin(""), ""
	case "alb", "elb":
		return "", nginxOrigin("-"), ""
	}
	return "", "", ""
}

func dashless(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// parsed counts the log as logstat reads it: the format Detect finds on
// its first lines, every line parsed with it.
func parsed(t *testing.T, log []byte) (string, cdnTally) {
	ls := lines(log)
	d := parser.Detect(ls[:min(200, len(ls))])
	if d.Spec == nil {
		t.Fatalf("no format detected (%s)", d.Problem)
	}
	got := newTally()
	p := d.Spec.NewParser()
	var rec parser.Record
	for i, l := range ls {
		switch err := p.Parse(l, &rec); {
		case err == parser.ErrSkip:
			got.skipped++
			continue
		case err != nil:
			t.Fatalf("line %d does not parse as %s: %v\n%s", i+1, d.Spec.Name(), err, l)
		}
		got.statuses[strconv.Itoa(rec.Status)]++
		got.cache[string(rec.CacheStatus)]++
		got.origin[string(rec.UpstreamStatus)]++
		got.sub[string(rec.SubStatus)]++
		for _, ext := range []string{".m3u8", ".mpd", ".ts", ".m4s"} {
			if bytes.HasSuffix(rec.Path, []byte(ext)) {
				got.streaming++
			}
		}
	}
	return d.Spec.Name(), got
}

// TestCDNFormats: every CDN format's log is detected as that format, each
// line parses, and the counts by status, cache status, origin status,
// sub-status and streaming path are those Draw accounts for; the
// statuses are those of the combined log of the same seed.
func TestCDNFormats(t *testing.T) {
	const n = 20000
	base := expected(t, Config{Format: "combined", Seed: 5, Paths: 5000, Clients: 800}, n).statuses
	for _, f := range CDNFormats {
		t.Run(f, func(t *testing.T) {
			c := Config{Format: f, Seed: 5, Paths: 5000, Clients: 800}
			name, got := parsed(t, generate(t, c, n))
			want := expected(t, c, n)
			if name != f {
				t.Errorf("detected as %s", name)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("parsed %+v\nwant   %+v", got, want)
			}
			if !reflect.DeepEqual(want.statuses, base) {
				t.Errorf("statuses %v, combined's %v", want.statuses, base)
			}
		})
	}
}

// TestCDNMix: the mix has what the CDN reports need: hits and misses,
// origins that never answered, 5xx of both kinds, streaming requests.
func TestCDNMix(t *testing.T) {
	w := expected(t, Config{Format: "gcore", Seed: 1}, 50000)
	for _, k := range []string{"HIT", "MISS", "EXPIRED", "BYPASS", ""} {
		if w.cache[k] == 0 {
			t.Errorf("no cache status %q", k)
		}
	}
	for _, k := range []string{"-", "200", "502", "504", "404"} {
		if w.origin[k] == 0 {
			t.Errorf("no origin status %q", k)
		}
	}
	if w.streaming < 50000/10 {
		t.Errorf("%d streaming requests in 50000", w.streaming)
	}
}

func TestCDNDeterministic(t *testing.T) {
	for _, f := range CDNFormats {
		c := Config{Format: f, Seed: 7, Paths: 5000, Clients: 800}
		if a, b := generate(t, c, 3000), generate(t, c, 3000); !bytes.Equal(a, b) {
			t.Fatalf("%s: two runs with the same config differ", f)
		}
	}
}
