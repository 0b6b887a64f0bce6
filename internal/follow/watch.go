package follow

import (
	"path/filepath"
	"strings"

	"github.com/fsnotify/fsnotify"
)

// Watcher wakes a follower when a followed directory changes (a write, a
// rename, a new file), so that lines show up without waiting for the next
// tick. Followers poll on a ticker too: events can be lost (a full queue,
// a network file system), and some file systems send none.
type Watcher struct {
	w *fsnotify.Watcher
	C <-chan struct{} // receives after changes, coalesced
}

// Watch watches the directories of the patterns (those without glob
// characters in the directory part). It returns an error when the system
// gives no file events; the caller then polls alone.
func Watch(patterns []string) (*Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	dirs := map[string]bool{}
	for _, p := range patterns {
		dir := filepath.Dir(p)
		if strings.ContainsAny(dir, "*?[") || dirs[dir] {
			continue
		}
		dirs[dir] = true
		if err := w.Add(dir); err != nil {
			w.Close()
			return nil, err
		}
	}
	c := make(chan struct{}, 1)
	go func() {
		for {
			select {
			case _, ok := <-w.Events:
				if !ok {
					return
				}
			case _, ok := <-w.Errors:
				if !ok {
					return
				}
			}
			select {
			case c <- struct{}{}:
			default: // a wake-up is pending already
			}
		}
	}()
	return &Watcher{w: w, C: c}, nil
}

// Close stops watching.
func (w *Watcher) Close() error { return w.w.Close() }
