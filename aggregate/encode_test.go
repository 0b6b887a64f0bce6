package aggregate

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/logstat/logstat/parser"
)

// roundTrip encodes s, decodes it, and checks that the copy encodes to the
// same bytes.
func roundTrip(t *testing.T, s *Summary) (*Summary, []byte) {
	t.Helper()
	b, err := s.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeSummary(b)
	if err != nil {
		t.Fatalf("DecodeSummary: %v", err)
	}
	again, err := got.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, again) {
		t.Errorf("decoded summary encodes to other bytes (%d, want %d)", len(again), len(b))
	}
	return got, b
}

func TestSummaryRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		n    int
	}{
		{"empty", Options{}, 0},
		{"small, exact lists", Options{}, 500},
		{"evicting lists, few codes with lists", Options{TopCapacity: 5, MaxTopCodes: 3, MaxSamples: 2, KeepQuery: true}, 5000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := feed(New(tt.opts), newRecordGen(7).events(tt.n, 3))
			got, _ := roundTrip(t, s)
			for _, d := range diffSummaries(got, s, true) {
				t.Error(d)
			}
			if got.Options() != s.Options() {
				t.Errorf("options %+v, want %+v", got.Options(), s.Options())
			}
			// The copy goes on as the original: the same lines after it
			// give the same summary.
			more := newRecordGen(8).events(tt.n/2+10, 2)
			for _, d := range diffSummaries(feed(got, more), feed(s, more), true) {
				t.Errorf("after more lines: %s", d)
			}
		})
	}
}

// TestSummaryEncodingSize: a summary of a million lines whose paths and
// clients are all distinct encodes to a few MiB at most: top lists are
// bounded, and so is the state file.
func TestSummaryEncodingSize(t *testing.T) {
	if testing.Short() {
		t.Skip("a million lines")
	}
	s := New(Options{})
	codes := []int{200, 200, 200, 301, 304, 404, 403, 500, 502, 503, 499}
	var rec parser.Record
	var path, client []byte
	for i := range 1_000_000 {
		path = fmt.Appendf(path[:0], "/distinct/path/%d/index.html", i)
		client = fmt.Appendf(client[:0], "10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
		rec = parser.Record{Status: codes[i%len(codes)], Bytes: int64(i % 9000), Path: path, Client: client, RequestTime: -1}
		s.Add(&rec)
	}
	_, b := roundTrip(t, s)
	if len(b) > 4<<20 {
		t.Errorf("%d bytes encoded, want at most 4 MiB", len(b))
	}
	t.Logf("1M distinct lines: %d bytes", len(b))
}

func FuzzDecodeSummary(f *testing.F) {
	for _, n := range []int{0, 50} {
		b, _ := feed(New(Options{TopCapacity: 4, MaxTopCodes: 2}), newRecordGen(3).events(n, 2)).AppendBinary(nil)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeSummary(data)
		if err != nil {
			return
		}
		// Whatever decodes is a usable summary.
		s.Merge(s)
		if _, err := s.AppendBinary(nil); err != nil {
			t.Fatal(err)
		}
		_ = s.Codes()
	})
}
