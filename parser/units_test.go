package parser

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		k    kind
		want time.Duration
		ok   bool
	}{
		{"0.031", kindSeconds, 31 * time.Millisecond, true},
		{"0.001", kindSeconds, time.Millisecond, true},
		{"1.250", kindSeconds, 1250 * time.Millisecond, true},
		{"12", kindSeconds, 12 * time.Second, true},
		{"0.1234567891", kindSeconds, 123456789, true}, // below a nanosecond is dropped
		{"1.", kindSeconds, time.Second, true},
		{".5", kindSeconds, 500 * time.Millisecond, true},
		{"-", kindSeconds, -1, true},
		{"31", kindMillis, 31 * time.Millisecond, true},
		{"2.5", kindMillis, 2500 * time.Microsecond, true},
		{"31337", kindMicros, 31337 * time.Microsecond, true},
		{"9223372036", kindSeconds, 9223372036 * time.Second, true},
		{"9223372036.854775807", kindSeconds, 1<<63 - 1, true},
		{"9223372036.854775808", kindSeconds, -1, false}, // overflows in the fraction
		{"9223372037", kindSeconds, -1, false},
		{"99999999999999999999", kindSeconds, -1, false},
		{"9223372036854775807", kindMicros, -1, false},
		{"", kindSeconds, -1, false},
		{".", kindSeconds, -1, false},
		{"1.2.3", kindSeconds, -1, false},
		{"-1", kindSeconds, -1, false},
		{"1e3", kindSeconds, -1, false},
		{" 1", kindSeconds, -1, false},
	}
	for _, tt := range tests {
		got, ok := parseDuration([]byte(tt.in), tt.k)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseDuration(%q, %d) = %v, %v; want %v, %v", tt.in, tt.k, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSplitRequest(t *testing.T) {
	tests := []struct{ in, method, path, proto string }{
		{"GET /a HTTP/1.1", "GET", "/a", "HTTP/1.1"},
		{"GET /a b HTTP/1.1", "GET", "/a b", "HTTP/1.1"},
		{"GET /a  b  HTTP/1.0", "GET", "/a  b ", "HTTP/1.0"},
		{"GET /", "GET", "/", ""},
		{"GET /a b", "GET", "/a b", ""},
		{"OPTIONS * HTTP/1.1", "OPTIONS", "*", "HTTP/1.1"},
		{"CONNECT example.com:443 HTTP/1.1", "CONNECT", "example.com:443", "HTTP/1.1"},
		{"GET", "", "GET", ""},
		{"", "", "", ""},
		{" /a HTTP/1.1", "", " /a HTTP/1.1", ""},
		{"\x16\x03\x01 \x00", "", "\x16\x03\x01 \x00", ""},
		{"G\"T /a HTTP/1.1", "", "G\"T /a HTTP/1.1", ""},
	}
	for _, tt := range tests {
		m, p, pr := splitRequest([]byte(tt.in))
		if string(m) != tt.method || string(p) != tt.path || string(pr) != tt.proto {
			t.Errorf("splitRequest(%q) = %q %q %q, want %q %q %q", tt.in, m, p, pr, tt.method, tt.path, tt.proto)
		}
	}
}

