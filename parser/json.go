package parser

import (
	"bytes"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// JSON lines (one object per line) are read by a jsonParser under a
// JSONSpec: a layout that maps keys, at the top level or in nested
// objects, to the Record fields they fill. The families of JSON logs
// (generic JSON lines, Cloudflare, Akamai, Caddy) are layouts.

// jrole is the Record field a JSON value fills.
type jrole uint8

const (
	jNone jrole = iota
	jStatus
	jUpstreamStatus
	jUpstreamAddr
	jCacheStatus
	jSubStatus
	jTime
	jEndTime // a time the request ended: RequestTime is it minus jTime
	jClient
	jUser
	jRequest
	jMethod
	jPath
	jQuery
	jProtocol
	jHost
	jBytes
	jReferer
	jUserAgent
	jSeconds // the request's duration in seconds
	jMillis
	jMicros
	jNanos
	jLogger // the logger that wrote the line (Caddy)
	numJRoles
)

// jsonKey is what a layout does with a key's value.
type jsonKey struct {
	role jrole
	// rank orders keys that fill one role: the lowest present wins.
	rank uint8
	// mark: the key is one only the family's logs have (Detect).
	mark bool
	// sub reads an object value with a layout of its own.
	sub *jsonLayout
	// bad is the reason for a value of the key that does not read.
	bad string
}

// jsonLayout maps the keys of one object. byLen holds them by length,
// for lookups that hash nothing: a few keys share a length.
type jsonLayout struct {
	keys  map[string]jsonKey
	byLen [64][]namedKey
}

type namedKey struct {
	name string
	jsonKey
}

// lookup returns what the layout does with key.
func (l *jsonLayout) lookup(key []byte) (jsonKey, bool) {
	if len(key) >= len(l.byLen) {
		return jsonKey{}, false
	}
	for _, k := range l.byLen[len(key)] {
		if k.name == string(key) {
			return k.jsonKey, true
		}
	}
	return jsonKey{}, false
}

// index fills byLen from keys, in l and its nested layouts.
func (l *jsonLayout) index() {
	for name, k := range l.keys {
		if len(name) < len(l.byLen) {
			l.byLen[len(name)] = append(l.byLen[len(name)], namedKey{name, k})
		}
		if k.sub != nil {
			k.sub.index()
		}
	}
}

// JSONSpec is a Spec of JSON lines: a family's layout, or one given with
// --format json:status=KEY,….
type JSONSpec struct {
	name string
	root *jsonLayout
	// statusKey names the status in the reason of a line without one;
	// noStatus is that reason, fix how to get a status into the log.
	statusKey, noStatus, fix string
	// percent decodes %XX in the referer and user agent; plus also + as a
	// space (form encoding).
	percent, plus bool
	// cacheBool: the cache status is 1 (hit) or 0 (miss), written HIT or
	// MISS.
	cacheBool bool
	// logger: lines whose jLogger value does not start with it are not
	// requests (ErrSkip); "" reads every line.
	logger string
	// marked: the layout has mark keys; Detect wants one in the lines.
	marked bool
}

// Name returns the family's name, or "json".
func (s *JSONSpec) Name() string { return s.name }

// ExtraNames returns nil: keys logstat does not interpret are dropped.
func (s *JSONSpec) ExtraNames() []string { return nil }

// NewParser returns a parser with its own buffers.
func (s *JSONSpec) NewParser() Parser { return &jsonParser{s: s} }

// Reasons of the JSON parsers.
const (
	ReasonJSONNotObject = "not a JSON object"
	ReasonJSONSyntax    = "bad JSON"
	ReasonJSONTrailing  = "text after the JSON object"
)

// jval is the value found for a role on the current line.
type jval struct {
	v    []byte // a string's content (escapes not decoded), or a number or literal
	str  bool   // v was a JSON string
	rank uint8
	set  bool
	bad  string // the key's reason for a bad value
}

// jsonParser parses the lines of one JSONSpec.
type jsonParser struct {
	s       *JSONSpec
	vals    [numJRoles]jval
	touched uint32 // the roles with a value on this line
	marked  bool   // a mark key was on the line
	scratch []byte
	times   timeCache
	raw     Fields
	err     LineError
}

// Raw implements the Raw interface.
func (p *jsonParser) Raw(f Fields) { p.raw = f }

func (p *jsonParser) fail(reason string, off int) error {
	p.err = LineError{Reason: reason, Offset: off}
	return &p.err
}

// Parse implements Parser. A line of the family's log that is not a
// request (Caddy's other messages) returns ErrSkip.
func (p *jsonParser) Parse(line []byte, rec *Record) error {
	rec.reset(0)
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) == 0 {
		return p.fail(ReasonEmpty, 0)
	}
	start := skipWS(line, containerPrefix(line))
	if start == len(line) || line[start] != '{' {
		return p.fail(ReasonJSONNotObject, start)
	}
	for t := p.touched; t != 0; t &= t - 1 {
		p.vals[bits.TrailingZeros32(t)] = jval{}
	}
	p.touched, p.marked = 0, false
	end, ok := p.object(line, start, p.s.root, 0)
	if !ok {
		return p.fail(ReasonJSONSyntax, end)
	}
	if end = skipWS(line, end); end != len(line) {
		return p.fail(ReasonJSONTrailing, end)
	}
	if p.s.logger != "" && !bytes.HasPrefix(p.vals[jLogger].v, []byte(p.s.logger)) {
		return ErrSkip
	}
	if !p.vals[jStatus].set {
		return p.fail(p.s.noStatus, start)
	}
	// Decoded values go to scratch, made big enough for all of them so
	// that it never moves while this line's values point into it.
	if need := 2*len(line) + 16; cap(p.scratch) < need {
		p.scratch = make([]byte, 0, need+need/4)
	}
	p.scratch = p.scratch[:0]
	return p.fill(line, rec)
}

