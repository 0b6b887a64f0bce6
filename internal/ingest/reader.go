package ingest

import (
	"bytes"
	"context"
	"io"

	"github.com/logstat/logstat/aggregate"
)

// reader cuts one source into chunks that end at a newline.
type reader struct {
	src       int
	name      string
	r         io.Reader
	chunkSize int
	free      chan *[]byte
	sum       *aggregate.Summary // for lines the reader itself rejects
	res       *SourceResult

	pending []byte // bytes read but not yet sent (start of a line)
	carry   []byte // storage reused for pending
	eof     bool
	line    int64 // number of the next line to send, 1-based
}

// buffer returns a recycled chunk buffer or a new one.
func (r *reader) buffer() *[]byte {
	select {
	case b := <-r.free:
		return b
	default:
		b := make([]byte, 0, r.chunkSize)
		return &b
	}
}

// fill reads into buf until it is full, the source ends, or it fails.
func (r *reader) fill(buf []byte) []byte {
	for len(buf) < cap(buf) && !r.eof {
		n, err := r.r.Read(buf[len(buf):cap(buf)])
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

// peek returns up to n lines from the start of the source without
// consuming them.
func (r *reader) peek(n int) []byte {
	buf := make([]byte, 0, r.chunkSize)
	for !r.eof && bytes.Count(buf, []byte{'\n'}) < n && len(buf) < MaxLineSize {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		buf = r.fill(buf)
	}
	r.pending = buf
	return buf
}

// run sends the source's chunks to work.
func (r *reader) run(ctx context.Context, work chan<- chunk) {
	r.line = 1
	for ctx.Err() == nil {
		var bp *[]byte
		var buf []byte
		if cap(r.pending) > r.chunkSize {
			// A buffer grown for a long line: keep filling it.
			b := r.pending
			bp, buf, r.pending = &b, b, nil
		} else {
			bp = r.buffer()
			buf = append((*bp)[:0], r.pending...)
		}
		buf = r.fill(buf)
		// Cut after the last newline; keep the rest for the next chunk.
		cut := len(buf)
		if !r.eof {
			cut = bytes.LastIndexByte(buf, '\n') + 1
		}
		if cut == 0 && !r.eof {
			// A full buffer without a newline: a long line.
			if len(buf) >= MaxLineSize {
				r.skipLongLine(buf)
				*bp = buf[:0]
				r.recycle(bp)
				continue
			}
			grown := make([]byte, len(buf), 2*cap(buf))
			copy(grown, buf)
			r.pending = grown
			*bp = buf[:0]
			r.recycle(bp)
			continue
		}
		r.pending = append(r.carry[:0], buf[cut:]...)
		r.carry = r.pending
		*bp = buf
		if data := buf[:cut]; len(data) > 0 {
			c := chunk{src: r.src, name: r.name, firstLine: r.line, data: data, buf: bp}
			r.line += int64(bytes.Count(data, []byte{'\n'}))
			if data[len(data)-1] != '\n' {
				r.line++
			}
			r.res.Lines = r.line - 1
			select {
			case work <- c:
			case <-ctx.Done():
				r.res.Err = ctx.Err()
				return
			}
		}
		if r.eof {
			return
		}
	}
	if r.res.Err == nil {
		r.res.Err = ctx.Err()
	}
}

// skipLongLine counts the line that starts buf as malformed and discards
// input up to its newline.
func (r *reader) skipLongLine(buf []byte) {
	r.sum.AddMalformed(aggregate.Sample{Source: r.name, Line: r.line, Reason: ReasonTooLong, Order: r.src})
	r.line++
	r.res.Lines = r.line - 1
	for !r.eof {
		buf = r.fill(buf[:0])
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			r.pending = append(r.carry[:0], buf[i+1:]...)
			r.carry = r.pending
			return
		}
	}
	r.pending = nil
}

func (r *reader) recycle(bp *[]byte) {
	if cap(*bp) > 4*r.chunkSize {
		return // let an oversized buffer go
	}
	select {
	case r.free <- bp:
	default:
	}
}
