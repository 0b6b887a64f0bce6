package follow

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/internal/ingest"
)

// server writes numbered lines as a web server would: each line's path
// is unique (/n/N), with status 404 so that the summary keeps its paths.
type server struct {
	t    *testing.T
	dir  string
	next int
}

func (s *server) path(name string) string { return filepath.Join(s.dir, name) }

func (s *server) line() string {
	s.next++
	return fmt.Sprintf("198.51.100.7 - - [01/Mar/2024:10:00:00 +0000] \"GET /n/%d HTTP/1.1\" 404 %d \"-\" \"agent\"\n", s.next, s.next)
}

// write appends n lines to name.
func (s *server) write(name string, n int) {
	s.t.Helper()
	f, err := os.OpenFile(s.path(name), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		s.t.Fatal(err)
	}
	defer f.Close()
	for range n {
		f.WriteString(s.line())
	}
}

// writePartial appends the first part of a line, then returns a func
// that writes the rest.
func (s *server) writePartial(name string) func() {
	l := s.line()
	s.appendRaw(name, l[:20])
	return func() { s.appendRaw(name, l[20:]) }
}

func (s *server) appendRaw(name, text string) {
	s.t.Helper()
	f, err := os.OpenFile(s.path(name), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		s.t.Fatal(err)
	}
	f.WriteString(text)
	f.Close()
}

func (s *server) do(err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatal(err)
	}
}

// clock is a hand-moved clock.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time          { return c.now }
func (c *clock) advance(d time.Duration) { c.now = c.now.Add(d) }
func newClock() *clock                   { return &clock{now: time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)} }
func newPool() *ingest.Pool              { return ingest.NewPool(2, aggregate.Options{}, ingest.MaxLineSize) }

// checkOnce checks that the lines from..to (1-based, inclusive) were each
// counted exactly once, and nothing else.
func checkOnce(t *testing.T, sum *aggregate.Summary, from, to int) {
	t.Helper()
	want := int64(to - from + 1)
	if sum.Lines.Parsed != want || sum.Lines.Malformed != 0 {
		t.Errorf("%d lines parsed, %d malformed; want %d (lines %d–%d)", sum.Lines.Parsed, sum.Lines.Malformed, want, from, to)
	}
	cs := sum.Code(404)
	if cs == nil {
		return
	}
	for _, it := range cs.Paths.Top(-1) {
		var n int
		fmt.Sscanf(it.Value, "/n/%d", &n)
		if it.Count != 1 || n < from || n > to {
			t.Errorf("line %d counted %d times (want once, and within %d–%d)", n, it.Count, from, to)
		}
	}
}

