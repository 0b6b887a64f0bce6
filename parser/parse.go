package parser

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/bits"
	"time"
)

// lineParser parses lines of one Format. Its scratch buffer holds unescaped
// values and is reused from line to line.
type lineParser struct {
	f       *Format
	scratch []byte
	err     LineError
	times   timeCache
	raw     Fields // fields left as logged (escapes not decoded)
	// trail is where the ignored text after the last field starts, set
	// only on the lines that have some (Detect resets it before each).
	trail int
}

// Fields names Record fields, for Raw.
type Fields uint8

// The text fields whose escape decoding a consumer may skip.
const (
	FieldUser Fields = 1 << iota
	FieldReferer
	FieldUserAgent
)

// Raw is implemented by parsers that can leave some text fields as
// logged, without decoding their escapes, for consumers that do not read
// them (or read only what escapes never touch, like a referer's host).
// A "-" is still an empty value.
type Raw interface {
	Raw(Fields)
}

// Raw implements the Raw interface.
func (p *lineParser) Raw(f Fields) { p.raw = f }

// maybeText is text unless the field is to be left raw.
func (p *lineParser) maybeText(v []byte, f Fields) []byte {
	if p.raw&f == 0 {
		return p.text(v)
	}
	if len(v) == 1 && v[0] == '-' {
		return nil
	}
	return v
}

func (p *lineParser) fail(reason string, off int) error {
	p.err = LineError{Reason: reason, Offset: off}
	return &p.err
}

// Parse implements Parser. One carriage return at the end of the line is
// ignored: it cannot belong to a field (both servers escape it), and so a
// CRLF line that reaches the parser unstripped parses like the LF one.
//
// Parse itself only tries the fast path: a small function, whose frame and
// spills around the call cost little; parseLine does the rest.
func (p *lineParser) Parse(line []byte, rec *Record) error {
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	// Unescaped values are never longer than the line, so the scratch
	// buffer never moves while this line's values point into it: a line
	// longer than it goes the general way, which grows it.
	if p.f.fast != fastNone && cap(p.scratch) >= len(line) {
		p.scratch = p.scratch[:0]
		if p.parseCombined(line, rec) { // it sets every field
			return nil
		}
	}
	return p.parseLine(line, rec)
}

// parseLine is Parse without the fast path, for a line without its CR.
func (p *lineParser) parseLine(line []byte, rec *Record) error {
	f := p.f
	if cap(p.scratch) < len(line) {
		p.scratch = make([]byte, 0, len(line)+len(line)/4)
	}
	p.scratch = p.scratch[:0]
	rec.reset(len(f.extras))
	if len(line) == 0 {
		return p.fail(ReasonEmpty, 0)
	}
	if !bytes.HasPrefix(line, f.prefix) {
		return p.fail(ReasonMismatch, 0)
	}

	pos := len(f.prefix)
	for i := range f.segs {
		s := &f.segs[i]
		// Fast paths, each giving what find and set would: a "-" that
		// leaves the Record as reset, a number read while delimited.
		if s.dashEmpty && pos < len(line) && line[pos] == '-' && hasLit(line[pos+1:], s.lit) {
			pos += 1 + len(s.lit)
			continue
		}
		if s.digits {
			if next := s.number(line, pos, rec); next > 0 {
				pos = next
				continue
			}
		}
		var end, next int
		clean := false // the value is known to hold no blank
		// scanByte and scanQuoted, the commonest modes, are find's own
		// cases done here without the call: 4% of the instructions of
		// nginx's "main" format, 1-3% of others.
		switch s.mode {
		case scanToken:
			if j := indexBlank(line, pos); j >= 0 && line[j] == ' ' {
				end, next, clean = j, j+1, true
				break
			}
			// A control byte, or no blank at all: find judges.
			fallthrough
		default:
			var res int
			switch end, next, res = s.find(line, pos); res {
			case foundNoDelim:
				return p.fail(s.errDelim, pos)
			case foundBadWidth:
				return p.fail(s.errValue, pos)
			}
		case scanByte:
			j := bytes.IndexByte(line[pos:], s.lit0)
			if j < 0 {
				return p.fail(s.errDelim, pos)
			}
			end, next = pos+j, pos+j+1
		case scanQuoted:
			if end = indexUnescaped(line, pos, s.lit); end < 0 {
				return p.fail(s.errDelim, pos)
			}
			next = end + len(s.lit)
		}
		if s.last && next != len(line) {
			if !f.trailing || !isSeparator(line[next]) || !trailingFields(line, next) {
				return p.fail(s.errTrailing, end)
			}
			p.trail = next
		}
		v := line[pos:end]
		// An address, a number or a method has no blank: one means the
		// line has more fields than the format ("vhost:port client - - […").
		if s.checkBlank && !clean && !noBlank(v) {
			return p.fail(s.errValue, pos)
		}
		if !p.set(s, v, rec) {
			return p.fail(s.errValue, pos)
		}
		pos = next
	}
	return nil
}

