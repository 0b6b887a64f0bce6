package gen

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// statusOf returns a combined line's status field (its requests hold no
// quote).
func statusOf(l []byte) string {
	return string(bytes.Fields(bytes.SplitN(l, []byte(`"`), 3)[2])[0])
}

func TestIncidentClean(t *testing.T) {
	// A clean log is healthy: few 5xx, and no built-in upstream incident.
	ls := lines(generate(t, Config{Seed: 3, Rate: 2, Incident: Incident{Kind: "clean"}}, 40000))
	var errs int
	for _, l := range ls {
		if statusOf(l)[0] == '5' {
			errs++
		}
	}
	if share := float64(errs) / float64(len(ls)); share > 0.004 {
		t.Errorf("5xx share %.4f in a clean log", share)
	}
	// The default mix is unchanged by the zero Incident.
	if !bytes.Equal(generate(t, Config{Seed: 3}, 2000), generate(t, Config{Seed: 3, Incident: Incident{}}, 2000)) {
		t.Error("the zero Incident changed the log")
	}
}

// TestIncidents: each incident changes the lines it says, and only those:
// outside its window the log is the clean log of the same seed.
func TestIncidents(t *testing.T) {
	start := DefaultStart
	tests := []struct {
		inc   Incident
		check func(t *testing.T, clean, got [][]byte)
	}{
		{Incident{Kind: "storm", At: time.Hour, For: 10 * time.Minute}, func(t *testing.T, clean, got [][]byte) {
			var in, fail int
			for i, l := range got {
				at := start.Add(time.Duration(i) * time.Second / 5)
				inWindow := !at.Before(start.Add(time.Hour)) && at.Before(start.Add(70*time.Minute))
				if !inWindow {
					if !bytes.Equal(l, clean[i]) {
						t.Fatalf("line %d outside the storm differs:\n%s\n%s", i, l, clean[i])
					}
					continue
				}
				in++
				if statusOf(l) == "502" && bytes.Contains(l, []byte("POST /api/checkout ")) {
					fail++
				}
			}
			if s := float64(fail) / float64(in); s < 0.25 || s > 0.35 {
				t.Errorf("%d of %d requests failed in the storm (%.2f)", fail, in, s)
			}
		}},
		{Incident{Kind: "deploy", At: time.Hour, Code: 404, Percent: 5}, func(t *testing.T, clean, got [][]byte) {
			var after, missing int
			for i, l := range got {
				if i < 3600*5 {
					if !bytes.Equal(l, clean[i]) {
						t.Fatalf("line %d before the deploy differs", i)
					}
					continue
				}
				after++
				if statusOf(l) == "404" && bytes.Contains(l, []byte("/static/js/app.4f1c2a.js")) && bytes.Contains(l, []byte(`"https://www.example.com/"`)) {
					missing++
				}
			}
			if s := float64(missing) / float64(after); s < 0.04 || s > 0.06 {
				t.Errorf("%d of %d requests after the deploy miss the bundle (%.3f)", missing, after, s)
			}
		}},
		{Incident{Kind: "flood", At: time.Hour, For: 5 * time.Minute}, func(t *testing.T, clean, got [][]byte) {
			// Twenty times the lines in five minutes, 95% of them from one
			// client; the log goes on at the usual rate after.
			perMinute := map[string]int{}
			clients := map[string]int{}
			for _, l := range got {
				stamp := string(l[bytes.IndexByte(l, '[')+1:][:17])
				perMinute[stamp]++
				if strings.HasPrefix(stamp, "01/Jul/2024:01:02") {
					clients[string(l[:bytes.IndexByte(l, ' ')])]++
				}
			}
			if n := perMinute["01/Jul/2024:00:30"]; n != 300 {
				t.Errorf("%d lines in a minute before the flood, want 300", n)
			}
			if n := perMinute["01/Jul/2024:01:02"]; n != 6000 {
				t.Errorf("%d lines in a minute of the flood, want 6000", n)
			}
			var top int
			for _, n := range clients {
				top = max(top, n)
			}
			if s := float64(top) / 6000; s < 0.93 || s > 0.97 {
				t.Errorf("the flooder sent %.3f of the flood's lines", s)
			}
			if n := perMinute["01/Jul/2024:01:10"]; n != 300 {
				t.Errorf("%d lines in a minute after the flood, want 300", n)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.inc.Kind, func(t *testing.T) {
			n := int64(2 * 3600 * 5)
			clean := lines(generate(t, Config{Seed: 9, Rate: 5, Incident: Incident{Kind: "clean"}}, n))
			got := lines(generate(t, Config{Seed: 9, Rate: 5, Incident: tc.inc}, n))
			if tc.inc.Kind == "flood" {
				got = lines(generate(t, Config{Seed: 9, Rate: 5, Incident: tc.inc}, n+int64(5*60*5*19)))
			}
			tc.check(t, clean, got)
		})
	}
}

func TestIncidentBad(t *testing.T) {
	for _, in := range []Incident{
		{Kind: "meteor"}, {At: time.Hour}, {Kind: "storm", Percent: 100}, {Kind: "storm", Code: 200},
		{Kind: "deploy", Code: 403}, {Kind: "flood", At: -time.Second},
	} {
		if _, err := New(Config{Incident: in}); err == nil {
			t.Errorf("%+v accepted", in)
		}
	}
	for _, k := range IncidentKinds {
		if _, err := New(Config{Incident: Incident{Kind: k}}); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
}
