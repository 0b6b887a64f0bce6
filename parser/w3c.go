package parser

import (
	"bytes"
	"strconv"
	"strings"
	"time"
)

// W3C is the W3C extended log file format as IIS, the Windows HTTP Server
// API and H-Sphere's Winbox (IIS) log plugin write it: directive lines
// starting with "#", of which "#Fields:" names the columns of the lines
// that follow it, and space- (or tab-) separated columns in which "-" is no
// value and IIS writes a space as "+".
//
// The layout comes from the log, so a W3C parser has state: it reads
// "#Fields:" lines as they come (they may reappear mid-file with other
// columns). A reader that hands a log to several parsers in pieces gives each
// piece the header lines in force where it starts, through HeaderParser.
type W3C struct {
	// HSphere names the format "hsphere-iis": the log of an H-Sphere Winbox
	// (IIS) site, which says "#Software: H-Sphere log plugin".
	HSphere bool
}

// Name returns "w3c", or "hsphere-iis" for an H-Sphere Winbox log.
func (w W3C) Name() string {
	if w.HSphere {
		return hsphereIIS
	}
	return "w3c"
}

// ExtraNames returns nil: columns logstat does not interpret are dropped.
func (W3C) ExtraNames() []string { return nil }

// NewParser returns a parser that has seen no header yet.
func (W3C) NewParser() Parser { return &w3cParser{} }

// HeaderParser is implemented by parsers whose reading of a line depends on
// header lines before it (W3C's "#Fields:"). A reader that cuts a log into
// chunks parsed apart calls, before each chunk, SetHeader(nil) and then
// SetHeader with each header line in force at the chunk's start (for W3C:
// the latest line starting with one of W3CHeaderPrefixes, of each prefix),
// so that every chunk parses as it would have in one pass over the log.
type HeaderParser interface {
	// SetHeader reads line, a header line, as Parse would; nil forgets
	// every header read so far (the start of an input).
	SetHeader(line []byte)
}

// W3CHeaderPrefixes start the W3C directive lines a W3C parser keeps state
// from; the other directives (#Version, #Date, #Remark...) change nothing.
var W3CHeaderPrefixes = [...]string{w3cSoftware, w3cFields}

const (
	w3cSoftware = "#Software:"
	w3cFields   = "#Fields:"
)

// The W3C family: IIS and any other writer of W3C extended logs.
var _ = Register(Family{
	Name:           "w3c",
	Aliases:        []string{"iis"},
	Doc:            "W3C extended (IIS): columns from the #Fields header",
	New:            noArg("w3c", func() Spec { return W3C{} }),
	Detect:         func(lines [][]byte) Detection { return detectW3C(W3C{}, lines) },
	HeaderPrefixes: W3CHeaderPrefixes[:],
})

// detectW3C parses the sample lines with spec when they hold W3C
// directives (#Software:, #Version:, #Fields:). It fits when a request
// line parses, or when every line is a directive (a log of restarts
// without traffic), so that a "#Fields:" line among junk does not make
// junk W3C.
func detectW3C(spec Spec, lines [][]byte) Detection {
	for _, l := range lines {
		for _, pre := range []string{w3cSoftware, "#Version:", w3cFields} {
			if bytes.HasPrefix(l, []byte(pre)) {
				return detectSkipping(spec, lines)
			}
		}
	}
	return Detection{}
}

// Reasons of the W3C parser that do not depend on the header.
const (
	ReasonW3CNoHeader = "no #Fields header before this line"
	ReasonW3CNoStatus = "the #Fields header has no sc-status column"
)

// w3cRole is a Record field a W3C column fills.
type w3cRole uint8

const (
	roleDate w3cRole = iota
	roleTime
	roleClient
	roleUser
	roleMethod
	roleStem
	roleQuery
	roleProtocol
	roleStatus
	roleSubStatus
	roleBytes
	roleTimeTaken
	roleUserAgent
	roleReferer
	roleHost     // cs-host, cs(Host): the Host header
	roleSiteName // s-sitename: the host when there is no cs-host
	roleCache    // a cache's verdict (CloudFront's x-edge-result-type)
	roleDetail   // says more than roleCache (x-edge-detailed-result-type)
	numRoles
)

// w3cDialect is what a family of W3C logs adds to the W3C extended format:
// the columns it names (they win over w3cColumns), and whether its text
// values are percent-encoded (%20 for a space).
type w3cDialect struct {
	columns map[string]w3cRole
	percent bool
}

