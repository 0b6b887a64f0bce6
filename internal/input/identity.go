package input

import (
	"io"
	"os"

	"github.com/cespare/xxhash/v2"
)

// FingerprintSize is how many bytes from the start of an input (after
// gunzipping) identify its content.
const FingerprintSize = 1024

// Identity tells whether an input is one read before: the same file
// (device and inode), and the same content at its start (a hash of its
// first bytes), which finds it again after a rename, a copy or a gzip.
type Identity struct {
	Dev, Ino uint64
	Size     int64 // on disk
	Regular  bool
	Gzip     bool
	// Print is the xxhash of the first PrintLen bytes (FingerprintSize,
	// or the whole input when it is shorter).
	Print    uint64
	PrintLen int
}

// Identify stats and fingerprints a file. Only regular files have an
// identity worth keeping: for others Regular is false and nothing is read.
func Identify(name string) (Identity, error) {
	st, err := os.Stat(name)
	if err != nil {
		return Identity{}, openError(name, err)
	}
	id := Identity{Size: st.Size(), Regular: st.Mode().IsRegular()}
	id.Dev, id.Ino = devIno(st)
	if !id.Regular {
		return id, nil
	}
	src, err := Open(name, nil)
	if err != nil {
		return id, err
	}
	defer src.Close()
	head := make([]byte, FingerprintSize)
	n, err := io.ReadFull(src, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return id, err
	}
	id.Gzip, id.PrintLen = src.Compressed, n
	id.Print = xxhash.Sum64(head[:n])
	return id, nil
}

// Print is the fingerprint of head, the first bytes of an input.
func Print(head []byte) uint64 { return xxhash.Sum64(head) }

// PrintOf hashes the first n bytes of name's (decompressed) content, for
// comparing with a fingerprint of n bytes taken earlier; ok is false when
// the input is now shorter than n.
func PrintOf(name string, n int) (print uint64, ok bool, err error) {
	src, err := Open(name, nil)
	if err != nil {
		return 0, false, err
	}
	defer src.Close()
	head := make([]byte, n)
	if _, err := io.ReadFull(src, head); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return 0, false, nil
		}
		return 0, false, err
	}
	return xxhash.Sum64(head), true, nil
}