func TestAppendUnescaped(t *testing.T) {
	tests := []struct{ in, want string }{
		{`plain`, `plain`},
		{`a\"b`, `a"b`},
		{`a\\b`, `a\b`},
		{`a\\"`, `a\"`},
		{`\\\"`, `\"`},
		{`\x22\x5c\x5C`, `"\\`},
		{`\xD0\x9F`, "П"},
		{`\xd0\x9f`, "П"},
		{`\x`, `\x`},
		{`\x4`, `\x4`},
		{`\x4g`, `\x4g`},
		{`\xg4`, `\xg4`},
		{`end\`, `end\`},
		{`\t\n\r\b\f\v`, "\t\n\r\b\f\v"},
		{`\/`, `/`},
		{`\u001b\u00e9`, "\x1b\xe9"},
		{`\u0041x`, "Ax"},
		{`\u00`, `\u00`},
		{`\u0100`, `\u0100`},
		{`\q`, `\q`},
		{``, ``},
	}
	for _, tt := range tests {
		if got := string(appendUnescaped(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("appendUnescaped(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := appendUnescaped(nil, []byte(tt.in)); len(got) > len(tt.in) {
			t.Errorf("appendUnescaped(%q) grew", tt.in)
		}
	}
}

func TestIndexUnescaped(t *testing.T) {
	tests := []struct {
		line, lit string
		from      int
		want      int
	}{
		{`abc" x`, `" `, 0, 3},
		{`a\" b" x`, `" `, 0, 5},
		{`a\\" x`, `" `, 0, 3},
		{`a\\\" x" y`, `" `, 0, 7},
		{`\" x`, `" `, 0, -1},
		{`x\" y`, `" `, 2, 2}, // the backslash before from does not count
		{`abc`, `"`, 0, -1},
		{`a"b"`, `"`, 0, 1},
	}
	for _, tt := range tests {
		if got := indexUnescaped([]byte(tt.line), tt.from, []byte(tt.lit)); got != tt.want {
			t.Errorf("indexUnescaped(%q, %d, %q) = %d, want %d", tt.line, tt.from, tt.lit, got, tt.want)
		}
	}
}

func TestIndexListEnd(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"502 0.031", 3},
		{"502, 504 0.031", 8},
		{"502, 504 : 200 0.031", 14},
		{"- 0.031", 1},
		{"502, 504", -1},
		{"502 : ", -1},
	}
	for _, tt := range tests {
		if got := indexListEnd([]byte(tt.line), 0, []byte(" ")); got != tt.want {
			t.Errorf("indexListEnd(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

func TestParseStatusAndCount(t *testing.T) {
	for in, want := range map[string]int{"200": 200, "000": 0, "009": 9, "999": 999, "-": StatusNone, "2": 2} {
		if got, ok := parseStatus([]byte(in)); !ok || got != want {
			t.Errorf("parseStatus(%q) = %d, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "2OO", "1000", "+20", " 20", "--"} {
		if got, ok := parseStatus([]byte(in)); ok || got != StatusNone {
			t.Errorf("parseStatus(%q) = %d, %v; want malformed", in, got, ok)
		}
	}
	for in, want := range map[string]int64{"0": 0, "-": -1, "2326": 2326, "999999999999999999": 999999999999999999} {
		if got, ok := parseCount([]byte(in)); !ok || got != want {
			t.Errorf("parseCount(%q) = %d, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "1a", "-1", "1000000000000000000"} {
		if _, ok := parseCount([]byte(in)); ok {
			t.Errorf("parseCount(%q) ok", in)
		}
	}
}

func TestTimeCache(t *testing.T) {
	var c timeCache
	parse := func(k kind, v string) string {
		tm, ok := c.parse(k, []byte(v))
		if !ok {
			return "bad"
		}
		return tm.Format(time.RFC3339Nano)
	}
	steps := []struct {
		k       kind
		v, want string
	}{
		{kindTimeCLF, "18/Jul/2023:13:44:16 +0000", "2023-07-18T13:44:16Z"},
		{kindTimeCLF, "18/Jul/2023:13:44:16 +0000", "2023-07-18T13:44:16Z"}, // cached
		{kindTimeCLF, "18/Jul/2023:13:44:16 +0200", "2023-07-18T13:44:16+02:00"},
		{kindTimeCLFBracket, "[18/Jul/2023:13:44:16 +0200]", "2023-07-18T13:44:16+02:00"},
		{kindTimeCLF, "18/Jul/2023:13:44:16 -0400", "2023-07-18T13:44:16-04:00"},
		{kindTimeCLF, "18/Jul/2023:13:44:16 +0200", "2023-07-18T13:44:16+02:00"}, // zone reused
		{kindTimeCLF, "32/Jul/2023:13:44:16 +0000", "bad"},
		{kindTimeCLF, "32/Jul/2023:13:44:16 +0000", "bad"}, // a cached failure
		{kindTimeCLF, "18/Jul/2023:13:44:16 +0060", "bad"},
		{kindTimeCLF, "18/jul/2023:13:44:16 +0000", "bad"},
		{kindTimeISO, "2023-07-18T13:44:16Z", "2023-07-18T13:44:16Z"},
		{kindTimeISO, "2023-07-18T13:44:16.5+0100", "2023-07-18T13:44:16.5+01:00"},
		{kindTimeISO, "2023-07-18 13:44:16-05:30", "2023-07-18T13:44:16-05:30"},
		{kindTimeISO, "2023-13-18T13:44:16Z", "bad"},
		{kindTimeISO, "2023-07-18T13:44:16", "bad"},
		{kindTimeISO, "2023-07-18T13:44:16+01", "bad"},
		{kindTimeUnix, "1689688256.123", "2023-07-18T13:50:56.123Z"},
		{kindTimeUnixMilli, "1689688256123", "2023-07-18T13:50:56.123Z"},
		{kindTimeUnixMicro, "1689688256123456", "2023-07-18T13:50:56.123456Z"},
		{kindTimeUnix, "-", "0001-01-01T00:00:00Z"}, // unknown: the zero time
		// The same bytes under another kind are not a cache hit.
		{kindTimeUnixMilli, "1689688256", "1970-01-20T13:21:28.256Z"},
		{kindTimeUnix, "1689688256", "2023-07-18T13:50:56Z"},
	}
	for _, s := range steps {
		if got := parse(s.k, s.v); got != s.want {
			t.Errorf("parse(%d, %q) = %s, want %s", s.k, s.v, got, s.want)
		}
	}
	if len(c.zones) != 4 {
		t.Errorf("%d zones cached, want 4 (+02:00, -04:00, +01:00, -05:30)", len(c.zones))
	}
}

// TestIsLastCLF checks the cache hit of the fast path: only the 28 bytes
// parse read last, as a bracketed time, and read well, are a hit.
func TestIsLastCLF(t *testing.T) {
	const last = "[18/Jul/2023:13:44:16 +0200]"
	var c timeCache
	hit := func(v string) bool { return c.isLastCLF((*[28]byte)([]byte(v))) }
	if hit(last) {
		t.Errorf("an empty cache hits %q", last)
	}
	c.parse(kindTimeCLFBracket, []byte(last))
	if !hit(last) {
		t.Errorf("%q parsed last is not a hit", last)
	}
	for i := range len(last) {
		v := []byte(last)
		v[i] ^= 1
		if hit(string(v)) {
			t.Errorf("%q hits %q parsed last (byte %d differs)", v, last, i)
		}
	}
	// The same bytes read last as another kind: no such value reads well
	// today, but the hit is for bracketed times only.
	c.parse(kindTimeCLF, []byte(last))
	if hit(last) {
		t.Errorf("%q read as another kind is a hit", last)
	}
	c.parse(kindTimeCLF, []byte(last[1:27]))
	if !c.ok || c.clf {
		t.Errorf("%q, an unbracketed time read well, is taken for a bracketed one", last[1:27])
	}
	// A failure is cached for parse, but is no hit.
	const bad = "[32/Jul/2023:13:44:16 +0200]"
	c.parse(kindTimeCLFBracket, []byte(bad))
	if hit(bad) {
		t.Errorf("%q, a bad time, is a hit", bad)
	}
}
