package parser

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Run it with
//
//	go test -run XXX -fuzz FuzzW3C -fuzztime 30s ./parser/
//
// Failing inputs land in testdata/fuzz/FuzzW3C and are replayed by go test.

// w3cParsed is one line's outcome, comparable.
type w3cParsed struct {
	skip   bool
	reason string
	offset int
	rec    want
}

// parseW3CChecked parses line and checks what must hold for any input.
func parseW3CChecked(t *testing.T, p Parser, line []byte) w3cParsed {
	t.Helper()
	orig := bytes.Clone(line)
	var rec Record
	err := p.Parse(line, &rec)
	if !bytes.Equal(line, orig) {
		t.Fatalf("Parse modified the line")
	}
	if err == ErrSkip {
		if len(line) == 0 || line[0] != '#' {
			t.Fatalf("Parse(%q) skipped a line that is no directive", line)
		}
		return w3cParsed{skip: true}
	}
	if err != nil {
		var le *LineError
		if !errors.As(err, &le) || le.Reason == "" || le.Offset < 0 || le.Offset > len(line) {
			t.Fatalf("Parse(%q) = %#v", line, err)
		}
		return w3cParsed{reason: le.Reason, offset: le.Offset}
	}
	if rec.Status < StatusNone || rec.Status > 999 || rec.Bytes < -1 || rec.RequestTime < -1 || len(rec.Extra) != 0 {
		t.Fatalf("Parse(%q): Status %d Bytes %d RequestTime %d Extra %q", line, rec.Status, rec.Bytes, rec.RequestTime, rec.Extra)
	}
	scratch := p.(*w3cParser).scratch
	for i, v := range [][]byte{rec.Client, rec.User, rec.Request, rec.Method, rec.Path, rec.Protocol,
		rec.Referer, rec.UserAgent, rec.Host, rec.SubStatus} {
		if !within(v, line) && !within(v, scratch) {
			t.Fatalf("Parse(%q): field %d (%q) points outside the line and the scratch buffer", line, i, v)
		}
		if i != 2 && i != 7 && bytes.ContainsAny(v, " \t") { // only the request and user agent may
			t.Fatalf("Parse(%q): field %d (%q) holds a blank", line, i, v)
		}
		if len(v) == 1 && v[0] == '-' {
			t.Fatalf("Parse(%q): field %d is a dash, not empty", line, i)
		}
	}
	if bytes.IndexByte(rec.UserAgent, '+') >= 0 {
		t.Fatalf("Parse(%q): user agent %q keeps a +", line, rec.UserAgent)
	}
	return w3cParsed{rec: wantOf(&rec)}
}

// FuzzW3C parses a log in one pass and checks each line against a fresh
// parser given the header lines in force, as ingest's workers are (through
// SetHeader): both must agree, also with a carriage return added.
func FuzzW3C(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(w3cDir, "*.log"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		for _, l := range logLines(data) {
			f.Add([]byte(iisFields + "\n" + string(l)))
		}
	}
	f.Add([]byte(iisHeader + "\n" + iisLine + "\n#Fields: sc-status time\n200 -\n404 10:00:00.5\n"))
	f.Add([]byte("#Fields: date time sc-status cs-uri-stem cs-uri-query // x\n2024-01-01 00:00:00 200 - q\n"))
	f.Add([]byte("#Fields: sc-status\t time-taken\n200\t1.5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := W3C{}.NewParser()
		var software, fields []byte
		for _, line := range bytes.Split(data, []byte("\n")) {
			fresh := W3C{}.NewParser()
			hp := fresh.(HeaderParser)
			hp.SetHeader(nil)
			for _, h := range [][]byte{software, fields} {
				if h != nil {
					hp.SetHeader(h)
				}
			}
			got := parseW3CChecked(t, p, line)
			if again := parseW3CChecked(t, fresh, line); !reflect.DeepEqual(got, again) {
				t.Fatalf("Parse(%q) in one pass and after SetHeader differ:\n %+v\n %+v", line, got, again)
			}
			if len(line) == 0 || line[len(line)-1] != '\r' {
				cr := W3C{}.NewParser()
				for _, h := range [][]byte{software, fields} {
					if h != nil {
						cr.(HeaderParser).SetHeader(h)
					}
				}
				crlf := parseW3CChecked(t, cr, append(bytes.Clone(line), '\r'))
				if crlf.skip != got.skip || crlf.reason != got.reason || !reflect.DeepEqual(crlf.rec, got.rec) {
					t.Fatalf("Parse(%q) and Parse of it with \\r differ:\n %+v\n %+v", line, got, crlf)
				}
			}
			// What ingest's reader keeps for the next chunk.
			trimmed := bytes.TrimSuffix(line, []byte{'\r'})
			for k, pre := range W3CHeaderPrefixes {
				if bytes.HasPrefix(trimmed, []byte(pre)) {
					h := bytes.Clone(line)
					if k == 0 {
						software = h
					} else {
						fields = h
					}
				}
			}
		}
	})
}
