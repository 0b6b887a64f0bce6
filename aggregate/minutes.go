package aggregate

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/logstat/logstat/internal/binenc"
)

// Per-minute counts, for the diagnosis: a short incident (a ten-minute
// storm of 502s in a ten-hour log) is found at the resolution it happened
// at, whatever step the report's timeline is drawn in.

// The series a Minutes counts per minute: the six classes (their Class
// values come first, 0 to NumClasses-1), then the codes the findings read
// by minute, then the 4xx answers to paths that scanners probe.
const (
	Series401     = int(NumClasses) + iota // 401 Unauthorized
	Series403                              // 403 Forbidden
	Series404                              // 404 Not Found
	Series429                              // 429 Too Many Requests
	Series499                              // 499 client closed the connection
	Series500                              // 500 Internal Server Error
	Series502                              // 502 Bad Gateway
	Series503                              // 503 Service Unavailable
	Series504                              // 504 Gateway Timeout
	SeriesScanner                          // 4xx answers to scanner paths (IsScannerPath)
	NumSeries
)

// SeriesCodes are the status codes counted per minute, in series order
// from Series401.
var SeriesCodes = [...]int{401, 403, 404, 429, 499, 500, 502, 503, 504}

// SeriesOfCode returns the series of a status code, or -1 when it is not
// counted per minute.
func SeriesOfCode(code int) int {
	for i, c := range SeriesCodes {
		if c == code {
			return Series401 + i
		}
	}
	return -1
}

// seriesOfStatus maps Status+1 to a series, 0 for none (series 0 is a
// class and never a code's).
var seriesOfStatus = func() (t [1001]uint8) {
	for i, c := range SeriesCodes {
		t[c+1] = uint8(Series401 + i)
	}
	return t
}()

// MinuteWindow is how far back per-minute counts reach: the minutes of the
// seven days (10,080 minutes) up to the latest record's minute. Records of
// older minutes are left out of them (they still count everywhere else),
// so the counts take at most MinuteWindow/60+2 hour blocks of 3,840 bytes
// (NumSeries uint32 counters per minute): 638 KiB, however long the log
// (blocks wholly before the window are dropped when a block is made).
// Which minutes are kept depends only on the latest record, so merged
// summaries keep what one pass over their records keeps.
const MinuteWindow = 7 * 24 * 60

// MinuteCounts are one minute's counts, indexed by series. A count stops
// at math.MaxUint32 (over 71 million requests per second).
type MinuteCounts [NumSeries]uint32

// Total is the minute's request count: the sum of its classes.
func (c *MinuteCounts) Total() int64 {
	var n int64
	for _, v := range c[:NumClasses] {
		n += int64(v)
	}
	return n
}

// consistent reports whether no code counts more than its class, nor
// scanner probes more than the 4xx.
func (c *MinuteCounts) consistent() bool {
	for i, code := range SeriesCodes {
		if c[Series401+i] > c[ClassOf(code)] {
			return false
		}
	}
	return c[SeriesScanner] <= c[Class4xx]
}

// minuteBlock is one hour of minutes.
type minuteBlock [60]MinuteCounts

// Minutes counts requests per minute (Unix time / 60), by class and for a
// few codes, over the MinuteWindow minutes up to the latest one seen.
type Minutes struct {
	blocks map[int64]*minuteBlock // by hour: minute / 60
	latest int64                  // the latest minute counted, when blocks != nil
	// last is the block of the latest record, covering the seconds
	// [lastStart, lastStart+3600): a record there needs no map lookup.
	lastStart int64
	last      *minuteBlock
}

// add counts a record of Unix time unix.
func (m *Minutes) add(unix int64, class Class, status int, scanner bool) {
	if m.last == nil || unix < m.lastStart || unix-m.lastStart >= 3600 {
		if !m.find(unix) {
			return
		}
	}
	i := (unix - m.lastStart) / 60
	if minute := m.lastStart/60 + i; minute > m.latest {
		m.latest = minute
	}
	c := &m.last[i]
	inc(&c[class])
	if i := status + 1; i >= 0 && i < len(seriesOfStatus) && seriesOfStatus[i] != 0 {
		inc(&c[seriesOfStatus[i]])
	}
	if scanner {
		inc(&c[SeriesScanner])
	}
}

func inc(v *uint32) {
	if *v != math.MaxUint32 {
		*v++
	}
}

// find makes the block of unix the last one, creating it if need be;
// false when unix is before the window.
func (m *Minutes) find(unix int64) bool {
	minute := floorDiv(unix, 60)
	if m.blocks == nil {
		m.blocks = map[int64]*minuteBlock{}
		m.latest = minute
	}
	if minute <= m.latest-MinuteWindow {
		return false
	}
	m.latest = max(m.latest, minute)
	hour := floorDiv(minute, 60)
	b := m.blocks[hour]
	if b == nil {
		b = new(minuteBlock)
		m.blocks[hour] = b
		m.prune()
	}
	m.lastStart, m.last = hour*3600, b
	return true
}

// prune drops the blocks wholly before the window.
func (m *Minutes) prune() {
	for h := range m.blocks {
		if h*60+59 <= m.latest-MinuteWindow {
			delete(m.blocks, h)
		}
	}
}

