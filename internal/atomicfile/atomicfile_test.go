//go:build unix

package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

var errWriter = errors.New("the writer failed")

func TestWriteFile(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	tests := []struct {
		name    string
		old     *fs.FileMode // mode of the file there before, nil for none
		link    bool         // name the file through a symbolic link
		write   func(io.Writer) error
		wantErr error
		want    string      // content afterwards ("" and no file when none)
		mode    fs.FileMode // its permission bits afterwards
	}{
		{name: "new file takes 0644 less the umask", write: writeNew, want: "new", mode: 0o640},
		{name: "replace keeps 0600", old: mode(0o600), write: writeNew, want: "new", mode: 0o600},
		{name: "replace keeps 0755 despite the umask", old: mode(0o755), write: writeNew, want: "new", mode: 0o755},
		{name: "replace keeps read-only", old: mode(0o444), write: writeNew, want: "new", mode: 0o444},
		{name: "through a symbolic link", old: mode(0o600), link: true, write: writeNew, want: "new", mode: 0o600},
		{name: "failing writer keeps the old file", old: mode(0o600), write: writeHalfThenFail, wantErr: errWriter, want: "old", mode: 0o600},
		{name: "failing writer creates nothing", write: writeHalfThenFail, wantErr: errWriter},
		{name: "failing file keeps the old file", old: mode(0o644), write: closeThenWrite, wantErr: fs.ErrClosed, want: "old", mode: 0o644},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "report.txt")
			if tc.old != nil {
				if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, *tc.old); err != nil {
					t.Fatal(err)
				}
			}
			name := path
			if tc.link {
				name = filepath.Join(dir, "link")
				if err := os.Symlink("report.txt", name); err != nil {
					t.Fatal(err)
				}
			}
			err := WriteFile(name, tc.write)
			if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Fatalf("WriteFile: %v, want %v", err, tc.wantErr)
			}
			checkFile(t, path, tc.want, tc.mode)
			if tc.link {
				if fi, err := os.Lstat(name); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
					t.Errorf("the link was replaced: %v", err)
				}
			}
			checkNoTemp(t, dir)
		})
	}
}

func mode(m fs.FileMode) *fs.FileMode { return &m }

func writeNew(w io.Writer) error {
	_, err := io.WriteString(w, "new")
	return err
}

func writeHalfThenFail(w io.Writer) error {
	if _, err := io.WriteString(w, "ne"); err != nil {
		return err
	}
	return errWriter
}

// closeThenWrite makes the temporary file's next write fail, as a full
// disk would.
func closeThenWrite(w io.Writer) error {
	w.(*File).tmp.Close()
	_, err := io.WriteString(w, "new")
	return err
}

func TestCreateRefuses(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	loop := filepath.Join(dir, "loop")
	if err := os.Symlink("loop", loop); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		want       error
	}{
		{"a FIFO", fifo, ErrNotRegular},
		{"a directory", dir, ErrNotRegular},
		{"a missing directory", filepath.Join(dir, "nodir", "report.txt"), fs.ErrNotExist},
		{"a symbolic link loop", loop, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Create(tc.path)
			var e *Error
			if !errors.As(err, &e) || e.Op != "create" || e.Path != tc.path || e.Replaced {
				t.Fatalf("Create: %#v, want an *Error from create naming %s", err, tc.path)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("Create: %v, want %v", err, tc.want)
			}
			if f != nil {
				t.Error("Create returned a File with its error")
			}
			if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
				t.Errorf("the FIFO is gone: %v", err)
			}
			checkNoTemp(t, dir)
		})
	}
}

// TestCommitAfterWriteError: a caller that misses a write error still
// cannot put a partial file in place.
func TestCommitAfterWriteError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.txt")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.tmp.Close()
	if _, err := f.Write([]byte("new")); err == nil {
		t.Fatal("Write to a closed file succeeded")
	}
	var e *Error
	if err := f.Commit(); !errors.As(err, &e) || e.Op != "write" || e.Path != path || e.Replaced {
		t.Errorf("Commit: %v, want the write error", err)
	}
	if err := f.Abort(); err != nil {
		t.Errorf("Abort after a failed Commit: %v", err)
	}
	checkFile(t, path, "old", 0o644)
	checkNoTemp(t, dir)
}

func TestAbortAfterCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.txt")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := f.Abort(); err != nil {
		t.Errorf("Abort after Commit: %v", err)
	}
	if err := f.Commit(); err == nil {
		t.Error("a second Commit succeeded")
	}
	checkFile(t, path, "new", 0o644&^fs.FileMode(currentUmask()))
	checkNoTemp(t, dir)
}

func currentUmask() int {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return m
}

// checkFile checks path's content and permission bits; want "" means the
// file must not exist.
func checkFile(t *testing.T, path, want string, mode fs.FileMode) {
	t.Helper()
	got, err := os.ReadFile(path)
	if want == "" {
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s exists (%v), want none", path, err)
		}
		return
	}
	if err != nil || string(got) != want {
		t.Errorf("%s holds %q (%v), want %q", path, got, err, want)
	}
	if fi, err := os.Stat(path); err != nil {
		t.Error(err)
	} else if fi.Mode().Perm() != mode {
		t.Errorf("%s has mode %v, want %v", path, fi.Mode().Perm(), mode)
	}
}

// checkNoTemp checks that dir holds no temporary file.
func checkNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if name := e.Name(); !slices.Contains([]string{"report.txt", "link", "fifo", "loop"}, name) {
			t.Errorf("%s left in %s", name, dir)
		}
	}
}
