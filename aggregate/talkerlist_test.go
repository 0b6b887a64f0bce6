package aggregate

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/logstat/logstat/internal/binenc"
)

// zipfKeys returns n keys drawn from distinct values with a Zipf-like
// popularity, some of them longer than the bytes a list keeps.
func zipfKeys(r *rand.Rand, n, distinct int) [][]byte {
	z := rand.NewZipf(r, 1.2, 1, uint64(distinct-1))
	keys := make([][]byte, n)
	for i := range keys {
		v := z.Uint64()
		if v%7 == 3 {
			keys[i] = fmt.Appendf(nil, "Mozilla/5.0 (compatible; crawler-%d) %0200d", v, v)
		} else {
			keys[i] = fmt.Appendf(nil, "10.%d.%d.%d", v>>16&255, v>>8&255, v&255)
		}
	}
	return keys
}

func fill(keyCap int, keys [][]byte) *TalkerList { return fillFrom(keyCap, keys, 0) }

// fillFrom counts keys, key i seen at 1000+from+i.
func fillFrom(keyCap int, keys [][]byte, from int) *TalkerList {
	t := NewTalkerList(keyCap)
	for i, k := range keys {
		t.Add(k, int64(1000+from+i))
	}
	return t
}

// TestTalkerListExact: below its capacity a list counts exactly, with the
// first and last time of each value, as a TopK does.
func TestTalkerListExact(t *testing.T) {
	keys := zipfKeys(newRand(1), 5000, 60)
	tl := fill(64, keys)
	tk := NewTopK(200)
	for i, k := range keys {
		tk.AddAt(k[:min(len(k), 64)], int64(1000+i))
	}
	if tl.Approximate() {
		t.Fatal("evicted below capacity")
	}
	got, want := tl.Top(-1), tk.Top(-1)
	// Values longer than 64 bytes are cut, but counted apart by their
	// full length and hash: compare those the cut leaves distinct.
	if len(got) != len(want) || !reflect.DeepEqual(got[:10], want[:10]) {
		t.Errorf("top 10 %v\nwant %v", got[:min(10, len(got))], want[:min(10, len(want))])
	}
}

// TestTalkerListBounds: with more values than it tracks, every count
// bounds the true one (Count-Err <= true <= Count) and every value of
// more than 1/64 of the stream is tracked; merged parts keep both.
func TestTalkerListBounds(t *testing.T) {
	for trial := range 5 {
		r := newRand(uint64(10 + trial))
		keys := zipfKeys(r, 20000, 3000)
		truth := map[string]int64{}
		for _, k := range keys {
			truth[string(k)]++
		}
		whole := fill(64, keys)
		a, b := fill(64, keys[:7000]), fill(64, keys[7000:])
		a.Merge(b)
		for name, l := range map[string]*TalkerList{"whole": whole, "merged": a} {
			if !l.Approximate() || l.Len() != talkerCapacity {
				t.Fatalf("%s: %d values, approximate %v", name, l.Len(), l.Approximate())
			}
			seen := map[string]bool{}
			for _, it := range l.Top(-1) {
				// A value longer than the bytes kept is known by its
				// prefix: find its true count by that.
				var n int64
				for k, c := range truth {
					if k[:min(len(k), 64)] == it.Value && (len(k) <= 64 || len(it.Value) == 64) {
						n += c
					}
				}
				if it.Count < n && len(it.Value) < 64 || it.Count-it.Err > n {
					t.Errorf("trial %d %s: %q counted %d±%d, true %d", trial, name, it.Value, it.Count, it.Err, n)
				}
				seen[it.Value] = true
			}
			for k, c := range truth {
				if c*talkerCapacity > int64(len(keys)) && !seen[k[:min(len(k), 64)]] {
					t.Errorf("trial %d %s: %q (%d of %d) not tracked", trial, name, k, c, len(keys))
				}
			}
		}
	}
}

