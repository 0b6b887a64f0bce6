package aggregate

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/logstat/logstat/internal/binenc"
	"github.com/logstat/logstat/parser"
)

// diffMinutes reports how got's per-minute counts, talkers and profile
// counters differ from want's.
func diffMinutes(got, want *Summary) []string {
	var d []string
	if g, w := got.Minutes.Each(), want.Minutes.Each(); !reflect.DeepEqual(g, w) {
		d = append(d, fmt.Sprintf("%d minutes, want %d", len(g), len(w)))
	}
	for i, l := range got.Talkers.lists() {
		if g, w := l.Top(-1), want.Talkers.lists()[i].Top(-1); !reflect.DeepEqual(g, w) {
			d = append(d, fmt.Sprintf("talker list %d: %v, want %v", i, g, w))
		}
	}
	if got.APICalls != want.APICalls || got.Writes != want.Writes || got.Cached() != want.Cached() {
		d = append(d, fmt.Sprintf("api %d writes %d cached %d, want %d %d %d", got.APICalls, got.Writes, got.Cached(), want.APICalls, want.Writes, want.Cached()))
	}
	return d
}

func timedRec(t time.Time, status int, path string) *parser.Record {
	return &parser.Record{Time: t, Status: status, Bytes: 1, Path: []byte(path), Client: []byte("192.0.2.1"), RequestTime: -1}
}

func TestMinutesCount(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 10, 0, 30, 0, time.UTC)
	s := New(Options{})
	s.Add(timedRec(t0, 200, "/"))
	s.Add(timedRec(t0.Add(10*time.Second), 502, "/a"))
	s.Add(timedRec(t0.Add(40*time.Second), 404, "/.env"))
	s.Add(timedRec(t0.Add(40*time.Second), 404, "/gone"))
	s.Add(&parser.Record{Status: 500, Bytes: -1, RequestTime: -1}) // no time: not per minute
	ms := s.Minutes.Each()
	if len(ms) != 2 {
		t.Fatalf("%d minutes, want 2: %+v", len(ms), ms)
	}
	a, b := ms[0].Counts, ms[1].Counts
	if ms[0].Minute != t0.Unix()/60 || a.Total() != 2 || a[Class2xx] != 1 || a[Class5xx] != 1 || a[Series502] != 1 {
		t.Errorf("first minute %d %+v", ms[0].Minute, a)
	}
	if b.Total() != 2 || b[Class4xx] != 2 || b[Series404] != 2 || b[SeriesScanner] != 1 {
		t.Errorf("second minute %+v", b)
	}
	if first, last, ok := s.Minutes.Span(); !ok || first != ms[0].Minute || last != ms[1].Minute {
		t.Errorf("Span %d %d %v", first, last, ok)
	}
	if SeriesOfCode(404) != Series404 || SeriesOfCode(200) != -1 || SeriesCodes[Series504-Series401] != 504 {
		t.Error("SeriesOfCode")
	}
}

// TestMinutesWindow: only the MinuteWindow minutes up to the latest are
// kept, in any order of records, and memory stays within the hour blocks
// of the window.
func TestMinutesWindow(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	var times []time.Time
	for m := range 12 * 24 * 60 { // twelve days, one record a minute
		times = append(times, t0.Add(time.Duration(m)*time.Minute))
	}
	ordered, shuffled := New(Options{}), New(Options{})
	for _, tm := range times {
		ordered.Add(timedRec(tm, 200, "/"))
	}
	r := newRand(3)
	perm := r.Perm(len(times))
	for _, i := range perm {
		shuffled.Add(timedRec(times[i], 200, "/"))
	}
	ms := ordered.Minutes.Each()
	if len(ms) != MinuteWindow {
		t.Fatalf("%d minutes kept, want %d", len(ms), MinuteWindow)
	}
	if last := times[len(times)-1].Unix() / 60; ms[len(ms)-1].Minute != last || ms[0].Minute != last-MinuteWindow+1 {
		t.Errorf("kept %d–%d, want the window up to %d", ms[0].Minute, ms[len(ms)-1].Minute, last)
	}
	if d := diffMinutes(shuffled, ordered); len(d) > 0 {
		t.Errorf("shuffled records: %v", d)
	}
	for _, s := range []*Summary{ordered, shuffled} {
		if n := len(s.Minutes.blocks); n > MinuteWindow/60+2 {
			t.Errorf("%d hour blocks held, at most %d", n, MinuteWindow/60+2)
		}
	}
	// Merged parts of any order keep what one pass keeps.
	parts := []*Summary{New(Options{}), New(Options{}), New(Options{})}
	for k, i := range perm {
		parts[k%3].Add(timedRec(times[i], 200, "/"))
	}
	merged := New(Options{})
	merged.Merge(parts[2])
	merged.Merge(parts[0])
	merged.Merge(parts[1])
	if d := diffMinutes(merged, ordered); len(d) > 0 {
		t.Errorf("merged: %v", d)
	}
	if n := len(merged.Minutes.blocks); n > MinuteWindow/60+2 {
		t.Errorf("merged: %d hour blocks held", n)
	}
}

