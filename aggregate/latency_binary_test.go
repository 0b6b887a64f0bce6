package aggregate

import (
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// binaryCases are Latencies of every shape the encoding distinguishes.
func binaryCases() []struct {
	name string
	l    *Latency
} {
	r := rand.New(rand.NewPCG(9, 10))
	draw := func(n int, f func() time.Duration) []time.Duration {
		ts := make([]time.Duration, n)
		for i := range ts {
			ts[i] = f()
		}
		return ts
	}
	logNormal := func() time.Duration { return time.Duration(50e6 * math.Exp(1.5*r.NormFloat64())) }
	return []struct {
		name string
		l    *Latency
	}{
		{"empty", latencyOf(nil)},
		{"one", latencyOf(secs(0.25))},
		{"zero", latencyOf(secs(0))},
		{"exact, at the limit", latencyOf(draw(LatencyExactLimit, logNormal))},
		{"exact, extremes", latencyOf([]time.Duration{math.MinInt64, -1, 0, 1, math.MaxInt64})},
		{"sketch, just past the limit", latencyOf(draw(LatencyExactLimit+1, logNormal))},
		{"sketch, 100000 log-normal", latencyOf(draw(100000, logNormal))},
		{"sketch, only zeros", latencyOf(make([]time.Duration, 100))},
		{"sketch, zeros and the longest", latencyOf(append(make([]time.Duration, 100), math.MaxInt64))},
		{"sketch, negative", latencyOf(draw(100, func() time.Duration { return -time.Duration(r.Int64N(1e9)) }))},
	}
}

func TestLatencyBinaryRoundTrip(t *testing.T) {
	for _, tt := range binaryCases() {
		t.Run(tt.name, func(t *testing.T) {
			enc, err := tt.l.AppendBinary([]byte("prefix"))
			if err != nil || !bytes.HasPrefix(enc, []byte("prefix")) {
				t.Fatalf("AppendBinary: %q, %v", enc, err)
			}
			enc = enc[len("prefix"):]
			var got Latency
			if err := got.UnmarshalBinary(enc); err != nil {
				t.Fatalf("UnmarshalBinary(%x): %v", enc, err)
			}
			if !reflect.DeepEqual(&got, tt.l) {
				t.Fatalf("decoded %+v,\nwant %+v", got, *tt.l)
			}
			if again, _ := got.AppendBinary(nil); !bytes.Equal(again, enc) {
				t.Errorf("encoded again %x, first %x", again, enc)
			}
			// Followed by more: DecodeBinary returns it, UnmarshalBinary
			// refuses it.
			var next Latency
			rest, err := next.DecodeBinary(append(enc, "next"...))
			if err != nil || string(rest) != "next" || !reflect.DeepEqual(&next, tt.l) {
				t.Errorf("DecodeBinary with a suffix: rest %q, %v", rest, err)
			}
			if err := next.UnmarshalBinary(append(enc, 0)); err == nil {
				t.Error("UnmarshalBinary accepted a trailing byte")
			}
			// Every prefix is refused and leaves the Latency as it was.
			for n := range len(enc) {
				if err := next.UnmarshalBinary(enc[:n]); err == nil || !reflect.DeepEqual(&next, tt.l) {
					t.Fatalf("UnmarshalBinary of %d of %d bytes: %v, Latency %+v", n, len(enc), err, next)
				}
			}
		})
	}
}

func TestLatencyBinaryRefuses(t *testing.T) {
	tests := []struct {
		name string
		enc  []byte
	}{
		{"nothing", nil},
		{"count too large", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}},
		{"count not shortest", []byte{0x80, 0x00}},
		{"exact, a gap past the longest time", []byte{2, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 2}},
		// 65 times: sum 0, min 0, max 0, zero bucket 64, no bucket.
		{"sketch, counts short of the count", []byte{65, 0, 0, 0, 64, 0}},
		{"sketch, zero bucket beyond the count", []byte{65, 0, 0, 0, 66, 0}},
		{"sketch, empty bucket", []byte{65, 0, 0, 0, 65, 1, 0, 0}},
		{"sketch, bucket past the last", []byte{65, 0, 0, 2, 64, 1, 0xaf, 0x0e, 1}},
		{"sketch, max not in the top bucket", []byte{65, 0, 0, 2, 64, 1, 0, 1}},
		{"sketch, min above max", []byte{65, 0, 2, 0, 65, 0}},
		{"sketch, too many buckets", []byte{65, 0, 0, 0, 0, 0xff, 0x7f}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l Latency
			if err := l.UnmarshalBinary(tt.enc); err == nil {
				t.Errorf("UnmarshalBinary(%x) = %+v, want an error", tt.enc, l)
			}
		})
	}
}

// FuzzLatencyDecode checks that decoding never panics, and that whatever it
// accepts is a valid Latency that encodes back to the same bytes.
func FuzzLatencyDecode(f *testing.F) {
	for _, tt := range binaryCases() {
		enc, _ := tt.l.AppendBinary(nil)
		f.Add(enc)
	}
	f.Add([]byte{65, 0, 0, 0, 64, 1, 0, 1})
	f.Fuzz(func(t *testing.T, enc []byte) {
		var l Latency
		if err := l.UnmarshalBinary(enc); err != nil {
			return
		}
		if err := checkLatency(&l); err != nil {
			t.Fatalf("UnmarshalBinary(%x) gave an invalid Latency: %v", enc, err)
		}
		if again, _ := l.AppendBinary(nil); !bytes.Equal(again, enc) {
			t.Fatalf("UnmarshalBinary(%x) encodes back to %x", enc, again)
		}
		prev := l.Quantile(0)
		for _, q := range []float64{0.01, 0.5, 0.9, 0.99, 1} {
			v := l.Quantile(q)
			if v < prev || v < l.Min || v > l.Max {
				t.Fatalf("UnmarshalBinary(%x): Quantile(%v) = %v after %v, min %v max %v", enc, q, v, prev, l.Min, l.Max)
			}
			prev = v
		}
	})
}
