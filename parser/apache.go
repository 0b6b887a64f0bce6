package parser

import "strings"

// apacheKnown lists every mod_log_config directive letter. Those not given a
// kind by apacheKind are kept as extra fields.
const apacheKnown = "aABbCDefhHiIklLmnopPqrRsStTuUvVXO"

// apacheSpaceless lists the directives whose values never hold a blank:
// addresses, numbers, ports, ids, the method and the protocol.
const apacheSpaceless = "aABbDhHIkLmOpPsSTX"

// apacheCounts lists the directives whose values are byte counts: digits,
// or "-" (%b, %B, and mod_logio's %I, %O, %S).
const apacheCounts = "bBIOS"

// CompileApache compiles an Apache LogFormat string such as
// `%h %l %u %t \"%r\" %>s %b`. Backslash escapes as written in httpd.conf
// (\" \\ \t \n) are accepted. A line with text after the format's last
// field is malformed.
func CompileApache(name, format string) (*Format, error) {
	return compileApache(name, format, false)
}

// compileApache is CompileApache; with trailing, the format ignores text
// that follows its last field after a space or a tab (see Format).
func compileApache(name, format string, trailing bool) (*Format, error) {
	src, at := unescapeConfPos(format)
	var toks []token
	lit := strings.Builder{}
	flush := func() {
		if lit.Len() > 0 {
			toks = append(toks, token{lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(src); {
		if src[i] != '%' {
			lit.WriteByte(src[i])
			i++
			continue
		}
		start := i
		i++
		if i < len(src) && src[i] == '%' {
			lit.WriteByte('%')
			i++
			continue
		}
		// Modifiers: < or >, a status condition (!200,304), {argument}.
		var redirect byte
		var arg string
		for i < len(src) {
			c := src[i]
			switch {
			case c == '<' || c == '>':
				redirect = c
				i++
				continue
			case c == '!' || c == ',' || c >= '0' && c <= '9':
				i++
				continue
			case c == '{':
				end := strings.IndexByte(src[i:], '}')
				if end < 0 {
					return nil, &FormatError{Format: format, Pos: at(start), Msg: "%{ without a closing }"}
				}
				arg = src[i+1 : i+end]
				i += end + 1
				continue
			}
			break
		}
		if i >= len(src) {
			return nil, &FormatError{Format: format, Pos: at(start), Msg: "the format ends inside a % directive"}
		}
		letter := string(src[i])
		if src[i] == '^' && i+2 < len(src) && (src[i+1:i+3] == "ti" || src[i+1:i+3] == "to") {
			letter = src[i : i+3]
		} else if !strings.Contains(apacheKnown, letter) {
			return nil, &FormatError{Format: format, Pos: at(start), Msg: "unknown Apache directive %" + letter}
		}
		i += len(letter)
		flush()
		t := token{name: src[start:i], pos: at(start)}
		t.kind, t.rank = apacheKind(letter, arg, redirect)
		t.spaceless = strings.Contains(apacheSpaceless, letter)
		t.count = strings.Contains(apacheCounts, letter)
		toks = append(toks, t)
	}
	flush()
	return build(name, format, "apache", toks, trailing)
}

// apacheKind says how logstat interprets a directive.
func apacheKind(letter, arg string, redirect byte) (kind, int) {
	switch letter {
	case "a":
		if arg == "" || arg == "c" {
			return kindClient, 0
		}
	case "h":
		return kindClient, 1
	case "l":
		return kindIgnore, 0
	case "u":
		return kindUser, 0
	case "t":
		switch strings.TrimPrefix(strings.TrimPrefix(arg, "begin:"), "end:") {
		case "":
			return kindTimeCLFBracket, 0
		case "sec":
			return kindTimeUnix, 1
		case "msec":
			return kindTimeUnixMilli, 1
		case "usec":
			return kindTimeUnixMicro, 1
		}
	case "r":
		return kindRequest, 0
	case "m":
		return kindMethod, 0
	case "U":
		return kindPath, 1
	case "H":
		return kindProtocol, 0
	case "s":
		switch redirect {
		case '>':
			return kindStatus, 0
		case '<':
			return kindStatus, 2
		}
		return kindStatus, 1
	case "b":
		return kindBytes, 0
	case "B":
		return kindBytes, 1
	case "O":
		return kindBytes, 2
	case "v":
		return kindHost, 0
	case "V":
		return kindHost, 1
	case "i":
		switch strings.ToLower(arg) {
		case "referer":
			return kindReferer, 0
		case "user-agent":
			return kindUserAgent, 0
		case "host":
			return kindHost, 2
		}
	case "o":
		if strings.EqualFold(arg, "X-Err-Code") {
			return kindSubStatus, 0
		}
	case "D":
		return kindMicros, 0
	case "T":
		switch arg {
		case "", "s":
			return kindSeconds, 1
		case "ms":
			return kindMillis, 1
		case "us":
			return kindMicros, 1
		}
	}
	return kindExtra, 0
}

// unescapeConfPos decodes the backslash escapes of a quoted string in an
// httpd.conf: \" \' \\ \t \n \r. It also returns a function mapping a
// byte offset in the decoded string back to the offset in s, so that a
// FormatError points into the format as the user wrote it.
func unescapeConfPos(s string) (string, func(int) int) {
	if !strings.Contains(s, `\`) {
		return s, func(i int) int { return i }
	}
	var b strings.Builder
	var orig []int // orig[j]: offset in s of decoded byte j
	for i := 0; i < len(s); i++ {
		orig = append(orig, i)
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '"', '\'', '\\':
				b.WriteByte(s[i+1])
				i++
				continue
			case 't':
				b.WriteByte('\t')
				i++
				continue
			case 'n':
				b.WriteByte('\n')
				i++
				continue
			case 'r':
				b.WriteByte('\r')
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String(), func(j int) int {
		if j < len(orig) {
			return orig[j]
		}
		return len(s)
	}
}
