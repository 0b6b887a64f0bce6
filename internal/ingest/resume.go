package ingest

import (
	"github.com/logstat/logstat/internal/input"
)

// Position is where reading an input stopped: what a state file keeps for
// each input so that the next run reads only what is new.
type Position struct {
	// Name is the input's name when it was read; after a rotation the
	// same content may come back under another name.
	Name string
	input.Identity
	// Offset is the byte (of the content, gunzipped) after the last
	// complete line read; Line is the number of lines up to it.
	Offset, Line int64
	// Whole: the input was read to its end and does not grow (gzip).
	Whole bool
	// Header holds the header lines in force at Offset (W3C's latest
	// #Software: and #Fields:, as parser.W3CHeaderPrefixes), nil entries
	// for none.
	Header [][]byte
}

// minPrintLen is the shortest fingerprint that finds a content again
// under another identity (a copy, a gzip).
const minPrintLen = 64

// maxPositions bounds the positions a state keeps: those of the inputs of
// the last run, then the most recent of earlier ones.
const maxPositions = 4096

// start is where one input is read from.
type start struct {
	offset, line int64 // bytes and lines already read
	pass         bool  // read whole before: nothing to read
	header       [][]byte
}

// plan decides, from the positions of earlier runs, where each input
// starts (see Claim).
func plan(names []string, ids []input.Identity, saved []Position) (starts []start, kept []Position) {
	from, kept := Claim(names, ids, saved)
	starts = make([]start, len(names))
	for i, p := range from {
		if p != nil {
			starts[i] = start{offset: p.Offset, line: p.Line, pass: p.Whole, header: p.Header}
		}
	}
	return starts, kept
}

// Claim finds, for each input, the position of an earlier run it goes on
// from (nil: none, read it from the start). An input is the one read
// before when it is the same file (device and inode) with the same first
// bytes and not shorter than the offset reached (else it was truncated,
// or the inode reused); failing that, when its first bytes are those of
// an input read before (a copy made by copytruncate, or a rotated file
// gzipped). Each position is claimed once; those no input claims are
// returned, to be kept (the most recent first, at most maxPositions with
// the inputs').
func Claim(names []string, ids []input.Identity, saved []Position) (from []*Position, kept []Position) {
	from = make([]*Position, len(names))
	claimed := make([]bool, len(saved))
	claim := func(i, k int) { claimed[k], from[i] = true, &saved[k] }
	for i, id := range ids {
		if !id.Regular {
			continue
		}
		for k, p := range saved {
			if !claimed[k] && id.Ino != 0 && p.Dev == id.Dev && p.Ino == id.Ino && samePrint(names[i], id, p) && (id.Gzip || id.Size >= p.Offset) {
				claim(i, k)
				break
			}
		}
	}
	for i, id := range ids {
		if !id.Regular || from[i] != nil {
			continue
		}
		for k, p := range saved {
			if !claimed[k] && p.PrintLen >= minPrintLen && samePrint(names[i], id, p) {
				claim(i, k)
				break
			}
		}
	}
	for k, p := range saved {
		if !claimed[k] && len(kept) < maxPositions-len(names) {
			kept = append(kept, p)
		}
	}
	return from, kept
}

// samePrint reports whether the input named, of identity id, starts with
// the bytes fingerprinted in p.
func samePrint(name string, id input.Identity, p Position) bool {
	switch {
	case id.PrintLen < p.PrintLen:
		return false // shorter than what was read: not that content
	case id.PrintLen == p.PrintLen:
		return id.Print == p.Print
	}
	print, ok, err := input.PrintOf(name, p.PrintLen)
	return err == nil && ok && print == p.Print
}

// position is where r stopped in the input of identity id. A fingerprint
// shorter than FingerprintSize is taken again: the file may have grown.
func (r *reader) position(id input.Identity) Position {
	if id.PrintLen < input.FingerprintSize {
		if now, err := input.Identify(r.name); err == nil && now.Ino == id.Ino && now.PrintLen > id.PrintLen {
			id.Print, id.PrintLen = now.Print, now.PrintLen
		}
	}
	return Position{Name: r.name, Identity: id, Offset: r.offset(), Line: r.line - 1, Header: r.header,
		Whole: id.Gzip && r.res.Err == nil}
}
