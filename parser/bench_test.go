package parser

import (
	"testing"
)

// realistic is a typical line of today's traffic: a browser, a referer, a
// query string.
var realistic = presetCase{
	client:  "203.0.113.195",
	user:    "-",
	time:    "18/Jul/2023:13:44:16 +0200",
	request: "GET /shop/catalog/item.php?id=4711&utm_source=newsletter&utm_medium=email HTTP/2.0",
	status:  "200",
	bytes:   "48213",
	referer: "https://www.example.com/shop/catalog/?page=3&sort=price",
	agent:   "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
}

// benchFormats lists what BenchmarkParse and TestParseAllocs cover: every
// preset and the nginx format with $request_time $upstream_status.
func benchFormats() []string { return append(presetNames(), nginxTimed) }

// benchLines returns the realistic line of a format, then its fixture lines.
func benchLines(format string) [][]byte {
	var lines [][]byte
	if format == nginxTimed {
		lines = append(lines, []byte(renderLine("combined", realistic)+" 0.031 502, 504 : 200"))
	} else {
		lines = append(lines, []byte(renderLine(format, realistic)))
	}
	for _, fx := range fixturesFor(format) {
		lines = append(lines, []byte(fx.line))
	}
	return lines
}

func benchName(format string) string {
	if format == nginxTimed {
		return "nginx_timed"
	}
	return format
}

// TestParseAllocs is the guard: parsing allocates nothing once a parser has
// seen a line as long (its scratch buffer) and the line's time zone.
func TestParseAllocs(t *testing.T) {
	for _, format := range benchFormats() {
		f := mustCompile(t, format)
		for i, line := range benchLines(format) {
			p := f.NewParser()
			var rec Record
			p.Parse(line, &rec) // warm: scratch buffer, zone, Extra
			allocs := testing.AllocsPerRun(50, func() { p.Parse(line, &rec) })
			if allocs != 0 {
				t.Errorf("%s line %d (%s): %.1f allocs per Parse, want 0", benchName(format), i, short(string(line)), allocs)
			}
		}
		// Lines in turn through one parser, as in a real log.
		lines := benchLines(format)
		p := f.NewParser()
		var rec Record
		for _, l := range lines {
			p.Parse(l, &rec)
		}
		i := 0
		allocs := testing.AllocsPerRun(200, func() {
			p.Parse(lines[i%len(lines)], &rec)
			i++
		})
		if allocs != 0 {
			t.Errorf("%s, all lines in turn: %.2f allocs per Parse, want 0", benchName(format), allocs)
		}
	}
}

// BenchmarkParse parses the realistic line of each format.
func BenchmarkParse(b *testing.B) {
	for _, format := range benchFormats() {
		b.Run(benchName(format), func(b *testing.B) {
			benchParse(b, format, benchLines(format)[:1])
		})
	}
}

// BenchmarkParseFixtures parses all the fixture lines of each format in
// turn (the 1 MiB ones included; SetBytes is the mean length).
func BenchmarkParseFixtures(b *testing.B) {
	for _, format := range benchFormats() {
		b.Run(benchName(format), func(b *testing.B) {
			benchParse(b, format, benchLines(format)[1:])
		})
	}
}

func benchParse(b *testing.B, format string, lines [][]byte) {
	p := mustCompile(b, format).NewParser()
	var rec Record
	total := 0
	for _, l := range lines {
		p.Parse(l, &rec) // warm
		total += len(l)
	}
	b.SetBytes(int64(total / len(lines)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p.Parse(lines[i], &rec)
		if i++; i == len(lines) {
			i = 0
		}
	}
}

// tailLines are realistic lines with an nginx tail: with lists, a "-", one
// left for the preset to ignore.
func tailLines() [][]byte {
	line := renderLine("combined", realistic)
	return [][]byte{[]byte(line + " 0.031 502, 504 : 200"), []byte(line + " 0.002 -"), []byte(line + " 1.250 200")}
}

// tailFormats are the formats that read tailLines: combined, which
// ignores the tail, and the format Detect infers.
func tailFormats(tb testing.TB) map[string]*Format {
	d := Detect(tailLines())
	if d.Tail == nil {
		tb.Fatalf("no tail detected: %s", d.Describe())
	}
	return map[string]*Format{"combined_ignoring_tail": PresetFormat("combined"), "detected_tail": d.Format}
}

func TestParseTailAllocs(t *testing.T) {
	for name, f := range tailFormats(t) {
		p := f.NewParser()
		var rec Record
		for _, l := range tailLines() {
			p.Parse(l, &rec)
		}
		i := 0
		lines := tailLines()
		if allocs := testing.AllocsPerRun(100, func() { p.Parse(lines[i%len(lines)], &rec); i++ }); allocs != 0 {
			t.Errorf("%s: %.2f allocs per Parse, want 0", name, allocs)
		}
	}
}

// BenchmarkParseTail parses the first of tailLines.
func BenchmarkParseTail(b *testing.B) {
	for _, name := range []string{"combined_ignoring_tail", "detected_tail"} {
		b.Run(name, func(b *testing.B) {
			p := tailFormats(b)[name].NewParser()
			line := tailLines()[0]
			var rec Record
			p.Parse(line, &rec)
			b.SetBytes(int64(len(line)))
			b.ReportAllocs()
			for b.Loop() {
				p.Parse(line, &rec)
			}
		})
	}
}
