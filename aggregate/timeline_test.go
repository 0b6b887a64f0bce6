package aggregate

import (
	"strings"
	"testing"
	"time"
)

func TestTimelineBuckets(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 10, 0, 30, 0, time.UTC).Unix()
	var tl Timeline
	tl.add(t0, Class2xx)
	tl.add(t0+10, Class5xx)
	tl.add(t0+180, Class4xx) // three minutes on: two empty buckets between
	b := tl.Buckets(0, 0)
	if tl.Step != 60 || len(b) != 4 {
		t.Fatalf("step %d, %d buckets, want 60 and 4", tl.Step, len(b))
	}
	if b[0].Start != t0-30 || b[0].Classes[Class2xx] != 1 || b[0].Classes[Class5xx] != 1 || b[0].Total() != 2 {
		t.Errorf("first bucket %+v", b[0])
	}
	if b[1].Total() != 0 || b[2].Total() != 0 || b[3].Classes[Class4xx] != 1 {
		t.Errorf("buckets %+v", b)
	}
	if h := tl.Buckets(3600, 0); len(h) != 1 || h[0].Total() != 3 || h[0].Start != t0-30 {
		t.Errorf("hourly %+v", h)
	}
	if fine := tl.Buckets(1, 0); len(fine) != 4 {
		t.Errorf("a step finer than the timeline's must be raised to it, got %d buckets", len(fine))
	}
}

func TestTimelineCoarsens(t *testing.T) {
	var tl Timeline
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	n := MaxTimelineBuckets + 10 // minutes
	for i := range n {
		tl.add(t0+int64(i)*60, Class2xx)
	}
	if tl.Step != 3600 {
		t.Fatalf("step %d after %d minutes, want 3600", tl.Step, n)
	}
	var total int64
	for _, b := range tl.Buckets(0, 0) {
		total += b.Total()
	}
	if total != int64(n) {
		t.Errorf("coarsening lost requests: %d of %d", total, n)
	}
}

func TestTimelineMergeCoarsens(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	var whole, a, b Timeline
	n := MaxTimelineBuckets + 500
	for i := range n {
		ts := t0 + int64(i)*60
		whole.add(ts, Class4xx)
		if i < n/2 {
			a.add(ts, Class4xx)
		} else {
			b.add(ts, Class4xx)
		}
	}
	if a.Step != 60 || b.Step != 60 {
		t.Fatalf("halves coarsened: %d %d", a.Step, b.Step)
	}
	a.merge(&b)
	if a.Step != whole.Step || len(a.Buckets(0, 0)) != len(whole.Buckets(0, 0)) {
		t.Errorf("merged step %d (%d buckets), whole %d (%d)", a.Step, len(a.Buckets(0, 0)), whole.Step, len(whole.Buckets(0, 0)))
	}
}

