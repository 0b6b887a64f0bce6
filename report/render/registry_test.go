package render

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/logstat/logstat/report"
)

func TestRegistry(t *testing.T) {
	for _, name := range []string{"csv", "html", "json", "markdown", "text"} {
		if !slices.Contains(Names(), name) {
			t.Errorf("Names() = %v lacks %s", Names(), name)
		}
		if _, ok := Lookup(name); !ok {
			t.Errorf("Lookup(%q) found nothing", name)
		}
	}
	if !slices.IsSorted(Names()) {
		t.Errorf("Names() = %v, not sorted", Names())
	}
	if _, ok := Lookup("pdf"); ok {
		t.Error("Lookup(pdf) found a renderer")
	}
	err := Render(io.Discard, "pdf", report.Build(report.Input{Summary: summaryOf(t, 200)}), Options{})
	if err == nil || !strings.Contains(err.Error(), "text") {
		t.Errorf("Render(pdf) = %v, want an error naming the formats", err)
	}
}

func TestForFile(t *testing.T) {
	tests := []struct {
		name, file, want string
		ok               bool
	}{
		{"text", "report.txt", "text", true},
		{"json", "/srv/out/fleet.json", "json", true},
		{"capitals", "REPORT.JSON", "json", true},
		{"no extension", "report", "", false},
		{"unknown extension", "report.pdf", "", false},
		{"dot file", ".json", "json", true},
		{"markdown", "weekly.md", "markdown", true},
		{"csv", "codes.csv", "csv", true},
		{"html", "report.html", "html", true},
		{"htm", "report.HTM", "html", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, ok := ForFile(tc.file); got != tc.want || ok != tc.ok {
				t.Errorf("ForFile(%q) = %q, %v; want %q, %v", tc.file, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestRegisterRefusesClashes(t *testing.T) {
	tests := []struct {
		name, as string
		exts     []string
	}{
		{"a name taken", "text", nil},
		{"an extension taken", "test-only", []string{".JSON"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
				if _, ok := Lookup("test-only"); ok {
					t.Error("the refused renderer was registered")
				}
			}()
			Register(tc.as, Func(func(io.Writer, *report.Report, Options) error { return nil }), tc.exts...)
		})
	}
}

// TestGridFit: a fitted table is no wider than asked when fit says so,
// its wrapped columns narrowed, and as drawn without limits when it fits.
func TestGridFit(t *testing.T) {
	long := strings.Repeat("a few words that wrap ", 8)
	g := &grid{
		header: []string{"Code", "Title", "Requests", "What it means"},
		right:  []int{3},
		wrap:   []wrapColumn{{number: 2, min: 8}, {number: 4, min: 20}},
	}
	g.add("404", "Not Found", "1,234", long)
	g.add("\x1b[31m500\x1b[0m", "Internal Server Error", "7", "short")
	natural := widest(g.String())
	tests := []struct {
		name   string
		width  int
		ok     bool
		sameAs bool // drawn as without limits
	}{
		{"wide enough", natural, true, true},
		{"wider", natural + 50, true, true},
		{"one column short", natural - 1, true, false},
		{"narrow", 60, true, false},
		{"at the minimums", 4 + 8 + 8 + 20 + 13, true, false},
		{"below the minimums", 40, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, ok := g.fit(tc.width)
			if ok != tc.ok {
				t.Errorf("ok = %v, want %v:\n%s", ok, tc.ok, out)
			}
			if w := widest(out); ok != (w <= tc.width) {
				t.Errorf("%d columns wide for %d, ok = %v:\n%s", w, tc.width, ok, out)
			}
			if same := out == g.String(); same != tc.sameAs {
				t.Errorf("drawn as without limits: %v, want %v:\n%s", same, tc.sameAs, out)
			}
		})
	}
}

func widest(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, len([]rune(stripANSI(l))))
	}
	return w
}

// stripANSI drops colour sequences (ESC [ ... m).
func stripANSI(s string) string {
	var b bytes.Buffer
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && s[i] != 'm' {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