// object reads the object at line[i] (a '{') with layout l and returns the
// index after it; ok is false on a syntax error, the index saying where.
func (p *jsonParser) object(line []byte, i int, l *jsonLayout, depth int) (int, bool) {
	i = skipWS(line, i+1)
	if i < len(line) && line[i] == '}' {
		return i + 1, true
	}
	for {
		if i >= len(line) || line[i] != '"' {
			return i, false
		}
		ke := stringEnd(line, i+1)
		if ke < 0 {
			return len(line), false
		}
		key := line[i+1 : ke]
		if i = skipWS(line, ke+1); i >= len(line) || line[i] != ':' {
			return i, false
		}
		i = skipWS(line, i+1)
		k, found := l.lookup(key)
		var ok bool
		switch {
		case found && k.sub != nil && i < len(line) && line[i] == '{' && depth < maxJSONDepth:
			i, ok = p.object(line, i, k.sub, depth+1)
		case found:
			i, ok = p.value(line, i, k)
		default:
			i, ok = skipValue(line, i)
		}
		if !ok {
			return i, false
		}
		if i = skipWS(line, i); i >= len(line) {
			return i, false
		}
		switch line[i] {
		case '}':
			return i + 1, true
		case ',':
			i = skipWS(line, i+1)
		default:
			return i, false
		}
	}
}

// value reads the value at line[i] for key k, keeping it when k's role
// has no value yet or a worse-ranked one, and returns the index after it.
func (p *jsonParser) value(line []byte, i int, k jsonKey) (int, bool) {
	end, ok := skipValue(line, i)
	if !ok {
		return end, false
	}
	p.marked = p.marked || k.mark
	if k.role == jNone {
		return end, true
	}
	var v jval
	switch line[i] {
	case '"':
		v = jval{v: line[i+1 : end-1], str: true}
	case '[':
		if v.v = firstString(line, i); v.v == nil {
			return end, true
		}
		v.str = true
	case '{':
		return end, true
	default:
		if v.v = line[i:end]; string(v.v) == "null" {
			return end, true
		}
	}
	if cur := &p.vals[k.role]; !cur.set || k.rank < cur.rank {
		v.rank, v.set, v.bad = k.rank, true, k.bad
		*cur = v
		p.touched |= 1 << k.role
	}
	return end, true
}

// text returns a string value decoded (a number as written); "" and "-"
// are no value.
func (p *jsonParser) text(r jrole) []byte {
	v := p.vals[r]
	if !v.set || len(v.v) == 0 || len(v.v) == 1 && v.v[0] == '-' {
		return nil
	}
	if !v.str || bytes.IndexByte(v.v, '\\') < 0 {
		return v.v
	}
	start := len(p.scratch)
	p.scratch = appendJSONUnescaped(p.scratch, v.v)
	return p.scratch[start:len(p.scratch):len(p.scratch)]
}

// kept is text, but keeps a "-" (an upstream status as logged).
func (p *jsonParser) kept(r jrole) []byte {
	if v := p.vals[r]; v.set && len(v.v) == 1 && v.v[0] == '-' {
		return v.v
	}
	return p.text(r)
}

