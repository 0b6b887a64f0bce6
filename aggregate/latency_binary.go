package aggregate

import (
	"encoding/binary"
	"errors"
	"math"
	"time"
)

// The binary form of a Latency, varints as encoding/binary writes them
// (uvarint unsigned, varint zig-zag signed), each in its shortest form:
//
//	count                        uvarint
//	count 1 … LatencyExactLimit: the times ascending: the first as a
//	                             varint, then each one's difference to
//	                             the one before as a uvarint
//	count > LatencyExactLimit:   sum, min, max as varints; the zero
//	                             bucket's count as a uvarint; the number
//	                             of other non-empty buckets as a uvarint,
//	                             then for each, by ascending index, the
//	                             gap to the one before (its index for the
//	                             first, index − previous − 1 after) and
//	                             its count as uvarints
//
// Equal Latencies encode to equal bytes, and decoding accepts only this
// canonical form (a decoded Latency encodes back to the same bytes) with
// counts that add up and Min and Max in the extreme buckets. There is no
// version: the caller versions the file the encoding goes into.

var errLatencyBinary = errors.New("aggregate: invalid Latency encoding")

// AppendBinary appends the binary form of l to b. It never fails: the
// error is there to implement encoding.BinaryAppender.
func (l *Latency) AppendBinary(b []byte) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(l.Count))
	if l.Count == 0 {
		return b, nil
	}
	if l.Exact() {
		b = binary.AppendVarint(b, int64(l.small[0]))
		for i := 1; i < int(l.Count); i++ {
			b = binary.AppendUvarint(b, uint64(l.small[i]-l.small[i-1]))
		}
		return b, nil
	}
	b = binary.AppendVarint(b, int64(l.Sum))
	b = binary.AppendVarint(b, int64(l.Min))
	b = binary.AppendVarint(b, int64(l.Max))
	return l.sketch.appendBinary(b), nil
}

func (s *latencySketch) appendBinary(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(s.zero))
	buckets := 0
	s.each(func(int, int64) { buckets++ })
	b = binary.AppendUvarint(b, uint64(buckets))
	prev := -1
	s.each(func(i int, n int64) {
		b = binary.AppendUvarint(b, uint64(i-prev-1))
		b = binary.AppendUvarint(b, uint64(n))
		prev = i
	})
	return b
}

// UnmarshalBinary sets l to the Latency data encodes, which must be all of
// data. On error l is unchanged.
func (l *Latency) UnmarshalBinary(data []byte) error {
	rest, err := l.DecodeBinary(data)
	if err == nil && len(rest) > 0 {
		err = errLatencyBinary
	}
	return err
}

// DecodeBinary sets l to the Latency encoded at the start of b, and returns
// what follows it. On error l is unchanged.
func (l *Latency) DecodeBinary(b []byte) (rest []byte, err error) {
	r := binReader{b: b}
	var d Latency
	d.Count = r.int64()
	switch {
	case r.err != nil:
	case d.Count == 0:
	case d.Count <= LatencyExactLimit:
		r.small(&d)
	default:
		d.Sum, d.Min, d.Max = time.Duration(r.varint()), time.Duration(r.varint()), time.Duration(r.varint())
		r.sketch(&d)
	}
	if r.err != nil {
		return b, r.err
	}
	*l = d
	return r.b, nil
}

// binReader reads varints until the first error.
type binReader struct {
	b   []byte
	err error
}

func (r *binReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 || n > 1 && r.b[n-1] == 0 { // cut short, too long, or not the shortest form
		r.err = errLatencyBinary
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *binReader) varint() int64 {
	u := r.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// int64 reads a uvarint that must fit an int64.
func (r *binReader) int64() int64 {
	v := r.uvarint()
	if v > math.MaxInt64 {
		r.err = errLatencyBinary
	}
	return int64(v)
}

// small reads d.Count ascending times into d.small, and sets Sum, Min and
// Max from them.
func (r *binReader) small(d *Latency) {
	t := time.Duration(r.varint())
	for i := range int(d.Count) {
		if i > 0 {
			gap := r.uvarint()
			if gap > uint64(math.MaxInt64)-uint64(t) { // beyond the longest time
				r.err = errLatencyBinary
			}
			t += time.Duration(gap)
		}
		d.small[i] = t
		d.Sum += t
	}
	d.Min, d.Max = d.small[0], d.small[d.Count-1]
}

// sketch reads d's buckets, which must add up to d.Count, and checks that
// the lowest and highest are those of d.Min and d.Max.
func (r *binReader) sketch(d *Latency) {
	s := &d.sketch
	s.zero = r.int64()
	total, lo, hi := uint64(s.zero), -1, -1
	buckets := r.uvarint()
	if total > uint64(d.Count) || buckets > latencyBins {
		r.err = errLatencyBinary
	}
	for k := uint64(0); k < buckets && r.err == nil; k++ {
		gap, n := r.uvarint(), r.int64()
		if gap >= uint64(latencyBins-hi-1) || n == 0 || uint64(n) > uint64(d.Count)-total {
			r.err = errLatencyBinary
			break
		}
		hi += int(gap) + 1
		s.bucket(hi)[hi%latencyPageSize] = n
		total += uint64(n)
		if k == 0 && s.zero == 0 {
			lo = hi
		}
	}
	if r.err == nil && (total != uint64(d.Count) || d.Min > d.Max || latencyIndex(d.Min) != lo || latencyIndex(d.Max) != hi) {
		r.err = errLatencyBinary
	}
}