// number reads a status or byte count made of digits only and the literal
// after it, as find and set would, and returns where the next field starts;
// 0 means the value is something else ("-", too long, not a number), for
// the general path to judge.
func (s *segment) number(line []byte, pos int, rec *Record) int {
	most := 18 // what parseCount accepts; parseStatus: 3
	if s.kind == kindStatus {
		most = 3
	}
	d, n := shortNumber(line, pos)
	if d == 0 {
		// Near the end of the line, a long number, or none.
		for ; d < most && pos+d < len(line); d++ {
			c := line[pos+d] - '0'
			if c > 9 {
				break
			}
			n = n*10 + int64(c)
		}
	}
	i := pos + d
	if d == 0 || d > most || i == len(line) || line[i] != s.lit0 || !hasLit(line[i:], s.lit) {
		return 0
	}
	if s.kind == kindStatus {
		rec.Status = int(n)
	} else {
		rec.Bytes = n
	}
	return i + len(s.lit)
}

// shortNumber reads the digits at pos in one 8-byte word: it returns how
// many there are and their value when the word fits in the line and holds
// fewer than eight digits, else d = 0 (as when there is no digit).
func shortNumber(line []byte, pos int) (d int, n int64) {
	if pos+8 > len(line) {
		return 0, 0
	}
	w := binary.LittleEndian.Uint64(line[pos:])
	if d = leadingDigits(w); d == 8 {
		return 0, 0
	}
	return d, int64(eightDigits(w << (8 * (8 - d))))
}

// leadingDigits returns how many of the eight bytes of w, first byte
// lowest, are ASCII digits before the first that is not: a digit has the
// high nibble 3 and a low nibble that stays below 16 when 6 is added.
func leadingDigits(w uint64) int {
	notDigit := (w&0xF0F0F0F0F0F0F0F0 ^ 0x3030303030303030) | ((w&0x0F0F0F0F0F0F0F0F)+0x0606060606060606)&0xF0F0F0F0F0F0F0F0
	return bits.TrailingZeros64(notDigit) / 8
}

// eightDigits returns the value of the eight decimal digits of w, first
// byte most significant; only the low nibble of each byte is read, so bytes
// shifted in as zero are leading zeros (Lemire's three-multiply method).
func eightDigits(w uint64) uint64 {
	w &= 0x0F0F0F0F0F0F0F0F
	w = w*10 + w>>8
	return ((w&0x000000FF000000FF)*(100+1000000<<32) + (w>>16&0x000000FF000000FF)*(1+10000<<32)) >> 32
}

// hasLit is bytes.HasPrefix for the short literals of a format, without
// the call to memequal.
func hasLit(b, lit []byte) bool {
	if len(b) < len(lit) {
		return false
	}
	for k := range lit {
		if b[k] != lit[k] {
			return false
		}
	}
	return true
}

// Outcomes of segment.find.
const (
	found         = iota
	foundNoDelim  // the closing literal is missing
	foundBadWidth // a fixed-width value is not followed by its literal
)

// find returns where the field starting at pos ends and where the next field
// starts.
func (s *segment) find(line []byte, pos int) (end, next, res int) {
	var i int
	switch s.mode {
	case scanByte, scanToken:
		if i = bytes.IndexByte(line[pos:], s.lit[0]); i < 0 {
			return 0, 0, foundNoDelim
		}
		return pos + i, pos + i + 1, found
	case scanQuoted:
		i = indexUnescaped(line, pos, s.lit)
	case scanLiteral:
		if i = bytes.Index(line[pos:], s.lit); i >= 0 {
			i += pos
		}
	case scanList:
		i = indexListEnd(line, pos, s.lit)
	case scanWidth:
		end = pos + s.width
		if end > len(line) || !hasLit(line[end:], s.lit) {
			// The line ends inside the value, or the value has the
			// wrong length ("[18/Jul/2023:13:44:16]").
			if end > len(line) && (len(s.lit) == 0 || !bytes.Contains(line[pos:], s.lit)) {
				return 0, 0, foundNoDelim
			}
			return 0, 0, foundBadWidth
		}
		return end, end + len(s.lit), found
	case scanRest:
		if s.last && s.spaceless {
			// Stop at the first blank so that a trailing field is
			// reported as unexpected text (or ignored), not as a bad
			// value.
			for i := pos; i < len(line); i++ {
				if line[i] <= ' ' {
					return i, i, found
				}
			}
		}
		if s.last && s.list {
			i := listEnd(line, pos)
			return i, i, found
		}
		return len(line), len(line), found
	}
	if i < 0 {
		return 0, 0, foundNoDelim
	}
	return i, i + len(s.lit), found
}