// w3cColumns maps W3C field identifiers (compared without case) to roles.
var w3cColumns = map[string]w3cRole{
	"date":           roleDate,
	"time":           roleTime,
	"c-ip":           roleClient,
	"cs-username":    roleUser,
	"cs-method":      roleMethod,
	"cs-uri-stem":    roleStem,
	"cs-uri-query":   roleQuery,
	"cs-version":     roleProtocol,
	"sc-status":      roleStatus,
	"sc-substatus":   roleSubStatus,
	"sc-bytes":       roleBytes,
	"time-taken":     roleTimeTaken,
	"cs(user-agent)": roleUserAgent,
	"cs(referer)":    roleReferer,
	"cs-host":        roleHost,
	"cs(host)":       roleHost,
	"s-sitename":     roleSiteName,
}

// w3cReasons are the bad-value reasons per role, so that a malformed line
// costs no allocation.
var w3cReasons = [numRoles]string{
	roleDate:      "bad value in date",
	roleTime:      "bad value in time",
	roleStatus:    "bad value in sc-status",
	roleBytes:     "bad value in sc-bytes",
	roleTimeTaken: "bad value in time-taken",
}

// w3cParser parses W3C lines under the latest #Fields header it has read.
type w3cParser struct {
	dialect   *w3cDialect // nil for plain W3C
	hasFields bool
	// fields is the #Fields line the layout (ncols, col, short, long) was
	// made from; it is kept after SetHeader(nil) so that a chunk's header
	// is not compiled again.
	fields   []byte
	ncols    int            // columns the header names
	col      [numRoles]int  // column of each role, -1 when absent
	short    map[int]string // "3 columns, the #Fields header has 14"
	long     string         // reason for a line with too many columns
	software []byte         // value of the latest #Software directive
	vals     [][]byte       // the current line's columns
	scratch  []byte         // built values: path with query, request, user agent
	raw      Fields         // fields left as logged
	err      LineError

	// The last date and time columns and the time they gave.
	lastDate  [16]byte
	lastClock [24]byte
	lastDN    int
	lastCN    int
	lastTime  time.Time
	lastValid bool
}

// Raw implements the Raw interface: a raw user agent keeps IIS's "+" for
// spaces.
func (p *w3cParser) Raw(f Fields) { p.raw = f }

func (p *w3cParser) fail(reason string, off int) error {
	p.err = LineError{Reason: reason, Offset: off}
	return &p.err
}

// SetHeader implements HeaderParser.
func (p *w3cParser) SetHeader(line []byte) {
	if line == nil {
		p.hasFields = false
		p.software = p.software[:0]
		return
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) > 0 && line[0] == '#' {
		p.directive(line)
	}
}

// Software returns the value of the latest #Software directive read.
func (p *w3cParser) Software() string { return string(p.software) }

// directive reads a line that starts with "#".
func (p *w3cParser) directive(line []byte) {
	switch {
	case bytes.HasPrefix(line, []byte(w3cFields)):
		p.setFields(line)
	case bytes.HasPrefix(line, []byte(w3cSoftware)):
		p.software = append(p.software[:0], directiveValue(line[len(w3cSoftware):])...)
	}
	// #Version, #Date, #Start-Date, #End-Date, #Remark and anything else
	// starting with "#" change nothing.
}

// directiveValue trims a directive's value and the "// comment" some
// writers put after it (a "//" inside a value, as in "http://", stays).
func directiveValue(v []byte) []byte {
	for i := 1; i+1 < len(v); i++ {
		if v[i] == '/' && v[i+1] == '/' && (v[i-1] == ' ' || v[i-1] == '\t') {
			v = v[:i]
			break
		}
	}
	return bytes.Trim(v, " \t")
}

// setFields takes the column layout of a #Fields line.
func (p *w3cParser) setFields(line []byte) {
	if p.fields != nil && bytes.Equal(line, p.fields) {
		p.hasFields = true // IIS repeats its header after every restart
		return
	}
	p.hasFields = true
	p.fields = append(p.fields[:0], line...)
	for i := range p.col {
		p.col[i] = -1
	}
	n := 0
	var own [numRoles]bool // the role's column is the dialect's
	for name := range strings.FieldsSeq(string(directiveValue(line[len(w3cFields):]))) {
		name = strings.ToLower(name)
		if role, ok := p.dialect.column(name); ok && !own[role] {
			p.col[role], own[role] = n, true
		} else if role, ok := w3cColumns[name]; ok && p.col[role] < 0 {
			p.col[role] = n
		}
		n++
	}
	if p.col[roleHost] < 0 {
		p.col[roleHost] = p.col[roleSiteName]
	}
	p.ncols = n
	clear(p.short)
	p.long = "more columns than the " + strconv.Itoa(n) + " of the #Fields header (a value with a blank?)"
	if cap(p.vals) < n {
		p.vals = make([][]byte, 0, n)
	}
}

