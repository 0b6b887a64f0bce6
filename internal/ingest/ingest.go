// Package ingest reads inputs into an aggregate.Summary: it opens each
// source, picks the log format (or detects it), cuts the byte stream into
// chunks of whole lines and has worker goroutines parse them, each into its
// own Summary, merged when all input is read.
package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/internal/input"
	"github.com/logstat/logstat/parser"
)

// Defaults.
const (
	ChunkSize   = 1 << 20  // bytes handed to a worker at a time
	MaxLineSize = 16 << 20 // a longer line is counted malformed and skipped
	sampleLines = 200      // lines autodetection looks at
)

// ReasonTooLong is the malformed reason for a line over MaxLineSize.
const ReasonTooLong = "line too long"

// ReasonNoFormat is the malformed reason for every line of a run in which
// autodetection recognised no format.
const ReasonNoFormat = "no known log format matches (use --format)"

// Config says what to read and how.
type Config struct {
	// Spec is the log format; nil means autodetect from the first lines.
	Spec parser.Spec
	// Workers parsing in parallel; 0 means GOMAXPROCS.
	Workers int
	// Options for the summaries.
	Options aggregate.Options
	// Stdin is read for the source "-".
	Stdin io.Reader
	// chunkSize overrides ChunkSize in tests.
	chunkSize int
}

// SourceResult is what happened to one input.
type SourceResult struct {
	Name   string
	Lines  int64 // lines read
	Parsed int64
	Bytes  int64 // decompressed bytes read
	Err    error // could not be opened, or reading stopped early
}

// Result is the outcome of Run.
type Result struct {
	Summary *aggregate.Summary
	// Spec is the format used; nil when autodetection found none.
	Spec parser.Spec
	// Detected tells whether Spec was autodetected, and how well it fitted.
	Detected  bool
	Detection parser.Detection
	Sources   []SourceResult
}

// Err returns the first source error, or nil.
func (r *Result) Err() error {
	for _, s := range r.Sources {
		if s.Err != nil {
			return s.Err
		}
	}
	return nil
}

type chunk struct {
	src       int
	name      string
	firstLine int64 // number of the chunk's first line, 1-based
	data      []byte
	buf       *[]byte
}

// Run reads every named source in order and returns the merged summary.
// Sources that cannot be read are reported in Result.Sources; what could
// be read is always summarised.
func Run(ctx context.Context, names []string, cfg Config) *Result {
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.chunkSize <= 0 {
		cfg.chunkSize = ChunkSize
	}
	res := &Result{Spec: cfg.Spec, Sources: make([]SourceResult, len(names))}
	parsed := make([]atomic.Int64, len(names))
	for i, n := range names {
		res.Sources[i].Name = n
	}

	work := make(chan chunk, cfg.Workers)
	free := make(chan *[]byte, 2*cfg.Workers+2)
	var specReady sync.Once
	ready := make(chan struct{})
	markReady := func() { specReady.Do(func() { close(ready) }) }

	sums := make([]*aggregate.Summary, cfg.Workers)
	var wg sync.WaitGroup
	for w := range cfg.Workers {
		sums[w] = aggregate.New(cfg.Options)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-ready
			worker(work, free, res.Spec, sums[w], parsed)
		}()
	}

	// The reader's own summary holds lines it rejects (too long).
	readerSum := aggregate.New(cfg.Options)
	func() {
		defer close(work)
		defer markReady()
		for i, name := range names {
			if ctx.Err() != nil {
				res.Sources[i].Err = ctx.Err()
				continue
			}
			src, err := input.Open(name, cfg.Stdin)
			if err != nil {
				res.Sources[i].Err = err
				continue
			}
			r := &reader{src: i, name: name, r: src, chunkSize: cfg.chunkSize, free: free, sum: readerSum, res: &res.Sources[i]}
			if res.Spec == nil {
				res.Spec, res.Detection = detect(r)
				res.Detected = true
				if res.Spec != nil && res.Spec.Name() == "combined" && looksHSphere(name) {
					res.Spec = parser.PresetFormat("hsphere")
				}
			}
			markReady()
			r.run(ctx, work)
			if err := src.Close(); err != nil && res.Sources[i].Err == nil {
				res.Sources[i].Err = fmt.Errorf("%s: %w", name, err)
			}
		}
	}()
	wg.Wait()

	res.Summary = readerSum
	for _, s := range sums {
		res.Summary.Merge(s)
	}
	for i := range res.Sources {
		res.Sources[i].Parsed = parsed[i].Load()
	}
	return res
}

// looksHSphere reports whether a path follows H-Sphere's transfer log
// layout /hsphere/local/home/USER/logs/DOMAIN/DOMAIN[.N[.gz]].
func looksHSphere(name string) bool {
	return strings.Contains(name, "/hsphere/local/home/") && strings.Contains(name, "/logs/")
}

// detect peeks at the first lines of r and picks a preset. When none fits,
// it returns a spec whose parser rejects every line with ReasonNoFormat.
func detect(r *reader) (parser.Spec, parser.Detection) {
	head := r.peek(sampleLines)
	var lines [][]byte
	for len(head) > 0 && len(lines) < sampleLines {
		nl := bytes.IndexByte(head, '\n')
		line := head
		if nl >= 0 {
			line, head = head[:nl], head[nl+1:]
		} else {
			head = nil
		}
		lines = append(lines, bytes.TrimSuffix(line, []byte{'\r'}))
	}
	d := parser.Detect(lines)
	if d.Format == nil {
		return noFormat{}, d
	}
	return d.Format, d
}

// noFormat is the Spec used when autodetection failed: every line is
// malformed, so the input is still accounted for.
type noFormat struct{}

func (noFormat) Name() string             { return "unknown" }
func (noFormat) ExtraNames() []string     { return nil }
func (noFormat) NewParser() parser.Parser { return noFormatParser{} }

type noFormatParser struct{}

var errNoFormat = &parser.LineError{Reason: ReasonNoFormat}

func (noFormatParser) Parse([]byte, *parser.Record) error { return errNoFormat }

// worker parses chunks into sum until work is closed.
func worker(work <-chan chunk, free chan<- *[]byte, spec parser.Spec, sum *aggregate.Summary, parsed []atomic.Int64) {
	if spec == nil {
		spec = noFormat{}
	}
	p := spec.NewParser()
	var rec parser.Record
	for c := range work {
		data := c.data
		line := c.firstLine
		var ok int64
		for len(data) > 0 {
			nl := bytes.IndexByte(data, '\n')
			var l []byte
			if nl >= 0 {
				l, data = data[:nl], data[nl+1:]
			} else {
				l, data = data, nil
			}
			if n := len(l); n > 0 && l[n-1] == '\r' {
				l = l[:n-1]
			}
			if err := p.Parse(l, &rec); err != nil {
				reason := err.Error()
				if le, isLine := err.(*parser.LineError); isLine {
					reason = le.Reason
				}
				sum.AddMalformed(aggregate.Sample{Source: c.name, Line: line, Reason: reason, Order: c.src})
			} else {
				sum.Add(&rec)
				ok++
			}
			line++
		}
		parsed[c.src].Add(ok)
		select {
		case free <- c.buf:
		default:
		}
	}
}
