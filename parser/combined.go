package parser

import (
	"bytes"
	"encoding/binary"
)

// The combined log format (nginx's default, Apache's combined, H-Sphere's
// transfer log) and the Common Log Format it extends are most of what
// logstat reads, so their lines take a fast path: parseCombined reads the
// layout straight through, without the per-segment dispatch of Parse. It
// is optimistic: it handles only lines that parse cleanly with the
// commonest values ("-" for the identity), and returns false on anything
// else, for Parse to read the line again the general way. What it stores for a line it accepts is exactly what the
// general way stores; the line fuzzers and the fixture tests check that
// against parseReference.

// fastShape is the layout a Format's lines are read with first.
type fastShape uint8

const (
	fastNone     fastShape = iota
	fastCommon             // %h %l %u %t "%r" %>s %b
	fastCombined           // common, then "%{Referer}i" "%{User-Agent}i"
)

// shape tells whether f is common or combined, in either spelling:
// Apache's %h %l %u %t "%r" %>s %b ["%{Referer}i" "%{User-Agent}i"] or
// nginx's $remote_addr - $remote_user [$time_local] "$request" $status
// $body_bytes_sent ["$http_referer" "$http_user_agent"].
func (f *Format) shape() fastShape {
	type step struct {
		kind kind
		lit  string
	}
	apache := []step{{kindClient, " "}, {kindIgnore, " "}, {kindUser, " "}, {kindTimeCLFBracket, ` "`},
		{kindRequest, `" `}, {kindStatus, " "}}
	nginx := []step{{kindClient, " - "}, {kindUser, " ["}, {kindTimeCLF, `] "`},
		{kindRequest, `" `}, {kindStatus, " "}}
	common := []step{{kindBytes, ""}}
	combined := []step{{kindBytes, ` "`}, {kindReferer, `" "`}, {kindUserAgent, `"`}}
	matches := func(want []step) bool {
		if len(f.segs) != len(want) {
			return false
		}
		for i, w := range want {
			if s := &f.segs[i]; s.kind != w.kind || string(s.lit) != w.lit {
				return false
			}
		}
		return true
	}
	head := apache
	if f.syntax == "nginx" {
		head = nginx
	}
	switch {
	case len(f.prefix) != 0 || len(f.extras) != 0:
	case matches(append(head[:len(head):len(head)], combined...)) && f.segs[len(f.segs)-1].quoted:
		return fastCombined
	case matches(append(head[:len(head):len(head)], common...)):
		return fastCommon
	}
	return fastNone
}

// parseCombined parses line, without its line end, into rec as Parse
// would, setting every field of rec (none is reset before), or returns false
// having found something unusual (rec and the scratch buffer are then to
// be reset).
func (p *lineParser) parseCombined(line []byte, rec *Record) bool {
	n := len(line)
	// The fields combined has not; the others are all set below.
	rec.Host, rec.UpstreamStatus, rec.UpstreamAddr, rec.SubStatus, rec.CacheStatus = nil, nil, nil, nil, nil
	rec.RequestTime = -1
	rec.Extra = rec.Extra[:0]
	pos := p.head(line, rec)
	if pos < 0 {
		return false
	}
	// "request" and the status.
	end := p.request(line, pos, rec)
	if end < 0 {
		return false
	}
	if pos = statusAndBytes(line, end+2, rec); pos < 0 {
		return false
	}
	if p.f.fast == fastCommon {
		rec.Referer, rec.UserAgent = nil, nil
		return pos == n || p.endCommon(line, pos)
	}
	return p.refererAndAgent(line, pos, rec)
}

// dashReferer is `-" "`, first byte lowest: a "-" referer (none), nearly
// half of them, and the user agent's opening quote.
const dashReferer = 0x2220222d

// refererAndAgent reads ` "referer" "user agent"` from pos into rec, the
// user agent ending the line (or a preset's ignored text), and returns
// false on anything else.
func (p *lineParser) refererAndAgent(line []byte, pos int, rec *Record) bool {
	n := len(line)
	if pos+2 > n || line[pos] != ' ' || line[pos+1] != '"' {
		return false
	}
	pos += 2
	if pos+4 <= n && binary.LittleEndian.Uint32(line[pos:]) == dashReferer {
		rec.Referer = nil
		pos += 4
	} else {
		end := refererEnd(line, pos)
		if end < 0 {
			return false
		}
		rec.Referer = p.maybeText(line[pos:end], FieldReferer)
		pos = end + 3
	}
	// Nearly always the user agent's first quote ends the line, with no
	// backslash before it that could escape it (line[pos-1] is the
	// opening quote).
	end := bytes.IndexByte(line[pos:], '"') + pos
	if end < pos || end != n-1 || line[end-1] == '\\' {
		if end = indexUnescaped(line, pos, litQuote); end != n-1 {
			// Text after the user agent, which a preset ignores.
			if end < 0 || !p.f.trailing || !isSeparator(line[end+1]) || !trailingFields(line, end+1) {
				return false
			}
			p.trail = end + 1
		}
	}
	rec.UserAgent = p.maybeText(line[pos:end], FieldUserAgent)
	return true
}

