package topk

import (
	"bytes"
	"testing"

	"github.com/logstat/logstat/internal/binenc"
)

// FuzzTopKOps runs the bytes as ops on small lists, where probe chains
// cross and wrap and values are evicted all the time: each byte adds one
// of a few dozen values (some at a time), merges, or round-trips through
// the encoding. After each op the invariants must hold (index, tags,
// buckets, low, unused cells at zero), and a decoded list must encode to
// the same bytes and go on as the original.
func FuzzTopKOps(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 200, 10, 11, 12, 250, 13})
	f.Add(bytes.Repeat([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}, 20))
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) < 1 {
			return
		}
		capacity := 1 + int(ops[0]%7)
		a, b := New(capacity), New(capacity)
		for i, op := range ops[1:] {
			key := []byte{'k', 'a' + op%48}
			switch {
			case op < 200:
				a.AddAt(key, int64(i%5))
			case op < 230:
				b.Add(key)
			case op < 240:
				a.Merge(b)
			case op < 250:
				b.Merge(a)
			default:
				enc := a.AppendBinary(nil)
				d := Decode(binenc.NewReader(enc), capacity)
				if d == nil {
					t.Fatal("decode failed")
				}
				if again := d.AppendBinary(nil); !bytes.Equal(again, enc) {
					t.Fatal("decoded list encodes to other bytes")
				}
				a.Add(key)
				d.Add(key)
				if !bytes.Equal(a.AppendBinary(nil), d.AppendBinary(nil)) {
					t.Fatal("decoded list goes on otherwise")
				}
				a = d
			}
			for _, l := range []*List{a, b} {
				if err := l.check(); err != nil {
					t.Fatalf("after op %d (%d): %v", i, op, err)
				}
			}
		}
	})
}