func TestMinutesSaturate(t *testing.T) {
	var a, b Minutes
	a.add(60, Class5xx, 502, false)
	b.add(60, Class5xx, 502, false)
	b.last[1][Class5xx] = math.MaxUint32
	b.last[1][Series502] = math.MaxUint32
	a.merge(&b)
	if c := a.Each()[0].Counts; c[Class5xx] != math.MaxUint32 || c[Series502] != math.MaxUint32 {
		t.Errorf("counts %v, want them to stop at the maximum", c)
	}
	a.add(61, Class5xx, 502, false)
	if c := a.Each()[0].Counts; c[Class5xx] != math.MaxUint32 {
		t.Errorf("count went past the maximum: %v", c)
	}
}

// TestMinutesMergeEqualsWhole: the recordGen stream cut into parts gives
// the per-minute counts, talkers and counters of the whole.
func TestMinutesMergeEqualsWhole(t *testing.T) {
	for trial := range 10 {
		g := newRecordGen(uint64(50 + trial))
		evs := g.events(3000, 2)
		for i := range evs {
			if i%3 == 0 {
				evs[i].rec.UserAgent = fmt.Appendf(nil, "agent/%d", i%5)
				evs[i].rec.Method = []byte("POST")
				evs[i].rec.CacheStatus = []byte("HIT")
			}
		}
		whole := feed(New(Options{}), evs)
		cut := g.r.IntN(len(evs))
		merged := feed(New(Options{}), evs[cut:])
		merged.Merge(feed(New(Options{}), evs[:cut]))
		if d := diffMinutes(merged, whole); len(d) > 0 {
			t.Fatalf("trial %d: %v", trial, d)
		}
		if whole.Writes == 0 || whole.Cached() == 0 || whole.Talkers.Agents.Len() != 5 || len(whole.Minutes.Each()) == 0 {
			t.Fatalf("trial %d: the stream counted nothing new", trial)
		}
		got, _ := roundTrip(t, whole)
		if d := diffMinutes(got, whole); len(d) > 0 {
			t.Fatalf("trial %d: decoded: %v", trial, d)
		}
	}
}

func TestMinutesDecodeRejects(t *testing.T) {
	enc := func(f func(b []byte) []byte) []byte { return f(nil) }
	tests := []struct {
		name string
		data []byte
	}{
		{"too many minutes", enc(func(b []byte) []byte { return binenc.AppendUvarint(b, MinuteWindow+1) })},
		{"minutes not rising", enc(func(b []byte) []byte {
			b = binenc.AppendUvarint(b, 2)
			b = binenc.AppendVarint(b, 1000)
			b = append(binenc.AppendUvarint(b, 1), 1)
			b = binenc.AppendUvarint(b, 0)
			return append(binenc.AppendUvarint(b, 1), 1)
		})},
		{"wider than the window", enc(func(b []byte) []byte {
			b = binenc.AppendUvarint(b, 2)
			b = binenc.AppendVarint(b, 1000)
			b = append(binenc.AppendUvarint(b, 1), 1)
			b = binenc.AppendUvarint(b, MinuteWindow)
			return append(binenc.AppendUvarint(b, 1), 1)
		})},
		{"empty mask", enc(func(b []byte) []byte {
			b = binenc.AppendUvarint(b, 1)
			b = binenc.AppendVarint(b, 1000)
			return append(binenc.AppendUvarint(b, 0), 0, 0)
		})},
		{"zero count", enc(func(b []byte) []byte {
			b = binenc.AppendUvarint(b, 1)
			b = binenc.AppendVarint(b, 1000)
			return append(binenc.AppendUvarint(b, 1), 0, 0)
		})},
		{"count too large", enc(func(b []byte) []byte {
			b = binenc.AppendUvarint(b, 1)
			b = binenc.AppendVarint(b, 1000)
			b = binenc.AppendUvarint(b, 1)
			return binenc.AppendUvarint(b, math.MaxUint32+1)
		})},
		{"a code above its class", enc(func(b []byte) []byte {
			b = binenc.AppendUvarint(b, 1)
			b = binenc.AppendVarint(b, 1000)
			b = binenc.AppendUvarint(b, 1<<Class5xx|1<<Series502)
			return append(b, 1, 2)
		})},
		{"before year 1", enc(func(b []byte) []byte {
			b = binenc.AppendUvarint(b, 1)
			b = binenc.AppendVarint(b, minTime/60-1)
			return append(binenc.AppendUvarint(b, 1), 1)
		})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var m Minutes
			r := binenc.NewReader(append(tc.data, make([]byte, 8)...))
			m.readBinary(r)
			if r.Err() == nil {
				t.Errorf("accepted: %+v", m.Each())
			}
		})
	}
}

