// Package input opens what the user named on the command line: files, glob
// patterns, "-" for standard input, each transparently gunzipped when its
// first bytes are the gzip magic number (whatever the file is called).
package input

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"
)

// Stdin is the name that stands for standard input.
const Stdin = "-"

// Expand replaces each argument that names no file but holds glob
// metacharacters with the files it matches, in lexical order. Arguments
// that exist (or contain no metacharacter) are kept as given, so that a
// missing file is reported by Open under its own name.
func Expand(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if a == Stdin || !strings.ContainsAny(a, "*?[") {
			out = append(out, a)
			continue
		}
		if _, err := os.Stat(a); err == nil {
			out = append(out, a)
			continue
		}
		m, err := filepath.Glob(a)
		if err != nil {
			return nil, fmt.Errorf("%s: bad pattern: %w", a, err)
		}
		if len(m) == 0 {
			// Kept as given, like a shell does: Open reports it as an
			// input that could not be read, and the others are read.
			out = append(out, a)
			continue
		}
		// Glob sorts each directory's names, not the whole paths ("a/x"
		// before "a-b/x").
		sort.Strings(m)
		out = append(out, m...)
	}
	return out, nil
}

// Source is an opened input, decompressed when needed.
type Source struct {
	Name       string
	Compressed bool
	Size       int64 // on-disk size when opened, -1 when unknown (stdin, pipes)
	ctx        context.Context
	file       *os.File // the regular file read, nil for others
	r          io.Reader
	br         *bufio.Reader // over raw, for Skip
	raw        io.Reader
	closers    []io.Closer
}

// ShrankError says that a regular file ended before the size it had when
// it was opened: it was truncated while being read (logrotate's
// copytruncate, or an editor rewriting it).
type ShrankError struct {
	Name       string
	Size, Read int64 // size when opened, bytes read when it ended
}

func (e *ShrankError) Error() string {
	return fmt.Sprintf("%s: the file shrank while being read (it had %d bytes when opened and ended after %d: truncated, by logrotate's copytruncate?); the report lacks what it held past that point", e.Name, e.Size, e.Read)
}

// Read reads decompressed bytes. Once the context given to OpenContext is
// done, it returns what was already read from the input (none of it for
// gzip), then the context's error, also while the input blocks. A
// gzip stream that ends early is reported as an error wrapping
// io.ErrUnexpectedEOF; a file that ends before its size at opening, as a
// *ShrankError.
func (s *Source) Read(p []byte) (int, error) {
	if err := s.ctx.Err(); err != nil && s.Compressed {
		return 0, err // inflating what is buffered could go on and on
	}
	n, err := s.r.Read(p)
	switch {
	case err == io.EOF:
		if s.file != nil {
			if off, serr := s.file.Seek(0, io.SeekCurrent); serr == nil && off < s.Size {
				return n, &ShrankError{Name: s.Name, Size: s.Size, Read: off}
			}
		}
	case err != nil && s.ctx.Err() != nil && errors.Is(err, s.ctx.Err()):
	case err != nil:
		err = s.explain(err)
	}
	return n, err
}

func (s *Source) explain(err error) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) && s.Compressed:
		return fmt.Errorf("%s: gzip data is cut short (truncated file?): %w", s.Name, err)
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader):
		return fmt.Errorf("%s: corrupt gzip data: %w", s.Name, err)
	}
	return fmt.Errorf("%s: %w", s.Name, err)
}

// Close closes the decompressor and the file.
func (s *Source) Close() error {
	var first error
	for i := len(s.closers) - 1; i >= 0; i-- {
		if err := s.closers[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Open opens a file, or standard input for "-" (stdin, or os.Stdin when
// nil), and gunzips it when it starts with the gzip magic bytes.
func Open(name string, stdin io.Reader) (*Source, error) {
	return OpenContext(context.Background(), name, stdin, nil)
}

// OpenContext is Open that gives up when ctx is done: opening a FIFO that
// has no writer, and reading a pipe, a terminal or a device that has
// nothing to give, return ctx's error at once (see asyncReader). It also
// adds to consumed, when not nil, every byte read from the file or stdin
// as stored (compressed bytes for gzip), for progress.
func OpenContext(ctx context.Context, name string, stdin io.Reader, consumed *atomic.Int64) (*Source, error) {
	s := &Source{Name: name, Size: -1, ctx: ctx}
	var raw io.Reader
	if name == Stdin {
		raw = stdin
		if raw == nil {
			raw = os.Stdin
		}
		if f, ok := raw.(*os.File); !ok || mayBlock(f) {
			raw = newAsyncReader(ctx, raw)
		}
	} else {
		f, err := openContext(ctx, name)
		if err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return nil, err
			}
			return nil, openError(name, err)
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, openError(name, err)
		}
		if st.IsDir() {
			f.Close()
			return nil, fmt.Errorf("%s: is a directory", name)
		}
		raw = ctxReader{ctx, f}
		if st.Mode().IsRegular() {
			s.Size = st.Size()
			s.file = f
		} else {
			raw = newAsyncReader(ctx, f)
		}
		s.closers = append(s.closers, f)
	}
	if consumed != nil {
		raw = &countingReader{r: raw, n: consumed}
	}
	br := bufio.NewReaderSize(raw, 64<<10)
	s.br, s.raw = br, raw
	magic, err := br.Peek(2)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		s.Close()
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, err
		}
		return nil, s.explain(err)
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("%s: corrupt gzip header: %w", name, err)
		}
		s.Compressed = true
		s.closers = append(s.closers, zr)
		s.r = zr
		return s, nil
	}
	s.r = br
	return s, nil
}

// ctxReader reads r until ctx is done. For a regular file, whose reads
// do not block for long, checking before each read is enough.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Skip passes over the first n bytes of the input (decompressed), before
// anything else is read: a plain file seeks past them, a gzip stream is
// inflated and discarded. It returns how many bytes there were to pass
// over, fewer than n when the input is shorter.
func (s *Source) Skip(n int64) (int64, error) {
	if s.file == nil || s.Compressed {
		return io.CopyN(io.Discard, s, n)
	}
	if _, err := s.file.Seek(n, io.SeekStart); err != nil {
		return 0, s.explain(err)
	}
	s.br.Reset(s.raw)
	return min(n, s.Size), nil
}

// countingReader adds the bytes it reads to n.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func openError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist) && strings.ContainsAny(name, "*?["):
		return &openErr{name + ": no file matches the pattern", err}
	case errors.Is(err, fs.ErrNotExist):
		return &openErr{name + ": no such file", err}
	case errors.Is(err, fs.ErrPermission):
		return &openErr{name + ": permission denied", err}
	}
	return fmt.Errorf("%s: %w", name, err)
}

// openErr words an open error for people and keeps its cause for errors.Is.
type openErr struct {
	msg   string
	cause error
}

func (e *openErr) Error() string { return e.msg }
func (e *openErr) Unwrap() error { return e.cause }
