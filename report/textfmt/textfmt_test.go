package textfmt

import (
	"testing"
	"time"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"plain", "/index.html", 0, "/index.html"},
		{"utf8 kept", "/привет", 0, "/привет"},
		{"ansi colour", "/\x1b[31mred", 0, `/\x1b[31mred`},
		{"osc title with bell", "\x1b]0;pwned\x07", 0, `\x1b]0;pwned\x07`},
		{"newline and tab", "a\nb\tc", 0, `a\x0ab\x09c`},
		{"DEL", "a\x7f", 0, `a\x7f`},
		{"C1 CSI", "a\u009b31m", 0, `a\x9b31m`},
		{"bidi override", "evil\u202etxt.exe", 0, `evil\u202etxt.exe`},
		{"invalid utf8", "a\xff\xfeb", 0, `a\xff\xfeb`},
		{"cut", "abcdefghij", 5, "abcd…"},
		{"exact length not cut", "abcde", 5, "abcde"},
		{"cut counts runes", "ééééééé", 4, "ééé…"},
		{"cut then escape", "\x1b\x1b\x1b\x1b\x1b", 3, `\x1b\x1b…`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Clean(tc.in, tc.max); got != tc.want {
				t.Errorf("Clean(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
			}
		})
	}
}

func TestCleanJSON(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"valid kept with controls", "a\x1bb", "a\x1bb"},
		{"invalid bytes made visible", "a\xffb", `a\xffb`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CleanJSON(tc.in); got != tc.want {
				t.Errorf("CleanJSON(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"zero", Num(0), "0"},
		{"below a thousand", Num(999), "999"},
		{"a thousand", Num(1000), "1,000"},
		{"millions", Num(1234567), "1,234,567"},
		{"negative", Num(-1234), "-1,234"},
		{"percent", Percent(18.6), "18.60%"},
		{"no bytes", Size(0), "0 B"},
		{"bytes", Size(1023), "1023 B"},
		{"one KiB", Size(1024), "1.0 KiB"},
		{"KiB", Size(1536), "1.5 KiB"},
		{"GiB", Size(5 << 30), "5.0 GiB"},
		{"seconds", Span(42 * time.Second), "42s"},
		{"minutes", Span(61 * time.Second), "1m 1s"},
		{"hours", Span(2*time.Hour + 16*time.Second), "2h 0m 16s"},
		{"days", Span((3*24+4)*time.Hour + 5*time.Minute), "3d 4h 5m"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}
