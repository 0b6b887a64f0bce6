package ingest

import (
	"bytes"
	"context"
	"errors"
	"io"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

// reader cuts one source into chunks of whole lines for a Pool.
//
// Buffers sent to workers come from the pool's free list or are made for
// the chunk; the bytes of an incomplete line left after the last newline
// are copied into pending, storage only the reader uses, so that a buffer
// is never written while a worker reads it.
type reader struct {
	spec        parser.Spec // the source's format
	progress    *Progress   // nil when nobody watches
	src         int
	name        string
	r           io.Reader
	chunkSize   int
	maxLineSize int
	pool        sink
	counts      *Counts
	res         *SourceResult

	// headers: the parsers read header lines (parser.HeaderParser), so
	// the reader tracks the latest of each kind and attaches them to every
	// chunk; header is that list, replaced (never written) when it changes.
	headers bool
	header  [][]byte

	pending  []byte // bytes read but not yet sent: the start of a line
	eof      bool   // the source ended (or failed: res.Err) at the last read
	skipping bool   // the pending line is too long: drop up to its newline
	line     int64  // number of the next line to send, 1-based
	base     int64  // the offset in the source where reading started
	before   int64  // lines before base, read by earlier runs
}

// sink is where a reader sends chunks: a Pool (a recorder in tests).
type sink interface {
	Feed(chunk)
	AddMalformed(aggregate.Sample)
	buffer(size, limit int) *[]byte
}

// offset is the position in the source after the last line sent (or
// counted): where a later run, or the next read of a followed file, goes on.
func (r *reader) offset() int64 { return r.base + r.res.Bytes - int64(len(r.pending)) }

// buffer returns a recycled chunk buffer or a new one.
func (r *reader) buffer() *[]byte { return r.pool.buffer(r.chunkSize, 4*r.chunkSize) }

// malformed counts the next line as malformed for reason.
func (r *reader) malformed(reason string) {
	r.pool.AddMalformed(aggregate.Sample{Source: r.name, Line: r.line, Reason: reason, Order: r.src})
	r.line++
	r.res.Lines = r.line - 1 - r.before
}

// fill reads into buf until it is full, the source ends, or it fails (the
// run's context being done is a failure: the source reads as ended).
func (r *reader) fill(buf []byte, target int) []byte {
	if cap(buf) < target {
		grown := make([]byte, len(buf), target)
		copy(grown, buf)
		buf = grown
	}
	for len(buf) < target && !r.eof {
		n, err := r.r.Read(buf[len(buf):target])
		buf = buf[:len(buf)+n]
		r.res.Bytes += int64(n)
		if err != nil {
			r.eof = true
			if err != io.EOF {
				r.res.Err = err
			}
		}
	}
	return buf
}

// sample reads the start of the source for autodetection and returns up
// to n usable lines from it: not empty, and at most sampleLineMax bytes
// long (a longer line is passed over, not taken as a sample). It reads
// until it has them, the source ends, or it holds maxSampleBytes; a line
// over the line limit at the start is counted malformed and dropped, as
// run would. What it read stays in r.pending for run, from line r.line.
func (r *reader) sample(n int) [][]byte {
	buf := r.pending
	if cap(buf) == 0 {
		buf = make([]byte, 0, r.chunkSize)
	}
	for !r.eof {
		lines := usableLines(buf, n)
		if len(lines) >= n {
			break
		}
		if bytes.IndexByte(buf, '\n') < 0 && len(buf) > r.maxLineSize {
			r.malformed(ReasonTooLong)
			r.skipping = true
			buf = r.skipRest(buf[:0])
			continue
		}
		if len(buf) >= r.maxSampleBytes() {
			break
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		buf = r.fill(buf, min(cap(buf), r.maxSampleBytes()+1))
	}
	r.pending = buf
	return usableLines(buf, n)
}

// maxSampleBytes bounds what sample holds: a longest line and a chunk.
func (r *reader) maxSampleBytes() int { return r.maxLineSize + r.chunkSize }

// sampleLineMax is the longest line autodetection looks at.
const sampleLineMax = 64 << 10

// usableLines returns up to n of the complete lines at the start of buf
// that autodetection can use (see sample), without their "\r\n" ends.
func usableLines(buf []byte, n int) [][]byte {
	var lines [][]byte
	for len(lines) < n {
		nl := bytes.IndexByte(buf, '\n')
		if nl < 0 {
			break
		}
		line := bytes.TrimSuffix(buf[:nl], []byte{'\r'})
		buf = buf[nl+1:]
		if len(line) > 0 && len(line) <= sampleLineMax {
			lines = append(lines, line)
		}
	}
	return lines
}

// lastLine returns the unfinished line that ends buf at the end of the
// source, if autodetection may use it.
func lastLine(buf []byte) []byte {
	line := buf[bytes.LastIndexByte(buf, '\n')+1:]
	if line = bytes.TrimSuffix(line, []byte{'\r'}); len(line) > sampleLineMax {
		return nil
	}
	return line
}

// run sends the whole source to the pool, its last line too.
func (r *reader) run() {
	r.feed()
	r.finish()
}

// feed reads the source until it ends (or fails; the context being done
// is such a failure) and sends its complete lines; an unfinished last
// line stays pending, for a later feed when the source grows (a followed
// file) or for finish.
func (r *reader) feed() {
	if r.res.Err == nil {
		r.eof = false
	}
	for done := false; !done; done = r.eof {
		bp := r.buffer()
		buf := append((*bp)[:0], r.pending...)
		r.pending = r.pending[:0]
		// Chunks end at the last newline within chunkSize bytes (more
		// only for a longer line), whatever the capacity of the buffer at
		// hand: chunk boundaries depend on the input alone.
		cut, target := 0, max(r.chunkSize, len(buf)+1)
		for {
			if r.skipping {
				buf = r.skipRest(buf)
			}
			buf = r.fill(buf, target)
			// Cut after the last newline; keep the rest for the next chunk.
			if cut = bytes.LastIndexByte(buf, '\n') + 1; cut > 0 || r.eof {
				break
			}
			// A full buffer without a newline: the start of a long line.
			if len(buf) > r.maxLineSize {
				r.malformed(ReasonTooLong)
				r.skipping = true
				buf = buf[:0]
				continue
			}
			target = min(2*target, r.maxLineSize+1)
		}
		r.pending = append(r.pending[:0], buf[cut:]...)
		if cap(r.pending) > 4*r.chunkSize && len(r.pending) <= r.chunkSize {
			r.pending = append([]byte(nil), r.pending...) // let a long line's storage go
		}
		*bp = buf
		if cut > 0 {
			r.send(buf[:cut], bp)
		}
	}
}

// finish deals with the unfinished line left when the source has ended:
// it is the source's last line, sent as such; when reading failed it was
// cut short (counted malformed), when the run was interrupted it was not
// read at all.
func (r *reader) finish() {
	switch {
	case len(r.pending) == 0 || r.skipping:
	case r.res.Err == nil:
		bp := r.buffer()
		*bp = append((*bp)[:0], r.pending...)
		r.send(*bp, bp)
	case !interrupted(r.res.Err):
		r.malformed(ReasonCutShort)
	}
	r.pending = r.pending[:0]
}

// send hands a chunk of whole lines to the pool (the last may lack its
// newline at the end of the source).
func (r *reader) send(data []byte, bp *[]byte) {
	c := chunk{counts: r.counts, src: r.src, name: r.name, firstLine: r.line, data: data, buf: bp, header: r.header, spec: r.spec}
	if r.headers {
		r.trackHeader(data)
	}
	next := r.line + int64(bytes.Count(data, []byte{'\n'}))
	if data[len(data)-1] != '\n' {
		next++
	}
	r.pool.Feed(c)
	if r.progress != nil {
		r.progress.Lines.Add(next - r.line)
	}
	r.line = next
	r.res.Lines = next - 1 - r.before
}

// interrupted reports whether err says that the run's context is done.
func interrupted(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// skipRest drops input up to the newline that ends a line too long to
// keep (counted when it was found) and returns buf holding what follows
// it; when the source ends first, the line goes on at the next feed.
func (r *reader) skipRest(buf []byte) []byte {
	for {
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			r.skipping = false
			return buf[:copy(buf, buf[i+1:])]
		}
		if r.eof {
			return buf[:0]
		}
		buf = r.fill(buf[:0], cap(buf))
	}
}

// countEmpty counts the lines of a source read whole by sample that holds
// only empty lines.
func (r *reader) countEmpty() {
	n := int64(bytes.Count(r.pending, []byte{'\n'}))
	if len(r.pending) > 0 && r.pending[len(r.pending)-1] != '\n' {
		n++
	}
	for range n {
		r.malformed(parser.ReasonEmpty)
	}
	r.pending = nil
}

// trackHeader updates r.header from the header lines in data, a chunk of
// whole lines: the latest line starting with each of the format's
// parser.HeaderPrefixes is kept, in that order. Lines the workers do not
// parse (too long) are passed over as they are.
func (r *reader) trackHeader(data []byte) {
	prefixes := parser.HeaderPrefixes(r.spec)
	for i := 0; i < len(data); {
		if data[i] != '#' {
			j := bytes.Index(data[i:], []byte("\n#"))
			if j < 0 {
				return
			}
			i += j + 1
		}
		end := bytes.IndexByte(data[i:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += i
		}
		line := data[i:end]
		i = end + 1
		if len(line) > r.maxLineSize {
			continue
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		for k, pre := range prefixes {
			if !bytes.HasPrefix(line, []byte(pre)) {
				continue
			}
			n := len(prefixes)
			h := make([][]byte, n)
			if len(r.header) == n {
				copy(h, r.header)
			}
			h[k] = bytes.Clone(line)
			r.header = h
		}
	}
}