func TestNetworkKey(t *testing.T) {
	tests := []struct{ client, key, name string }{
		{"203.0.113.77", "203.0.113.", "203.0.113.0/24"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2:", "2001:db8:1:2::/64"},
		{"2001:db8::1", "2001:db8::1", "2001:db8::1"},
		{"unicomp6.unicomp.net", ".unicomp.net", "*.unicomp.net"},
		{"localhost", "localhost", "localhost"},
		{"example.com", "example.com", "example.com"},
		{"-", "-", "-"},
	}
	for _, tc := range tests {
		if k := string(networkKey([]byte(tc.client))); k != tc.key || NetworkName(k) != tc.name {
			t.Errorf("%s: key %q name %q, want %q %q", tc.client, k, NetworkName(k), tc.key, tc.name)
		}
	}
}

func TestIsAPIPath(t *testing.T) {
	yes := []string{"/api/v1/users", "/api", "/API/x", "/v1/orders", "/v12/x", "/graphql", "/rest/items", "/rpc/call", "/data/items.json"}
	no := []string{"/", "/apiary", "/v1", "/video/x.mp4", "/static/app.js", "/vx/1", "/index.html", ""}
	for _, p := range yes {
		if !IsAPIPath([]byte(p)) {
			t.Errorf("%q is an API path", p)
		}
	}
	for _, p := range no {
		if IsAPIPath([]byte(p)) {
			t.Errorf("%q is not an API path", p)
		}
	}
}

// TestTalkers: clients, networks and agents over every status, with the
// seconds they were seen.
func TestTalkers(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	s := New(Options{})
	for i := range 30 {
		r := timedRec(t0.Add(time.Duration(i)*time.Second), 200, "/")
		r.Client = fmt.Appendf(nil, "198.51.100.%d", i%3)
		r.UserAgent = []byte("bot/1.0")
		s.Add(r)
	}
	c := s.Talkers.Clients.Top(1)[0]
	n := s.Talkers.Networks.Top(1)[0]
	a := s.Talkers.Agents.Top(1)[0]
	if c.Count != 10 || n.Value != "198.51.100." || n.Count != 30 || a.Value != "bot/1.0" || a.Count != 30 {
		t.Errorf("client %+v network %+v agent %+v", c, n, a)
	}
	if n.First != t0.Unix() || n.Last != t0.Unix()+29 {
		t.Errorf("network seen %d–%d", n.First, n.Last)
	}
	keys := []string{}
	for _, it := range s.Talkers.Clients.Top(-1) {
		keys = append(keys, it.Value)
	}
	sort.Strings(keys)
	if len(keys) != 3 {
		t.Errorf("clients %v", keys)
	}
}

func TestMinutesAllocs(t *testing.T) {
	// One record per second: a new block every 3,600 records, none for
	// the others.
	t0 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC).Unix()
	var m Minutes
	i := int64(0)
	const n = 7200
	allocs := totalAllocs(n, func() {
		m.add(t0+i, Class2xx, 200, false)
		i++
	})
	if allocs > 2*3 {
		t.Errorf("%d allocations for %d records in 3 blocks", allocs, n)
	}
}