// indexListEnd finds lit (which starts with a space) in line at or after
// from, skipping the spaces of the ", " and " : " that join the values of
// a list such as $upstream_status "502, 504 : 200".
func indexListEnd(line []byte, from int, lit []byte) int {
	for i := from; i < len(line); {
		j := bytes.Index(line[i:], lit)
		if j < 0 {
			return -1
		}
		j += i
		inList := j > from && (line[j-1] == ',' || line[j-1] == ':') ||
			j+2 < len(line) && line[j+1] == ':' && line[j+2] == ' '
		if !inList {
			return j
		}
		i = j + 1
	}
	return -1
}

// listEnd returns where a list value that may be followed by ignored text
// ends: at the first blank at or after from that does not join its items
// (the spaces of ", " and " : "), or at the end of the line.
func listEnd(line []byte, from int) int {
	for i := from; i < len(line); i++ {
		if line[i] > ' ' {
			continue
		}
		joins := line[i] == ' ' && (i > from && (line[i-1] == ',' || line[i-1] == ':') ||
			i+2 < len(line) && line[i+1] == ':' && line[i+2] == ' ')
		if !joins {
			return i
		}
	}
	return len(line)
}

// indexUnescaped finds lit in line at or after from, skipping occurrences
// whose first byte is escaped by an odd number of backslashes (Apache's \").
func indexUnescaped(line []byte, from int, lit []byte) int {
	for i := from; i < len(line); {
		j := bytes.IndexByte(line[i:], lit[0])
		if j < 0 {
			return -1
		}
		j += i
		if j == from || line[j-1] != '\\' {
			// Not escaped: the common case.
			if hasLit(line[j:], lit) {
				return j
			}
			i = j + 1
			continue
		}
		k := j
		for k > from && line[k-1] == '\\' {
			k--
		}
		if (j-k)%2 == 0 && hasLit(line[j:], lit) {
			return j
		}
		i = j + 1
	}
	return -1
}

// set stores one field value in rec; false means the value is malformed.
// The caller has checked it for blanks.
func (p *lineParser) set(s *segment, v []byte, rec *Record) bool {
	switch s.kind {
	case kindIgnore:
	case kindExtra:
		if s.count {
			if _, ok := parseCount(v); !ok {
				return false
			}
		}
		rec.Extra[s.extra] = p.text(v)
	case kindClient:
		rec.Client = v
	case kindUser:
		rec.User = p.maybeText(v, FieldUser)
	case kindStatus:
		st, ok := parseStatus(v)
		rec.Status = st
		return ok
	case kindBytes:
		n, ok := parseCount(v)
		rec.Bytes = n
		return ok
	case kindRequest:
		rec.Request = p.text(v)
		// $request_method, $request_uri… win over the request line's
		// parts, whichever comes first in the format.
		m, path, proto := splitRequest(rec.Request)
		if rec.Method == nil {
			rec.Method = m
		}
		if rec.Path == nil {
			rec.Path = path
		}
		if rec.Protocol == nil {
			rec.Protocol = proto
		}
	case kindMethod:
		if m := p.text(v); m != nil {
			rec.Method = m
		}
	case kindPath:
		if path := p.text(v); path != nil {
			rec.Path = path
		}
	case kindProtocol:
		if proto := p.text(v); proto != nil {
			rec.Protocol = proto
		}
	case kindReferer:
		rec.Referer = p.maybeText(v, FieldReferer)
	case kindUserAgent:
		rec.UserAgent = p.maybeText(v, FieldUserAgent)
	case kindHost:
		rec.Host = p.text(v)
	case kindUpstreamStatus:
		rec.UpstreamStatus = v
	case kindUpstreamAddr:
		rec.UpstreamAddr = p.text(v)
	case kindSubStatus:
		rec.SubStatus = p.text(v)
	case kindCacheStatus:
		rec.CacheStatus = p.text(v)
	case kindSeconds, kindMillis, kindMicros:
		d, ok := parseDuration(v, s.kind)
		rec.RequestTime = d
		return ok
	default: // time kinds
		t, ok := p.times.parse(s.kind, v)
		rec.Time = t
		return ok
	}
	return true
}

