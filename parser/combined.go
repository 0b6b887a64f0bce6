package parser

import "bytes"

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
	// The client, a token ended by a space, then "- " for the identity.
	i := indexBlank(line, 0)
	if i <= 0 || i+2 >= n || line[i] != ' ' || line[i+1] != '-' || line[i+2] != ' ' {
		return false
	}
	rec.Client = line[:i]
	pos := i + 3
	// The user: "-" or a value up to the space before the time.
	if pos+1 < n && line[pos] == '-' && line[pos+1] == ' ' {
		rec.User = nil
		pos += 2
	} else {
		j := bytes.IndexByte(line[pos:], ' ')
		if j < 0 {
			return false
		}
		rec.User = p.maybeText(line[pos:pos+j], FieldUser)
		pos += j + 1
	}
	// [18/Jul/2023:13:44:16 +0000] "
	if pos+30 > n || line[pos] != '[' || line[pos+27] != ']' || line[pos+28] != ' ' || line[pos+29] != '"' {
		return false
	}
	t, ok := p.times.parse(kindTimeCLFBracket, line[pos:pos+28])
	if !ok {
		return false
	}
	rec.Time = t
	pos += 30
	// "request" and the status.
	end := indexUnescaped(line, pos, litQuoteSpace)
	if end < 0 {
		return false
	}
	rec.Request = p.text(line[pos:end])
	rec.Method, rec.Path, rec.Protocol = splitRequest(rec.Request)
	pos = end + 2
	d, status := lineNumber(line, pos)
	if d == 0 || d > 3 || pos+d >= n || line[pos+d] != ' ' {
		return false
	}
	rec.Status = int(status)
	pos += d + 1
	// The byte count, "-" or digits, then ` "` (combined) or the end.
	if pos < n && line[pos] == '-' {
		rec.Bytes = -1
		pos++
	} else {
		d, count := lineNumber(line, pos)
		if d == 0 {
			return false
		}
		rec.Bytes = count
		pos += d
	}
	if p.f.fast == fastCommon {
		return p.endCommon(line, pos, rec)
	}
	if pos+2 > n || line[pos] != ' ' || line[pos+1] != '"' {
		return false
	}
	pos += 2
	// "referer" "user agent", the last ending the line.
	if end = indexUnescaped(line, pos, litQuoteSpaceQuote); end < 0 {
		return false
	}
	rec.Referer = p.maybeText(line[pos:end], FieldReferer)
	pos = end + 3
	if end = indexUnescaped(line, pos, litQuote); end != n-1 {
		// Text after the user agent, which a preset ignores.
		if end < 0 || !p.f.trailing || !isSeparator(line[end+1]) || !trailingFields(line, end+1) {
			return false
		}
		p.trail = end + 1
	}
	rec.UserAgent = p.maybeText(line[pos:end], FieldUserAgent)
	return true
}

// lineNumber is shortNumber also near the end of the line, where fewer
// than eight bytes are left: how many digits there are at pos (0 for
// none, or for eight or more) and their value.
func lineNumber(line []byte, pos int) (d int, v int64) {
	if pos+8 <= len(line) {
		return shortNumber(line, pos)
	}
	for ; pos+d < len(line) && line[pos+d]-'0' < 10; d++ {
		v = v*10 + int64(line[pos+d]-'0')
	}
	return d, v
}

// endCommon ends a common line after its byte count, at pos: the line
// ends there, or ignored fields follow (a preset).
func (p *lineParser) endCommon(line []byte, pos int, rec *Record) bool {
	rec.Referer, rec.UserAgent = nil, nil
	if pos == len(line) {
		return true
	}
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
