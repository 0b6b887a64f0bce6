//go:build unix

package input

import (
	"os"
	"syscall"
)

// devIno returns the device and inode numbers of a file.
func devIno(st os.FileInfo) (dev, ino uint64) {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(sys.Dev), uint64(sys.Ino)
	}
	return 0, 0
}
