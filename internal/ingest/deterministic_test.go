package ingest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/logstat/logstat/aggregate"
)

// TestParallelRunsRepeat: with evicting (approximate) top lists, repeated
// runs with the same number of workers give the same lists, because chunks
// are dealt to workers in turn rather than to whichever is free.
func TestParallelRunsRepeat(t *testing.T) {
	var b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&b, "10.0.%d.%d - - [18/Jul/2023:13:44:16 +0000] \"GET /p/%d HTTP/1.1\" 404 1 \"-\" \"-\"\n", i%7, i%250, (i*7919)%3000)
	}
	names := writeFiles(t, []byte(b.String()))
	var first [][]aggregate.Item
	for run := range 6 {
		res := Run(context.Background(), names, Config{Workers: 3, chunkSize: 4096, Options: aggregate.Options{TopCapacity: 16}})
		c := res.Summary.Code(404)
		if c == nil || !c.Paths.Approximate() {
			t.Fatal("the test needs evicting top lists")
		}
		got := [][]aggregate.Item{c.Paths.Top(-1), c.Clients.Top(-1)}
		if run == 0 {
			first = got
		} else if !reflect.DeepEqual(got, first) {
			t.Fatalf("run %d differs from run 0:\n%v\n%v", run, got, first)
		}
	}
}
