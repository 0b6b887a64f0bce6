// Package timeline cuts a Summary's per-class counts into time buckets of
// one step (minute, hour, day, week), chosen from the time span unless
// asked for. The report shows the Timeline and the diagnosis reads spikes
// from the same one.
//
// It depends on aggregate only; report/diagnose and report use it.
package timeline

import (
	"fmt"
	"time"

	"github.com/logstat/logstat/aggregate"
)

// Timeline is the per-class request count per time bucket.
type Timeline struct {
	Step        string   `json:"step"` // minute, hour, day or week
	StepSeconds int64    `json:"step_seconds"`
	Buckets     []Bucket `json:"buckets"`
}

// Bucket counts one step; Start is in the log's own UTC offset.
type Bucket struct {
	Start time.Time `json:"start"`
	Total int64     `json:"total"`
	C1xx  int64     `json:"1xx"`
	C2xx  int64     `json:"2xx"`
	C3xx  int64     `json:"3xx"`
	C4xx  int64     `json:"4xx"`
	C5xx  int64     `json:"5xx"`
	Other int64     `json:"other"`
}

// Class returns the bucket's count of one class.
func (b Bucket) Class(c aggregate.Class) int64 {
	return [...]int64{b.C1xx, b.C2xx, b.C3xx, b.C4xx, b.C5xx, b.Other}[c]
}

// Steps are the step names Of accepts, with their length in seconds.
var Steps = map[string]int64{"minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}

func stepName(sec int64) string {
	for n, s := range Steps {
		if s == sec {
			return n
		}
	}
	return fmt.Sprintf("%ds", sec)
}

// autoStep picks a step that gives a readable number of buckets.
func autoStep(span time.Duration) int64 {
	switch {
	case span <= 6*time.Hour:
		return 60
	case span <= 14*24*time.Hour:
		return 3600
	case span <= 366*24*time.Hour:
		return 86400
	}
	return 7 * 86400
}

// Of returns the timeline of s with the named step (a key of Steps), or
// with one chosen from the time span when step is "" or unknown; nil when
// the records had no times.
func Of(s *aggregate.Summary, bucket string) *Timeline {
	if s.First.IsZero() {
		return nil
	}
	step := Steps[bucket]
	if step == 0 {
		step = autoStep(s.Last.Sub(s.First))
	}
	_, offset := s.First.Zone()
	raw := s.Timeline.Buckets(step, int64(offset))
	if len(raw) == 0 {
		return nil
	}
	if len(raw) > 1 {
		step = raw[1].Start - raw[0].Start
	} else {
		step = max(step, s.Timeline.Step)
	}
	loc := s.First.Location()
	t := &Timeline{Step: stepName(step), StepSeconds: step, Buckets: make([]Bucket, len(raw))}
	for i, b := range raw {
		c := b.Classes
		t.Buckets[i] = Bucket{
			Start: time.Unix(b.Start, 0).In(loc), Total: b.Total(),
			C1xx: c[aggregate.Class1xx], C2xx: c[aggregate.Class2xx], C3xx: c[aggregate.Class3xx],
			C4xx: c[aggregate.Class4xx], C5xx: c[aggregate.Class5xx], Other: c[aggregate.ClassOther],
		}
	}
	return t
}
