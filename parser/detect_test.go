package parser

import "testing"

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
// own preset, not as a neighbour.
func TestDetectEachLine(t *testing.T) {
	for _, fx := range fixtures {
		if fx.err != "" || PresetFormat(fx.format) == nil {
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
		[]byte(`{"status":200,"path":"/"}`),
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
		{"majority_common", [][]byte{common, common, combined}, "common", 2},
		{"majority_combined", [][]byte{combined, common, combined, []byte("junk")}, "combined", 2},
		// A tie goes to the preset listed first in Presets (the more specific).
		{"tie_main_combined", [][]byte{combined, main}, "main", 1},
		{"tie_combined_common", [][]byte{common, combined}, "combined", 1},
	}
	for _, tt := range tests {
		d := Detect(tt.lines)
		if d.Format == nil || d.Format.Name() != tt.want || d.Parsed != tt.parsed {
			t.Errorf("%s: Detect = %v parsed %d, want %s parsed %d", tt.name, d.Format, d.Parsed, tt.want, tt.parsed)
		}
	}
}
