package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Clean makes a value from a log safe to print on a terminal: control
// characters (C0, DEL, C1: the start of every ANSI escape sequence), bidi
// overrides and invalid UTF-8 are written as visible escapes (\x1b, \u202e),
// and the result is cut to max runes with "…" (max <= 0: no limit).
func Clean(s string, max int) string {
	return clean(s, max, true)
}

// CleanJSON keeps a log value as it is except for invalid UTF-8, which is
// written as \xHH text so that the JSON stays valid and nothing is lost
// silently. Control characters are left to the JSON encoder's escaping.
func CleanJSON(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return clean(s, 0, false)
}

func clean(s string, max int, controls bool) string {
	cut := max > 0 && utf8.RuneCountInString(s) > max
	if !cut && !needsCleaning(s, controls) {
		return s
	}
	var b strings.Builder
	for i, runes := 0, 0; i < len(s); runes++ {
		if cut && runes == max-1 {
			b.WriteString("…")
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case controls && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)):
			fmt.Fprintf(&b, `\x%02x`, r)
		case controls && isBidi(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsCleaning(s string, controls bool) bool {
	if !utf8.ValidString(s) {
		return true
	}
	if !controls {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidi(r) {
			return true
		}
	}
	return false
}

// isBidi reports the Unicode bidirectional embedding, override and isolate
// controls, which can make a terminal show text in another order.
func isBidi(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}
