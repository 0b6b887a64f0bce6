package aggregate

import (
	"testing"

	"github.com/logstat/logstat/parser"
)

func TestClassOf(t *testing.T) {
	tests := []struct {
		name string
		code int
		want Class
	}{
		{"no status", parser.StatusNone, ClassOther},
		{"nginx 000", 0, ClassOther},
		{"nginx 009", 9, ClassOther},
		{"two digits", 99, ClassOther},
		{"first 1xx", 100, Class1xx},
		{"last 1xx", 199, Class1xx},
		{"200", 200, Class2xx},
		{"404", 404, Class4xx},
		{"last 5xx", 599, Class5xx},
		{"first past 5xx", 600, ClassOther},
		{"999", 999, ClassOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ClassOf(tt.code); got != tt.want {
				t.Errorf("ClassOf(%d) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}

func TestClassNames(t *testing.T) {
	for c := Class(0); c < NumClasses; c++ {
		got, ok := ParseClass(c.String())
		if !ok || got != c {
			t.Errorf("ParseClass(%q) = %v, %v; want %v, true", c.String(), got, ok, c)
		}
	}
	if _, ok := ParseClass("6xx"); ok {
		t.Error(`ParseClass("6xx") ok`)
	}
	if s := Class(42).String(); s != "other" {
		t.Errorf("Class(42).String() = %q", s)
	}
}
