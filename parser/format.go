package parser

import (
	"bytes"
	"fmt"
	"strings"
)

// kind says how a field's value is interpreted.
type kind uint8

const (
	kindExtra          kind = iota // kept as a named field in Record.Extra
	kindIgnore                     // parsed over, not kept (Apache %l)
	kindClient                     // $remote_addr, %h
	kindUser                       // $remote_user, %u
	kindTimeCLF                    // 18/Jul/2023:13:44:16 +0000 ($time_local)
	kindTimeCLFBracket             // [18/Jul/2023:13:44:16 +0000] (%t)
	kindTimeISO                    // 2023-07-18T13:44:16+00:00 ($time_iso8601)
	kindTimeUnix                   // 1689688256.123 ($msec, %{sec}t, %{msec_frac}...)
	kindTimeUnixMilli              // %{msec}t
	kindTimeUnixMicro              // %{usec}t
	kindRequest                    // GET /x HTTP/1.1
	kindMethod                     // $request_method, %m
	kindPath                       // $request_uri, $uri, %U
	kindProtocol                   // $server_protocol, %H
	kindStatus                     // $status, %>s
	kindBytes                      // $body_bytes_sent, %b, %B, %O
	kindReferer                    // $http_referer, %{Referer}i
	kindUserAgent                  // $http_user_agent, %{User-Agent}i
	kindHost                       // $host, %v
	kindSeconds                    // $request_time, %T: decimal seconds
	kindMillis                     // %{ms}T
	kindMicros                     // %D, %{us}T
	kindUpstreamStatus             // $upstream_status
	kindUpstreamAddr               // $upstream_addr
	kindSubStatus                  // $sent_http_x_err_code, IIS sc-substatus
	kindCacheStatus                // $upstream_cache_status
)

// slot is the Record field a kind fills: the time kinds all fill Time and
// the duration kinds all fill RequestTime, so they compete for one slot.
func (k kind) slot() kind {
	switch k {
	case kindTimeCLF, kindTimeCLFBracket, kindTimeISO, kindTimeUnix, kindTimeUnixMilli, kindTimeUnixMicro:
		return kindTimeCLF
	case kindSeconds, kindMillis, kindMicros:
		return kindSeconds
	}
	return k
}

// spaceless reports whether a value of kind k never contains a space or a
// control byte: such a value holding one is malformed (the line has more
// fields than the format), and a last field of that kind stops at the first
// one so that the rest of the line is reported as unexpected text.
func (k kind) spaceless() bool {
	switch k {
	case kindClient, kindStatus, kindBytes, kindSeconds, kindMillis, kindMicros,
		kindTimeUnix, kindTimeUnixMilli, kindTimeUnixMicro, kindMethod, kindProtocol:
		return true
	}
	return false
}

// dashIsEmpty reports whether set stores nothing for the value "-" of
// kind k, leaving the Record as reset: "-" means no value.
func (k kind) dashIsEmpty() bool {
	switch k {
	case kindClient, kindUpstreamStatus:
		return false // kept as logged
	case kindTimeCLF, kindTimeCLFBracket, kindTimeISO, kindTimeUnix, kindTimeUnixMilli, kindTimeUnixMicro:
		return false // "-" is no time: malformed
	}
	return true
}

// blanklessItems reports whether the items of a list field never hold a
// blank: status codes, addresses, times, byte counts, cache statuses; not
// the headers ($upstream_http_server "nginx/1.24 (Ubuntu)").
func blanklessItems(t token) bool {
	if t.kind == kindUpstreamStatus || t.kind == kindUpstreamAddr {
		return true
	}
	for _, p := range []string{"$upstream_http_", "$upstream_cookie_", "$upstream_trailer_"} {
		if strings.HasPrefix(t.name, p) {
			return false
		}
	}
	return strings.HasPrefix(t.name, "$upstream_")
}

// fixedWidth is the length of values that contain a space and so cannot be
// delimited by the literal that follows them.
var fixedWidth = map[kind]int{
	kindTimeCLF:        len("18/Jul/2023:13:44:16 +0000"),
	kindTimeCLFBracket: len("[18/Jul/2023:13:44:16 +0000]"),
}

