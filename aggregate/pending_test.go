package aggregate

import (
	"bytes"
	"fmt"
	"testing"
)

// TestStagedEqualsDirect: counting the error lines' top lists in staged
// batches (Add, Flush) gives what counting each line at once gives, byte
// for byte in the encoding, also when lists overflow and evict, when
// codes lose their lists to better-ranked ones, and when values are
// longer than the lists keep.
func TestStagedEqualsDirect(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		n    int
	}{
		{"defaults", Options{}, 3 * pendingLines},
		{"evicting lists", Options{TopCapacity: 4}, 3 * pendingLines},
		{"codes losing lists", Options{TopCapacity: 8, MaxTopCodes: 3}, 3 * pendingLines},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newRecordGen(7)
			g.paths, g.clients = 500, 300
			staged, direct := New(tc.opts), New(tc.opts)
			long := bytes.Repeat([]byte("x"), 3*MaxKeyLen)
			for i := range tc.n {
				rec := g.record()
				if i%97 == 0 {
					rec.Path = append([]byte("/long/"), long...)
				}
				staged.Add(&rec)
				direct.Add(&rec)
				direct.Flush()
				// The parser reuses its buffers: the staged values must
				// be copies.
				clear(rec.Path)
				clear(rec.Client)
			}
			if staged.pending.lines == 0 {
				t.Fatal("nothing staged: the test does not test staging")
			}
			a, err := staged.AppendBinary(nil)
			if err != nil {
				t.Fatal(err)
			}
			b, err := direct.AppendBinary(nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("staged and direct summaries differ: %s", fmt.Sprint(diffSummaries(staged, direct, true)))
			}
		})
	}
}