// inWindow reports whether a minute is among those kept.
func (m *Minutes) inWindow(minute int64) bool {
	return m.blocks != nil && minute > m.latest-MinuteWindow && minute <= m.latest
}

// merge adds o's counts.
func (m *Minutes) merge(o *Minutes) {
	if len(o.blocks) == 0 {
		return
	}
	if m.blocks == nil {
		m.blocks = map[int64]*minuteBlock{}
		m.latest = o.latest
	}
	m.latest = max(m.latest, o.latest)
	m.prune()
	for h, ob := range o.blocks {
		if h*60+59 <= m.latest-MinuteWindow {
			continue
		}
		b := m.blocks[h]
		if b == nil {
			b = new(minuteBlock)
			m.blocks[h] = b
		}
		for i := range ob {
			for k, v := range ob[i] {
				b[i][k] = uint32(min(uint64(b[i][k])+uint64(v), math.MaxUint32))
			}
		}
	}
	m.last = nil
}

// Minute is one minute's counts.
type Minute struct {
	Minute int64 // Unix time / 60
	Counts MinuteCounts
}

// Each returns the minutes with requests, in time order, within the
// window.
func (m *Minutes) Each() []Minute {
	hours := make([]int64, 0, len(m.blocks))
	for h := range m.blocks {
		hours = append(hours, h)
	}
	sort.Slice(hours, func(i, j int) bool { return hours[i] < hours[j] })
	var out []Minute
	for _, h := range hours {
		b := m.blocks[h]
		for i := range b {
			minute := h*60 + int64(i)
			if b[i] != (MinuteCounts{}) && m.inWindow(minute) {
				out = append(out, Minute{Minute: minute, Counts: b[i]})
			}
		}
	}
	return out
}

// Span returns the first and last minute with requests in the window;
// ok is false when there is none (no record had a time).
func (m *Minutes) Span() (first, last int64, ok bool) {
	ms := m.Each()
	if len(ms) == 0 {
		return 0, 0, false
	}
	return ms[0].Minute, ms[len(ms)-1].Minute, true
}

// appendBinary writes the minutes of the window with requests: their
// count, then the first minute (varint) and for each later one its
// distance from the one before (uvarint, at least 1); each minute's
// counts follow it as a mask of the series that are not zero (uvarint,
// bit i for series i) and those counts (uvarints). The last minute is
// the latest one.
func (m *Minutes) appendBinary(b []byte) []byte {
	ms := m.Each()
	b = binenc.AppendUvarint(b, uint64(len(ms)))
	prev := int64(0)
	for i, mc := range ms {
		if i == 0 {
			b = binenc.AppendVarint(b, mc.Minute)
		} else {
			b = binenc.AppendUvarint(b, uint64(mc.Minute-prev))
		}
		prev = mc.Minute
		var mask uint64
		for k, v := range mc.Counts {
			if v != 0 {
				mask |= 1 << k
			}
		}
		b = binenc.AppendUvarint(b, mask)
		for _, v := range mc.Counts {
			if v != 0 {
				b = binenc.AppendUvarint(b, uint64(v))
			}
		}
	}
	return b
}

// readBinary reads what appendBinary wrote, checking that the minutes
// rise, fit in the window and the years 1–9999, and that every count is
// in range.
func (m *Minutes) readBinary(r *binenc.Reader) {
	n := r.Count(3)
	if r.Err() == nil && n > MinuteWindow {
		r.Fail(fmt.Errorf("%d minutes, at most %d kept", n, MinuteWindow))
	}
	if r.Err() != nil || n == 0 {
		return
	}
	var first, minute int64
	for i := range n {
		if i == 0 {
			minute = r.Varint()
			first = minute
			if r.Err() == nil && (minute < minTime/60 || minute > maxTime/60) {
				r.Fail(fmt.Errorf("minute %d outside the years 1–9999", minute))
			}
		} else {
			d := r.Uvarint()
			if r.Err() == nil && (d == 0 || d >= MinuteWindow || minute+int64(d)-first >= MinuteWindow) {
				r.Fail(errors.New("per-minute counts out of order or wider than their window"))
			}
			minute += int64(d)
		}
		mask := r.Uvarint()
		if r.Err() == nil && (mask == 0 || mask >= 1<<NumSeries) {
			r.Fail(fmt.Errorf("series mask %#x", mask))
		}
		if r.Err() != nil {
			return
		}
		if m.blocks == nil {
			m.blocks = map[int64]*minuteBlock{}
		}
		h := floorDiv(minute, 60)
		b := m.blocks[h]
		if b == nil {
			b = new(minuteBlock)
			m.blocks[h] = b
		}
		c := &b[minute-h*60]
		for k := range c {
			if mask&(1<<k) == 0 {
				continue
			}
			v := r.Uvarint()
			if r.Err() == nil && (v == 0 || v > math.MaxUint32) {
				r.Fail(fmt.Errorf("per-minute count %d", v))
			}
			c[k] = uint32(v)
		}
		if r.Err() == nil && !c.consistent() {
			r.Fail(fmt.Errorf("minute %d counts more of a code than of its class", minute))
		}
		m.latest = minute
	}
}
