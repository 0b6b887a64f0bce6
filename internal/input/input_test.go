package input

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// tree makes files (and their directories) under a temporary directory and
// returns it.
func tree(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestExpand(t *testing.T) {
	dir := tree(t, "c.log", "a.log", "b.log", "access[1].log", "access1.log", "x.txt",
		"a/x", "a-b/x", "a.d/x")
	j := func(names ...string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = filepath.Join(dir, n)
		}
		return out
	}
	tests := []struct {
		name string
		args []string
		want []string
		err  string // a substring of the error, "" for none
	}{
		{"glob sorted", j("*.log"), j("a.log", "access1.log", "access[1].log", "b.log", "c.log"), ""},
		{"question mark", j("?.log"), j("a.log", "b.log", "c.log"), ""},
		{"directories in lexical order", j("*/x"), j("a-b/x", "a.d/x", "a/x"), ""},
		{"existing name with bracket kept", j("access[1].log"), j("access[1].log"), ""},
		{"class pattern matching", j("access[0-9].log"), j("access1.log"), ""},
		{"args keep their order", append(j("x.txt"), j("[ab].log")...), j("x.txt", "a.log", "b.log"), ""},
		{"plain missing file kept", j("missing.log"), j("missing.log"), ""},
		{"stdin kept", []string{"-"}, []string{"-"}, ""},
		{"no match kept for Open to report", j("*.gz"), []string{filepath.Join(dir, "*.gz")}, ""},
		{"bad pattern", j("[.log"), nil, filepath.Join(dir, "[.log") + ": bad pattern"},
		{"no args", nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Expand(tt.args)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Expand = %q, want %q", got, tt.want)
			}
		})
	}
}

func gzipped(t *testing.T, parts ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, p := range parts {
		w := gzip.NewWriter(&b)
		w.Write([]byte(p))
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

func TestOpen(t *testing.T) {
	big := strings.Repeat("line of text\n", 20000)
	full := gzipped(t, big)
	tests := []struct {
		name       string
		data       []byte
		want       string
		compressed bool
		openErr    string
		readErr    error // wrapped by the read error
	}{
		{"plain", []byte("a\nb\n"), "a\nb\n", false, "", nil},
		{"empty", nil, "", false, "", nil},
		{"one byte", []byte{0x1f}, "\x1f", false, "", nil},
		{"gzip named .log", gzipped(t, "x\ny\n"), "x\ny\n", true, "", nil},
		{"multi-member gzip", gzipped(t, "one\n", "two\n", "three"), "one\ntwo\nthree", true, "", nil},
		{"truncated gzip", full[:len(full)/2], "", true, "", io.ErrUnexpectedEOF},
		{"corrupt header", []byte{0x1f, 0x8b, 0, 0}, "", false, "corrupt gzip header", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "access.log")
			if err := os.WriteFile(name, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := Open(name, nil)
			if tt.openErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.openErr) || !strings.Contains(err.Error(), name) {
					t.Fatalf("Open err = %v, want %q naming the file", err, tt.openErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Compressed != tt.compressed || s.Size != int64(len(tt.data)) || s.Name != name {
				t.Errorf("Source %+v", s)
			}
			got, err := io.ReadAll(s)
			if tt.readErr != nil {
				if !errors.Is(err, tt.readErr) || !strings.Contains(err.Error(), name) {
					t.Errorf("read err = %v, want one naming the file and wrapping %v", err, tt.readErr)
				}
				if len(got) == 0 || !strings.HasPrefix(big, string(got)) {
					t.Errorf("read %d bytes before the error", len(got))
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Errorf("read %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, path, err string
	}{
		{"missing", filepath.Join(dir, "nope.log"), filepath.Join(dir, "nope.log") + ": no such file"},
		{"directory", dir, dir + ": is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Open(tt.path, nil); err == nil || err.Error() != tt.err {
				t.Errorf("err = %v, want %q", err, tt.err)
			}
		})
	}
}

func TestOpenStdin(t *testing.T) {
	s, err := Open(Stdin, strings.NewReader(string(gzipped(t, "from stdin\n"))))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(s)
	if err != nil || string(got) != "from stdin\n" || !s.Compressed || s.Size != -1 {
		t.Errorf("read %q, %v; source %+v", got, err, s)
	}
	if err := s.Close(); err != nil {
		t.Error(err)
	}

	// A nil reader stands for os.Stdin.
	f, err := os.CreateTemp(t.TempDir(), "stdin")
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("real stdin\n")
	f.Seek(0, io.SeekStart)
	old := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = old; f.Close() }()
	s, err = Open(Stdin, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(s); err != nil || string(got) != "real stdin\n" {
		t.Errorf("read %q, %v", got, err)
	}
}

func TestShrankWhileRead(t *testing.T) {
	name := filepath.Join(t.TempDir(), "access.log")
	if err := os.WriteFile(name, bytes.Repeat([]byte("a line\n"), 100000), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := io.ReadFull(s, make([]byte, 1000)); err != nil {
		t.Fatal(err)
	}
	// logrotate's copytruncate, between two reads.
	if err := os.Truncate(name, 10); err != nil {
		t.Fatal(err)
	}
	_, err = io.Copy(io.Discard, s)
	var shrank *ShrankError
	if !errors.As(err, &shrank) || shrank.Size != 700000 || !strings.Contains(err.Error(), "shrank while being read") {
		t.Errorf("err = %v, want a ShrankError from 700000 bytes", err)
	}
}
