// Package ingest reads inputs into an aggregate.Summary: it opens each
// source, picks the log format (or detects it), cuts the byte stream into
// chunks of whole lines and has worker goroutines parse them, each into its
// own Summary, merged when all input is read.
package ingest

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/internal/input"
	"github.com/logstat/logstat/internal/timewin"
	"github.com/logstat/logstat/parser"
)

// Defaults.
const (
	ChunkSize   = 256 << 10 // bytes handed to a worker at a time
	MaxLineSize = 16 << 20  // a longer line is counted malformed and skipped
	sampleLines = 200       // lines autodetection looks at
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
const ReasonNoFormat = parser.ReasonNoFormat

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
	// Incremental: the run goes on from Positions, the positions of
	// earlier runs (a state file), reading of each input only what they
	// have not read, and returns the new ones in Result.Positions. An
	// unfinished last line of a plain file is left for the next run.
	Incremental bool
	Positions   []Position
	// Window keeps only the records whose time is in it (--since,
	// --until); the others count as skipped lines, and an input that lies
	// wholly outside it is passed over without being read
	// (SourceResult.Outside).
	Window timewin.Window
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
	// From is the offset where reading started (Config.Incremental: what
	// earlier runs read); Passed, that the input was read whole before;
	// Outside, that its lines all lie outside Config.Window.
	From    int64
	Passed  bool
	Outside bool
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
	// Positions, with Config.Incremental, are where reading stopped in
	// each input, and the earlier positions of inputs not seen this run.
	Positions []Position
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
	ids, starts := resumePlan(names, cfg, res)
	counts := make([]Counts, len(names))
	pool := NewPool(cfg.Workers, cfg.Options, cfg.MaxLineSize)
	pool.SetWindow(cfg.Window)
	// The header lines in force at the end of the last input read (W3C's
	// #Fields:): an input read from its start begins under them, so that a
	// rotated tail without a header of its own reads with them; its own
	// header, when it has one, replaces them at its first line.
	var carried [][]byte
	for i, name := range names {
		res.Sources[i].Name = name
		st := starts[i]
		switch {
		case ctx.Err() != nil:
			res.Sources[i].Err = ctx.Err()
			continue
		case st.pass:
			res.Sources[i].Passed = true
			res.Positions = append(res.Positions, Position{Name: name, Identity: ids[i], Offset: st.offset, Line: st.line, Whole: true, Header: st.header})
			continue
		case st.offset == 0 && outside(name, cfg.Spec, cfg.Window):
			res.Sources[i].Outside = true
			continue
		}
		var consumed *atomic.Int64
		if cfg.Progress != nil {
			consumed = &cfg.Progress.Bytes
		}
		src, err := input.OpenContext(ctx, name, cfg.Stdin, consumed)
		if err == nil && st.offset > 0 {
			_, err = src.Skip(st.offset)
		}
		if err != nil {
			res.Sources[i].Err = err
			if src != nil {
				src.Close()
			}
			continue
		}
		header := st.header
		if header == nil && st.offset == 0 {
			header = carried
		}
		r := &reader{src: i, name: name, r: src, line: st.line + 1, before: st.line, base: st.offset, header: header,
			chunkSize: cfg.chunkSize, maxLineSize: cfg.MaxLineSize, pool: pool, counts: &counts[i], res: &res.Sources[i], progress: cfg.Progress}
		res.Sources[i].From = st.offset
		// A plain file may be written on: its unfinished last line is
		// left for the next run, when there is one.
		keepLast := cfg.Incremental && ids[i].Regular && !src.Compressed
		readSource(r, cfg.Spec, res, keepLast)
		if carried = nil; r.headers {
			carried = r.header
		} else {
			r.header = nil // its format reads no header
		}
		closeSource(src, &res.Sources[i])
		if cfg.Incremental && ids[i].Regular {
			res.Positions = append(res.Positions, r.position(ids[i]))
		}
	}
	if res.Spec == nil {
		// Every source was empty, missing or unreadable.
		res.Spec, res.Detected = noFormat{}, true
	}
	res.Summary = pool.Close()
	for i := range res.Sources {
		res.Sources[i].Parsed = counts[i].Parsed.Load()
		res.Sources[i].Skipped = counts[i].Skipped.Load()
	}
	return res
}

// resumePlan identifies the inputs and plans where each starts (all at 0
// unless cfg.Incremental); the positions of earlier runs that no input
// claims are kept in res.Positions.
func resumePlan(names []string, cfg Config, res *Result) ([]input.Identity, []start) {
	ids := make([]input.Identity, len(names))
	if !cfg.Incremental {
		return ids, make([]start, len(names))
	}
	for i, name := range names {
		if name != input.Stdin {
			ids[i], _ = input.Identify(name) // a failure shows when it is opened
		}
	}
	starts, kept := plan(names, ids, cfg.Positions)
	res.Positions = kept
	return ids, starts
}

// readSource reads one source with r in the format spec, or the one
// detected from its first lines when spec is nil (the first detected is
// also the run's, in res).
func readSource(r *reader, spec parser.Spec, res *Result, keepLast bool) {
	if spec == nil {
		var det parser.Detection
		spec, det = detect(r)
		if det.Lines == 0 && r.eof && onlyEmpty(r.pending) {
			// Nothing to judge a format by (an empty file, or only
			// empty lines): count the lines here.
			r.countEmpty()
			return
		}
		if s := parser.PathSpec(r.name, spec); s != nil {
			spec = s // H-Sphere's combined logs, by their location
		}
		r.res.Detection = det
		if res.Spec == nil {
			res.Spec, res.Detection, res.Detected = spec, det, true
		}
	}
	r.res.Spec = spec
	r.spec = spec
	r.headers = wantsHeader(spec)
	r.feed()
	if !keepLast || r.res.Err != nil {
		r.finish()
	}
}

func closeSource(src *input.Source, res *SourceResult) {
	if err := src.Close(); err != nil && res.Err == nil {
		res.Err = fmt.Errorf("%s: %w", res.Name, err)
	}
}

// detect samples the first lines of r and asks the registry for the
// format. When none fits, it returns a parser.NoFormat, whose parser
// rejects every line (with ReasonNoFormat, or what a format recognised
// but could not read).
// When no format parses any of the first sampleLines usable lines (junk at
// the top), it samples more, up to maxSampleLines or what sample holds.
func detect(r *reader) (parser.Spec, parser.Detection) {
	var d parser.Detection
	for n := sampleLines; ; n *= 4 {
		// The header lines in force where a resumed input goes on (W3C's
		// #Fields:) come first, as they did in the whole input.
		var lines [][]byte
		for _, h := range r.header {
			if h != nil {
				lines = append(lines, h)
			}
		}
		lines = append(lines, r.sample(n)...)
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
		return noFormat{Reason: d.Problem}, d
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
	return len(parser.HeaderPrefixes(spec)) > 0
}

// noFormat is the Spec used when autodetection failed: every line is
// malformed, so the input is still accounted for.
type noFormat = parser.NoFormat