// indexBlank returns the index of the first byte at or after pos that is
// a space or a control byte, or -1. It reads eight bytes at a time: in
// w - 0x21… & ^w & 0x80…, the lowest byte with its high bit set is the
// first byte below 0x21 (a borrow only starts at such a byte, and bytes
// from 0x80 up are masked out by ^w).
func indexBlank(line []byte, pos int) int {
	_ = line[pos:] // pos >= 0: no bounds check in the loop
	for last := len(line) - 8; pos <= last; pos += 8 {
		w := binary.LittleEndian.Uint64(line[pos:])
		if t := (w - 0x2121212121212121) & ^w & 0x8080808080808080; t != 0 {
			return pos + bits.TrailingZeros64(t)/8
		}
	}
	for ; pos < len(line); pos++ {
		if line[pos] <= ' ' {
			return pos
		}
	}
	return -1
}

func noBlank(v []byte) bool {
	for _, c := range v {
		if c <= ' ' {
			return false
		}
	}
	return true
}

// text returns v unescaped ("-" meaning no value becomes empty). The result
// aliases v when it holds no backslash, else the scratch buffer.
func (p *lineParser) text(v []byte) []byte {
	if len(v) == 1 && v[0] == '-' {
		return nil
	}
	if bytes.IndexByte(v, '\\') < 0 {
		return v
	}
	start := len(p.scratch)
	p.scratch = appendUnescaped(p.scratch, v)
	return p.scratch[start:len(p.scratch):len(p.scratch)]
}

// splitRequest splits "GET /path HTTP/1.1". A request that is not of that
// shape (a TLS handshake sent to a plain-HTTP port, "-") is returned whole as
// the path, with no method or protocol.
func splitRequest(r []byte) (method, path, proto []byte) {
	if len(r) == 0 {
		return nil, nil, nil
	}
	// The method is a token up to the first space: one pass finds the
	// space and checks the bytes before it (methods are a few bytes, too
	// short for IndexByte to pay).
	sp := -1
	for i, c := range r {
		if c == ' ' {
			sp = i
			break
		}
		if !isTokenByte(c) {
			return nil, r, nil
		}
	}
	if sp <= 0 {
		return nil, r, nil
	}
	method, rest := r[:sp], r[sp+1:]
	// Nearly always " HTTP/1.1" or the like ends the request: then the
	// last space is where that starts, with no search.
	if n := len(rest); n >= 9 && rest[n-9] == ' ' && string(rest[n-8:n-3]) == "HTTP/" && rest[n-3] != ' ' && rest[n-2] != ' ' && rest[n-1] != ' ' {
		return method, rest[:n-9], rest[n-8:]
	}
	if last := bytes.LastIndexByte(rest, ' '); last >= 0 && len(rest)-last > 5 && string(rest[last+1:last+6]) == "HTTP/" {
		return method, rest[:last], rest[last+1:]
	}
	return method, rest, nil
}

// isTokenByte reports whether c may be part of an HTTP method.
func isTokenByte(c byte) bool { return c > ' ' && c < 0x7f && c != '"' && c != '\\' }

// parseStatus accepts 1–3 digits or "-".
func parseStatus(v []byte) (int, bool) {
	if len(v) == 1 && v[0] == '-' {
		return StatusNone, true
	}
	if len(v) == 0 || len(v) > 3 {
		return StatusNone, false
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return StatusNone, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// parseCount accepts a non-negative decimal or "-" (returned as -1).
func parseCount(v []byte) (int64, bool) {
	if len(v) == 1 && v[0] == '-' {
		return -1, true
	}
	if len(v) == 0 || len(v) > 18 {
		return -1, false
	}
	var n int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return -1, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// parseDuration reads "0.031" seconds (kindSeconds) or whole milli- or
// microseconds, exactly (integer arithmetic: "0.031" is 31ms). "-" is
// accepted as absent; a value that does not fit a time.Duration is malformed.
func parseDuration(v []byte, k kind) (time.Duration, bool) {
	if len(v) == 1 && v[0] == '-' {
		return -1, true
	}
	unit := time.Second
	switch k {
	case kindMillis:
		unit = time.Millisecond
	case kindMicros:
		unit = time.Microsecond
	}
	maxWhole := int64(math.MaxInt64) / int64(unit)
	var whole, frac int64
	fracUnit := int64(unit)
	seenDot, digits := false, 0
	for _, c := range v {
		switch {
		case c >= '0' && c <= '9':
			digits++
			if !seenDot {
				whole = whole*10 + int64(c-'0')
				if whole > maxWhole {
					return -1, false
				}
			} else if fracUnit >= 10 {
				fracUnit /= 10
				frac += int64(c-'0') * fracUnit
			}
		case c == '.' && !seenDot:
			seenDot = true
		default:
			return -1, false
		}
	}
	if digits == 0 {
		return -1, false
	}
	d := whole*int64(unit) + frac
	if d < 0 { // whole == maxWhole and the fraction overflowed
		return -1, false
	}
	return time.Duration(d), true
}
