package ingest

import (
	"context"
	"errors"
	"testing"
	"time"
)

// endless is a log that never ends; it calls at once when it has
// produced after bytes.
type endless struct {
	line  []byte
	n     int
	after int
	at    func()
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k := copy(p[n:], e.line[e.n%len(e.line):])
		n += k
		e.n += k
	}
	if e.at != nil && e.n >= e.after {
		e.at()
		e.at = nil
	}
	return n, nil
}

func TestCancel(t *testing.T) {
	line := []byte(combinedLine(150, 404) + "\n")
	tests := []struct {
		name    string
		after   int // bytes read before cancelling; -1: cancelled before Run
		workers int
		chunk   int
	}{
		{"before run", -1, 2, 0},
		{"while reading", 8 << 20, 4, 0},
		{"while reading, tiny chunks", 1 << 20, 2, 64},
		{"one worker", 4 << 20, 1, 4096},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var cancelled time.Time
			in := &endless{line: line, after: tt.after, at: func() { cancelled = time.Now(); cancel() }}
			if tt.after < 0 {
				in.at()
			}
			names := []string{"-", writeFiles(t, line)[0]}
			done := make(chan *Result, 1)
			go func() { done <- Run(ctx, names, Config{Stdin: in, Workers: tt.workers, chunkSize: tt.chunk}) }()
			var res *Result
			select {
			case res = <-done:
			case <-time.After(time.Minute):
				t.Fatal("Run did not stop after cancellation")
			}
			// Promptly: at most a chunk per worker is parsed after the
			// cancellation (generous for loaded machines and -race).
			if d := time.Since(cancelled); d > 3*time.Second {
				t.Errorf("Run returned %v after the cancellation", d)
			}
			for i, s := range res.Sources {
				if !errors.Is(s.Err, context.Canceled) {
					t.Errorf("source %d: Err = %v, want context.Canceled", i, s.Err)
				}
			}
			if !errors.Is(res.Err(), context.Canceled) {
				t.Errorf("Err() = %v", res.Err())
			}
			if res.Summary == nil {
				t.Fatal("no summary")
			}
			// The lines counted as read are the lines summarised.
			if tt.after > 0 && (res.Summary.Lines.Parsed == 0 || res.Summary.Lines.Read() != res.Sources[0].Lines) {
				t.Errorf("%+v, source %+v", res.Summary.Lines, res.Sources[0])
			}
		})
	}
}