// header returns a referer or user agent, percent-decoded when the spec
// says so, unless it is to be left raw.
func (p *jsonParser) header(r jrole, f Fields) []byte {
	if p.raw&f != 0 {
		return dashNil(p.vals[r].v)
	}
	v := p.text(r)
	if !p.s.percent || bytes.IndexByte(v, '%') < 0 && !(p.s.plus && bytes.IndexByte(v, '+') >= 0) {
		return v
	}
	start := len(p.scratch)
	p.scratch = appendPercentDecoded(p.scratch, v, p.s.plus)
	return p.scratch[start:len(p.scratch):len(p.scratch)]
}

// offset returns where a value of the line starts in it.
func offset(line, v []byte) int { return cap(line) - cap(v) }

// fill stores the values found in rec.
func (p *jsonParser) fill(line []byte, rec *Record) error {
	if !p.numbers(rec) {
		for r := range numJRoles {
			if v := p.vals[r]; v.set && !p.numberOK(jrole(r)) {
				return p.fail(v.bad, offset(line, v.v))
			}
		}
	}
	rec.Client, rec.User, rec.Host = p.text(jClient), p.text(jUser), p.text(jHost)
	rec.UpstreamStatus, rec.UpstreamAddr = p.kept(jUpstreamStatus), p.text(jUpstreamAddr)
	rec.SubStatus, rec.CacheStatus = p.text(jSubStatus), p.cache()
	rec.Referer, rec.UserAgent = p.header(jReferer, FieldReferer), p.header(jUserAgent, FieldUserAgent)
	p.request(rec)
	return nil
}

// request fills the request line, method, path and protocol: from the
// request line, or from their own keys, which win.
func (p *jsonParser) request(rec *Record) {
	rec.Request = p.text(jRequest)
	rec.Method, rec.Path, rec.Protocol = splitRequest(rec.Request)
	if m := p.text(jMethod); m != nil {
		rec.Method = m
	}
	if proto := p.text(jProtocol); proto != nil {
		rec.Protocol = proto
	}
	if path := p.text(jPath); path != nil {
		rec.Path = path
		if q := p.text(jQuery); q != nil && bytes.IndexByte(path, '?') < 0 {
			start := len(p.scratch)
			p.scratch = append(append(append(p.scratch, path...), '?'), q...)
			rec.Path = p.scratch[start:len(p.scratch):len(p.scratch)]
		}
	}
	if rec.Request == nil && (rec.Method != nil || rec.Path != nil) {
		start := len(p.scratch)
		for _, part := range [3][]byte{rec.Method, rec.Path, rec.Protocol} {
			if len(part) > 0 {
				if len(p.scratch) > start {
					p.scratch = append(p.scratch, ' ')
				}
				p.scratch = append(p.scratch, part...)
			}
		}
		rec.Request = p.scratch[start:len(p.scratch):len(p.scratch)]
	}
}

// cache returns the cache status, HIT or MISS for a cacheBool layout's
// 1 or 0.
func (p *jsonParser) cache() []byte {
	v := p.text(jCacheStatus)
	if p.s.cacheBool && len(v) == 1 {
		switch v[0] {
		case '1':
			return cacheHit
		case '0':
			return cacheMiss
		}
	}
	return v
}

var cacheHit, cacheMiss = []byte("HIT"), []byte("MISS")

// numbers reads the status, byte count, times and durations into rec;
// false when one of them is not a value of its kind.
func (p *jsonParser) numbers(rec *Record) bool {
	ok := true
	st, good := parseStatus(p.vals[jStatus].v)
	rec.Status, ok = st, ok && good
	if v := p.vals[jBytes]; v.set {
		n, good := parseCount(dashOr(v.v))
		rec.Bytes, ok = n, ok && good
	}
	if v := p.vals[jTime]; v.set {
		t, good := p.jsonTime(v.v)
		rec.Time, ok = t, ok && good
		if e := p.vals[jEndTime]; e.set && good {
			if end, good := p.jsonTime(e.v); good && !end.Before(t) {
				rec.RequestTime = end.Sub(t)
			}
		}
	}
	for _, r := range [...]jrole{jSeconds, jMillis, jMicros, jNanos} {
		if v := p.vals[r]; v.set {
			d, good := jsonDuration(v.v, r)
			rec.RequestTime, ok = d, ok && good
		}
	}
	return ok
}

// numberOK reports whether the value of a numeric role reads (numbers
// found a bad one: this says which).
func (p *jsonParser) numberOK(r jrole) bool {
	v := p.vals[r].v
	switch r {
	case jStatus:
		_, ok := parseStatus(v)
		return ok
	case jBytes:
		_, ok := parseCount(dashOr(v))
		return ok
	case jTime:
		_, ok := p.jsonTime(v)
		return ok
	case jSeconds, jMillis, jMicros, jNanos:
		_, ok := jsonDuration(v, r)
		return ok
	}
	return true // text
}

