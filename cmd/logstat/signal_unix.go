//go:build unix

package main

import (
	"os/signal"
	"syscall"
)

// ignoreFileSizeSignal makes a write past the file-size limit (ulimit -f)
// fail with EFBIG, which logstat reports, instead of SIGXFSZ killing it
// with a temporary --out file left behind.
func ignoreFileSizeSignal() { signal.Ignore(syscall.SIGXFSZ) }