// refererEnd returns where the referer starting at pos ends, at the `" "`
// before the user agent, or -1. Nearly always that is its first quote, not
// escaped (line[pos-1] is the opening quote). With no quote at all, end is
// pos-1, and line[end+2], the first byte of a line with no quote, is not
// a quote.
func refererEnd(line []byte, pos int) int {
	end := bytes.IndexByte(line[pos:], '"') + pos
	if end+2 < len(line) && line[end+1] == ' ' && line[end+2] == '"' && line[end-1] != '\\' {
		return end
	}
	return indexUnescaped(line, pos, litQuoteSpaceQuote)
}

// spaceQuote is ` "`, first byte lowest.
const spaceQuote = 0x2220

// dashDash is " - - [", first byte lowest: no identity, no user, the time.
const dashDash = 0x5b202d202d20

// head reads the client, the identity ("-"), the user and the time into
// rec, and returns where the request starts, after its quote, or -1.
func (p *lineParser) head(line []byte, rec *Record) int {
	n := len(line)
	// The client, a token ended by a space, then "- " for the identity
	// and the user, nearly always "-" too.
	i := indexBlank(line, 0)
	if i <= 0 {
		return -1
	}
	rec.Client = line[:i]
	pos := i + 5
	if i+8 > n || binary.LittleEndian.Uint64(line[i:])&0xffffffffffff != dashDash {
		if pos = p.user(line, i, rec); pos < 0 {
			return -1
		}
	} else {
		rec.User = nil
	}
	// [18/Jul/2023:13:44:16 +0000] " : the brackets are the time's, which
	// the cache holds only when they are there (parse checks them).
	if pos+30 > n || binary.LittleEndian.Uint16(line[pos+28:]) != spaceQuote {
		return -1
	}
	if v := (*[28]byte)(line[pos:]); p.times.isLastCLF(v) {
		rec.Time = p.times.last
	} else if t, ok := p.times.parse(kindTimeCLFBracket, v[:]); ok {
		rec.Time = t
	} else {
		return -1
	}
	return pos + 30
}

// user reads " - " and the user after the client, ending at i, and
// returns where the time starts, or -1.
func (p *lineParser) user(line []byte, i int, rec *Record) int {
	n := len(line)
	if i+2 >= n || line[i] != ' ' || line[i+1] != '-' || line[i+2] != ' ' {
		return -1
	}
	pos := i + 3
	if pos+1 < n && line[pos] == '-' && line[pos+1] == ' ' {
		rec.User = nil
		return pos + 2
	}
	j := bytes.IndexByte(line[pos:], ' ')
	if j < 0 {
		return -1
	}
	rec.User = p.maybeText(line[pos:pos+j], FieldUser)
	return pos + j + 1
}

// request reads the quoted request at pos into rec and returns where its
// closing quote is, or -1.
func (p *lineParser) request(line []byte, pos int, rec *Record) int {
	// Nearly always the request holds no quote and no backslash: the
	// first of either is then its closing quote, with nothing to decode.
	end := bytes.IndexByte(line[pos:], '"') + pos
	if end >= pos && end+1 < len(line) && line[end+1] == ' ' && bytes.IndexByte(line[pos:end], '\\') < 0 {
		rec.Request = plain(line[pos:end])
		if !splitPlainRequest(rec.Request, rec) {
			rec.Method, rec.Path, rec.Protocol = splitRequest(rec.Request)
		}
		return end
	}
	if end = indexUnescaped(line, pos, litQuoteSpace); end < 0 {
		return -1
	}
	rec.Request = p.text(line[pos:end])
	rec.Method, rec.Path, rec.Protocol = splitRequest(rec.Request)
	return end
}

// statusAndBytes reads the status at pos, a space and the byte count ("-"
// or digits) into rec, and returns where they end, or -1. It takes only
// the commonest status, three digits (the general path reads the others),
// and calls nothing: it needs no stack frame.
func statusAndBytes(line []byte, pos int, rec *Record) int {
	status, d := status3(line, pos)
	if d == 0 {
		return -1
	}
	pos += 4
	w := wordAt(line, pos) // the line is longer than 8 bytes: head read 30
	if byte(w) == '-' {
		rec.Status, rec.Bytes = status, -1
		return pos + 1
	}
	d, count := wordNumber(w)
	if d == 0 {
		return -1
	}
	rec.Status, rec.Bytes = status, count
	return pos + d
}

// status3 reads the commonest status, three digits and a space, at pos in
// one 4-byte word, and returns it and 3; d = 0 when there is something else.
func status3(line []byte, pos int) (status, d int) {
	if pos+4 > len(line) {
		return 0, 0
	}
	u := binary.LittleEndian.Uint32(line[pos:])
	// As leadingDigits: digits have the high nibble 3 and a low one that
	// stays below 16 when 6 is added.
	if u&0xfff0f0f0 != 0x20303030 || (u&0x0f0f0f+0x060606)&0xf0f0f0 != 0 {
		return 0, 0
	}
	return int(u&0xf)*100 + int(u>>8&0xf)*10 + int(u>>16&0xf), 3
}

// endCommon ends a common line whose byte count ends at pos, before the
// end of the line: ignored fields may follow (a preset).
func (p *lineParser) endCommon(line []byte, pos int) bool {
	if !p.f.trailing || !isSeparator(line[pos]) || !trailingFields(line, pos) {
		return false
	}
	p.trail = pos
	return true
}

var (
	litQuote           = []byte(`"`)
	litQuoteSpace      = []byte(`" `)
	litQuoteSpaceQuote = []byte(`" "`)
)
