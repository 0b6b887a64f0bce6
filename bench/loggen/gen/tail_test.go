package gen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/logstat/logstat/parser"
)

// codeStats is what a report shows of one status code.
type codeStats struct {
	Count, Timed int           // lines, and lines with a request time
	Time         time.Duration // their sum
	Upstream     map[string]int
}

// tally parses lines with spec and sums them up per status code; it also
// returns the lines that did not parse.
func tally(spec parser.Spec, lines [][]byte) (map[int]*codeStats, int) {
	p := spec.NewParser()
	var rec parser.Record
	codes := map[int]*codeStats{}
	bad := 0
	for _, l := range lines {
		if p.Parse(l, &rec) != nil {
			bad++
			continue
		}
		c := codes[rec.Status]
		if c == nil {
			c = &codeStats{Upstream: map[string]int{}}
			codes[rec.Status] = c
		}
		c.Count++
		if rec.RequestTime >= 0 {
			c.Timed++
			c.Time += rec.RequestTime
		}
		if rec.UpstreamStatus != nil {
			c.Upstream[string(rec.UpstreamStatus)]++
		}
	}
	return codes, bad
}

// diffTally lists how b differs from a, code by code.
func diffTally(a, b map[int]*codeStats) []string {
	var diffs []string
	for code, s := range a {
		if !reflect.DeepEqual(s, b[code]) {
			diffs = append(diffs, fmt.Sprintf("%d: %+v, then %+v", code, *s, b[code]))
		}
	}
	for code := range b {
		if a[code] == nil {
			diffs = append(diffs, fmt.Sprintf("%d: only in the second", code))
		}
	}
	return diffs
}

// TestTailDetected generates nginx logs with tails, multi-upstream lists
// included, and checks that the format Detect infers from their first 200
// lines (as logstat samples them) counts them exactly as the explicit
// log_format does: the same lines, codes, request times per code and
// upstream statuses.
func TestTailDetected(t *testing.T) {
	tests := []struct {
		name   string
		tail   []string
		preset string // the Name Detect gives
	}{
		{"issue_8", []string{"request_time", "upstream_status"}, "combined"},
		{"every_field", TailFields, "combined"},
		{"forwarded_for_first", []string{"x_forwarded_for", "request_time", "upstream_response_time", "upstream_status", "upstream_addr"}, "main"},
		{"upstream_only", []string{"upstream_status", "upstream_addr"}, "combined"},
		{"upstream_time_before_request_time", []string{"upstream_response_time", "request_time", "upstream_status"}, "combined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Two lines a second: the incident at 1h30 (502/504, many
			// from two upstreams) is in the log.
			cfg := Config{Format: "combined", Seed: 5, Paths: 5000, Clients: 1000, Rate: 2, Tail: tt.tail}
			all := lines(generate(t, cfg, 20000))
			d := parser.Detect(all[:200])
			if d.Format == nil || d.Format.Name() != tt.preset || d.Format.Source() != cfg.LogFormat() {
				source := ""
				if d.Format != nil {
					source = d.Format.Source()
				}
				t.Fatalf("Detect = %s, format %q; want %s with %q", d.Describe(), source, tt.preset, cfg.LogFormat())
			}
			explicit, err := parser.CompileNginx("custom", cfg.LogFormat())
			if err != nil {
				t.Fatal(err)
			}
			want, bad := tally(explicit, all)
			if bad != 0 {
				t.Fatalf("%d lines do not parse with %q", bad, cfg.LogFormat())
			}
			got, bad := tally(d.Format, all)
			if diffs := diffTally(want, got); bad != 0 || len(diffs) > 0 {
				t.Errorf("%s: %d lines malformed, counts differ from the explicit format:\n%s", d.Describe(), bad, strings.Join(diffs, "\n"))
			}
			checkTally(t, want, slices.Contains(tt.tail, "request_time"), slices.Contains(tt.tail, "upstream_status"))
			// The comparison can fail: the preset alone, which ignores
			// the tail, does not count the same.
			if alone, _ := tally(parser.PresetFormat(tt.preset), all); len(diffTally(want, alone)) == 0 {
				t.Errorf("%s alone counts as the explicit format: the test proves nothing", tt.preset)
			}
		})
	}
}

// checkTally checks that the log has what the test is about: latency for
// every code, and 502/504 with lists of upstream statuses.
func checkTally(t *testing.T, codes map[int]*codeStats, timed, upstream bool) {
	t.Helper()
	for code, s := range codes {
		if timed && (s.Timed != s.Count || s.Count > 10 && s.Time == 0) {
			t.Errorf("%d: %d lines, %d with a request time (sum %v)", code, s.Count, s.Timed, s.Time)
		}
	}
	if !upstream {
		return
	}
	for _, code := range []int{502, 504} {
		var retries, redirects int
		for u, n := range codes[code].Upstream {
			if strings.Contains(u, ", ") {
				retries += n
			}
			if strings.Contains(u, " : ") {
				redirects += n
			}
		}
		if retries == 0 || redirects == 0 {
			t.Errorf("%d: %d with \"502, 504\" lists, %d with \"502 : 504\": want both", code, retries, redirects)
		}
	}
}

// TestTailSameRequests: a tail draws from its own stream, so the lines
// describe the requests of combined without a tail.
func TestTailSameRequests(t *testing.T) {
	cfg := Config{Seed: 3, Tail: TailFields}
	plain, tailed := lines(generate(t, Config{Seed: 3}, 5000)), lines(generate(t, cfg, 5000))
	explicit, err := parser.CompileNginx("custom", cfg.LogFormat())
	if err != nil {
		t.Fatal(err)
	}
	pp, tp := compile(t, "combined"), explicit.NewParser()
	var a, b parser.Record
	for i := range plain {
		if err := pp.Parse(plain[i], &a); err != nil {
			t.Fatal(err)
		}
		if err := tp.Parse(tailed[i], &b); err != nil {
			t.Fatalf("line %d: %v\n%s", i+1, err, tailed[i])
		}
		if a.Status != b.Status || !bytes.Equal(a.Client, b.Client) || !bytes.Equal(a.Path, b.Path) || !a.Time.Equal(b.Time) {
			t.Fatalf("line %d:\n%s\nwith the tail\n%s", i+1, plain[i], tailed[i])
		}
	}
}

func TestTailConfig(t *testing.T) {
	if got, want := (Config{Tail: []string{"request_time", "x_forwarded_for"}}).LogFormat(),
		LogFormats["combined"]+` $request_time "$http_x_forwarded_for"`; got != want {
		t.Errorf("LogFormat() = %q, want %q", got, want)
	}
	for _, c := range []Config{{Tail: []string{"bytes"}}, {Tail: []string{"request_time", "request_time"}}, {Format: "upstream", Tail: []string{"request_time"}}} {
		if _, err := New(c); err == nil {
			t.Errorf("New(%+v) accepted", c)
		}
	}
}

// TestTailGolden pins the bytes of a log with every tail field (see
// TestGolden).
func TestTailGolden(t *testing.T) {
	const want = "624d91d69d100caaaee6de9b7ed0aace28cdbd5771f8c699ad55006b78b77499"
	sum := sha256.Sum256(generate(t, Config{Seed: 1, Tail: TailFields}, 5000))
	if got := hex.EncodeToString(sum[:]); got != want {
		t.Errorf("sha256 of 5000 lines with seed 1 and every tail field = %s, want %s", got, want)
	}
}
