package topk

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
)

// newRand returns a deterministic generator for a test.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x10657a7)) }

// skewedStream returns n keys drawn from distinct values with a Zipf-like
// skew, so that a few values are heavy hitters and the rest a long tail.
func skewedStream(r *rand.Rand, n, distinct int) [][]byte {
	z := rand.NewZipf(r, 1.2, 1, uint64(distinct-1))
	out := make([][]byte, n)
	for i := range out {
		out[i] = fmt.Appendf(nil, "/v/%d", z.Uint64())
	}
	return out
}

// uniformStream returns n keys drawn uniformly from distinct values.
func uniformStream(r *rand.Rand, n, distinct int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = fmt.Appendf(nil, "k%d", r.IntN(distinct))
	}
	return out
}

func countKeys(keys [][]byte) map[string]int64 {
	m := map[string]int64{}
	for _, k := range keys {
		m[string(k)]++
	}
	return m
}

// exactItems is what an exact top list of counts holds, in Top order.
func exactItems(m map[string]int64) []Item {
	items := make([]Item, 0, len(m))
	for v, n := range m {
		items = append(items, Item{Value: v, Count: n})
	}
	sort.Slice(items, func(a, b int) bool {
		if items[a].Count != items[b].Count {
			return items[a].Count > items[b].Count
		}
		return items[a].Value < items[b].Value
	})
	return items
}

// checkGuarantees checks the space-saving bounds of every tracked value
// against the true counts, and that every value occurring more than
// total/capacity times is tracked (capacity is the smallest capacity of
// the sketches merged into tk).
func checkGuarantees(t *testing.T, tk *List, truth map[string]int64, total int64, capacity int) {
	t.Helper()
	tracked := map[string]bool{}
	for _, it := range tk.Top(-1) {
		tracked[it.Value] = true
		n := truth[it.Value]
		if it.Count < n {
			t.Errorf("%q: Count %d < true count %d", it.Value, it.Count, n)
		}
		if it.Count-it.Err > n {
			t.Errorf("%q: Count-Err %d > true count %d", it.Value, it.Count-it.Err, n)
		}
		if it.Err < 0 || it.Err > it.Count {
			t.Errorf("%q: Err %d outside [0, Count %d]", it.Value, it.Err, it.Count)
		}
	}
	for v, n := range truth {
		if n*int64(capacity) > total && !tracked[v] {
			t.Errorf("heavy hitter %q (%d of %d, capacity %d) missing", v, n, total, capacity)
		}
	}
	checkCells(t, tk, truth, tracked)
}

// checkCells checks the filtered space-saving bound: an untracked value
// occurred at most as often as its cell says.
func checkCells(t *testing.T, tk *List, truth map[string]int64, tracked map[string]bool) {
	t.Helper()
	for v, n := range truth {
		if tracked[v] {
			continue
		}
		var bound int64
		if cells := cellsOf(tk); cells != nil {
			bound = cells[hashKey([]byte(v))&uint64(len(cells)-1)]
		}
		if n > bound {
			t.Errorf("untracked %q occurred %d times, above its cell's bound %d", v, n, bound)
		}
	}
}

// cellsOf returns a copy of tk's cells, nil while they are not in use.
func cellsOf(tk *List) []int64 {
	if !tk.cells {
		return nil
	}
	cells := make([]int64, len(tk.table))
	for i := range tk.table {
		cells[i] = tk.table[i].cell
	}
	return cells
}
