package topk

import (
	"testing"
	"unsafe"
)

// TestTopKLayout keeps the sizes the layout of a List counts on: a List
// of 192 bytes (a size class of 64-byte aligned objects) whose fields an
// Add of an untracked value reads lie in its first 64 bytes.
func TestTopKLayout(t *testing.T) {
	var l List
	if n := unsafe.Sizeof(l); n != 192 {
		t.Errorf("List is %d bytes, want 192", n)
	}
	if end := unsafe.Offsetof(l.cells) + 1; end > 64 {
		t.Errorf("the hot fields of a List end at byte %d, past 64", end)
	}
	if n := unsafe.Sizeof(entry{}); n != 16 {
		t.Errorf("entry is %d bytes, want 16", n)
	}
}
