package topk

import (
	"bytes"
	"testing"

	"github.com/logstat/logstat/internal/binenc"
)

// TestEncodeRoundTrip: a decoded list holds what the original did, keeps
// its invariants, encodes to the same bytes, and goes on as the original.
func TestEncodeRoundTrip(t *testing.T) {
	r := newRand(21)
	for _, capacity := range []int{1, 5, 200} {
		orig := New(capacity)
		for _, k := range skewedStream(r, 5000, 800) {
			orig.Add(k)
		}
		b := orig.AppendBinary(nil)
		rd := binenc.NewReader(b)
		got := Decode(rd, capacity)
		if rd.Err() != nil || rd.Len() != 0 {
			t.Fatalf("capacity %d: %v, %d bytes left", capacity, rd.Err(), rd.Len())
		}
		checkIndex(t, got)
		if again := got.AppendBinary(nil); !bytes.Equal(again, b) {
			t.Errorf("capacity %d: decoded list encodes to other bytes", capacity)
		}
		more := skewedStream(r, 2000, 900)
		for _, k := range more {
			orig.Add(k)
			got.Add(k)
		}
		if !bytes.Equal(orig.AppendBinary(nil), got.AppendBinary(nil)) {
			t.Errorf("capacity %d: after more values the decoded list differs", capacity)
		}
		checkIndex(t, got)
	}
	if Decode(binenc.NewReader(New(4).AppendBinary(nil)), 5) != nil {
		t.Error("a list of the wrong capacity decoded")
	}
}