func TestFollowRotations(t *testing.T) {
	type step struct {
		name   string
		change func(s *server)
	}
	tests := []struct {
		name     string
		patterns []string
		steps    []step
		rotated  int64 // rotations counted
		trunc    int64
	}{
		{"appends, and a partial line that waits for its newline", []string{"access.log"}, []step{
			{"append", func(s *server) { s.write("access.log", 5) }},
			{"partial", func(s *server) { rest := s.writePartial("access.log"); s.write("other.log", 0); pending = rest }},
			{"rest of the line", func(s *server) { pending(); s.write("access.log", 2) }},
		}, 0, 0},
		{"rename and create, with late writes to the renamed file", []string{"access.log"}, []step{
			{"append", func(s *server) { s.write("access.log", 5) }},
			{"rotate", func(s *server) {
				s.write("access.log", 3)
				s.do(os.Rename(s.path("access.log"), s.path("access.log.1")))
				s.write("access.log.1", 2) // nginx writes on until it reopens
				s.write("access.log", 4)
			}},
			{"later late writes", func(s *server) { s.write("access.log.1", 1); s.write("access.log", 1) }},
		}, 1, 0},
		{"copytruncate", []string{"access.log"}, []step{
			{"append", func(s *server) { s.write("access.log", 6) }},
			{"copy and truncate", func(s *server) {
				data, _ := os.ReadFile(s.path("access.log"))
				s.do(os.WriteFile(s.path("access.log.1"), data, 0o644))
				s.do(os.Truncate(s.path("access.log"), 0))
				s.write("access.log", 2)
			}},
		}, 0, 1},
		{"truncated, then more written than was read", []string{"access.log"}, []step{
			{"append", func(s *server) { s.write("access.log", 2) }},
			{"truncate and refill", func(s *server) {
				s.do(os.Truncate(s.path("access.log"), 0))
				s.write("access.log", 9)
			}},
		}, 0, 1},
		{"deleted and created again", []string{"access.log"}, []step{
			{"append", func(s *server) { s.write("access.log", 3) }},
			{"delete", func(s *server) { s.do(os.Remove(s.path("access.log"))) }},
			{"create", func(s *server) { s.write("access.log", 4) }},
		}, 1, 0},
		{"a file that does not exist yet", []string{"access.log"}, []step{
			{"nothing", func(s *server) {}},
			{"created", func(s *server) { s.write("access.log", 4) }},
		}, 0, 0},
		{"a symlink pointed at a new file", []string{"access.log"}, []step{
			{"link", func(s *server) {
				s.write("access-1.log", 3)
				s.do(os.Symlink(s.path("access-1.log"), s.path("access.log")))
			}},
			{"append", func(s *server) { s.write("access-1.log", 2) }},
			{"re-point", func(s *server) {
				s.write("access-2.log", 3)
				s.do(os.Remove(s.path("access.log")))
				s.do(os.Symlink(s.path("access-2.log"), s.path("access.log")))
				s.write("access-1.log", 1) // late
			}},
		}, 1, 0},
		{"a glob picks up new files; a rotated file matching it goes on", []string{"*.log*"}, []step{
			{"append", func(s *server) { s.write("a.log", 2) }},
			{"new vhost", func(s *server) { s.write("b.log", 3) }},
			{"rotate a", func(s *server) {
				s.do(os.Rename(s.path("a.log"), s.path("a.log.1")))
				s.write("a.log.1", 1)
				s.write("a.log", 2)
			}},
			{"more", func(s *server) { s.write("a.log.1", 1); s.write("a.log", 1) }},
		}, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &server{t: t, dir: t.TempDir()}
			// Lines there before following starts are not read.
			s.write("access.log", 0)
			os.Remove(s.path("access.log"))
			var patterns []string
			for _, p := range tt.patterns {
				patterns = append(patterns, s.path(p))
			}
			clk := newClock()
			pool := newPool()
			fl := New(Config{Patterns: patterns, Now: clk.Now, FromStart: true}, pool)
			defer fl.Close()
			for _, st := range tt.steps {
				st.change(s)
				for _, err := range fl.Poll() {
					t.Errorf("%s: %v", st.name, err)
				}
				clk.advance(time.Second)
			}
			// Past the grace period, rotated files are finished.
			clk.advance(2 * DefaultGrace)
			fl.Poll()
			sum := pool.Close()
			want := s.next
			if pending != nil && tt.name == tests[0].name {
				pending = nil
			}
			checkOnce(t, sum, 1, want)
			if st := fl.Stats(); st.Rotations != tt.rotated || st.Truncations != tt.trunc {
				t.Errorf("stats %+v, want %d rotations, %d truncations", st, tt.rotated, tt.trunc)
			}
		})
	}
}

// pending holds the rest of a partial line between two steps.
var pending func()

// TestFollowFromEnd: without FromStart, what a file holds when following
// starts is not read, and following begins at a line's start.
func TestFollowFromEnd(t *testing.T) {
	s := &server{t: t, dir: t.TempDir()}
	s.write("access.log", 10)
	pending = s.writePartial("access.log") // a line being written when logstat starts
	clk := newClock()
	pool := newPool()
	fl := New(Config{Patterns: []string{s.path("access.log")}, Now: clk.Now}, pool)
	defer fl.Close()
	fl.Poll()
	pending()
	s.write("access.log", 3)
	fl.Poll()
	checkOnce(t, pool.Close(), 11, 14)
}

// TestFollowRestart: a follower restarted from the positions of the one
// before reads every line once, those written while none ran and across
// a rotation made meanwhile included.
func TestFollowRestart(t *testing.T) {
	s := &server{t: t, dir: t.TempDir()}
	s.write("access.log", 4)
	clk := newClock()
	pool := newPool()
	fl := New(Config{Patterns: []string{s.path("access.log")}, Now: clk.Now, FromStart: true}, pool)
	fl.Poll()
	s.write("access.log", 2)
	fl.Poll()
	positions := fl.Positions()
	fl.Close()
	first := pool.Close()

	// Down: more lines, then a rotation, then lines in the new file.
	s.write("access.log", 3)
	s.do(os.Rename(s.path("access.log"), s.path("access.log.1")))
	s.write("access.log", 5)

	pool2 := newPool()
	fl2 := New(Config{Patterns: []string{s.path("access.log")}, Now: clk.Now, Positions: positions}, pool2)
	defer fl2.Close()
	fl2.Poll()
	s.write("access.log", 1)
	fl2.Poll()
	second := pool2.Close()
	first.Merge(second)
	checkOnce(t, first, 1, s.next)
}
