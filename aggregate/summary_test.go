package aggregate

import (
	"reflect"
	"testing"
	"time"

	"github.com/logstat/logstat/parser"
)

func rec(status int, bytes int64, path string) *parser.Record {
	return &parser.Record{Status: status, Bytes: bytes, Path: []byte(path), Client: []byte("192.0.2.1")}
}

func TestSummaryCounts(t *testing.T) {
	s := New(Options{})
	s.Add(rec(200, 100, "/"))
	s.Add(rec(200, -1, "/")) // unknown bytes: counted, no bytes
	s.Add(rec(200, 0, "/"))
	s.Add(rec(404, 7, "/x"))
	s.Add(rec(parser.StatusNone, -1, "/y"))
	s.Add(rec(0, 5, "/z"))
	s.AddMalformed(Sample{Source: "a", Line: 3, Reason: "bad"})
	s.AddMalformed(Sample{Source: "a", Line: 9, Reason: "bad"})
	s.AddMalformed(Sample{Source: "a", Line: 10, Reason: "empty line"})
	s.AddSkipped()

	if want := (Lines{Parsed: 6, Malformed: 3, Skipped: 1}); s.Lines != want {
		t.Errorf("Lines = %+v, want %+v", s.Lines, want)
	}
	if n := s.Lines.Read(); n != 10 {
		t.Errorf("Read() = %d", n)
	}
	wantClasses := [NumClasses]Counter{Class2xx: {3, 100}, Class4xx: {1, 7}, ClassOther: {2, 5}}
	if s.Classes != wantClasses {
		t.Errorf("Classes = %+v, want %+v", s.Classes, wantClasses)
	}
	tests := []struct {
		name string
		code int
		want Counter
	}{
		{"200 without -1 bytes", 200, Counter{3, 100}},
		{"404", 404, Counter{1, 7}},
		{"no status", parser.StatusNone, Counter{1, 0}},
		{"000", 0, Counter{1, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := s.Code(tt.code)
			if cs == nil {
				t.Fatalf("Code(%d) = nil", tt.code)
			}
			if cs.Code != tt.code || cs.Counter != tt.want {
				t.Errorf("Code(%d) = code %d %+v, want %+v", tt.code, cs.Code, cs.Counter, tt.want)
			}
		})
	}
	var order []int
	for _, cs := range s.Codes() {
		order = append(order, cs.Code)
	}
	if want := []int{parser.StatusNone, 0, 200, 404}; !reflect.DeepEqual(order, want) {
		t.Errorf("Codes() order = %v, want %v", order, want)
	}
	for _, c := range []int{-2, 1000, 500} {
		if cs := s.Code(c); cs != nil {
			t.Errorf("Code(%d) = %+v, want nil", c, cs)
		}
	}
	if want := map[string]int64{"bad": 2, "empty line": 1}; !reflect.DeepEqual(s.Malformed.ByReason, want) {
		t.Errorf("ByReason = %v", s.Malformed.ByReason)
	}
}

func TestSummaryTimeRange(t *testing.T) {
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	tests := []struct {
		name        string
		times       []time.Time // zero: a record without time
		first, last time.Time
	}{
		{"none", nil, time.Time{}, time.Time{}},
		{"only untimed", []time.Time{{}, {}}, time.Time{}, time.Time{}},
		{"one", []time.Time{at(0)}, at(0), at(0)},
		{"out of order", []time.Time{at(5), at(-3), at(9), at(1)}, at(-3), at(9)},
		{"untimed first", []time.Time{{}, at(2), {}, at(1)}, at(1), at(2)},
		{"before 1970", []time.Time{time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), {}}, time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{})
			for _, tm := range tt.times {
				r := rec(200, 1, "/")
				r.Time = tm
				s.Add(r)
			}
			if !s.First.Equal(tt.first) || !s.Last.Equal(tt.last) {
				t.Errorf("First, Last = %v, %v; want %v, %v", s.First, s.Last, tt.first, tt.last)
			}
		})
	}
}