// token is one piece of a format string as the nginx and Apache front ends
// see it: a literal, or a field with the name it had in the format.
type token struct {
	lit  string
	name string // "$status", "%>s"; empty for a literal
	kind kind
	pos  int // byte offset in the format string
	// rank orders competing fields of the same kind: the lowest rank is
	// interpreted, the others are kept as extras (%>s beats %s).
	rank int
	// spaceless: the value never holds a blank, whatever its kind (%I, %p).
	spaceless bool
	// count: the value is a byte count, digits or "-", whatever its kind
	// (%I, or a %O that %b outranks).
	count bool
}

// scanMode is how a segment's value is delimited.
type scanMode uint8

const (
	scanByte    scanMode = iota // up to a one-byte literal
	scanToken                   // a value without blanks up to a single space
	scanLiteral                 // up to a longer literal
	scanQuoted                  // up to a literal, skipping \" escapes
	scanList                    // up to a literal, skipping list separators
	scanWidth                   // a fixed number of bytes
	scanRest                    // to the end of the line (or a blank: see find)
)

// segment is a compiled field and the literal that ends it.
type segment struct {
	kind   kind
	name   string
	width  int    // fixed value length, 0 when the literal delimits the value
	extra  int    // index in Record.Extra for kindExtra
	lit    []byte // the literal after the field; empty: the field runs to end of line
	quoted bool   // field sits between double quotes: skip backslash-escaped quotes
	last   bool   // last field: its literal must end the line
	// mode says how find locates the end of the value (computed once).
	mode scanMode
	// checkBlank: the value must hold no blank (a space or a control
	// byte); scanToken finds the first one, so a value it ends at a space
	// needs no second look.
	checkBlank bool
	// spaceless: the value never holds a blank, so when it is last and
	// runs to the end of the line, a blank starts unexpected text.
	spaceless bool
	// list: the value is a list joined by ", " or " : " ($upstream_status,
	// $upstream_addr…), so a space delimiter next to a comma or colon is
	// part of the value.
	list bool
	// count: a byte count kept as an extra must still be digits or "-"
	// (so that "0.016" is never read as bytes).
	count bool
	// dashEmpty: a value "-" right before the literal is what find would
	// find, and stores nothing (the Record's reset value stands), so Parse
	// may step over it without find or set.
	dashEmpty bool
	// digits: the value is a status or a byte count whose end find would
	// find right after its digits (the literal starts with no digit), so
	// Parse may read the number while it delimits it.
	digits bool
	lit0   byte // lit[0], 0 when lit is empty

	// Reasons precomputed so that a malformed line costs no allocation.
	errDelim, errValue, errTrailing string
}

// Format is a compiled log format. It is immutable and safe for concurrent
// use; it implements Spec.
//
// The formats of the presets, and those Detect infers from them, ignore
// trailing text: a line that matches the format to its last field and goes
// on after a space or a tab parses, the rest being ignored. A last field
// that may hold blanks and has no closing literal (an unquoted user agent)
// then runs to the end of the line; a list ($upstream_status "502, 504")
// ends at the first blank that does not join its items. The formats of
// format strings are strict: such a line is malformed.
type Format struct {
	name   string
	source string
	syntax string // "nginx" or "apache"
	prefix []byte
	segs   []segment
	extras []string
	// trailing: text after the last field is ignored when a space or a
	// tab starts it.
	trailing bool
	// fast: the format is common or combined, whose lines Parse reads
	// with parseCombined first.
	fast fastShape
}

// Name returns the preset name, or "custom".
func (f *Format) Name() string { return f.name }

// Source returns the format string the Format was compiled from.
func (f *Format) Source() string { return f.source }

// Syntax returns "nginx" or "apache".
func (f *Format) Syntax() string { return f.syntax }

// ExtraNames names the fields stored in Record.Extra, in order.
func (f *Format) ExtraNames() []string { return f.extras }

// NewParser returns a parser for f with its own scratch buffers.
func (f *Format) NewParser() Parser { return &lineParser{f: f} }