// shortReason says that a line has n columns, fewer than the header's.
func (p *w3cParser) shortReason(n int) string {
	if r, ok := p.short[n]; ok {
		return r
	}
	unit := " columns"
	if n == 1 {
		unit = " column"
	}
	r := strconv.Itoa(n) + unit + ", the #Fields header has " + strconv.Itoa(p.ncols)
	if p.short == nil {
		p.short = map[int]string{}
	}
	if len(p.short) < 64 {
		p.short[n] = r
	}
	return r
}

// Parse implements Parser. A directive line (it starts with "#") returns
// ErrSkip after it is read.
func (p *w3cParser) Parse(line []byte, rec *Record) error {
	rec.reset(0)
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) == 0 {
		return p.fail(ReasonEmpty, 0)
	}
	if line[0] == '#' {
		p.directive(line)
		return ErrSkip
	}
	if !p.hasFields {
		return p.fail(ReasonW3CNoHeader, 0)
	}
	if p.col[roleStatus] < 0 {
		return p.fail(ReasonW3CNoStatus, 0)
	}

	// Split into columns at runs of blanks: IIS separates with spaces,
	// CloudFront with tabs.
	vals := p.vals[:0]
	tabs := bytes.IndexByte(line, '\t') >= 0
	for i := 0; ; {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			break
		}
		start := i
		if tabs {
			for i < len(line) && line[i] != ' ' && line[i] != '\t' {
				i++
			}
		} else if j := bytes.IndexByte(line[i:], ' '); j >= 0 {
			i += j
		} else {
			i = len(line)
		}
		if len(vals) == p.ncols {
			p.vals = vals
			return p.fail(p.long, start)
		}
		vals = append(vals, line[start:i])
	}
	p.vals = vals
	if len(vals) < p.ncols {
		return p.fail(p.shortReason(len(vals)), len(line))
	}

	// Values built from several columns go to scratch, which is made big
	// enough for all of them so that it never moves while this line's
	// values point into it.
	if need := 4*len(line) + 8; cap(p.scratch) < need {
		p.scratch = make([]byte, 0, need+need/4)
	}
	p.scratch = p.scratch[:0]

	get := func(r w3cRole) []byte {
		if c := p.col[r]; c >= 0 {
			return vals[c]
		}
		return nil
	}
	off := func(v []byte) int { return cap(line) - cap(v) }

	st, ok := parseStatus(vals[p.col[roleStatus]])
	rec.Status = st
	if !ok {
		return p.fail(w3cReasons[roleStatus], off(vals[p.col[roleStatus]]))
	}
	if v := get(roleBytes); v != nil {
		n, ok := parseCount(v)
		rec.Bytes = n
		if !ok {
			return p.fail(w3cReasons[roleBytes], off(v))
		}
	}
	if v := get(roleTimeTaken); v != nil {
		// IIS logs whole milliseconds; the W3C draft (and CloudFront)
		// decimal seconds.
		k := kindMillis
		if bytes.IndexByte(v, '.') >= 0 {
			k = kindSeconds
		}
		d, ok := parseDuration(v, k)
		rec.RequestTime = d
		if !ok {
			return p.fail(w3cReasons[roleTimeTaken], off(v))
		}
	}
	// Without a date column (the W3C draft allows the #Date directive to
	// give it) the time of day alone is not a time: Time stays zero.
	if date := get(roleDate); date != nil {
		clock := get(roleTime)
		t, role, ok := p.stamp(date, clock)
		if !ok {
			at := date
			if role == roleTime {
				at = clock
			}
			return p.fail(w3cReasons[role], off(at))
		}
		rec.Time = t
	}

	rec.Client = dashNil(get(roleClient))
	rec.User = dashNil(get(roleUser))
	rec.Method = dashNil(get(roleMethod))
	rec.Protocol = dashNil(get(roleProtocol))
	rec.SubStatus = dashNil(get(roleSubStatus))
	rec.Host = dashNil(get(roleHost))
	rec.CacheStatus = dashNil(get(roleCache))
	if d := dashNil(get(roleDetail)); !bytes.Equal(d, rec.CacheStatus) {
		rec.SubStatus = d
	}

	rec.Path = dashNil(get(roleStem))
	if q := dashNil(get(roleQuery)); len(q) > 0 {
		start := len(p.scratch)
		p.scratch = append(p.scratch, rec.Path...)
		p.scratch = append(p.scratch, '?')
		p.scratch = append(p.scratch, q...)
		rec.Path = p.scratch[start:len(p.scratch):len(p.scratch)]
	}
	if rec.Method != nil || rec.Path != nil || rec.Protocol != nil {
		start := len(p.scratch)
		for _, part := range [3][]byte{rec.Method, rec.Path, rec.Protocol} {
			if len(part) == 0 {
				continue
			}
			if len(p.scratch) > start {
				p.scratch = append(p.scratch, ' ')
			}
			p.scratch = append(p.scratch, part...)
		}
		rec.Request = p.scratch[start:len(p.scratch):len(p.scratch)]
	}

	rec.UserAgent = p.text(dashNil(get(roleUserAgent)), FieldUserAgent)
	rec.Referer = p.text(dashNil(get(roleReferer)), FieldReferer)
	return nil
}

