package parser

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestFamilies: the presets lead the registry in Presets order (hsphere,
// chosen by path, registers on its own), names and aliases are unique and
// found by Lookup, and every family makes a Spec of its own name.
func TestFamilies(t *testing.T) {
	fs := Families()
	var presets []string
	for _, p := range Presets {
		if p.Name != "hsphere" {
			presets = append(presets, p.Name)
		}
	}
	for i, name := range presets {
		if fs[i].Name != name || fs[i].Detect == nil {
			t.Errorf("family %d is %q (detected %v), want preset %q", i, fs[i].Name, fs[i].Detect != nil, name)
		}
	}
	seen := map[string]bool{}
	for _, f := range fs {
		for _, name := range append([]string{f.Name}, f.Aliases...) {
			if seen[name] {
				t.Errorf("%q registered twice", name)
			}
			seen[name] = true
			if got, ok := Lookup(name); !ok || got.Name != f.Name {
				t.Errorf("Lookup(%q) = %q, %v", name, got.Name, ok)
			}
		}
		spec, err := f.New("")
		if err != nil || spec.Name() != f.Name {
			t.Errorf("%s: New = %v, %v", f.Name, spec, err)
		}
		if f.Doc == "" {
			t.Errorf("%s has no Doc", f.Name)
		}
		if len(f.HeaderPrefixes) > 0 {
			if _, ok := spec.NewParser().(HeaderParser); !ok {
				t.Errorf("%s has header prefixes but its parser reads no header", f.Name)
			}
		}
	}
	for _, name := range []string{"combined", "w3c", "iis", "hsphere", "hsphere-iis"} {
		if !seen[name] {
			t.Errorf("%q is not registered", name)
		}
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("Lookup(nope) found a family")
	}
}

func TestRegisterRefuses(t *testing.T) {
	tests := []struct {
		name string
		f    Family
	}{
		{"no name", Family{New: noArg("x", func() Spec { return W3C{} })}},
		{"no constructor", Family{Name: "x-no-new"}},
		{"name taken", Family{Name: "combined", New: noArg("x", func() Spec { return W3C{} })}},
		{"alias taken", Family{Name: "x-alias", Aliases: []string{"iis"}, New: noArg("x", func() Spec { return W3C{} })}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := len(registry)
			defer func() {
				if recover() == nil {
					t.Error("Register did not panic")
				}
				if len(registry) != n {
					t.Error("the registry changed")
				}
			}()
			Register(tt.f)
		})
	}
}

func TestCompileSpecNames(t *testing.T) {
	tests := []struct {
		name, format, want, err string
	}{
		{"preset", "common", "common", ""},
		{"alias", "iis", "w3c", ""},
		{"path-chosen family", "hsphere", "hsphere", ""},
		{"argument refused", "combined:x", "", "takes no argument"},
		{"nginx string with a colon", "$remote_addr:$status", "custom", ""},
		{"unknown word lists the families", "nosuch", "", "hsphere-iis"},
		{"unknown word with a colon", "nosuch:x", "", `unknown format "nosuch:x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, err := CompileSpec(tt.format)
			if tt.err != "" {
				if err == nil || spec != nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("CompileSpec(%q) = %v, %v; want an error with %q", tt.format, spec, err, tt.err)
				}
				return
			}
			if err != nil || spec.Name() != tt.want {
				t.Errorf("CompileSpec(%q) = %v, %v; want %s", tt.format, spec, err, tt.want)
			}
		})
	}
}

func TestFormatList(t *testing.T) {
	list := FormatList()
	if !strings.HasPrefix(list, "main, combinedio, vcombined, combined, vcommon, common, ") || !strings.Contains(list, "w3c (iis)") {
		t.Errorf("FormatList = %q", list)
	}
}

func TestHeaderPrefixes(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		want []string
	}{
		{"w3c", W3C{}, W3CHeaderPrefixes[:]},
		{"hsphere-iis", W3C{HSphere: true}, W3CHeaderPrefixes[:]},
		{"combined", PresetFormat("combined"), nil},
		{"custom", mustCompile(t, "$remote_addr $status"), nil},
		{"none", nil, nil},
	}
	for _, tt := range tests {
		if got := HeaderPrefixes(tt.spec); !slices.Equal(got, tt.want) {
			t.Errorf("%s: HeaderPrefixes = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestNoFormat(t *testing.T) {
	tests := []struct {
		name         string
		spec         NoFormat
		reason, says string
	}{
		{"nothing recognised", NoFormat{}, ReasonNoFormat, "no known log format matches its first lines; name one with --format"},
		{"a problem", NoFormat{Reason: "no EdgeResponseStatus field"}, "no EdgeResponseStatus field", "no EdgeResponseStatus field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var le *LineError
			if err := tt.spec.NewParser().Parse([]byte("x"), &Record{}); !errors.As(err, &le) || le.Reason != tt.reason {
				t.Errorf("Parse = %v, want reason %q", err, tt.reason)
			}
			if tt.spec.Name() != "unknown" || Unreadable(tt.spec) != tt.says {
				t.Errorf("Name %q, Unreadable %q", tt.spec.Name(), Unreadable(tt.spec))
			}
		})
	}
	if Unreadable(W3C{}) != "" || Unreadable(PresetFormat("common")) != "" {
		t.Error("Unreadable of a format")
	}
}