func TestFloorDiv(t *testing.T) {
	for _, c := range []struct{ a, b, want int64 }{{7, 60, 0}, {60, 60, 1}, {-1, 60, -1}, {-60, 60, -1}, {-61, 60, -2}} {
		if got := floorDiv(c.a, c.b); got != c.want {
			t.Errorf("floorDiv(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestSignals(t *testing.T) {
	for path, want := range map[string]bool{
		"/.env": true, "/app/.ENV": true, "/wp-login.php": true, "/blog/wp-admin/": true, "/.git/config": true,
		"/cgi-bin/luci": true, "/index.html": false, "/wp": false, "/api/v1/users": false, "/a/../../etc/passwd": true,
	} {
		if got := IsScannerPath([]byte(path)); got != want {
			t.Errorf("IsScannerPath(%q) = %v, want %v", path, got, want)
		}
	}
	for path, want := range map[string]int{
		"/live/index.m3u8": mediaManifest, "/v/manifest.MPD": mediaManifest, "/live/seg-1.ts": mediaSegment,
		"/v/chunk.m4s": mediaSegment, "/index.html": mediaNone, "/dir.ts/file": mediaNone, "/noext": mediaNone,
	} {
		if got := mediaKind([]byte(path)); got != want {
			t.Errorf("mediaKind(%q) = %d, want %d", path, got, want)
		}
	}
	for ref, want := range map[string]string{
		"https://example.com/a": "example.com", "http://u:p@example.com:8080?x": "example.com:8080",
		"-": "", "": "", "android-app://com.google.android.gm/": "com.google.android.gm",
	} {
		if got := string(refererHost([]byte(ref))); got != want {
			t.Errorf("refererHost(%q) = %q, want %q", ref, got, want)
		}
	}
}

func TestTopKTimes(t *testing.T) {
	k := NewTopK(4)
	k.AddAt([]byte("a"), 100)
	k.AddAt([]byte("a"), 50)
	k.AddAt([]byte("a"), 0) // unknown time does not move the range
	k.AddAt([]byte("b"), 70)
	o := NewTopK(4)
	o.AddAt([]byte("a"), 300)
	k.Merge(o)
	top := k.Top(-1)
	if top[0].Value != "a" || top[0].First != 50 || top[0].Last != 300 || top[0].Count != 4 {
		t.Errorf("a = %+v", top[0])
	}
	if top[1].First != 70 || top[1].Last != 70 {
		t.Errorf("b = %+v", top[1])
	}
}

func TestTimelineAlignment(t *testing.T) {
	var tl Timeline
	est := time.FixedZone("", -4*3600)
	// 1995-07-01 is a Saturday; 23:30 local is 03:30 UTC the next day.
	tl.add(time.Date(1995, 7, 1, 23, 30, 0, 0, est).Unix(), Class2xx)
	tl.add(time.Date(1995, 7, 2, 0, 30, 0, 0, est).Unix(), Class2xx)
	days := tl.Buckets(86400, -4*3600)
	if len(days) != 2 || time.Unix(days[0].Start, 0).In(est).Format("2006-01-02 15:04") != "1995-07-01 00:00" {
		t.Errorf("days must start at local midnight: %+v", days)
	}
	weeks := tl.Buckets(7*86400, -4*3600)
	if len(weeks) != 1 || time.Unix(weeks[0].Start, 0).In(est).Weekday() != time.Monday {
		t.Errorf("Saturday and Sunday are one week, starting on Monday: %+v", weeks)
	}
	if got := time.Unix(weeks[0].Start, 0).In(est).Format("2006-01-02"); got != "1995-06-26" {
		t.Errorf("first week starts %s, want Monday 1995-06-26", got)
	}
}

// TestMediaKindReference compares mediaKind with a plain reading of the
// rule (the lower-cased text after the last dot of the last path segment,
// looked up in a map) on every extension of up to five bytes drawn from the
// bytes that matter, and on random ones.
func TestMediaKindReference(t *testing.T) {
	kinds := map[string]int{"m3u8": mediaManifest, "mpd": mediaManifest, "ts": mediaSegment, "m4s": mediaSegment,
		"m4v": mediaSegment, "m4a": mediaSegment, "cmfv": mediaSegment, "cmfa": mediaSegment, "aac": mediaSegment, "mp4": mediaSegment, "vtt": mediaSegment, "webm": mediaSegment}
	ref := func(path string) int {
		seg := path[strings.LastIndexByte(path, '/')+1:]
		dot := strings.LastIndexByte(seg, '.')
		if dot < 0 || len(path) < 4 {
			return mediaNone
		}
		return kinds[strings.ToLower(seg[dot+1:])]
	}
	alphabet := []byte("mM3u8pdDtsS4vacf./\x14")
	var exts []string
	var grow func(prefix string)
	grow = func(prefix string) {
		exts = append(exts, prefix)
		if len(prefix) == 4 {
			return
		}
		for _, c := range alphabet {
			grow(prefix + string(c))
		}
	}
	grow("")
	// Five bytes: each media extension behind one more byte.
	for ext := range kinds {
		for _, c := range alphabet {
			exts = append(exts, string(c)+ext, string(c)+strings.ToUpper(ext), ext+string(c), ext+"\x00")
		}
	}
	r := newRand(7)
	for range 20000 {
		b := make([]byte, 1+r.IntN(6))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		exts = append(exts, string(b))
	}
	for _, ext := range exts {
		for _, path := range []string{"/v/seg." + ext, "/v/seg" + ext, "." + ext, "/a." + ext + "/b", "/" + ext} {
			if got, want := mediaKind([]byte(path)), ref(path); got != want {
				t.Fatalf("mediaKind(%q) = %d, want %d", path, got, want)
			}
		}
	}
}
