package report

import "testing"

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
