package timewin

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	now := time.Date(2026, 11, 21, 9, 30, 0, 0, time.FixedZone("", 3600))
	paris := time.FixedZone("CET", 3600)
	tests := []struct {
		name  string
		in    string
		loc   *time.Location
		want  time.Time
		naive bool
		bad   bool
	}{
		{"RFC 3339", "2026-11-20T14:00:00Z", nil, time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC), false, false},
		{"RFC 3339 with offset", "2026-11-20T14:00:00+02:00", nil, time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), false, false},
		{"date", "2026-11-20", nil, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), true, false},
		{"date and minutes", "2026-11-20 14:00", nil, time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC), true, false},
		{"date T seconds", "2026-11-20T14:00:05", nil, time.Date(2026, 11, 20, 14, 0, 5, 0, time.UTC), true, false},
		{"date with --tz", "2026-11-20", paris, time.Date(2026, 11, 19, 23, 0, 0, 0, time.UTC), false, false},
		{"today", "today", nil, time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), true, false},
		{"yesterday", "yesterday", nil, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), true, false},
		{"yesterday with --tz", "Yesterday", time.UTC, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), false, false},
		{"24h", "24h", nil, now.Add(-24 * time.Hour), false, false},
		{"90m", "90m", nil, now.Add(-90 * time.Minute), false, false},
		{"7d", "7d", nil, now.Add(-7 * 24 * time.Hour), false, false},
		{"now", "now", nil, now, false, false},
		{"junk", "last tuesday", nil, time.Time{}, false, true},
		{"negative duration", "-5m", nil, time.Time{}, false, true},
		{"bad day", "2026-02-30", nil, time.Time{}, false, true},
		{"days with junk", "7dd", nil, time.Time{}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Parse(tt.in, now, tt.loc)
			if tt.bad {
				if err == nil {
					t.Errorf("Parse(%q) = %+v, want an error", tt.in, b)
				}
				return
			}
			if err != nil || !b.At.Equal(tt.want) || b.Naive != tt.naive {
				t.Errorf("Parse(%q) = %v naive %v (%v), want %v naive %v", tt.in, b.At, b.Naive, err, tt.want, tt.naive)
			}
		})
	}
}

// TestContains: --since inclusive, --until exclusive; a naive bound read
// in each line's own offset.
func TestContains(t *testing.T) {
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	since, _ := Parse("2026-11-20", now, nil)
	until, _ := Parse("2026-11-21", now, nil)
	w := Window{Since: since, Until: until}
	plus2 := time.FixedZone("", 2*3600)
	tests := []struct {
		name string
		t    time.Time
		in   bool
	}{
		{"at since: inclusive", time.Date(2026, 11, 20, 0, 0, 0, 0, plus2), true},
		{"just before since", time.Date(2026, 11, 19, 23, 59, 59, 999, plus2), false},
		{"within", time.Date(2026, 11, 20, 13, 0, 0, 0, time.UTC), true},
		{"at until: exclusive", time.Date(2026, 11, 21, 0, 0, 0, 0, plus2), false},
		{"just before until", time.Date(2026, 11, 20, 23, 59, 59, 0, plus2), true},
		{"no time", time.Time{}, true},
	}
	for _, tt := range tests {
		if got := w.Contains(tt.t); got != tt.in {
			t.Errorf("%s: Contains(%v) = %v", tt.name, tt.t, got)
		}
	}
	abs := Window{Since: Bound{At: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Set: true}}
	if abs.Contains(time.Date(2026, 11, 20, 1, 0, 0, 0, plus2)) {
		t.Error("an instant bound read 01:00+02:00 (23:00Z the day before) as inside")
	}
	if (Window{Since: until, Until: since}).Check() == nil {
		t.Error("an empty window passed Check")
	}
}
