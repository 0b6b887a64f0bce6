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
	"path/filepath"
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
	// maxSampleLines is how far autodetection reads on when nothing parses
	// the first sampleLines (junk at the top).
	maxSampleLines = 4 * 4 * sampleLines
)

// ReasonTooLong is the malformed reason for a line over MaxLineSize.
const ReasonTooLong = "line too long"

// ReasonCutShort is the malformed reason for the unfinished last line of
// an input whose reading failed (a truncated gzip file).
const ReasonCutShort = "line cut short: the input ended early"

// ReasonNoFormat is the malformed reason for every line of a run in which
// autodetection recognised no format.
const ReasonNoFormat = "no known log format matches (use --format)"

// Config says what to read and how.
type Config struct {
	// Progress, when set, is kept up to date while Run reads.
	Progress *Progress
	// Spec is the log format; nil means autodetect from the first lines.
	Spec parser.Spec
	// Workers parsing in parallel; 0 means GOMAXPROCS.
	Workers int
	// Options for the summaries.
	Options aggregate.Options
	// Stdin is read for the source "-" (os.Stdin when nil).
	Stdin io.Reader
	// MaxLineSize is the longest line, in bytes without its newline, that
	// is parsed (0 means the MaxLineSize constant); a longer line is counted
	// malformed with ReasonTooLong. It also bounds the memory a line takes.
	MaxLineSize int
	// chunkSize overrides ChunkSize in tests.
	chunkSize int
}

// SourceResult is what happened to one input.
type SourceResult struct {
	// Spec is the input's format: Config.Spec, or the one detected from
	// its first lines (nil when it had none to judge by).
	Spec      parser.Spec
	Detection parser.Detection
	Name      string
	Lines     int64 // lines read
	Parsed    int64
	Skipped   int64 // lines that are not requests (W3C directives)
	Bytes     int64 // decompressed bytes read
	Err       error // could not be opened, or reading stopped early
}

// Progress counts what Run has read so far; safe to read while it runs.
type Progress struct {
	Bytes atomic.Int64 // input bytes consumed as stored (compressed for gzip)
	Lines atomic.Int64 // lines handed to the parsers
}

// Result is the outcome of Run.
type Result struct {
	Summary *aggregate.Summary
	// Spec is the format used: Config.Spec, or the format detected for
	// the first input that had lines (each input is detected on its own:
	// see SourceResult.Spec). When autodetection found none, it is a
	// format named "unknown" whose parser rejects every line with
	// ReasonNoFormat.
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
	// header holds the header lines in force where the chunk starts
	// (W3C's latest #Software: and #Fields:), for a parser.HeaderParser;
	// it is shared between chunks and never written.
	header [][]byte
	spec   parser.Spec // the source's format
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
	if cfg.MaxLineSize <= 0 {
		cfg.MaxLineSize = MaxLineSize
	}
	res := &Result{Spec: cfg.Spec, Sources: make([]SourceResult, len(names))}
	parsed := make([]atomic.Int64, len(names))
	skipped := make([]atomic.Int64, len(names))
	for i, n := range names {
		res.Sources[i].Name = n
	}

	// Chunk n goes to worker n mod Workers, not to whichever is free: each
	// worker's summary, and so the merged one with its bounded top lists,
	// then depend only on the input and the number of workers.
	const queued = 2 // chunks waiting for each worker
	d := &dealer{works: make([]chan chunk, cfg.Workers)}
	for w := range d.works {
		d.works[w] = make(chan chunk, queued)
	}
	// Room for every buffer that can be out at once (queued, being parsed,
	// being filled), so that none returned is ever dropped and made again:
	// the number of buffers, and so the memory, does not depend on how
	// long the input is or how the goroutines happen to run.
	free := make(chan *[]byte, (queued+1)*cfg.Workers+1)

	sums := make([]*aggregate.Summary, cfg.Workers)
	var wg sync.WaitGroup
	for w := range cfg.Workers {
		sums[w] = aggregate.New(cfg.Options)
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker(d.works[w], free, cfg.MaxLineSize, sums[w], parsed, skipped)
		}()
	}

	// The reader's own summary holds lines it rejects (too long).
	readerSum := aggregate.New(cfg.Options)
	func() {
		defer d.close()
		for i, name := range names {
			if ctx.Err() != nil {
				res.Sources[i].Err = ctx.Err()
				continue
			}
			var consumed *atomic.Int64
			if cfg.Progress != nil {
				consumed = &cfg.Progress.Bytes
			}
			src, err := input.OpenContext(ctx, name, cfg.Stdin, consumed)
			if err != nil {
				res.Sources[i].Err = err
				continue
			}
			r := &reader{src: i, name: name, r: src, line: 1, chunkSize: cfg.chunkSize, maxLineSize: cfg.MaxLineSize, free: free, sum: readerSum, res: &res.Sources[i], progress: cfg.Progress}
			spec := cfg.Spec
			if spec == nil {
				var det parser.Detection
				spec, det = detect(r)
				if det.Lines == 0 && r.eof && onlyEmpty(r.pending) {
					// Nothing to judge a format by (an empty file, or only
					// empty lines): count the lines here.
					r.countEmpty()
					closeSource(src, &res.Sources[i])
					continue
				}
				if spec.Name() == "combined" && looksHSphere(name) {
					spec = parser.PresetFormat("hsphere")
				}
				res.Sources[i].Detection = det
				if res.Spec == nil {
					res.Spec, res.Detection, res.Detected = spec, det, true
				}
			}
			res.Sources[i].Spec = spec
			r.spec = spec
			r.headers = wantsHeader(spec)
			r.run(d)
			closeSource(src, &res.Sources[i])
		}
		if res.Spec == nil {
			// Every source was empty, missing or unreadable.
			res.Spec, res.Detected = noFormat{}, true
		}
	}()
	wg.Wait()

	// Into the first worker's summary: merging into an empty one would
	// rebuild every top list for nothing.
	res.Summary = sums[0]
	for _, s := range sums[1:] {
		res.Summary.Merge(s)
	}
	res.Summary.Merge(readerSum)
	for i := range res.Sources {
		res.Sources[i].Parsed = parsed[i].Load()
		res.Sources[i].Skipped = skipped[i].Load()
	}
	return res
}

