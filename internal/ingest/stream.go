package ingest

import (
	"io"

	"github.com/logstat/logstat/parser"
)

// A Stream is one input that is read in turns as it grows (a followed
// file): each Feed reads what is there now and sends its complete lines
// to the pool; an unfinished last line waits for its newline. Line
// numbers and the offset go on from one Feed to the next. A Stream is not
// safe for concurrent use; many Streams may feed one Pool.
type Stream struct {
	r        reader
	res      SourceResult
	counts   Counts
	fixed    parser.Spec // the format given, nil to detect
	detected bool        // the format has been chosen
}

// NewStream returns a Stream of the input called name (as samples and
// sources name it), number src among the inputs, in the format spec (nil:
// detected from its first lines). It starts at offset, after line lines
// read before (a resumed file); header holds the header lines in force
// there (Position.Header).
func (p *Pool) NewStream(name string, src int, spec parser.Spec, offset, line int64, header [][]byte) *Stream {
	s := &Stream{fixed: spec}
	s.res.Name = name
	s.r = reader{src: src, name: name, line: line + 1, before: line, base: offset, header: header,
		chunkSize: ChunkSize, maxLineSize: MaxLineSize, pool: p, counts: &s.counts, res: &s.res}
	return s
}

// Feed reads r until it ends for now (io.EOF) and sends the complete
// lines read. An error other than io.EOF is returned, and kept: the
// stream reads no more.
func (s *Stream) Feed(r io.Reader) error {
	if s.res.Err != nil {
		return s.res.Err
	}
	s.r.r = r
	if !s.detected {
		if !s.choose() {
			return s.res.Err
		}
	}
	s.r.feed()
	return s.res.Err
}

// choose picks the format: the one given, or the one detected from the
// lines read so far; false when there is no complete line to judge by yet
// (they stay pending for the next Feed).
func (s *Stream) choose() bool {
	spec := s.fixed
	if spec == nil {
		s.r.eof = false
		spec, s.res.Detection = detect(&s.r)
		_, none := spec.(noFormat)
		if s.res.Detection.Lines == 0 || none && s.res.Detection.Lines < sampleLines {
			return false // wait for (more) lines to judge by
		}
	}
	s.res.Spec, s.r.spec, s.r.headers = spec, spec, wantsHeader(spec)
	s.detected = true
	return true
}

// Reset starts the input again from its first byte: it was truncated
// (copytruncate) or replaced. What was pending is dropped; lines are
// numbered from 1 again.
func (s *Stream) Reset() {
	s.r.pending = s.r.pending[:0]
	s.r.skipping = false
	s.r.line, s.r.before, s.r.base = 1, 0, 0
	s.res.Bytes, s.res.Err = 0, nil
	s.r.header = nil
}

// Finish sends the unfinished last line as a line: the input will not
// grow any more.
func (s *Stream) Finish() {
	if s.detected {
		s.r.finish()
	}
}

// Offset is the byte after the last complete line sent.
func (s *Stream) Offset() int64 { return s.r.offset() }

// Read is the number of bytes read from the input's start, pending ones
// included: where the next Feed reads on.
func (s *Stream) Read() int64 { return s.r.base + s.res.Bytes }

// Line is the number of lines sent (and counted) since the input's start.
func (s *Stream) Line() int64 { return s.r.line - 1 }

// Header is the header lines in force at Offset, for a Position.
func (s *Stream) Header() [][]byte { return s.r.header }

// Result is what happened to the input so far.
func (s *Stream) Result() SourceResult {
	res := s.res
	res.Parsed, res.Skipped = s.counts.Parsed.Load(), s.counts.Skipped.Load()
	return res
}
