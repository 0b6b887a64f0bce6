// Package atomicfile replaces a file's content all at once: the new content
// is written to a temporary file in the same directory, synced to disk and
// renamed over the file, so that a reader sees the old content or the new,
// never a mix, and a failed write (a full disk, a file-size limit) leaves
// the old file as it was and no temporary file behind.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// ErrNotRegular is the cause of an Error when the file to replace exists
// and is not a regular file (a directory, a device, a FIFO): renaming a
// file over it would not write to it, it would remove it.
var ErrNotRegular = errors.New("not a regular file")

// An Error is a replacement that failed. Unless Replaced, the file is as it
// was and the temporary file is removed.
type Error struct {
	Op   string // what failed: "create", "write", "sync", "close", "rename" or "sync directory"
	Path string // the file to replace, as named by the caller
	Err  error  // the cause, without the temporary file's name
	// Replaced is true when only syncing the directory after the rename
	// failed: the new content is in place but may not survive a crash.
	Replaced bool
}

func (e *Error) Error() string { return e.Op + " " + e.Path + ": " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

// A File is the new content of a file, written by Write and put in place by
// Commit. Abort, or a failed Commit, removes it.
type File struct {
	name   string // as the caller named it, for errors
	target string // name with its symbolic links followed: the file replaced
	tmp    *os.File
	err    error // the first write error: Commit refuses to replace
	closed bool  // committed or aborted
}

// Create starts replacing the file name. The temporary file has the
// permission bits of the file it replaces, or 0644 less the umask for a new
// file. When name is a symbolic link, the file it points to is replaced and
// the link kept.
func Create(name string) (*File, error) {
	target, err := resolve(name)
	if err != nil {
		return nil, &Error{Op: "create", Path: name, Err: cause(err)}
	}
	perm, exists, err := permOf(target)
	if err != nil {
		return nil, &Error{Op: "create", Path: name, Err: cause(err)}
	}
	tmp, err := openTemp(target, perm)
	if err != nil {
		return nil, &Error{Op: "create", Path: name, Err: cause(err)}
	}
	f := &File{name: name, target: target, tmp: tmp}
	if exists {
		// Chmod, unlike open, is not cut by the umask.
		if err := tmp.Chmod(perm); err != nil {
			f.Abort()
			return nil, &Error{Op: "create", Path: name, Err: cause(err)}
		}
	}
	return f, nil
}

// Write writes to the temporary file. After an error every Write fails and
// Commit does not replace the file.
func (f *File) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.closed {
		return 0, fs.ErrClosed
	}
	n, err := f.tmp.Write(p)
	if err != nil {
		f.err = &Error{Op: "write", Path: f.name, Err: cause(err)}
		return n, f.err
	}
	return n, nil
}

// Commit syncs the new content to disk, renames it over the file and syncs
// the directory. After a failed Write, or on any error, the file is as it
// was (see Error.Replaced) and the temporary file is removed.
func (f *File) Commit() error {
	if f.closed {
		return &Error{Op: "rename", Path: f.name, Err: fs.ErrClosed}
	}
	if f.err != nil {
		f.Abort()
		return f.err
	}
	fail := func(op string, err error) error {
		f.Abort()
		return &Error{Op: op, Path: f.name, Err: cause(err)}
	}
	if err := f.tmp.Sync(); err != nil {
		return fail("sync", err)
	}
	if err := f.tmp.Close(); err != nil {
		return fail("close", err)
	}
	if err := os.Rename(f.tmp.Name(), f.target); err != nil {
		return fail("rename", err)
	}
	f.closed = true
	if err := syncDir(filepath.Dir(f.target)); err != nil {
		return &Error{Op: "sync directory", Path: f.name, Err: cause(err), Replaced: true}
	}
	return nil
}

// Abort removes the temporary file, leaving the file as it was. It does
// nothing after Commit, so that it can be deferred.
func (f *File) Abort() error {
	if f.closed {
		return nil
	}
	f.closed = true
	f.tmp.Close() // the error of a file about to be removed tells nothing
	if err := os.Remove(f.tmp.Name()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// WriteFile replaces the file name with what write writes. When write
// fails, or writing to the file does, the file is as it was; an error of
// the file's own is returned as an *Error rather than write's.
func WriteFile(name string, write func(w io.Writer) error) error {
	f, err := Create(name)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		if f.err != nil {
			return f.err
		}
		return err
	}
	return f.Commit()
}

// maxLinks bounds the symbolic links resolve follows, as the kernel does.
const maxLinks = 40

// resolve follows name's symbolic links to the file they end at, which
// need not exist.
func resolve(name string) (string, error) {
	for range maxLinks {
		fi, err := os.Lstat(name)
		if errors.Is(err, fs.ErrNotExist) || err == nil && fi.Mode()&fs.ModeSymlink == 0 {
			return name, nil
		}
		if err != nil {
			return "", err
		}
		link, err := os.Readlink(name)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(name), link)
		}
		name = link
	}
	return "", fmt.Errorf("more than %d symbolic links", maxLinks)
}

// permOf returns the permission bits of the existing file target, or 0644
// (for open, which takes the umask off) when there is none.
func permOf(target string) (perm fs.FileMode, exists bool, err error) {
	fi, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return 0o644, false, nil
	case err != nil:
		return 0, false, err
	case !fi.Mode().IsRegular():
		return 0, false, ErrNotRegular
	}
	return fi.Mode().Perm(), true, nil
}

// openTemp creates a new hidden file next to target, named after it.
func openTemp(target string, perm fs.FileMode) (*os.File, error) {
	dir, base := filepath.Split(target)
	if len(base) > 200 {
		base = base[:200] // the name must stay within NAME_MAX (255)
	}
	for range 100 {
		name := filepath.Join(dir, "."+base+".tmp"+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, errors.New("no unused temporary file name")
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		d.Close()
		return err
	}
	return d.Close()
}

// cause strips the temporary file's name from err, keeping what went wrong.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