func closeSource(src *input.Source, res *SourceResult) {
	if err := src.Close(); err != nil && res.Err == nil {
		res.Err = fmt.Errorf("%s: %w", res.Name, err)
	}
}

// looksHSphere reports whether a path follows H-Sphere's transfer log
// layout /hsphere/local/home/USER/logs/DOMAIN/DOMAIN[.N[.gz]] (relative to
// / too).
func looksHSphere(name string) bool {
	const home = "hsphere/local/home/"
	name = filepath.ToSlash(name)
	i := strings.Index(name, "/"+home)
	switch {
	case strings.HasPrefix(name, home):
		i = len(home)
	case i >= 0:
		i += 1 + len(home)
	default:
		return false
	}
	return strings.Contains(name[i:], "/logs/")
}

// detect samples the first lines of r and picks a preset. When none fits,
// it returns a spec whose parser rejects every line with ReasonNoFormat.
// When no format parses any of the first sampleLines usable lines (junk at
// the top), it samples more, up to maxSampleLines or what sample holds.
func detect(r *reader) (parser.Spec, parser.Detection) {
	var d parser.Detection
	for n := sampleLines; ; n *= 4 {
		lines := r.sample(n)
		if r.eof && len(lines) < n {
			if last := lastLine(r.pending); len(last) > 0 {
				lines = append(lines, last)
			}
		}
		d = parser.Detect(lines)
		if d.Spec != nil || len(lines) < n || n >= maxSampleLines {
			break
		}
	}
	if d.Spec == nil {
		return noFormat{}, d
	}
	return d.Spec, d
}

// onlyEmpty reports whether b holds nothing but line ends.
func onlyEmpty(b []byte) bool {
	for _, c := range b {
		if c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// wantsHeader reports whether spec's parsers read header lines, which the
// reader must then hand to each chunk.
func wantsHeader(spec parser.Spec) bool {
	_, ok := spec.NewParser().(parser.HeaderParser)
	return ok
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

// dealer hands chunks to the workers in turn.
type dealer struct {
	works []chan chunk
	next  int
}

// channel returns the channel of the next chunk's worker.
func (d *dealer) channel() chan<- chunk { return d.works[d.next] }

// sent moves on to the next worker.
func (d *dealer) sent() { d.next = (d.next + 1) % len(d.works) }

func (d *dealer) close() {
	for _, w := range d.works {
		close(w)
	}
}

// worker parses chunks into sum until work is closed.
func worker(work <-chan chunk, free chan<- *[]byte, maxLine int, sum *aggregate.Summary, parsed, skipped []atomic.Int64) {
	// One parser per format met: inputs may differ.
	parsers := map[parser.Spec]parser.Parser{}
	var rec parser.Record
	for c := range work {
		p := parsers[c.spec]
		if p == nil {
			p = c.spec.NewParser()
			if r, ok := p.(parser.Raw); ok {
				r.Raw(aggregate.RawFields)
			}
			parsers[c.spec] = p
		}
		hp, _ := p.(parser.HeaderParser)
		data := c.data
		line := c.firstLine
		var ok, skips int64
		if hp != nil {
			// The chunk parses as if read from the start of its source.
			hp.SetHeader(nil)
			for _, h := range c.header {
				if h != nil {
					hp.SetHeader(h)
				}
			}
		}
		for len(data) > 0 {
			nl := bytes.IndexByte(data, '\n')
			var l []byte
			if nl >= 0 {
				l, data = data[:nl], data[nl+1:]
			} else {
				l, data = data, nil
			}
			if len(l) > maxLine {
				// The reader only catches lines longer than its buffer.
				sum.AddMalformed(aggregate.Sample{Source: c.name, Line: line, Reason: ReasonTooLong, Order: c.src})
				line++
				continue
			}
			if n := len(l); n > 0 && l[n-1] == '\r' {
				l = l[:n-1]
			}
			if err := p.Parse(l, &rec); err == parser.ErrSkip {
				sum.AddSkipped()
				skips++
			} else if err != nil {
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
		skipped[c.src].Add(skips)
		select {
		case free <- c.buf:
		default:
		}
	}
}