// TestTalkerListMergeExact: parts whose union fits merge to the list of
// the whole, in any order.
func TestTalkerListMergeExact(t *testing.T) {
	keys := zipfKeys(newRand(4), 6000, 50)
	whole := fill(128, keys)
	for _, cut := range []int{0, 1, 2999, 6000} {
		a, b := fill(128, keys[:cut]), fillFrom(128, keys[cut:], cut)
		b.Merge(a)
		if got, want := b.Top(-1), whole.Top(-1); !reflect.DeepEqual(got, want) {
			t.Errorf("cut %d: merged %v\nwant %v", cut, got[:3], want[:3])
		}
	}
}

// TestTalkerListEncoding: a list decodes to one that encodes to the same
// bytes and goes on counting as the original.
func TestTalkerListEncoding(t *testing.T) {
	r := newRand(5)
	for _, n := range []int{0, 30, 20000} {
		keys := zipfKeys(r, n, 2000)
		l := fill(128, keys)
		b := l.appendBinary(nil)
		rd := binenc.NewReader(b)
		got := readTalkerList(rd, 128)
		if rd.Err() != nil || rd.Len() != 0 {
			t.Fatalf("%d keys: %v, %d bytes left", n, rd.Err(), rd.Len())
		}
		if again := got.appendBinary(nil); string(again) != string(b) {
			t.Errorf("%d keys: decoded list encodes differently", n)
		}
		more := zipfKeys(r, 3000, 2000)
		for i, k := range more {
			l.Add(k, int64(i))
			got.Add(k, int64(i))
		}
		if !reflect.DeepEqual(got.Top(-1), l.Top(-1)) || got.Approximate() != l.Approximate() {
			t.Errorf("%d keys: the decoded list went on differently", n)
		}
	}
	bad := map[string][]byte{
		"other key size": binenc.AppendUvarint(nil, 64),
		"a count of 0": func() []byte {
			b := NewTalkerList(128).appendBinary(nil)
			b = b[:len(b)-1]
			b = binenc.AppendUvarint(b, 1)
			b = binenc.AppendBytes(b, []byte("x"))
			b = binenc.AppendUvarint(b, 1)
			b = binenc.AppendUint64(b, talkerHash([]byte("x")))
			return appendVarints(b, 0, 0, 0, 0)
		}(),
		"a wrong hash": func() []byte {
			b := NewTalkerList(128).appendBinary(nil)
			b = b[:len(b)-1]
			b = binenc.AppendUvarint(b, 1)
			b = binenc.AppendBytes(b, []byte("x"))
			b = binenc.AppendUvarint(b, 1)
			b = binenc.AppendUint64(b, 7)
			return appendVarints(b, 1, 0, 0, 0)
		}(),
	}
	for name, b := range bad {
		rd := binenc.NewReader(b)
		if readTalkerList(rd, 128); rd.Err() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestTalkerListAllocs(t *testing.T) {
	keys := zipfKeys(newRand(6), 4096, 5000)
	l := fill(128, keys[:2048])
	i := 2048
	if n := totalAllocs(2000, func() { l.Add(keys[i%len(keys)], int64(i)); i++ }); n != 0 {
		t.Errorf("%d allocations in 2000 adds", n)
	}
}

// BenchmarkSummaryAddTalkers is BenchmarkSummaryAdd with clients of a
// Zipf-like popularity and user agents, as logs have them.
func BenchmarkSummaryAddTalkers(b *testing.B) {
	codes := []int{200, 200, 200, 200, 200, 200, 200, 304, 200, 404, 200, 200, 301, 200, 500, 200, 206, 200, 403, 200}
	recs := records(1<<14, 3000, 500, codes, nil)
	r := newRand(9)
	z := rand.NewZipf(r, 1.1, 1, 4999)
	agents := [][]byte{[]byte("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"),
		[]byte("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"),
		[]byte("curl/8.4.0"), []byte("Googlebot/2.1 (+http://www.google.com/bot.html)")}
	for i := range recs {
		v := z.Uint64()
		recs[i].Client = fmt.Appendf(nil, "10.%d.%d.%d", v>>16&255, v>>8&255, v&255)
		recs[i].UserAgent = agents[v%4]
	}
	s := New(Options{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		s.Add(&recs[i&(len(recs)-1)])
	}
}
