package parser

import (
	"encoding/binary"
	"time"
)

// timeCache parses timestamps, remembering the last one: consecutive log
// lines usually share their second, and a zone is made once per offset.
type timeCache struct {
	kind  kind
	raw   [40]byte
	n     int
	last  time.Time
	ok    bool
	clf   bool // raw holds a bracketed CLF time (28 bytes) read well
	zones []zone
}

type zone struct {
	offset int
	loc    *time.Location
}

func (c *timeCache) parse(k kind, v []byte) (time.Time, bool) {
	if k == c.kind && len(v) == c.n && string(v) == string(c.raw[:c.n]) {
		return c.last, c.ok
	}
	var t time.Time
	var ok bool
	switch k {
	case kindTimeCLFBracket:
		if len(v) > 2 && v[0] == '[' && v[len(v)-1] == ']' {
			t, ok = c.parseCLF(v[1 : len(v)-1])
		}
	case kindTimeCLF:
		t, ok = c.parseCLF(v)
	case kindTimeISO:
		t, ok = c.parseISO(v)
	case kindTimeUnix:
		var d time.Duration
		if d, ok = parseDuration(v, kindSeconds); ok && d >= 0 {
			t = time.Unix(0, int64(d)).UTC()
		}
	case kindTimeUnixMilli, kindTimeUnixMicro:
		var d time.Duration
		if d, ok = parseDuration(v, kindMillis+(k-kindTimeUnixMilli)); ok && d >= 0 {
			t = time.Unix(0, int64(d)).UTC()
		}
	}
	if len(v) <= len(c.raw) {
		c.kind, c.n = k, copy(c.raw[:], v)
		c.last, c.ok = t, ok
		c.clf = ok && k == kindTimeCLFBracket
	}
	return t, ok
}

// isLastCLF reports whether v, a bracketed CLF time such as
// "[18/Jul/2023:13:44:16 +0000]", is the one parse read last, and read
// well (c.last is then its value), comparing its 28 bytes as four words,
// without the call to memequal, and one flag for the kind and the outcome.
func (c *timeCache) isLastCLF(v *[28]byte) bool {
	le, raw := binary.LittleEndian, &c.raw
	return le.Uint64(v[:]) == le.Uint64(raw[:]) && le.Uint64(v[8:]) == le.Uint64(raw[8:]) &&
		le.Uint64(v[16:]) == le.Uint64(raw[16:]) && le.Uint64(v[20:]) == le.Uint64(raw[20:]) && c.clf
}

var months = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// parseCLF parses "18/Jul/2023:13:44:16 +0000".
func (c *timeCache) parseCLF(v []byte) (time.Time, bool) {
	if len(v) != 26 || v[2] != '/' || v[6] != '/' || v[11] != ':' || v[14] != ':' || v[17] != ':' || v[20] != ' ' {
		return time.Time{}, false
	}
	mon := -1
	for i, m := range months {
		if string(v[3:6]) == m {
			mon = i
			break
		}
	}
	day, ok1 := digits(v[0:2])
	year, ok2 := digits(v[7:11])
	hh, ok3 := digits(v[12:14])
	mm, ok4 := digits(v[15:17])
	ss, ok5 := digits(v[18:20])
	off, ok6 := c.offset(v[21:26])
	if mon < 0 || !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || !valid(day, hh, mm, ss) {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(mon+1), day, hh, mm, ss, 0, c.zone(off)), true
}

// parseISO parses "2023-07-18T13:44:16+00:00" (also "Z" and "+0000").
func (c *timeCache) parseISO(v []byte) (time.Time, bool) {
	if len(v) < 20 || v[4] != '-' || v[7] != '-' || (v[10] != 'T' && v[10] != ' ') || v[13] != ':' || v[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := digits(v[0:4])
	mon, ok2 := digits(v[5:7])
	day, ok3 := digits(v[8:10])
	hh, ok4 := digits(v[11:13])
	mm, ok5 := digits(v[14:16])
	ss, ok6 := digits(v[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mon < 1 || mon > 12 || !valid(day, hh, mm, ss) {
		return time.Time{}, false
	}
	rest := v[19:]
	nsec := 0
	if len(rest) > 0 && rest[0] == '.' {
		i, scale := 1, 100000000
		for ; i < len(rest) && rest[i] >= '0' && rest[i] <= '9'; i++ {
			nsec += int(rest[i]-'0') * scale
			scale /= 10
		}
		rest = rest[i:]
	}
	var off int
	switch {
	case len(rest) == 1 && rest[0] == 'Z':
	case len(rest) == 6 && rest[3] == ':':
		var buf [5]byte
		buf[0], buf[1], buf[2], buf[3], buf[4] = rest[0], rest[1], rest[2], rest[4], rest[5]
		o, ok := c.offset(buf[:])
		if !ok {
			return time.Time{}, false
		}
		off = o
	case len(rest) == 5:
		o, ok := c.offset(rest)
		if !ok {
			return time.Time{}, false
		}
		off = o
	default:
		return time.Time{}, false
	}
	return time.Date(year, time.Month(mon), day, hh, mm, ss, nsec, c.zone(off)), true
}

func valid(day, hh, mm, ss int) bool {
	return day >= 1 && day <= 31 && hh <= 23 && mm <= 59 && ss <= 60
}

// offset parses "+0200" into seconds east of UTC.
func (c *timeCache) offset(v []byte) (int, bool) {
	if len(v) != 5 || (v[0] != '+' && v[0] != '-') {
		return 0, false
	}
	h, ok1 := digits(v[1:3])
	m, ok2 := digits(v[3:5])
	if !ok1 || !ok2 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if v[0] == '-' {
		off = -off
	}
	return off, true
}

func (c *timeCache) zone(off int) *time.Location {
	if off == 0 {
		return time.UTC
	}
	for _, z := range c.zones {
		if z.offset == off {
			return z.loc
		}
	}
	loc := time.FixedZone("", off)
	if len(c.zones) < 64 {
		c.zones = append(c.zones, zone{off, loc})
	}
	return loc
}

func digits(v []byte) (int, bool) {
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
