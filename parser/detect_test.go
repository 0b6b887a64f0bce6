package parser

import (
	"strings"
	"testing"
)

// sampleLines returns the lines of a preset's fixtures that parse.
func sampleLines(preset string) [][]byte {
	var lines [][]byte
	for _, fx := range fixturesFor(preset) {
		if fx.err == "" {
			lines = append(lines, []byte(fx.line))
		}
	}
	return lines
}

func TestDetectPresets(t *testing.T) {
	for _, p := range Presets {
		want := p.Name
		if want == "hsphere" {
			want = "combined" // hsphere is chosen by the file's location
		}
		t.Run(p.Name, func(t *testing.T) {
			lines := sampleLines(p.Name)
			d := Detect(lines)
			if d.Format == nil || d.Format.Name() != want {
				t.Fatalf("Detect = %v, want %s", d.Format, want)
			}
			if d.Parsed != len(lines) || d.Lines != len(lines) {
				t.Errorf("Parsed %d Lines %d, want %d %d", d.Parsed, d.Lines, len(lines), len(lines))
			}
		})
	}
}

// TestDetectEachLine: every normal fixture line alone is detected as its
// own preset, not as a neighbour. Lines with fields added after the
// preset's are left out: alone, they are as much another preset's (combined
// plus a quoted field is main).
func TestDetectEachLine(t *testing.T) {
	for _, fx := range fixtures {
		if fx.err != "" || PresetFormat(fx.format) == nil || strings.Contains(fx.name, "/trailing_") {
			continue
		}
		want := fx.format
		if want == "hsphere" {
			want = "combined"
		}
		d := Detect([][]byte{[]byte(fx.line)})
		if d.Format == nil || d.Format.Name() != want || d.Parsed != 1 {
			t.Errorf("%s: Detect = %v (parsed %d), want %s", fx.name, d.Format, d.Parsed, want)
		}
	}
}

func TestDetectGarbage(t *testing.T) {
	lines := [][]byte{
		[]byte("hello world"),
		[]byte(`{"msg":"a JSON line without a status","path":"/"}`),
		[]byte("#Fields: date time cs-method cs-uri-stem sc-status"),
		nil,
		[]byte(""),
	}
	d := Detect(lines)
	if d.Format != nil || d.Parsed != 0 || d.Lines != 3 {
		t.Errorf("Detect(garbage) = %+v, want no format, 0 parsed, 3 lines", d)
	}
	if d := Detect(nil); d.Format != nil || d.Lines != 0 {
		t.Errorf("Detect(nil) = %+v", d)
	}
}

func TestDetectMajorityAndTies(t *testing.T) {
	combined := []byte(renderLine("combined", normal))
	common := []byte(renderLine("common", normal))
	main := []byte(renderLine("main", normal))
	tests := []struct {
		name   string
		lines  [][]byte
		want   string
		parsed int
	}{
		{"majority_combined", [][]byte{combined, combined, common, []byte("junk")}, "common", 3},
		// A preset reads the lines of the longer presets that start like
		// it (their fields after its own ignored), so the one that parses
		// every line wins: none is left malformed.
		{"common_reads_combined", [][]byte{common, common, combined}, "common", 3},
		{"common_reads_combined_tie", [][]byte{common, combined}, "common", 2},
		{"combined_reads_main", [][]byte{combined, main}, "combined", 2},
		{"combined_reads_combinedio", [][]byte{[]byte(renderLine("combinedio", normal)), combined}, "combined", 2},
		// As many lines: the format that reads further wins.
		{"main_over_combined", [][]byte{main, main}, "main", 2},
		{"combined_over_common", [][]byte{combined, combined}, "combined", 2},
		{"combinedio_over_combined", [][]byte{[]byte(renderLine("combinedio", normal))}, "combinedio", 1},
		{"vcombined_over_vcommon", [][]byte{[]byte(renderLine("vcombined", normal))}, "vcombined", 1},
		// A line cut short inside a quoted field is malformed for every
		// preset: it does not make common beat combined.
		{"truncated_agent", [][]byte{combined, []byte(strings.TrimSuffix(string(combined), `0"`))}, "combined", 1},
	}
	for _, tt := range tests {
		d := Detect(tt.lines)
		if d.Format == nil || d.Format.Name() != tt.want || d.Parsed != tt.parsed {
			t.Errorf("%s: Detect = %v parsed %d, want %s parsed %d", tt.name, d.Format, d.Parsed, tt.want, tt.parsed)
		}
	}
}