// column returns the role a dialect gives a column.
func (d *w3cDialect) column(name string) (w3cRole, bool) {
	if d == nil {
		return 0, false
	}
	r, ok := d.columns[name]
	return r, ok
}

// text decodes a user agent or referer unless it is to be left raw: %XX
// in a percent-encoding dialect, else IIS's + for a space in a user agent.
func (p *w3cParser) text(v []byte, f Fields) []byte {
	switch {
	case p.raw&f != 0:
		return v
	case p.dialect != nil && p.dialect.percent:
		if bytes.IndexByte(v, '%') < 0 {
			return v
		}
		start := len(p.scratch)
		p.scratch = appendPercentDecoded(p.scratch, v, false)
		return p.scratch[start:len(p.scratch):len(p.scratch)]
	case f != FieldUserAgent || bytes.IndexByte(v, '+') < 0:
		return v
	}
	start := len(p.scratch)
	for _, c := range v {
		if c == '+' {
			c = ' '
		}
		p.scratch = append(p.scratch, c)
	}
	return p.scratch[start:len(p.scratch):len(p.scratch)]
}

// dashNil returns nil for "-", W3C's no value.
func dashNil(v []byte) []byte {
	if len(v) == 1 && v[0] == '-' {
		return nil
	}
	return v
}

// stamp reads the date ("2015-01-13") and time ("00:32:17", fractions of
// a second allowed) columns as UTC; a missing or "-" time is midnight, a
// "-" date no time at all. On a bad value it returns the role at fault.
func (p *w3cParser) stamp(date, clock []byte) (time.Time, w3cRole, bool) {
	if p.lastValid && p.lastDN == len(date) && p.lastCN == len(clock) &&
		string(p.lastDate[:p.lastDN]) == string(date) && string(p.lastClock[:p.lastCN]) == string(clock) {
		return p.lastTime, 0, true
	}
	if len(date) == 1 && date[0] == '-' {
		return time.Time{}, 0, true
	}
	if len(date) != 10 || date[4] != '-' || date[7] != '-' {
		return time.Time{}, roleDate, false
	}
	year, ok1 := digits(date[0:4])
	mon, ok2 := digits(date[5:7])
	day, ok3 := digits(date[8:10])
	if !(ok1 && ok2 && ok3) || mon < 1 || mon > 12 || day < 1 || day > 31 {
		return time.Time{}, roleDate, false
	}
	var hh, mm, ss, nsec int
	if len(clock) > 0 && !(len(clock) == 1 && clock[0] == '-') {
		if len(clock) < 8 || clock[2] != ':' || clock[5] != ':' {
			return time.Time{}, roleTime, false
		}
		var ok4, ok5, ok6 bool
		hh, ok4 = digits(clock[0:2])
		mm, ok5 = digits(clock[3:5])
		ss, ok6 = digits(clock[6:8])
		if !(ok4 && ok5 && ok6) || !valid(day, hh, mm, ss) {
			return time.Time{}, roleTime, false
		}
		if rest := clock[8:]; len(rest) > 0 {
			if rest[0] != '.' || len(rest) == 1 || len(rest) > 10 {
				return time.Time{}, roleTime, false
			}
			scale := 100000000
			for _, c := range rest[1:] {
				if c < '0' || c > '9' {
					return time.Time{}, roleTime, false
				}
				nsec += int(c-'0') * scale
				scale /= 10
			}
		}
	}
	t := time.Date(year, time.Month(mon), day, hh, mm, ss, nsec, time.UTC)
	if len(clock) <= len(p.lastClock) {
		p.lastDN = copy(p.lastDate[:], date)
		p.lastCN = copy(p.lastClock[:], clock)
		p.lastTime, p.lastValid = t, true
	}
	return t, 0, true
}
