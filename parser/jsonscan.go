package parser

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// A JSON line is scanned in place: the scanner finds the values of the
// keys a layout names and steps over the rest (nested objects, arrays,
// strings with escapes) without decoding them, without reflection and
// without allocating. It is lenient where leniency costs nothing (a "]"
// may close a "{"), strict where a wrong guess would misread a value.

// maxJSONDepth bounds the nested objects a layout descends into.
const maxJSONDepth = 8

// jsonWS reports whether c is JSON white space.
func jsonWS(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// skipWS returns the index of the first byte at or after i that is not
// white space.
func skipWS(line []byte, i int) int {
	for i < len(line) && jsonWS(line[i]) {
		i++
	}
	return i
}

// stringEnd returns the index of the quote that closes the string whose
// content starts at from, or -1.
func stringEnd(line []byte, from int) int {
	for i := from; ; i += 2 { // past an escape and the byte it escapes
		if i = quoteOrEscape(line, i); i < 0 || line[i] == '"' {
			return i
		}
	}
}

// quoteOrEscape returns the index of the first '"' or '\\' at or after
// i, or -1. It reads eight bytes at a time: a byte equal to c is a zero
// byte of w^c, and in x - 0x01… & ^x & 0x80… the lowest byte with its high
// bit set is the first zero byte of x.
func quoteOrEscape(line []byte, i int) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(line); i += 8 {
		w := binary.LittleEndian.Uint64(line[i:])
		q, b := w^0x2222222222222222, w^0x5c5c5c5c5c5c5c5c
		if t := ((q-lo)&^q | (b-lo)&^b) & hi; t != 0 {
			return i + bits.TrailingZeros64(t)/8
		}
	}
	for ; i < len(line); i++ {
		if line[i] == '"' || line[i] == '\\' {
			return i
		}
	}
	return -1
}

// scalarEnd returns where the number or literal starting at i ends.
func scalarEnd(line []byte, i int) int {
	for i < len(line) {
		switch c := line[i]; {
		case c == ',' || c == '}' || c == ']' || c == ':' || c == '"' || c == '{' || c == '[' || jsonWS(c):
			return i
		}
		i++
	}
	return i
}

// skipValue returns the index after the value starting at i; ok is false
// when it is not a value (the index is then where that shows).
func skipValue(line []byte, i int) (int, bool) {
	if i >= len(line) {
		return i, false
	}
	switch line[i] {
	case '"':
		e := stringEnd(line, i+1)
		if e < 0 {
			return len(line), false
		}
		return e + 1, true
	case '{', '[':
		return skipNested(line, i)
	}
	e := scalarEnd(line, i)
	return e, e > i
}

// skipNested returns the index after the object or array starting at i.
func skipNested(line []byte, i int) (int, bool) {
	depth := 0
	for j := i; j < len(line); j++ {
		switch line[j] {
		case '"':
			e := stringEnd(line, j+1)
			if e < 0 {
				return len(line), false
			}
			j = e
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return j + 1, true
			}
		}
	}
	return len(line), false
}

// firstString returns the content of the first element of the array at i
// when it is a string ("User-Agent": ["curl/8.0"]), else nil.
func firstString(line []byte, i int) []byte {
	j := skipWS(line, i+1)
	if j >= len(line) || line[j] != '"' {
		return nil
	}
	e := stringEnd(line, j+1)
	if e < 0 {
		return nil
	}
	return line[j+1 : e]
}

// appendJSONUnescaped appends the content of a JSON string with its escapes
// decoded: \" \\ \/ \b \f \n \r \t and \uXXXX (a surrogate pair as one
// rune). An escape that is not one is kept as written.
func appendJSONUnescaped(dst, v []byte) []byte {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' || i+1 == len(v) {
			dst = append(dst, c)
			continue
		}
		switch e := v[i+1]; e {
		case '"', '\\', '/':
			dst = append(dst, e)
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, n := unicodeEscape(v[i:])
			if n == 0 {
				dst = append(dst, c)
				continue
			}
			dst = utf8.AppendRune(dst, r)
			i += n - 1
			continue
		default:
			dst = append(dst, c)
			continue
		}
		i++
	}
	return dst
}

// unicodeEscape reads \uXXXX (and a low surrogate's \uXXXX after a high
// one) at the start of v: the rune and the bytes read, 0 when v does not
// start with one.
func unicodeEscape(v []byte) (rune, int) {
	r, ok := hex4(v)
	if !ok {
		return 0, 0
	}
	if r >= 0xD800 && r < 0xDC00 {
		if lo, ok := hex4(v[6:]); ok && lo >= 0xDC00 && lo < 0xE000 {
			return (r-0xD800)<<10 | (lo - 0xDC00) + 0x10000, 12
		}
		return utf8.RuneError, 6
	}
	return r, 6
}

// hex4 reads \uXXXX at the start of v.
func hex4(v []byte) (rune, bool) {
	if len(v) < 6 || v[0] != '\\' || v[1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range v[2:6] {
		if !isHex(c) {
			return 0, false
		}
		r = r<<4 | rune(unhex(c))
	}
	return r, true
}

// appendPercentDecoded appends v with %XX decoded, and with + as a space
// when plus is set (form encoding). A % not followed by two hex digits is
// kept as written.
func appendPercentDecoded(dst, v []byte, plus bool) []byte {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '%' && i+2 < len(v) && isHex(v[i+1]) && isHex(v[i+2]):
			dst = append(dst, unhex(v[i+1])<<4|unhex(v[i+2]))
			i += 2
		case c == '+' && plus:
			dst = append(dst, ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// containerPrefix returns where a line's JSON starts after the prefix
// docker compose writes before each line ("caddy  | ", "web-1  | "): 0
// when there is none.
func containerPrefix(line []byte) int {
	if len(line) > 0 && line[0] == '{' {
		return 0
	}
	i := 0
	for i < len(line) && i < 64 && line[i] > ' ' && line[i] != '|' {
		i++
	}
	if i == 0 {
		return 0
	}
	for i < len(line) && line[i] == ' ' {
		i++
	}
	if i < len(line) && line[i] == '|' {
		if i+1 < len(line) && line[i+1] == ' ' {
			return i + 2
		}
		return i + 1
	}
	return 0
}
