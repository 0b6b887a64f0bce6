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

// checkOut refuses an --out or --state that would overwrite what logstat
// reads: an input (the same file by any path, link or hard link: the same
// device and inode), standard input by name, the file behind standard
// input when it is read, or the --nginx-conf file; and the two naming the
// same file.
func checkOut(o options, names []string, stdin io.Reader) error {
	for _, t := range []struct{ flag, path, what string }{{"--out", o.out, "the report"}, {"--state", o.state, "the state"}} {
		if err := checkWritten(t.flag, t.path, t.what, o, names, stdin); err != nil {
			return err
		}
	}
	if o.out != "" && o.state != "" {
		out, oerr := os.Stat(o.out)
		st, serr := os.Stat(o.state)
		if filepath.Clean(o.out) == filepath.Clean(o.state) || (oerr == nil && serr == nil && os.SameFile(out, st)) {
			return usagef("--out and --state name the same file %s", o.out)
		}
	}
	return nil
}

// checkWritten is checkOut for the file that flag names (none when path
// is empty).
func checkWritten(flag, path, what string, o options, names []string, stdin io.Reader) error {
	if path == "" {
		return nil
	}
	if abs, err := filepath.Abs(path); err == nil {
		for _, p := range stdinPaths {
			if abs == p {
				return usagef("%s %s is standard input, which logstat reads", flag, path)
			}
		}
	}
	out, err := os.Stat(path)
	if err != nil {
		return nil // a new file: nothing reads it (or writing it will say why not)
	}
	for _, n := range names {
		if n == input.Stdin {
			if in, err := statFile(stdin); err == nil && os.SameFile(in, out) {
				return usagef("%s %s is the file on standard input: %s would overwrite the log", flag, path, what)
			}
		} else if in, err := os.Stat(n); err == nil && os.SameFile(in, out) {
			return usagef("%s %s is also an input: %s would overwrite the log", flag, path, what)
		}
	}
	if conf, err := os.Stat(o.nginxConf); o.nginxConf != "" && err == nil && os.SameFile(conf, out) {
		return usagef("%s %s is the --nginx-conf file: %s would overwrite it", flag, path, what)
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
