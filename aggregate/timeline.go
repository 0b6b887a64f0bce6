package aggregate

import "sort"

// timelineSteps are the bucket widths a Timeline may use, finest first.
var timelineSteps = []int64{60, 3600, 86400, 7 * 86400}

// MaxTimelineBuckets bounds a Timeline: when more buckets would be needed,
// the step grows to the next width (minute, hour, day, week).
const MaxTimelineBuckets = 10000

// Timeline counts requests per status class per time bucket. Buckets are
// aligned to UTC multiples of Step. Its step is always the finest one that
// keeps the bucket count within MaxTimelineBuckets, so a Timeline built from
// parts and merged equals the one built from the whole input.
type Timeline struct {
	Step    int64 // seconds per bucket
	buckets map[int64]*[NumClasses]int64
	// last is the bucket of the latest record, covering the seconds
	// [lastStart, lastStart+Step): a record there needs no division.
	lastStart int64
	last      *[NumClasses]int64
}

// Bucket is one step of a Timeline.
type Bucket struct {
	Start   int64 // unix seconds
	Classes [NumClasses]int64
}

// Total is the bucket's request count.
func (b Bucket) Total() int64 {
	var n int64
	for _, c := range b.Classes {
		n += c
	}
	return n
}

func (t *Timeline) add(unix int64, c Class) {
	if t.last == nil || unix < t.lastStart || unix-t.lastStart >= t.Step {
		if !t.find(unix) {
			t.coarsen()
			t.find(unix)
		}
	}
	t.last[c]++
}

// find makes the bucket of unix the last one, creating it if need be; false
// means that took the Timeline over MaxTimelineBuckets.
func (t *Timeline) find(unix int64) bool {
	if t.buckets == nil {
		t.Step = timelineSteps[0]
		t.buckets = map[int64]*[NumClasses]int64{}
	}
	key := floorDiv(unix, t.Step)
	b := t.buckets[key]
	if b == nil {
		b = new([NumClasses]int64)
		t.buckets[key] = b
	}
	t.lastStart, t.last = key*t.Step, b
	return len(t.buckets) <= MaxTimelineBuckets
}

// coarsen moves to the next step until the buckets fit.
func (t *Timeline) coarsen() {
	for len(t.buckets) > MaxTimelineBuckets && t.Step < timelineSteps[len(timelineSteps)-1] {
		t.rebucket(nextStep(t.Step))
	}
}

func nextStep(s int64) int64 {
	for _, st := range timelineSteps {
		if st > s {
			return st
		}
	}
	return s
}

func (t *Timeline) rebucket(step int64) {
	old := t.buckets
	t.buckets = make(map[int64]*[NumClasses]int64, len(old))
	addBuckets(t.buckets, step, old, t.Step, 0)
	t.Step = step
	t.last = nil
}

// addBuckets adds the buckets src of width srcStep into dst, whose buckets
// are step wide (a multiple of srcStep) and start shift seconds before the
// multiples of step.
func addBuckets(dst map[int64]*[NumClasses]int64, step int64, src map[int64]*[NumClasses]int64, srcStep, shift int64) {
	for k, b := range src {
		nk := floorDiv(k*srcStep+shift, step)
		nb := dst[nk]
		if nb == nil {
			nb = new([NumClasses]int64)
			dst[nk] = nb
		}
		for i := range b {
			nb[i] += b[i]
		}
	}
}

func (t *Timeline) merge(o *Timeline) {
	if len(o.buckets) == 0 {
		return
	}
	if t.buckets == nil {
		t.Step = o.Step
		t.buckets = map[int64]*[NumClasses]int64{}
	}
	step := max(t.Step, o.Step)
	if t.Step < step {
		t.rebucket(step)
	}
	addBuckets(t.buckets, step, o.buckets, o.Step, 0)
	t.last = nil
	t.coarsen()
}

// Buckets returns the buckets in time order at the given step (0: the
// Timeline's own; a step finer than the Timeline's is raised to it), with
// the empty buckets between the first and the last filled in. Buckets are
// aligned to local time at UTC offset offset (seconds east), so that days
// start at the log's midnight; weeks start on Monday.
func (t *Timeline) Buckets(step, offset int64) []Bucket {
	if len(t.buckets) == 0 {
		return nil
	}
	if step < t.Step {
		step = t.Step
	}
	shift := offset
	if step%(7*86400) == 0 {
		shift += 3 * 86400 // 1970-01-01 was a Thursday
	}
	sums := map[int64]*[NumClasses]int64{}
	addBuckets(sums, step, t.buckets, t.Step, shift)
	keys := make([]int64, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	out := make([]Bucket, 0, keys[len(keys)-1]-keys[0]+1)
	for k := keys[0]; k <= keys[len(keys)-1]; k++ {
		b := Bucket{Start: k*step - shift}
		if s := sums[k]; s != nil {
			b.Classes = *s
		}
		out = append(out, b)
	}
	return out
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
