// Package state saves what logstat has read — the Summary, and for each
// input where reading stopped — in one file, and loads it for the next
// run: an hourly cron then reads each line once, a follower resumes after
// a restart, and states of many hosts merge into one report.
//
// # Layout (version 1)
//
// Integers are varints (encoding/binary's Uvarint and zig-zag Varint),
// strings and byte strings are a uvarint length then the bytes, words are
// 8 bytes little-endian, booleans one byte 0 or 1:
//
//	magic     "logstat-state\n"
//	version   uvarint: 1
//	written   varint: Unix time in seconds
//	format    string: the format of the lines read ("combined", "mixed"…)
//	positions uvarint count, then each:
//	            name string, dev uvarint, ino uvarint, size varint,
//	            gzip bool, print word (xxhash64 of the first printlen
//	            bytes), printlen uvarint, offset varint, line varint,
//	            whole bool, header: uvarint count, then byte strings
//	summary   byte string: aggregate.Summary's encoding (its options
//	            first; see aggregate/encode.go)
//	checksum  word: xxhash64 of every byte before it
//
// A version is never read as another: a change of layout is a new version
// number, and a logstat reads the versions it knows (a newer file is
// refused with a message naming its version).
package state

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/internal/atomicfile"
	"github.com/logstat/logstat/internal/binenc"
	"github.com/logstat/logstat/internal/ingest"
	"github.com/logstat/logstat/internal/input"
)

// Version is the layout this logstat writes.
const Version = 1

const magic = "logstat-state\n"

// MaxSize bounds what Load reads: a state holds bounded top lists, never
// the log, so a larger file is no state of ours.
const MaxSize = 256 << 20

// ErrNotState says that a file is not a logstat state: another kind of
// file, or a state cut short or damaged.
var ErrNotState = errors.New("not a logstat state")

// File is a state.
type File struct {
	Written   time.Time
	Format    string
	Positions []ingest.Position
	Summary   *aggregate.Summary
}

// Encode returns f in the layout above.
func Encode(f *File) ([]byte, error) {
	b := []byte(magic)
	b = binenc.AppendUvarint(b, Version)
	b = binenc.AppendVarint(b, f.Written.Unix())
	b = binenc.AppendString(b, f.Format)
	b = binenc.AppendUvarint(b, uint64(len(f.Positions)))
	for _, p := range f.Positions {
		b = appendPosition(b, p)
	}
	sum, err := f.Summary.AppendBinary(nil)
	if err != nil {
		return nil, err
	}
	b = binenc.AppendBytes(b, sum)
	return binenc.AppendUint64(b, xxhash.Sum64(b)), nil
}

func appendPosition(b []byte, p ingest.Position) []byte {
	b = binenc.AppendString(b, p.Name)
	b = binenc.AppendUvarint(b, p.Dev)
	b = binenc.AppendUvarint(b, p.Ino)
	b = binenc.AppendVarint(b, p.Size)
	b = binenc.AppendBool(b, p.Gzip)
	b = binenc.AppendUint64(b, p.Print)
	b = binenc.AppendUvarint(b, uint64(p.PrintLen))
	b = binenc.AppendVarint(b, p.Offset)
	b = binenc.AppendVarint(b, p.Line)
	b = binenc.AppendBool(b, p.Whole)
	b = binenc.AppendUvarint(b, uint64(len(p.Header)))
	for _, h := range p.Header {
		b = binenc.AppendBytes(b, h)
	}
	return b
}

// Decode reads a state. Errors wrap ErrNotState, or name the version.
func Decode(data []byte) (*File, error) {
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, fmt.Errorf("%w (it does not start as one)", ErrNotState)
	}
	if len(data) < len(magic)+8 {
		return nil, fmt.Errorf("%w (cut short)", ErrNotState)
	}
	body, sum := data[:len(data)-8], binenc.NewReader(data[len(data)-8:]).Uint64()
	r := binenc.NewReader(body[len(magic):])
	if v := r.Uvarint(); r.Err() == nil && v != Version {
		return nil, fmt.Errorf("state version %d: this logstat reads version %d (use the logstat that wrote it, or a newer one)", v, Version)
	}
	if xxhash.Sum64(body) != sum {
		return nil, fmt.Errorf("%w (cut short or damaged: its checksum does not match)", ErrNotState)
	}
	f := &File{Written: time.Unix(r.Varint(), 0), Format: r.String()}
	n := r.Count(16)
	for range n {
		f.Positions = append(f.Positions, readPosition(r))
	}
	sumData := r.Bytes()
	if r.Err() == nil && r.Len() != 0 {
		r.Fail(fmt.Errorf("%d bytes after the summary", r.Len()))
	}
	if err := r.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotState, err)
	}
	s, err := aggregate.DecodeSummary(sumData)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotState, err)
	}
	f.Summary = s
	return f, nil
}

func readPosition(r *binenc.Reader) ingest.Position {
	p := ingest.Position{Name: r.String()}
	p.Identity = input.Identity{Dev: r.Uvarint(), Ino: r.Uvarint(), Size: r.Varint(), Regular: true, Gzip: r.Bool()}
	p.Print, p.PrintLen = r.Uint64(), int(r.Uvarint())
	p.Offset, p.Line, p.Whole = r.Varint(), r.Varint(), r.Bool()
	if n := r.Count(1); n > 0 {
		p.Header = make([][]byte, n)
		for i := range p.Header {
			if h := r.Bytes(); len(h) > 0 {
				p.Header[i] = bytes.Clone(h)
			}
		}
	}
	return p
}

// Load reads the state file name. A missing file is an error that
// errors.Is(err, fs.ErrNotExist) tells.
func Load(name string) (*File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w (not a regular file)", name, ErrNotState)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%s: %w (larger than %d MiB)", name, ErrNotState, MaxSize>>20)
	}
	st, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return st, nil
}

// Save writes f to name atomically: the old state stays whole until the
// new one is on disk.
func Save(name string, f *File) error {
	data, err := Encode(f)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
