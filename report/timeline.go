package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/logstat/logstat/aggregate"
)

// Timeline is the per-class request count per time bucket.
type Timeline struct {
	Step        string           `json:"step"` // minute, hour, day or week
	StepSeconds int64            `json:"step_seconds"`
	Buckets     []TimelineBucket `json:"buckets"`
}

// TimelineBucket counts one step; Start is in the log's own UTC offset.
type TimelineBucket struct {
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
func (b TimelineBucket) Class(c aggregate.Class) int64 {
	return [...]int64{b.C1xx, b.C2xx, b.C3xx, b.C4xx, b.C5xx, b.Other}[c]
}

// BucketSteps names the timeline steps accepted by --bucket.
var BucketSteps = map[string]int64{"minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}

func stepName(sec int64) string {
	for n, s := range BucketSteps {
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

func buildTimeline(s *aggregate.Summary, bucket string) *Timeline {
	if s.First.IsZero() {
		return nil
	}
	step := BucketSteps[bucket]
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
	t := &Timeline{Step: stepName(step), StepSeconds: step, Buckets: make([]TimelineBucket, len(raw))}
	for i, b := range raw {
		c := b.Classes
		t.Buckets[i] = TimelineBucket{
			Start: time.Unix(b.Start, 0).In(loc), Total: b.Total(),
			C1xx: c[aggregate.Class1xx], C2xx: c[aggregate.Class2xx], C3xx: c[aggregate.Class3xx],
			C4xx: c[aggregate.Class4xx], C5xx: c[aggregate.Class5xx], Other: c[aggregate.ClassOther],
		}
	}
	return t
}

var sparks = []rune("▁▂▃▄▅▆▇█")

// sparkline draws one rune per value, scaled to the largest. A zero is a
// space, so that "none" and "few" look different.
func sparkline(values []int64) string {
	var top int64
	for _, v := range values {
		top = max(top, v)
	}
	var b strings.Builder
	for _, v := range values {
		if v == 0 || top == 0 {
			b.WriteRune(' ')
			continue
		}
		i := int((v*int64(len(sparks)-1) + top - 1) / top)
		b.WriteRune(sparks[min(i, len(sparks)-1)])
	}
	return b.String()
}
