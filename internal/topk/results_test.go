package topk

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/logstat/logstat/internal/binenc"
)

// resultsDigest runs Lists of several capacities through long-tail
// streams with times, cut keys, merges both ways (with and without cells,
// of other capacities) and decodes, and hashes everything they show:
// Top, Len, Approximate and the encoded bytes after each step.
func resultsDigest(t *testing.T) string {
	d := sha256.New()
	show := func(tk *List) {
		if err := tk.check(); err != nil {
			t.Fatal(err)
		}
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(tk.Len()))
		d.Write(n[:])
		fmt.Fprint(d, tk.Approximate(), tk.Top(-1))
		d.Write(tk.AppendBinary(nil))
	}
	long := bytes.Repeat([]byte("x"), MaxKeyLen+7)
	feed := func(tk *List, seed uint64, n, distinct int) {
		r := newRand(seed)
		for i, k := range skewedStream(r, n, distinct) {
			switch i % 5 {
			case 0:
				tk.Add(k)
			case 1:
				tk.AddAt(k, 1700000000+int64(r.IntN(1000)))
			case 2:
				tk.AddAt(fmt.Appendf(nil, "%d.%d.%d.%d", r.IntN(256), r.IntN(256), r.IntN(256), r.IntN(4)), int64(i))
			case 3:
				tk.AddAt(k, 0)
			default:
				if i%97 == 4 {
					tk.Add(append(long, byte(r.IntN(3))))
				} else {
					tk.AddAt(k, 1700000000-int64(i))
				}
			}
		}
	}
	for _, capacity := range []int{1, 2, 5, 8, 64, 200, 300} {
		for seed := range uint64(4) {
			a, b := New(capacity), New(capacity)
			feed(a, seed, 4000, 30*capacity)
			show(a)
			feed(b, seed+100, 300, 2*capacity) // may stay exact
			show(b)
			small := New(capacity / 2)
			feed(small, seed+200, 2000, 5*capacity)
			show(small)

			m := New(capacity)
			m.Merge(b)
			show(m)
			m.Merge(a)
			show(m)
			m.Merge(small)
			show(m)
			feed(m, seed+300, 1000, 10*capacity)
			show(m)
			b.Merge(a)
			show(b)
			big := New(4 * capacity)
			big.Merge(a)
			show(big)
			feed(big, seed+400, 1000, 3*capacity)
			show(big)
			small.Merge(big)
			show(small)

			enc := a.AppendBinary(nil)
			dec := Decode(binenc.NewReader(enc), capacity)
			if dec == nil {
				t.Fatal("decode failed")
			}
			feed(dec, seed+500, 2000, 30*capacity)
			show(dec)
		}
	}
	return hex.EncodeToString(d.Sum(nil))
}

// TestTopKResultsUnchanged pins what Lists show after a fixed workout:
// changes to the layout of a List, its index or its cells must leave every
// count, choice of eviction, merge and encoded byte as they were. A change
// meant to alter results must say why, and update the digest.
func TestTopKResultsUnchanged(t *testing.T) {
	const want = "adb8ad763c9bbf937faca3bca92f0630df6284110a481964ac8812bb83a8d184"
	if got := resultsDigest(t); got != want {
		t.Errorf("results digest %s, want %s", got, want)
	}
}
