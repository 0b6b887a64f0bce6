// Package binenc is the small binary encoding that logstat's state files
// are written in: unsigned and signed varints, length-prefixed byte
// strings and fixed 64-bit words, appended to a byte slice by Append* and
// read back by a Reader whose first error sticks, so a decoder reads a
// whole record and checks once. The layout built from these is
// documented where it is defined (aggregate, internal/state).
package binenc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// AppendUvarint appends v as an unsigned varint.
func AppendUvarint(b []byte, v uint64) []byte { return binary.AppendUvarint(b, v) }

// AppendVarint appends v as a zig-zag signed varint.
func AppendVarint(b []byte, v int64) []byte { return binary.AppendVarint(b, v) }

// AppendBytes appends p's length as a uvarint, then p.
func AppendBytes(b, p []byte) []byte { return append(AppendUvarint(b, uint64(len(p))), p...) }

// AppendString appends s like AppendBytes.
func AppendString(b []byte, s string) []byte { return append(AppendUvarint(b, uint64(len(s))), s...) }

// AppendUint64 appends v as 8 little-endian bytes.
func AppendUint64(b []byte, v uint64) []byte { return binary.LittleEndian.AppendUint64(b, v) }

// AppendFloat64 appends v's IEEE 754 bits as AppendUint64 does.
func AppendFloat64(b []byte, v float64) []byte { return AppendUint64(b, math.Float64bits(v)) }

// AppendBool appends 1 or 0.
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// ErrShort is the error of a Reader that ran out of bytes.
var ErrShort = errors.New("data ends early")

// Reader reads what the Append functions wrote. After the first error
// every read returns a zero value; Err tells it.
type Reader struct {
	b   []byte
	off int
	err error
}

// NewReader reads b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// Err is the first error met, nil if none.
func (r *Reader) Err() error { return r.err }

// Len is the number of bytes not read yet.
func (r *Reader) Len() int { return len(r.b) - r.off }

// Fail records err (at the current offset) if no error came before; for
// a decoder's own checks of what it read.
func (r *Reader) Fail(err error) {
	if r.err == nil {
		r.err = fmt.Errorf("at byte %d: %w", r.off, err)
	}
}

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.Fail(ErrShort)
		return 0
	}
	r.off += n
	return v
}

// Varint reads a signed varint.
func (r *Reader) Varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b[r.off:])
	if n <= 0 {
		r.Fail(ErrShort)
		return 0
	}
	r.off += n
	return v
}

// Count reads a uvarint that counts items of at least minSize bytes each
// still to come, and fails when the rest of the data cannot hold them, so
// that a corrupt count never makes a decoder allocate without bound.
func (r *Reader) Count(minSize int) int {
	n := r.Uvarint()
	if r.err == nil && n > uint64(r.Len()/max(minSize, 1)) {
		r.Fail(fmt.Errorf("a count of %d does not fit in the %d bytes left", n, r.Len()))
		return 0
	}
	return int(n)
}

// Bytes reads a length-prefixed byte string; the result aliases the data.
func (r *Reader) Bytes() []byte {
	n := r.Count(1)
	if r.err != nil {
		return nil
	}
	p := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return p
}

// String reads a length-prefixed string.
func (r *Reader) String() string { return string(r.Bytes()) }

// Uint64 reads 8 little-endian bytes.
func (r *Reader) Uint64() uint64 {
	if r.err != nil {
		return 0
	}
	if r.Len() < 8 {
		r.Fail(ErrShort)
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b[r.off:])
	r.off += 8
	return v
}

// Float64 reads what AppendFloat64 wrote.
func (r *Reader) Float64() float64 { return math.Float64frombits(r.Uint64()) }

// Bool reads what AppendBool wrote; any byte but 0 and 1 is an error.
func (r *Reader) Bool() bool {
	if r.err != nil {
		return false
	}
	if r.Len() < 1 {
		r.Fail(ErrShort)
		return false
	}
	c := r.b[r.off]
	r.off++
	if c > 1 {
		r.Fail(fmt.Errorf("a boolean byte %d", c))
	}
	return c == 1
}
