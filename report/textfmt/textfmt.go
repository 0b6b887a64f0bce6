// Package textfmt writes values for people: log values made safe to show
// (Clean for a terminal, CleanJSON for JSON) and numbers, sizes, shares and
// durations as the reports write them.
//
// It is the leaf of the report packages: report/catalog, report/diagnose,
// report and report/render all use it, and it uses none of them.
package textfmt

import (
	"fmt"
	"strconv"
	"strings"
	"time"
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

// Num writes 1234567 as "1,234,567".
func Num(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Percent writes a percentage (12.345) with two decimals: "12.35%".
func Percent(p float64) string {
	return strconv.FormatFloat(p, 'f', 2, 64) + "%"
}

// Size writes a byte count with binary units: "512 B", "1.5 KiB".
func Size(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// Span writes a duration as "3d 4h 5m", "2h 0m 16s" or "42s".
func Span(d time.Duration) string {
	d = d.Round(time.Second)
	days, h := int64(d/(24*time.Hour)), int64(d/time.Hour)%24
	m, sec := int64(d/time.Minute)%60, int64(d/time.Second)%60
	switch {
	case days > 0:
		return fmt.Sprintf("%dd %dh %dm", days, h, m)
	case h > 0:
		return fmt.Sprintf("%dh %dm %ds", h, m, sec)
	case m > 0:
		return fmt.Sprintf("%dm %ds", m, sec)
	}
	return fmt.Sprintf("%ds", sec)
}
