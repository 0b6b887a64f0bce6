package ingest

import (
	"context"
	"testing"
)

func BenchmarkZZRun1M(b *testing.B) {
	for range b.N {
		res := Run(context.Background(), []string{"/tmp/bench/gen1m.log"}, Config{Workers: 1})
		if res.Summary.Lines.Parsed == 0 {
			b.Fatal(res.Summary.Lines)
		}
	}
}
