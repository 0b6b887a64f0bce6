package parser

import (
	"reflect"
	"testing"
)

// tailSeeds are tails as nginx writes them, and some it does not.
var tailSeeds = []string{
	"", " 0.016 200", " 1.203 502, 504", " 0.000 -", " 0.512 502 : 504", " 0.016 0.015 200 10.0.0.1:8080",
	" 0.030 0.010, 0.020 502, 200 10.0.0.1:8080, 10.0.0.2:8080", " - 0.016", " [2001:db8::1]:80 HIT",
	" unix:/run/php/fpm.sock MISS", ` "203.0.113.9, 10.0.0.1" 0.016 200`, ` "-" 0.001 -`, " abc 0.016 xyz",
	"\t0.016\t200", "  0.016  200 ", " 0.016 \"a b\" 200", ` "a`, " 502,\t504", " 0.016 502 :", "\r", " \x00 0.1",
}

// FuzzDetectTail appends fuzzed tails to lines of a preset and checks what
// Detect makes of them: no panic; as many lines parsed as the preset alone
// parses; a tail's format compiles from its Source and, on the sample lines
// and on others, gives the Record the explicit format string gives
// wherever that one parses; and Parse agrees with the reference parser.
func FuzzDetectTail(f *testing.F) {
	for i, a := range tailSeeds {
		f.Add(uint8(i), a, tailSeeds[(i+1)%len(tailSeeds)], tailSeeds[(i+5)%len(tailSeeds)])
	}
	presets := []string{"combined", "main", "common", "combinedio"}
	f.Fuzz(func(t *testing.T, which uint8, a, b, c string) {
		preset := presets[int(which)%len(presets)]
		base := renderLine(preset, normal)
		lines := [][]byte{[]byte(base + a), []byte(base + b), []byte(base + c)}
		d := Detect(lines)
		alone := try(PresetFormat(preset), lines).parsed
		if d.Parsed < alone {
			t.Fatalf("%q: Detect (%s) parsed %d lines, %s alone %d", lines, d.Describe(), d.Parsed, preset, alone)
		}
		if d.Format == nil {
			return
		}
		others := append(lines, []byte(base+a+b), []byte(base+c+a), []byte(renderLine("combined", normal)+b))
		for _, l := range others {
			checkLine(t, d.Format, d.Format.NewParser(), l, lines[0])
		}
		if d.Tail == nil {
			return
		}
		explicit, err := CompileNginx("custom", d.Format.Source())
		if err != nil {
			t.Fatalf("%q: the inferred format %q does not compile: %v", lines, d.Format.Source(), err)
		}
		for _, l := range others {
			var dr, er Record
			derr, eerr := d.Format.NewParser().Parse(l, &dr), explicit.NewParser().Parse(l, &er)
			if eerr == nil && (derr != nil || !reflect.DeepEqual(wantOf(&dr), wantOf(&er))) {
				t.Fatalf("format %q, line %q:\n detected %v %+v\n explicit %+v", d.Format.Source(), l, derr, wantOf(&dr), wantOf(&er))
			}
		}
	})
}
