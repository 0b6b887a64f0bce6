package parser

import "testing"

const fastlyLine = `<134>2016-07-04T22:37:26Z cache-sjc3128 LogTest[62959]: 192.0.2.1 - - [04/Jul/2016:22:37:26 +0000] "GET /index.html HTTP/1.1" 200 1234`

func TestFastlyLines(t *testing.T) {
	checkLines(t, Fastly{Inner: PresetFormat("common")}, []lineCase{
		{name: "classic prefix", line: fastlyLine, want: want{Time: "2016-07-04T22:37:26Z", Client: "192.0.2.1",
			Request: "GET /index.html HTTP/1.1", Method: "GET", Path: "/index.html", Protocol: "HTTP/1.1", Status: 200, Bytes: "1234"}},
		{name: "no prefix", line: `192.0.2.1 - - [04/Jul/2016:22:37:26 +0000] "GET / HTTP/1.1" 200 1`, err: ReasonSyslogPrefix},
		{name: "a prefix without its tag's colon", line: `<134>2016-07-04T22:37:26Z cache LogTest 192.0.2.1 - -`, err: ReasonSyslogPrefix},
		{name: "the inner format's error, placed in the whole line", line: `<134>2016-07-04T22:37:26Z c t[1]: 192.0.2.1 - - [bad] "GET / HTTP/1.1" 200 1`,
			err: "bad value in %t", off: 48},
	})
}

func TestSyslogPrefix(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"<134>2016-07-04T22:37:26Z cache-sjc3128 LogTest[62959]: x", 56},
		{"<7>t h n: x", 10},
		{"<134>t h n:", -1},
		{"<1345>t h n: x", -1},
		{"<>t h n: x", -1},
		{"134>t h n: x", -1},
		{"<134>t  h n: x", -1},
		{"", -1},
	}
	for _, tt := range tests {
		if got := syslogPrefix([]byte(tt.line)); got != tt.want {
			t.Errorf("syslogPrefix(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

func TestFastlyFiles(t *testing.T) {
	checkFiles(t, cdnTestdata, []fileCase{
		{file: "fastly_syslog_synthetic.log", detect: "fastly", statuses: map[int]int{200: 2, 206: 1, 404: 1, 503: 1}},
	})
}

// TestDetectFastlyInner: what follows the prefix is detected as a preset,
// with a tail.
func TestDetectFastlyInner(t *testing.T) {
	prefix := "<134>2016-07-04T22:37:26Z cache-sjc3128 LogTest[62959]: "
	line := renderLine("combined", normal)
	lines := [][]byte{[]byte(prefix + line + " 0.031 502"), []byte(prefix + line + " 0.002 200"), []byte(line)}
	d := Detect(lines)
	fa, ok := d.Spec.(Fastly)
	if !ok || fa.Inner.Name() != "combined" || d.Parsed != 2 || d.Lines != 3 || len(d.Tail) != 2 {
		t.Fatalf("Detect = %+v", d)
	}
	var rec Record
	if err := fa.NewParser().Parse(lines[0], &rec); err != nil || rec.UpstreamStatus == nil {
		t.Errorf("Parse = %v, %+v", err, wantOf(&rec))
	}
}

func TestFastlyAllocs(t *testing.T) {
	checkAllocs(t, Fastly{Inner: PresetFormat("combined")}, [][]byte{[]byte(fastlyLine), []byte(fastlyLine + ` "-" "curl/8"`)})
}

func BenchmarkFastly(b *testing.B) {
	benchLinesOf(b, Fastly{Inner: PresetFormat("common")}, [][]byte{[]byte(fastlyLine)})
}

func FuzzFastly(f *testing.F) {
	f.Add(fastlyLine)
	seedFile(f, "fastly_syslog_synthetic.log")
	spec := Fastly{Inner: PresetFormat("combined")}
	before := [][]byte{[]byte(fastlyLine)}
	f.Fuzz(func(t *testing.T, line string) { checkStateless(t, spec, before, []byte(line)) })
}
