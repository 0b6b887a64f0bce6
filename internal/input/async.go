package input

import (
	"context"
	"io"
	"os"
)

// asyncBufSize is the size of each of the two buffers an asyncReader reads
// ahead into.
const asyncBufSize = 256 << 10

// asyncReader reads r in a goroutine of its own, so that a Read blocked on
// a pipe whose writer stalls, a FIFO, a terminal or a device can be given
// up when ctx is done: Read then returns ctx's error at once. Go cannot
// interrupt a blocked read(2) on such a file, so the goroutine is left
// behind, blocked, until the read returns (the writer writes or goes away)
// or the process exits; nothing waits for it. Two buffers take turns, so
// the goroutine reads ahead while the caller consumes.
type asyncReader struct {
	ctx     context.Context
	results chan asyncResult // filled buffers, from the goroutine
	free    chan []byte      // consumed buffers, back to the goroutine
	cur     []byte           // the unread part of the buffer being consumed
	buf     []byte           // that whole buffer, to give back
	err     error            // the read error after cur, sticky
}

type asyncResult struct {
	data []byte
	err  error
}

func newAsyncReader(ctx context.Context, r io.Reader) *asyncReader {
	a := &asyncReader{
		ctx:     ctx,
		results: make(chan asyncResult, 2),
		free:    make(chan []byte, 2),
	}
	a.free <- make([]byte, asyncBufSize)
	a.free <- make([]byte, asyncBufSize)
	go a.loop(r)
	return a
}

// loop reads into free buffers until r fails or ctx is done.
func (a *asyncReader) loop(r io.Reader) {
	defer close(a.results)
	for {
		var buf []byte
		select {
		case buf = <-a.free:
		case <-a.ctx.Done():
			return
		}
		n, err := r.Read(buf)
		if n == 0 && err == nil {
			a.free <- buf // cannot block: the buffer came from free
			continue
		}
		a.results <- asyncResult{buf[:n], err} // cannot block: two buffers, room for two
		if err != nil {
			return
		}
	}
}

// Read copies what the goroutine has read. Once ctx is done, it returns
// what the goroutine had already read, then ctx's error, whatever the
// goroutine is blocked on.
func (a *asyncReader) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.err != nil {
			return 0, a.err
		}
		if a.buf != nil {
			a.free <- a.buf // cannot block: at most two buffers exist
			a.buf = nil
		}
		var res asyncResult
		var ok bool
		select {
		case res, ok = <-a.results:
		case <-a.ctx.Done():
			select { // what was read before is still taken
			case res, ok = <-a.results:
			default:
			}
		}
		if !ok {
			// Done, and nothing more was read.
			return 0, a.ctx.Err()
		}
		a.cur, a.buf, a.err = res.data, res.data, res.err
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// mayBlock reports whether reading f can block for as long as somebody
// else decides (a pipe, a FIFO, a socket, a terminal, a device): all but
// regular files, whose reads end on their own.
func mayBlock(f *os.File) bool {
	st, err := f.Stat()
	return err != nil || !st.Mode().IsRegular()
}

// openContext opens name for reading. A FIFO's open blocks until a writer
// opens it too, so it is opened in a goroutine that is given up (and that
// closes the file if the open ever completes) when ctx is done.
func openContext(ctx context.Context, name string) (*os.File, error) {
	if st, err := os.Stat(name); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		return os.Open(name)
	}
	type opened struct {
		f   *os.File
		err error
	}
	done := make(chan opened, 1) // room for the one send: the opener never blocks
	go func() {
		f, err := os.Open(name)
		done <- opened{f, err}
	}()
	select {
	case o := <-done:
		return o.f, o.err
	case <-ctx.Done():
		go func() {
			if o := <-done; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, ctx.Err()
	}
}
