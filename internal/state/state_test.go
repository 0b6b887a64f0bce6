package state

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/internal/ingest"
	"github.com/logstat/logstat/internal/input"
	"github.com/logstat/logstat/parser"
)

func sample(t *testing.T) *File {
	t.Helper()
	s := aggregate.New(aggregate.Options{KeepQuery: true})
	for i, code := range []int{200, 404, 502, 502} {
		s.Add(&parser.Record{Status: code, Bytes: int64(i), Path: []byte("/a"), Client: []byte("10.0.0.1"), RequestTime: time.Duration(i) * time.Millisecond,
			Time: time.Date(2026, 12, 1, 10, i, 0, 0, time.FixedZone("", 3600))})
	}
	s.AddMalformed(aggregate.Sample{Source: "access.log", Line: 9, Reason: "bad"})
	return &File{
		Written: time.Unix(1764600000, 0),
		Format:  "combined",
		Positions: []ingest.Position{
			{Name: "/var/log/nginx/access.log", Identity: input.Identity{Dev: 2049, Ino: 123, Size: 9000, Regular: true, Print: 42, PrintLen: 1024}, Offset: 8000, Line: 40},
			{Name: "access.log.2.gz", Identity: input.Identity{Dev: 2049, Ino: 7, Regular: true, Gzip: true, Print: 1, PrintLen: 1024}, Offset: 50000, Line: 300, Whole: true},
			{Name: "u_ex.log", Identity: input.Identity{Regular: true, PrintLen: 70}, Header: [][]byte{[]byte("#Software: IIS"), nil}},
		},
		Summary: s,
	}
}

func TestRoundTrip(t *testing.T) {
	f := sample(t)
	b, err := Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Encode(got)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, again) {
		t.Error("decoded state encodes to other bytes")
	}
	if got.Format != "combined" || !got.Written.Equal(f.Written) || len(got.Positions) != 3 {
		t.Errorf("got %+v", got)
	}
	if p := got.Positions[1]; p.Offset != 50000 || p.Line != 300 || !p.Whole || !p.Gzip || p.Ino != 7 {
		t.Errorf("position %+v", p)
	}
	if h := got.Positions[2].Header; len(h) != 2 || string(h[0]) != "#Software: IIS" || h[1] != nil {
		t.Errorf("header %q", h)
	}
	if got.Summary.Lines != f.Summary.Lines || got.Summary.Code(502).Count != 2 || !got.Summary.Options().KeepQuery {
		t.Errorf("summary %+v", got.Summary.Lines)
	}
}

// TestRefused: what is not a whole state of this version says so.
func TestRefused(t *testing.T) {
	good, err := Encode(sample(t))
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 1
	newer := append([]byte(magic), 9)
	tests := []struct {
		name     string
		data     []byte
		notState bool
		msg      string
	}{
		{"empty", nil, true, "does not start"},
		{"a log", []byte("127.0.0.1 - - [01/Dec/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1\n"), true, "does not start"},
		{"cut short", good[:len(good)-20], true, "checksum"},
		{"a bit flipped", flipped, true, "checksum"},
		{"magic alone", []byte(magic), true, "cut short"},
		{"a newer version", append(newer, make([]byte, 8)...), false, "state version 9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.data)
			if err == nil || errors.Is(err, ErrNotState) != tt.notState || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want not-a-state %v and %q", err, tt.notState, tt.msg)
			}
		})
	}
}

func TestSaveLoad(t *testing.T) {
	name := filepath.Join(t.TempDir(), "logstat.state")
	if _, err := Load(name); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing state: %v", err)
	}
	if err := Save(name, sample(t)); err != nil {
		t.Fatal(err)
	}
	f, err := Load(name)
	if err != nil || f.Summary.Lines.Parsed != 4 {
		t.Fatalf("Load: %v", err)
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("a directory loaded as a state")
	}
}

func FuzzDecode(f *testing.F) {
	good, _ := Encode(&File{Summary: aggregate.New(aggregate.Options{})})
	f.Add(good)
	f.Fuzz(func(t *testing.T, data []byte) {
		Decode(data) // never panics
	})
}
