package threshold

import (
	"strings"
	"testing"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ spec, msg string }{
		{"", "no rule"},
		{"5xx", "write SUBJECT>LIMIT"},
		{"5xx>lots", "the limit must be"},
		{"5xx>200%", "the limit must be"},
		{"6xx>1", "is not a class"},
		{"50>1", "is not a class"},
		{"5xx>-1", "the limit must be"},
	} {
		if _, err := Parse(tt.spec); err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Parse(%q) = %v, want %q", tt.spec, err, tt.msg)
		}
	}
}

func TestCheck(t *testing.T) {
	s := aggregate.New(aggregate.Options{})
	for i := range 200 {
		code := 200
		switch {
		case i < 6:
			code = 502
		case i < 30:
			code = 404
		}
		s.Add(&parser.Record{Status: code, RequestTime: -1})
	}
	s.AddMalformed(aggregate.Sample{Reason: "x"})
	rules, err := Parse("5xx>2%, 502>5, 4xx>20%, malformed>1%, 000>0, -%>1")
	if err == nil {
		t.Fatal("a rule with a subject '-%' parsed")
	}
	rules, err = Parse("5xx>2%, 502>5, 4xx>20%, malformed>1%, 000>0")
	if err != nil {
		t.Fatal(err)
	}
	got := Check(rules, s)
	want := []Result{
		{"5xx>2%", 3, true},
		{"502>5", 6, true},
		{"4xx>20%", 12, false},
		{"malformed>1%", 100.0 / 201, false},
		{"000>0", 0, false},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: %+v, want %+v", want[i].Rule, got[i], want[i])
		}
	}
	if !Crossed(got) || Crossed(got[2:]) {
		t.Error("Crossed")
	}
}
