package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// daysLog is one line an hour for days days from start.
func daysLog(start time.Time, days int) []byte {
	var b bytes.Buffer
	for i := range days * 24 {
		ts := start.Add(time.Duration(i) * time.Hour).Format("02/Jan/2006:15:04:05 -0700")
		fmt.Fprintf(&b, "198.51.100.7 - - [%s] \"GET /h/%d HTTP/1.1\" 200 1 \"-\" \"agent\"\n", ts, i)
	}
	return b.Bytes()
}

func TestSinceUntil(t *testing.T) {
	zone := time.FixedZone("", -5*3600)
	old := writeFile(t, "access.log.1", daysLog(time.Date(2026, 11, 17, 0, 0, 0, 0, zone), 2))
	cur := writeFile(t, "access.log", daysLog(time.Date(2026, 11, 19, 0, 0, 0, 0, zone), 3))
	tests := []struct {
		name   string
		args   []string
		code   int
		parsed int64
		errOut string
	}{
		{"a day, in the log's own offset", []string{"--since", "2026-11-20", "--until", "2026-11-21"}, 0, 24, ""},
		{"since only", []string{"--since", "2026-11-21 12:00"}, 0, 12, ""},
		{"until only, RFC 3339", []string{"--until", "2026-11-17T10:00:00-05:00"}, 0, 10, ""},
		{"--tz UTC shifts naive bounds", []string{"--since", "2026-11-21", "--tz", "UTC"}, 0, 29, ""},
		{"-v names a file passed over", []string{"-v", "--since", "2026-11-20"}, 0, 48, "wholly outside --since/--until: passed over"},
		{"not a time", []string{"--since", "last tuesday"}, 2, -1, "--since: \"last tuesday\" is not a time"},
		{"empty window", []string{"--since", "2026-11-21", "--until", "2026-11-20"}, 2, -1, "--since must be before --until"},
		{"bad zone", []string{"--since", "today", "--tz", "Mars/Olympus"}, 2, -1, "--tz \"Mars/Olympus\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", append(append([]string{"-o", "json"}, tt.args...), cur, old)...)
			if code != tt.code || !strings.Contains(errOut, tt.errOut) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.errOut)
			}
			if tt.parsed < 0 {
				return
			}
			r := decode(t, out)
			if r.Lines.Parsed != tt.parsed || r.Lines.Malformed != 0 {
				t.Errorf("lines %+v, want %d parsed", r.Lines, tt.parsed)
			}
		})
	}
}

func TestJSONField(t *testing.T) {
	log := writeFile(t, "app.log", []byte(`{"ts":"2026-12-01T10:00:00Z","code":502,"request":{"uri":"/a"}}`+"\n"+`{"ts":"2026-12-01T10:00:01Z","code":200,"request":{"uri":"/b"}}`+"\n"))
	code, out, errOut := runCLI(t, "", "-o", "json", "--json-field", "status=code,time=ts,path=request.uri", log)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if r := decode(t, out); r.Lines.Parsed != 2 || r.counts()["502"] != 1 {
		t.Errorf("lines %+v, codes %v", r.Lines, r.counts())
	}
	if code, _, errOut := runCLI(t, "", "--format", "combined", "--json-field", "status=code", log); code != 2 || !strings.Contains(errOut, "goes with --format json") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
