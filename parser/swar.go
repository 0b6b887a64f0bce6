package parser

import (
	"encoding/binary"
	"math/bits"
)

// Word-at-a-time helpers for the fast path: the fields of a common line
// are a few bytes long, too short for a bytes.IndexByte call to pay off
// (its set-up costs more than reading them eight at a time).

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// wordAt returns the eight bytes of line from pos, first byte lowest,
// those past the end of the line read as zero (a byte no number or
// literal holds), so that a field at the end of the line is read without
// a byte loop. line must be at least eight bytes long, pos at most its
// length.
func wordAt(line []byte, pos int) uint64 {
	if pos+8 <= len(line) {
		return binary.LittleEndian.Uint64(line[pos:])
	}
	// The last eight bytes, shifted down to start at pos.
	return binary.LittleEndian.Uint64(line[len(line)-8:]) >> (8 * (pos + 8 - len(line)))
}

// wordNumber reads the digits at the start of w, first byte lowest (from
// wordAt): how many there are (0 for none, or for eight or more) and their
// value.
func wordNumber(w uint64) (d int, v int64) {
	if d = leadingDigits(w); d == 8 {
		return 0, 0
	}
	return d, int64(eightDigits(w << (8 * (8 - d))))
}

// splitPlainRequest stores in rec the method, path and protocol of r, a
// request that holds no quote and no backslash, as splitRequest would,
// when r has the commonest shape, "GET /path HTTP/1.1": its method is
// checked eight bytes at once, the rest split without a byte loop. For
// any other shape it returns false, having stored nothing, and the caller
// calls splitRequest: it calls nothing itself, to need no stack frame.
func splitPlainRequest(r []byte, rec *Record) bool {
	if len(r) < 8 {
		return false
	}
	// The first byte that is a blank or a control byte (<= ' ') or from
	// 0x7f up: without quotes and backslashes, the method's bytes are the
	// others (isTokenByte), and a space must end it.
	w := binary.LittleEndian.Uint64(r)
	t := ((w-0x2121212121212121)&^w | (w&0x7f7f7f7f7f7f7f7f + ones) | w) & highs
	sp := bits.TrailingZeros64(t) / 8
	if sp == 0 || sp == 8 || r[sp] != ' ' {
		return false
	}
	method, rest := r[:sp], r[sp+1:]
	// " HTTP/" and three bytes that are not spaces end the request.
	const httpSlash = 0x2f5054544820 // " HTTP/", first byte lowest
	n := len(rest)
	if n < 9 || binary.LittleEndian.Uint64(rest[n-9:])&0xffffffffffff != httpSlash || rest[n-3] == ' ' || rest[n-2] == ' ' || rest[n-1] == ' ' {
		return false
	}
	rec.Method, rec.Path, rec.Protocol = method, rest[:n-9], rest[n-8:]
	return true
}

// plain is text for a value known to hold no backslash.
func plain(v []byte) []byte {
	if len(v) == 1 && v[0] == '-' {
		return nil
	}
	return v
}
