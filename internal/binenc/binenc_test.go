package binenc

import (
	"errors"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	var b []byte
	b = AppendUvarint(b, 300)
	b = AppendVarint(b, -5)
	b = AppendString(b, "access.log")
	b = AppendBytes(b, nil)
	b = AppendUint64(b, 1<<63+7)
	b = AppendFloat64(b, 0.25)
	b = AppendBool(b, true)
	r := NewReader(b)
	if r.Uvarint() != 300 || r.Varint() != -5 || r.String() != "access.log" || len(r.Bytes()) != 0 ||
		r.Uint64() != 1<<63+7 || r.Float64() != 0.25 || !r.Bool() || r.Err() != nil || r.Len() != 0 {
		t.Errorf("round trip failed: %v", r.Err())
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		read func(r *Reader)
	}{
		{"empty varint", nil, func(r *Reader) { r.Uvarint() }},
		{"string longer than the data", AppendUvarint(nil, 10), func(r *Reader) { _ = r.String() }},
		{"huge count", AppendUvarint(nil, 1<<40), func(r *Reader) { r.Count(8) }},
		{"short word", []byte{1, 2, 3}, func(r *Reader) { r.Uint64() }},
		{"bad boolean", []byte{7}, func(r *Reader) { r.Bool() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(tt.data)
			tt.read(r)
			if r.Err() == nil {
				t.Fatal("no error")
			}
			first := r.Err()
			r.Uvarint()
			if !errors.Is(r.Err(), errors.Unwrap(first)) && r.Err() != first {
				t.Errorf("error changed: %v then %v", first, r.Err())
			}
		})
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte{0x05, 'a', 'b'})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(data)
		for r.Err() == nil && r.Len() > 0 {
			_ = r.Count(1)
			_ = r.String()
			_ = r.Varint()
			_ = r.Bool()
			_ = r.Float64()
		}
	})
}