// build validates tokens and compiles them into a Format, which ignores
// trailing text when trailing is set.
func build(name, source, syntax string, toks []token, trailing bool) (*Format, error) {
	bad := func(pos int, msg string, args ...any) error {
		return &FormatError{Format: source, Pos: pos, Msg: fmt.Sprintf(msg, args...)}
	}
	// Merge neighbouring literals.
	var merged []token
	for _, t := range toks {
		if t.name == "" && len(merged) > 0 && merged[len(merged)-1].name == "" {
			merged[len(merged)-1].lit += t.lit
			continue
		}
		if t.name == "" && t.lit == "" {
			continue
		}
		merged = append(merged, t)
	}
	if len(merged) == 0 {
		return nil, bad(0, "the format is empty")
	}

	// One interpreted field per kind: the lowest rank wins, the rest are extras.
	best := map[kind]int{}
	seen := map[string]int{}
	for i, t := range merged {
		if t.name == "" {
			continue
		}
		if prev, dup := seen[t.name]; dup {
			return nil, bad(t.pos, "%s appears twice (first at byte %d)", t.name, merged[prev].pos)
		}
		seen[t.name] = i
		if t.kind == kindExtra || t.kind == kindIgnore {
			continue
		}
		if j, ok := best[t.kind.slot()]; !ok || t.rank < merged[j].rank {
			best[t.kind.slot()] = i
		}
	}
	f := &Format{name: name, source: source, syntax: syntax, trailing: trailing}
	for i, t := range merged {
		if t.name == "" {
			if i == 0 {
				f.prefix = []byte(t.lit)
			}
			continue
		}
		if i > 0 && merged[i-1].name != "" {
			return nil, bad(t.pos, "%s follows %s with nothing between them, so the two cannot be told apart", t.name, merged[i-1].name)
		}
		s := segment{kind: t.kind, name: t.name, width: fixedWidth[t.kind], spaceless: t.spaceless || t.kind.spaceless(), count: t.count}
		if s.kind != kindExtra && s.kind != kindIgnore && best[s.kind.slot()] != i {
			s.kind = kindExtra
		}
		if s.kind == kindExtra {
			s.extra = len(f.extras)
			f.extras = append(f.extras, t.name)
		}
		if i+1 < len(merged) {
			s.lit = []byte(merged[i+1].lit)
		}
		// The field is last when nothing or only its closing literal follows.
		s.last = i+1 >= len(merged)-1
		s.quoted = i > 0 && strings.HasSuffix(merged[i-1].lit, `"`) && bytes.HasPrefix(s.lit, []byte{'"'})
		// A literal " : " after a list cannot be told from its separator:
		// then the first one ends the value. A last list of items without
		// blanks ends at the first blank outside the list, which starts
		// trailing text (ignored, or unexpected).
		upstream := t.kind == kindUpstreamStatus || strings.HasPrefix(t.name, "$upstream_")
		s.list = upstream && !s.quoted &&
			(len(s.lit) > 0 && s.lit[0] == ' ' && !bytes.HasPrefix(s.lit, []byte(" :")) || len(s.lit) == 0 && blanklessItems(t))
		switch {
		case s.width > 0:
			s.mode = scanWidth
		case len(s.lit) == 0:
			s.mode = scanRest
		case s.quoted:
			s.mode = scanQuoted
		case s.list:
			s.mode = scanList
		case len(s.lit) == 1 && s.lit[0] == ' ' && s.spaceless:
			s.mode = scanToken
		case len(s.lit) == 1:
			s.mode = scanByte
		default:
			s.mode = scanLiteral
		}
		s.checkBlank = s.spaceless
		delimited := !s.last && (s.mode == scanByte || s.mode == scanToken || s.mode == scanLiteral || s.mode == scanQuoted)
		s.dashEmpty = delimited && s.lit[0] != '-' && s.kind.dashIsEmpty()
		s.digits = delimited && !s.quoted && (s.kind == kindStatus || s.kind == kindBytes) && (s.lit[0] < '0' || s.lit[0] > '9')
		if len(s.lit) > 0 {
			s.lit0 = s.lit[0]
		}
		if s.quoted {
			s.errDelim = "unterminated quote in " + t.name
		} else {
			s.errDelim = "line ends inside " + t.name
		}
		s.errValue = "bad value in " + t.name
		s.errTrailing = fmt.Sprintf("unexpected text after %s (the log has more fields than the format)", t.name)
		f.segs = append(f.segs, s)
	}
	if _, ok := best[kindStatus]; !ok {
		return nil, bad(0, "the format has no status field ($status or %%>s), and status codes are what logstat reports")
	}
	f.fast = f.shape()
	return f, nil
}
