package parser

import (
	"bytes"
	"reflect"
	"strconv"
	"testing"
)

// sampleValue is the value renderFormat writes for a field, and the want
// it gives (set by expect).
func sampleValue(s *segment) string {
	switch s.width {
	case len("18/Jul/2023:13:44:16 +0000"):
		return "18/Jul/2023:13:44:16 +0000"
	case len("[18/Jul/2023:13:44:16 +0000]"):
		return "[18/Jul/2023:13:44:16 +0000]"
	}
	switch s.kind {
	case kindExtra:
		if s.count {
			return strconv.Itoa(40 + s.extra)
		}
		return "e" + strconv.Itoa(s.extra)
	case kindIgnore:
		return "i"
	case kindClient:
		return "192.0.2.1"
	case kindUser:
		return "u"
	case kindTimeISO:
		return "2023-07-18T13:44:16+00:00"
	case kindTimeUnix:
		return "1689688256"
	case kindTimeUnixMilli:
		return "1689688256000"
	case kindTimeUnixMicro:
		return "1689688256000000"
	case kindRequest:
		return "GET /p HTTP/1.1"
	case kindMethod:
		return "GET"
	case kindPath:
		return "/p"
	case kindProtocol:
		return "HTTP/1.1"
	case kindStatus:
		return "204"
	case kindBytes:
		return "42"
	case kindReferer:
		return "r"
	case kindUserAgent:
		return "ua"
	case kindHost:
		return "h"
	case kindSeconds:
		return "0.031"
	case kindMillis:
		return "31"
	case kindMicros:
		return "31000"
	case kindUpstreamStatus:
		return "502, 504 : 200"
	case kindUpstreamAddr:
		return "10.0.0.1:80, 10.0.0.2:80"
	case kindSubStatus:
		return "1000"
	case kindCacheStatus:
		return "HIT"
	}
	panic("sampleValue: kind " + strconv.Itoa(int(s.kind)))
}

// expect adds what a field's sample value gives to w.
func expect(s *segment, w *want) {
	switch s.kind {
	case kindExtra:
		w.Extra[s.extra] = sampleValue(s)
	case kindClient:
		w.Client = "192.0.2.1"
	case kindUser:
		w.User = "u"
	case kindTimeCLF, kindTimeCLFBracket, kindTimeISO:
		w.Time = "2023-07-18T13:44:16Z"
	case kindTimeUnix, kindTimeUnixMilli, kindTimeUnixMicro:
		w.Time = "2023-07-18T13:50:56Z"
	case kindRequest:
		w.Request = "GET /p HTTP/1.1"
		w.Method, w.Path, w.Protocol = "GET", "/p", "HTTP/1.1"
	case kindMethod:
		w.Method = "GET"
	case kindPath:
		w.Path = "/p"
	case kindProtocol:
		w.Protocol = "HTTP/1.1"
	case kindBytes:
		w.Bytes = "42"
	case kindReferer:
		w.Referer = "r"
	case kindUserAgent:
		w.UserAgent = "ua"
	case kindHost:
		w.Host = "h"
	case kindSeconds, kindMillis, kindMicros:
		w.RequestTime = "31ms"
	case kindUpstreamStatus:
		w.UpstreamStatus = "502, 504 : 200"
	case kindUpstreamAddr:
		w.UpstreamAddr = "10.0.0.1:80, 10.0.0.2:80"
	case kindSubStatus:
		w.SubStatus = "1000"
	case kindCacheStatus:
		w.CacheStatus = "HIT"
	}
}

// renderFormat writes a line of f with a sample value in every field.
func renderFormat(f *Format) string {
	var b []byte
	b = append(b, f.prefix...)
	for i := range f.segs {
		b = append(b, sampleValue(&f.segs[i])...)
		b = append(b, f.segs[i].lit...)
	}
	return string(b)
}

// unambiguous reports whether the rendered line can be read back only one
// way: the text searched for after each value first occurs right after it.
// Formats such as `$status0$x` (a "0" after a "204") are ambiguous.
func unambiguous(f *Format, line []byte) bool {
	if len(line) > 0 && line[len(line)-1] == '\r' {
		return false // Parse drops a final carriage return
	}
	pos := len(f.prefix)
	for i := range f.segs {
		s := &f.segs[i]
		n := len(sampleValue(s))
		switch {
		case len(s.lit) == 0 || s.width > 0:
		case (s.kind == kindUpstreamStatus || s.kind == kindUpstreamAddr) && s.list:
			// A list: every space in "502, 504 : 200" belongs to a
			// separator, and build made no list of a field followed
			// by " :".
		case bytes.Index(line[pos:], s.lit) != n:
			return false
		}
		pos += n + len(s.lit)
	}
	return true
}

// checkRoundTrip renders a line of f and parses it back; false when the
// rendered line is ambiguous and so was not checked.
func checkRoundTrip(t *testing.T, f *Format) bool {
	t.Helper()
	line := renderFormat(f)
	if !unambiguous(f, []byte(line)) {
		return false
	}
	w := want{Status: 204}
	if n := len(f.ExtraNames()); n > 0 {
		w.Extra = make([]string, n)
	}
	for i := range f.segs {
		expect(&f.segs[i], &w)
	}
	var rec Record
	if err := f.NewParser().Parse([]byte(line), &rec); err != nil {
		t.Fatalf("format %q: Parse(%q): %v", f.Source(), line, err)
	}
	if got := wantOf(&rec); !reflect.DeepEqual(got, w) {
		t.Fatalf("format %q: Parse(%q):%s", f.Source(), line, diffWant(got, w))
	}
	return true
}

func TestRoundTrip(t *testing.T) {
	formats := append(fixtureFormats(),
		`$status $upstream_status`, `$upstream_status $status`, `[$time_local] $status`,
		`$status [$time_local]`, `%>s %t`, `%t %>s`, `%>s %u %t`, `%{sec}t %{msec}t %>s`)
	for _, format := range formats {
		checkFormat(t, mustCompile(t, format))
		if !checkRoundTrip(t, mustCompile(t, format)) {
			t.Errorf("format %q: the sample line is ambiguous", format)
		}
	}
	for _, format := range []string{`${status}0$http_a`, `$upstream_status : $status`} {
		if checkRoundTrip(t, mustCompile(t, format)) {
			t.Errorf("format %q: the sample line should be ambiguous", format)
		}
	}
}