// dashOr returns "-" for an empty value (nginx escape=json writes a
// missing one as "").
func dashOr(v []byte) []byte {
	if len(v) == 0 {
		return dashValue
	}
	return v
}

var dashValue = []byte("-")

// jsonDuration reads a duration in the unit of role r; "-" and "" are
// no value.
func jsonDuration(v []byte, r jrole) (time.Duration, bool) {
	v = dashOr(v)
	switch r {
	case jMillis:
		return parseDuration(v, kindMillis)
	case jMicros:
		return parseDuration(v, kindMicros)
	case jNanos:
		if len(v) == 1 && v[0] == '-' {
			return -1, true
		}
		return parseNanos(v)
	}
	if d, ok := parseDuration(v, kindSeconds); ok {
		return d, true
	}
	// 7.314e-05, as some encoders write small floats.
	if bytes.IndexAny(v, "eE") < 0 {
		return -1, false
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || f < 0 || f > 1e9 {
		return -1, false
	}
	return time.Duration(f * float64(time.Second)), true
}

// jsonTime reads a time as JSON logs write it: RFC 3339 (nginx's
// $time_iso8601), nginx's $time_local (with or without brackets), or a
// number of seconds (a fraction allowed), milliseconds, microseconds or
// nanoseconds since 1970, told apart by the digits before any point.
func (p *jsonParser) jsonTime(v []byte) (time.Time, bool) {
	switch {
	case len(v) >= 20 && v[4] == '-':
		return p.times.parse(kindTimeISO, v)
	case len(v) == 28 && v[0] == '[':
		return p.times.parse(kindTimeCLFBracket, v)
	case len(v) == 26 && v[2] == '/':
		return p.times.parse(kindTimeCLF, v)
	}
	return unixTime(v)
}

// unixTime reads a number of seconds, milliseconds, microseconds or
// nanoseconds since 1970 by its count of whole digits: up to 10, 13, 16
// or 19 (nanoseconds without a fraction).
func unixTime(v []byte) (time.Time, bool) {
	whole := bytes.IndexByte(v, '.')
	if whole < 0 {
		whole = len(v)
	}
	var d time.Duration
	ok := false
	switch {
	case whole == 0 || whole > 19:
	case whole <= 10:
		d, ok = parseDuration(v, kindSeconds)
	case whole <= 13:
		d, ok = parseDuration(v, kindMillis)
	case whole <= 16:
		d, ok = parseDuration(v, kindMicros)
	default:
		d, ok = parseNanos(v)
	}
	if !ok || d < 0 {
		return time.Time{}, false
	}
	return time.Unix(0, int64(d)).UTC(), true
}

// jsonField is a key of a layout, or a dotted path to a key of a nested
// object ("request.uri"), and the role its value fills.
type jsonField struct {
	path string
	role jrole
	mark bool
}

// newJSONSpec builds a spec from its fields. Among the fields of one
// role, the one listed first that a line has wins. The first status field
// names the status in the reason of a line without one.
func newJSONSpec(name string, fields []jsonField) *JSONSpec {
	s := &JSONSpec{name: name, root: &jsonLayout{keys: map[string]jsonKey{}}}
	var ranks [numJRoles]uint8
	for _, f := range fields {
		l := s.root
		keys := strings.Split(f.path, ".")
		for _, k := range keys[:len(keys)-1] {
			outer := l.keys[k]
			if outer.sub == nil {
				outer.sub = &jsonLayout{keys: map[string]jsonKey{}}
				l.keys[k] = outer
			}
			l = outer.sub
		}
		k := l.keys[keys[len(keys)-1]]
		k.role, k.rank, k.mark, k.bad = f.role, ranks[f.role], f.mark, "bad value in "+f.path
		l.keys[keys[len(keys)-1]] = k
		ranks[f.role]++
		s.marked = s.marked || f.mark
		if f.role == jStatus && s.statusKey == "" {
			s.statusKey = f.path
		}
	}
	s.root.index()
	s.noStatus = "no " + s.statusKey + " field"
	s.fix = "name the status key with --format json:status=KEY"
	return s
}

// parseNanos reads up to 19 digits as nanoseconds.
func parseNanos(v []byte) (time.Duration, bool) {
	if len(v) == 0 || len(v) > 19 {
		return -1, false
	}
	var n uint64
	for _, c := range v {
		if c < '0' || c > '9' {
			return -1, false
		}
		n = n*10 + uint64(c-'0')
	}
	if n > 1<<63-1 {
		return -1, false
	}
	return time.Duration(n), true
}
