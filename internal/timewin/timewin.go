// Package timewin reads the time bounds of --since and --until and tells
// whether a log time falls between them. A bound without a zone (a date,
// "yesterday", "2026-11-20 14:00") is a wall-clock time: it is compared
// with each line's time as the log wrote it, in the log's own offset, so
// "--since yesterday" means the log's yesterday whatever zone the machine
// is in. --tz gives such bounds a zone instead.
package timewin

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Bound is one end of a window: an instant, or a wall-clock time to be
// read in each line's own offset (Naive).
type Bound struct {
	At    time.Time // for a naive bound, its wall clock in UTC
	Naive bool
	Set   bool
}

// Window is [Since, Until): Since inclusive, Until exclusive.
type Window struct {
	Since, Until Bound
}

// layouts are the naive forms accepted, most specific first.
var layouts = []string{
	"2006-01-02T15:04:05", "2006-01-02 15:04:05",
	"2006-01-02T15:04", "2006-01-02 15:04",
	"2006-01-02",
}

// Parse reads a bound: RFC 3339 ("2026-11-20T14:00:00+01:00"), a date or
// date and time without zone ("2026-11-20", "2026-11-20 14:00"),
// "today", "yesterday", "now", or a duration back from now ("24h",
// "90m", "7d"). now is the present; loc, when not nil, is the zone of the
// naive forms (--tz), else they stay naive. "today" and "yesterday" are
// midnights of now's date in loc, or in now's own zone.
func Parse(s string, now time.Time, loc *time.Location) (Bound, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return Bound{At: t, Set: true}, nil
	}
	if d, ok := parseAgo(s); ok {
		return Bound{At: now.Add(-d), Set: true}, nil
	}
	day := now
	if loc != nil {
		day = now.In(loc)
	}
	midnight := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	switch strings.ToLower(s) {
	case "now":
		return Bound{At: now, Set: true}, nil
	case "today":
		return naive(midnight, loc), nil
	case "yesterday":
		return naive(midnight.AddDate(0, 0, -1), loc), nil
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return naive(t, loc), nil
		}
	}
	return Bound{}, fmt.Errorf("%q is not a time: use RFC 3339 (2026-11-20T14:00:00Z), 2026-11-20, \"2026-11-20 14:00\", today, yesterday, now, or a duration back from now (24h, 90m, 7d)", s)
}

// naive makes a wall-clock bound, or an instant in loc when it is given.
func naive(wall time.Time, loc *time.Location) Bound {
	if loc != nil {
		return Bound{At: time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, loc), Set: true}
	}
	return Bound{At: wall, Naive: true, Set: true}
}

// parseAgo reads a positive duration, with "d" for days too.
func parseAgo(s string) (time.Duration, bool) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err == nil && days > 0 && fmt.Sprint(days) == n {
			return time.Duration(days) * 24 * time.Hour, true
		}
		return 0, false
	}
	d, err := time.ParseDuration(s)
	return d, err == nil && d > 0
}

// ErrEmpty says that --since is not before --until.
var ErrEmpty = errors.New("--since must be before --until")

// Check refuses an empty window when both bounds are comparable.
func (w Window) Check() error {
	if w.Since.Set && w.Until.Set && w.Since.Naive == w.Until.Naive && !w.Since.At.Before(w.Until.At) {
		return ErrEmpty
	}
	return nil
}

// Active tells whether the window bounds anything.
func (w Window) Active() bool { return w.Since.Set || w.Until.Set }

// Contains tells whether t, a line's time in the log's own offset, is in
// the window. A line without a time is in it.
func (w Window) Contains(t time.Time) bool {
	if t.IsZero() {
		return true
	}
	return (!w.Since.Set || !w.Since.after(t)) && (!w.Until.Set || w.Until.after(t))
}

// after tells whether the bound is after t.
func (b Bound) after(t time.Time) bool {
	if b.Naive {
		_, off := t.Zone()
		return b.At.Unix() > t.Unix()+int64(off) || b.At.Unix() == t.Unix()+int64(off) && b.At.Nanosecond() > t.Nanosecond()
	}
	return b.At.After(t)
}

// String says the window as -v and the report word it.
func (w Window) String() string {
	f := func(b Bound) string {
		if !b.Set {
			return "…"
		}
		if b.Naive {
			return b.At.Format("2006-01-02 15:04:05") + " (log time)"
		}
		return b.At.Format(time.RFC3339)
	}
	return f(w.Since) + " to " + f(w.Until)
}