func TestSummaryTopLists(t *testing.T) {
	s := New(Options{MaxTopCodes: 3})
	for _, c := range []int{200, 201, 404, 500, 301, 502, 503, parser.StatusNone} {
		r := rec(c, 1, "/p?q=1")
		r.Host = []byte("h.example")
		s.Add(r)
		s.Add(&parser.Record{Status: c, Bytes: -1}) // no path, client, host
	}
	withLists := 0
	for _, cs := range s.Codes() {
		has := cs.Paths != nil
		if (cs.Clients != nil) != has || (cs.Hosts != nil) != has {
			t.Errorf("code %d: lists partly set", cs.Code)
		}
		if !has {
			continue
		}
		withLists++
		if ClassOf(cs.Code) == Class2xx {
			t.Errorf("2xx code %d has top lists", cs.Code)
		}
		if got, want := cs.Paths.Top(-1), []Item{{Value: "-", Count: 1, Err: 0}, {Value: "/p", Count: 1, Err: 0}}; !reflect.DeepEqual(got, want) {
			t.Errorf("code %d paths = %v, want %v", cs.Code, got, want)
		}
		if got, want := cs.Clients.Top(-1), []Item{{Value: "-", Count: 1, Err: 0}, {Value: "192.0.2.1", Count: 1, Err: 0}}; !reflect.DeepEqual(got, want) {
			t.Errorf("code %d clients = %v, want %v", cs.Code, got, want)
		}
		if got, want := cs.Hosts.Top(-1), []Item{{Value: "h.example", Count: 1, Err: 0}}; !reflect.DeepEqual(got, want) {
			t.Errorf("code %d hosts = %v, want %v (empty host not counted)", cs.Code, got, want)
		}
	}
	if withLists != 3 {
		t.Errorf("%d codes have top lists, want MaxTopCodes = 3", withLists)
	}
	for _, c := range []int{200, 201} {
		if cs := s.Code(c); cs.Paths != nil {
			t.Errorf("code %d has lists", c)
		}
	}
	// Every code is still counted exactly.
	for _, cs := range s.Codes() {
		if cs.Count != 2 || cs.Bytes != 1 {
			t.Errorf("code %d: %+v", cs.Code, cs.Counter)
		}
	}
}

func TestSummaryKeepQuery(t *testing.T) {
	paths := []string{"/a?x=1", "/a?x=2", "/a", "/b?", "?only"}
	tests := []struct {
		name      string
		keepQuery bool
		want      []Item
	}{
		{"cut", false, []Item{{Value: "/a", Count: 3, Err: 0}, {Value: "-", Count: 1, Err: 0}, {Value: "/b", Count: 1, Err: 0}}},
		{"kept", true, []Item{{Value: "/a", Count: 1, Err: 0}, {Value: "/a?x=1", Count: 1, Err: 0}, {Value: "/a?x=2", Count: 1, Err: 0}, {Value: "/b?", Count: 1, Err: 0}, {Value: "?only", Count: 1, Err: 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{KeepQuery: tt.keepQuery})
			if s.Options().KeepQuery != tt.keepQuery {
				t.Error("Options() lost KeepQuery")
			}
			for _, p := range paths {
				s.Add(rec(404, 1, p))
			}
			if got := s.Code(404).Paths.Top(-1); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("paths = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSummaryOptionsDefaults(t *testing.T) {
	got := New(Options{TopCapacity: -1}).Options()
	want := Options{TopCapacity: 200, MaxTopCodes: 64, MaxSamples: 10}
	if got != want {
		t.Errorf("defaults = %+v, want %+v", got, want)
	}
}

func TestSummarySamples(t *testing.T) {
	tests := []struct {
		name string
		in   []Sample
		want []Sample
	}{
		{"keeps first", []Sample{{Line: 1}, {Line: 2}, {Line: 3}, {Line: 4}}, []Sample{{Line: 1}, {Line: 2}, {Line: 3}}},
		{"reading order whatever the arrival", []Sample{{Line: 9}, {Order: 1, Line: 1}, {Line: 4}, {Line: 2}}, []Sample{{Line: 2}, {Line: 4}, {Line: 9}}},
		{"fewer than max", []Sample{{Line: 5}}, []Sample{{Line: 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{MaxSamples: 3})
			for _, sm := range tt.in {
				s.AddMalformed(sm)
			}
			if !reflect.DeepEqual(s.Malformed.Samples, tt.want) {
				t.Errorf("Samples = %+v, want %+v", s.Malformed.Samples, tt.want)
			}
			if s.Lines.Malformed != int64(len(tt.in)) {
				t.Errorf("Lines.Malformed = %d", s.Lines.Malformed)
			}
		})
	}
}

func TestSummaryTopCodesChoice(t *testing.T) {
	tests := []struct {
		name  string
		max   int
		codes []int // in arrival order
		want  []int // codes with lists, in code order
	}{
		{"under the limit", 3, []int{500, 404}, []int{404, 500}},
		{"well-known first", 2, []int{999, 0, 404, 599, 503}, []int{404, 503}},
		{"then lowest", 2, []int{999, 600, 0, 1, parser.StatusNone}, []int{parser.StatusNone, 0}},
		{"nginx codes are well-known", 2, []int{598, 499, 444}, []int{444, 499}},
		{"late better code takes lists", 1, []int{503, 502, 500}, []int{500}},
		{"2xx never", 1, []int{200, 299, 999}, []int{999}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{MaxTopCodes: tt.max})
			for _, c := range tt.codes {
				s.Add(rec(c, 1, "/"))
			}
			var got []int
			for _, cs := range s.Codes() {
				if cs.Paths != nil {
					got = append(got, cs.Code)
					// A code with lists has them from its first line.
					if n := cs.Paths.Top(1)[0].Count; n != cs.Count {
						t.Errorf("code %d: list counts %d of %d lines", cs.Code, n, cs.Count)
					}
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("codes with lists = %v, want %v", got, tt.want)
			}
		})
	}
}
