package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/logstat/logstat/internal/atomicfile"
	"github.com/logstat/logstat/internal/input"
)

// stdinPaths name standard input wherever it comes from.
var stdinPaths = []string{"/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"}

// checkOut refuses an --out that would overwrite what logstat reads: an
// input (the same file by any path, link or hard link: the same device
// and inode), standard input by name, the file behind standard input when
// it is read, or the --nginx-conf file.
func checkOut(o options, names []string, stdin io.Reader) error {
	if o.out == "" {
		return nil
	}
	if abs, err := filepath.Abs(o.out); err == nil {
		for _, p := range stdinPaths {
			if abs == p {
				return usagef("--out %s is standard input, which logstat reads", o.out)
			}
		}
	}
	out, err := os.Stat(o.out)
	if err != nil {
		return nil // a new file: nothing reads it (or writing it will say why not)
	}
	for _, n := range names {
		if n == input.Stdin {
			if in, err := statFile(stdin); err == nil && os.SameFile(in, out) {
				return usagef("--out %s is the file on standard input: the report would overwrite the log", o.out)
			}
		} else if in, err := os.Stat(n); err == nil && os.SameFile(in, out) {
			return usagef("--out %s is also an input: the report would overwrite the log", o.out)
		}
	}
	if conf, err := os.Stat(o.nginxConf); o.nginxConf != "" && err == nil && os.SameFile(conf, out) {
		return usagef("--out %s is the --nginx-conf file: the report would overwrite it", o.out)
	}
	return nil
}

// statFile is the file behind r, when r is one.
func statFile(r io.Reader) (os.FileInfo, error) {
	f, ok := r.(*os.File)
	if !ok {
		return nil, errors.New("not a file")
	}
	return f.Stat()
}

// writeOut writes the report to the file name. A regular file is replaced
// atomically: a failed write (a full disk, ulimit -f) leaves it as it was.
// Anything else (/dev/null, a FIFO, a terminal) is written to directly.
func writeOut(name string, render func(io.Writer) error) error {
	err := atomicfile.WriteFile(name, render)
	if errors.Is(err, atomicfile.ErrNotRegular) {
		return writeDirect(name, render)
	}
	var ae *atomicfile.Error
	if errors.As(err, &ae) && !ae.Replaced {
		return fmt.Errorf("%w; %s is unchanged", err, name)
	}
	return err
}

// writeDirect writes to the file name as it is, without creating it.
func writeDirect(name string, render func(io.Writer) error) (err error) {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	return render(f)
}
