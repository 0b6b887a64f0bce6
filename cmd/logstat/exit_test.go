package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestExitCodes(t *testing.T) {
	sampleData, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzipBytes(t, sampleData)
	binary := make([]byte, 4096)
	for i := range binary {
		binary[i] = byte(i * 7)
	}
	tests := []struct {
		name      string
		args      []string
		want      int
		stderrHas string // the one-line error must name the thing
		reported  bool   // a report is still written on stdout
	}{
		{"ok", []string{sample}, 0, "", true},
		{"missing file", []string{"/nonexistent/access.log"}, 1, "/nonexistent/access.log: no such file", false},
		{"missing and present", []string{"/nonexistent/access.log", sample}, 1, "/nonexistent/access.log", true},
		{"directory", []string{t.TempDir()}, 1, "is a directory", false},
		{"garbage text", []string{writeFile(t, "garbage.log", []byte("hello\nworld\nthis is not a log\n"))}, 1, "no known log format", true},
		{"binary", []string{writeFile(t, "binary.log", binary)}, 1, "no known log format", true},
		{"nothing parses as given format", []string{"--format", "common", writeFile(t, "g.log", []byte("a b c\n"))}, 1, "none of its 1 lines parsed", true},
		{"truncated gzip", []string{writeFile(t, "cut.log.gz", gz[:len(gz)/2])}, 1, "cut.log.gz: gzip data is cut short", true},
		{"bad format adjacent", []string{"--format", "$host$request_uri $status", sample}, 2, "nothing between them", false},
		{"bad format unknown directive", []string{"--format", "%h %Z %>s", sample}, 2, "unknown Apache directive %Z", false},
		{"bad format no status", []string{"--format", "$remote_addr $body_bytes_sent", sample}, 2, "no status field", false},
		{"bad format word", []string{"--format", "nosuchpreset", sample}, 2, `unknown format "nosuchpreset"`, false},
		{"bad output", []string{"-o", "xml", sample}, 2, "--output", false},
		{"bad top", []string{"--top", "0", sample}, 2, "--top", false},
		{"unknown flag", []string{"--frobnicate", sample}, 2, "unknown flag", false},
		{"glob matching nothing", []string{"/nonexistent/*.log"}, 1, "/nonexistent/*.log: no file matches the pattern", false},
		{"glob matching nothing, another input read", []string{"/nonexistent/*.log", sample}, 1, "no file matches", true},
		{"negative workers", []string{"-j", "-3", sample}, 2, "--workers", false},
		{"nginx-conf without name", []string{"--nginx-conf", "/etc/nginx/nginx.conf", sample}, 2, "--nginx-conf needs --format", false},
		{"nginx-conf missing", []string{"--nginx-conf", "/nonexistent/nginx.conf", "--format", "main", sample}, 2, "nginx.conf", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", tc.args...)
			if code != tc.want {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.want, errOut)
			}
			if !strings.Contains(errOut, tc.stderrHas) {
				t.Errorf("stderr %q does not contain %q", errOut, tc.stderrHas)
			}
			if tc.want != 0 && strings.Count(strings.TrimSpace(errOut), "\n") > 0 && tc.want == 1 {
				// One line per failed input.
				for _, l := range strings.Split(strings.TrimSpace(errOut), "\n") {
					if !strings.HasPrefix(l, "logstat: ") {
						t.Errorf("stderr line %q is not a logstat error line", l)
					}
				}
			}
			if tc.reported != strings.Contains(out, "Status classes") {
				t.Errorf("report written = %v, want %v", !tc.reported, tc.reported)
			}
		})
	}
}

func TestTruncatedGzipReportsWhatWasRead(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzipBytes(t, bytes.Repeat(data, 20))
	path := writeFile(t, "cut.gz", gz[:len(gz)/2])
	code, out, _ := runCLI(t, "", "-o", "json", path)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	r := decode(t, out)
	if r.Lines.Parsed == 0 || len(r.Errors) != 1 || r.Errors[0].Source != path {
		t.Errorf("lines %+v errors %+v: want lines read before the cut and the error named", r.Lines, r.Errors)
	}
}

func TestHostileContentIsNeutralised(t *testing.T) {
	line := "1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET /\x1b[31mred\x1b]0;title\x07\u202eevil HTTP/1.1\" 404 1 \"-\" \"ua\"\n"
	path := writeFile(t, "hostile.log", []byte(line))
	code, out, _ := runCLI(t, "", path)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, bad := range []string{"\x1b", "\x07", "\u202e"} {
		if strings.Contains(out, bad) {
			t.Errorf("text output contains %q", bad)
		}
	}
	if !strings.Contains(out, `/\x1b[31mred`) {
		t.Errorf("escaped path not shown:\n%s", out)
	}
}

func TestOutRefusesToOverwriteAnInput(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "self.log", data)
	code, _, errOut := runCLI(t, "", "--out", path, path)
	if code != 2 || !strings.Contains(errOut, "is also an input") {
		t.Errorf("exit %d stderr %q", code, errOut)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Error("the input was overwritten")
	}
	out := filepath.Join(t.TempDir(), "report.txt")
	if code, _, errOut := runCLI(t, "", "--out", out, path); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if rep, _ := os.ReadFile(out); !strings.Contains(string(rep), "Status codes") {
		t.Errorf("--out wrote %q", rep)
	}
}

func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{sample}, strings.NewReader(""), &out, &errOut)
	if code != exitInterrupted || !strings.Contains(errOut.String(), "interrupted") || strings.Count(errOut.String(), "\n") != 1 {
		t.Errorf("exit %d, stderr %q: want 130 and one line", code, errOut.String())
	}
}
