// Package follow tails log files as they grow, across every way logs are
// rotated, and feeds their lines to an ingest.Pool: rename and create (the
// old file is read to its end, late writes included, before it is let
// go), copytruncate (a file shorter than what was read, or whose first
// bytes changed, is read again from its start), delete and re-create, a
// file that does not exist yet, a symlink pointed at a new file, and new
// files matching a glob.
//
// It is driven by Poll, one pass over the files; what calls Poll, and
// when (file events, a ticker), is the caller's, and the clock is
// injected, so tests never sleep (as mtail's logstream does).
package follow

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/logstat/logstat/internal/ingest"
	"github.com/logstat/logstat/internal/input"
	"github.com/logstat/logstat/parser"
)

// DefaultGrace is how long a file renamed or deleted away is still read
// after it last grew: a server writes to it until it reopens its log
// (nginx on USR1, Apache on a graceful restart).
const DefaultGrace = 30 * time.Second

// Config says what to follow.
type Config struct {
	// Patterns are files or globs; a glob is matched again at every
	// Poll, so new files are followed from their start.
	Patterns []string
	// FromStart reads what the files hold when following begins; else
	// only lines written after.
	FromStart bool
	// Spec is the format, nil to detect it per file.
	Spec parser.Spec
	// Positions are where an earlier follower (a state file) stopped:
	// files found again go on from there, also when they were rotated
	// while nobody followed them.
	Positions []ingest.Position
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Grace is how long a rotated-away file is read after it last grew
	// (DefaultGrace when 0).
	Grace time.Duration
}

// Stats count what happened to the files.
type Stats struct {
	Rotations   int64 // a path came to name another file, or went away
	Truncations int64 // a file was truncated (copytruncate) or rewritten
	Files       int   // files being read
}

// Follower follows the files of a Config. Poll must not be called
// concurrently; Positions, Results and Stats may be called from other
// goroutines.
type Follower struct {
	cfg   Config
	pool  *ingest.Pool
	first bool // the next Poll is the first

	mu      sync.Mutex
	current map[string]*file // by path: the file the path names
	old     []*file          // rotated away, still read for late writes
	done    []ingest.SourceResult
	kept    []ingest.Position // positions of files not found yet
	nextSrc int
	stats   Stats
}

// file is one open file and its stream.
type file struct {
	path     string
	f        *os.File
	info     os.FileInfo
	id       input.Identity
	stream   *ingest.Stream
	grewAt   time.Time // when it last grew
	finished bool
}

// New returns a Follower feeding pool.
func New(cfg Config, pool *ingest.Pool) *Follower {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Grace <= 0 {
		cfg.Grace = DefaultGrace
	}
	return &Follower{cfg: cfg, pool: pool, first: true, current: map[string]*file{}, kept: cfg.Positions}
}

// Poll makes one pass: it notices rotations, truncations and new files,
// and feeds what every file gained since the last pass. It returns the
// errors met, one per file (a file that cannot be read is retried).
func (fl *Follower) Poll() []error {
	var errs []error
	names := fl.expand()
	fl.mu.Lock()
	defer fl.mu.Unlock()
	for _, name := range names {
		if fl.current[name] != nil {
			continue
		}
		if err := fl.open(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if fl.first {
		fl.resumeRotated()
	}
	fl.first = false
	for _, name := range sortedKeys(fl.current) {
		if err := fl.check(fl.current[name]); err != nil {
			errs = append(errs, err)
		}
	}
	fl.readOld()
	fl.stats.Files = len(fl.current) + len(fl.old)
	return errs
}

// expand matches the patterns: a name without glob characters is kept
// even when missing (it may appear).
func (fl *Follower) expand() []string {
	var names []string
	for _, p := range fl.cfg.Patterns {
		if !strings.ContainsAny(p, "*?[") {
			names = append(names, p)
			continue
		}
		m, _ := filepath.Glob(p)
		names = append(names, m...)
	}
	return names
}

// open starts following name: from a saved position when it is the file
// read before, from its end on the first pass of a follower without saved
// positions (unless FromStart), else from its start (a file that appeared
// since).
func (fl *Follower) open(name string) error {
	id, err := input.Identify(name)
	if err != nil {
		return err
	}
	if !id.Regular {
		return errors.New(name + ": not a regular file; follow reads files (pipe a stream into logstat instead)")
	}
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	if fl.adopt(name, info) {
		f.Close()
		return nil
	}
	var offset, line int64
	var header [][]byte
	from, kept := ingest.Claim([]string{name}, []input.Identity{id}, fl.kept)
	if p := from[0]; p != nil {
		offset, line, header = p.Offset, p.Line, p.Header
		fl.kept = kept
	} else if fl.first && !fl.cfg.FromStart && fl.cfg.Positions == nil {
		// Following starts now. (Going on from a state, a file not
		// found in it came after it was saved: it is read whole.)
		offset = lineStart(f, info.Size())
	}
	fl.current[name] = fl.newFile(name, f, info, id, offset, line, header)
	return nil
}

// adopt tells whether the file info is already read, under another name:
// a rotated file now matching the glob (access.log.1) goes on being read
// where it was, under its new name; a second name of a file followed
// (a hard link) is not read twice.
func (fl *Follower) adopt(name string, info os.FileInfo) bool {
	for i, fi := range fl.old {
		if os.SameFile(fi.info, info) {
			fl.old = append(fl.old[:i], fl.old[i+1:]...)
			fi.path = name
			fl.current[name] = fi
			return true
		}
	}
	for _, fi := range fl.current {
		if os.SameFile(fi.info, info) {
			return true
		}
	}
	return false
}

func (fl *Follower) newFile(name string, f *os.File, info os.FileInfo, id input.Identity, offset, line int64, header [][]byte) *file {
	s := fl.pool.NewStream(name, fl.nextSrc, fl.cfg.Spec, offset, line, header)
	fl.nextSrc++
	return &file{path: name, f: f, info: info, id: id, stream: s, grewAt: fl.cfg.Now()}
}

// lineStart is where the line that holds the byte before size starts:
// following from the end begins with a whole line.
func lineStart(f *os.File, size int64) int64 {
	buf := make([]byte, 64<<10)
	for end := size; end > 0; {
		n := int64(len(buf))
		if n > end {
			n = end
		}
		if _, err := f.ReadAt(buf[:n], end-n); err != nil {
			return size
		}
		for i := n - 1; i >= 0; i-- {
			if buf[i] == '\n' {
				return end - n + i + 1
			}
		}
		end -= n
		if size-end > ingest.MaxLineSize {
			return size
		}
	}
	return 0
}

// check reads what the file at its path gained; when the path no longer
// names it (renamed, deleted, a symlink re-pointed), it is read to its end
// and kept among the old files, and the path is opened again at the next
// pass.
func (fl *Follower) check(fi *file) error {
	st, err := os.Stat(fi.path)
	if err == nil && os.SameFile(st, fi.info) {
		return fl.read(fi)
	}
	fl.stats.Rotations++
	delete(fl.current, fi.path)
	rerr := fl.read(fi)
	fl.old = append(fl.old, fi)
	if err == nil {
		// Already there: the new file is read in this pass, from its start.
		if oerr := fl.open(fi.path); oerr != nil && !errors.Is(oerr, fs.ErrNotExist) {
			return oerr
		}
		return errors.Join(rerr, fl.read(fl.current[fi.path]))
	}
	return rerr
}

// read feeds what fi gained since the last read; a file now shorter than
// what was read, or whose first bytes changed, was truncated and is read
// from its start.
func (fl *Follower) read(fi *file) error {
	if fi == nil {
		return nil
	}
	st, err := fi.f.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	if size < fi.stream.Read() || fl.rewritten(fi, size) {
		fl.stats.Truncations++
		fi.stream.Reset()
		if id, err := input.Identify(fi.path); err == nil && os.SameFile(st, fi.info) {
			fi.id = id
		}
	}
	from := fi.stream.Read()
	if size == from {
		return nil
	}
	fi.grewAt = fl.cfg.Now()
	return fi.stream.Feed(io.NewSectionReader(fi.f, from, size-from))
}

// rewritten tells whether the first bytes of fi changed since they were
// fingerprinted: a truncation followed by more writes than were read
// hides the drop in size.
func (fl *Follower) rewritten(fi *file, size int64) bool {
	n := int64(fi.id.PrintLen)
	if n == 0 || size < n || fi.stream.Read() < n {
		return false
	}
	head := make([]byte, n)
	if _, err := fi.f.ReadAt(head, 0); err != nil {
		return false
	}
	return input.Print(head) != fi.id.Print
}

// readOld reads the files rotated away; one that has not grown for the
// grace period is finished (its unfinished last line counted) and closed.
func (fl *Follower) readOld() {
	now := fl.cfg.Now()
	live := fl.old[:0]
	for _, fi := range fl.old {
		fl.read(fi)
		if now.Sub(fi.grewAt) < fl.cfg.Grace {
			live = append(live, fi)
			continue
		}
		fl.close(fi)
	}
	fl.old = live
}

func (fl *Follower) close(fi *file) {
	fi.stream.Finish()
	fi.finished = true
	fi.f.Close()
	fl.done = append(fl.done, fi.stream.Result())
}

// resumeRotated reads, once, the files of saved positions that no
// pattern names any more but that are still in their directory under
// another name (rotated while nobody followed): from the saved offset to
// their end, so that lines written before the rotation are not lost.
func (fl *Follower) resumeRotated() {
	var rest []ingest.Position
	for _, p := range fl.kept {
		if name := findByIdentity(p); name != "" {
			f, err := os.Open(name)
			if err == nil {
				info, _ := f.Stat()
				fi := fl.newFile(name, f, info, p.Identity, p.Offset, p.Line, p.Header)
				fi.grewAt = time.Time{} // finished once read
				fl.old = append(fl.old, fi)
				continue
			}
		}
		rest = append(rest, p)
	}
	fl.kept = rest
}

// findByIdentity looks in the directory of p's file for a plain file that
// is p's (the same device, inode and first bytes), under any name.
func findByIdentity(p ingest.Position) string {
	if p.Ino == 0 || p.Gzip {
		return ""
	}
	entries, err := os.ReadDir(filepath.Dir(p.Name))
	if err != nil {
		return ""
	}
	for _, e := range entries {
		name := filepath.Join(filepath.Dir(p.Name), e.Name())
		if id, err := input.Identify(name); err == nil && id.Dev == p.Dev && id.Ino == p.Ino && !id.Gzip && id.Size >= p.Offset {
			if from, _ := ingest.Claim([]string{name}, []input.Identity{id}, []ingest.Position{p}); from[0] != nil {
				return name
			}
		}
	}
	return ""
}

// Positions are where reading stopped in every file followed, and the
// saved positions of files not found yet: what a state file keeps.
func (fl *Follower) Positions() []ingest.Position {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	var out []ingest.Position
	for _, name := range sortedKeys(fl.current) {
		out = append(out, position(fl.current[name]))
	}
	for _, fi := range fl.old {
		out = append(out, position(fi))
	}
	return append(out, fl.kept...)
}

func position(fi *file) ingest.Position {
	s := fi.stream
	return ingest.Position{Name: fi.path, Identity: fi.id, Offset: s.Offset(), Line: s.Line(), Header: s.Header()}
}

// Results are the files followed so far, finished ones included.
func (fl *Follower) Results() []ingest.SourceResult {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	out := append([]ingest.SourceResult(nil), fl.done...)
	for _, name := range sortedKeys(fl.current) {
		out = append(out, fl.current[name].stream.Result())
	}
	for _, fi := range fl.old {
		out = append(out, fi.stream.Result())
	}
	return out
}

// Stats returns the counts of rotations, truncations and files.
func (fl *Follower) Stats() Stats {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	return fl.stats
}

// Close stops following: every file's unfinished last line waits for a
// next follower (it is not counted); the files are closed.
func (fl *Follower) Close() {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	for _, fi := range fl.current {
		fi.f.Close()
	}
	for _, fi := range fl.old {
		fi.f.Close()
	}
}

func sortedKeys(m map[string]*file) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
