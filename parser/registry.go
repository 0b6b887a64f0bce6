package parser

import (
	"fmt"
	"strings"
)

// Family is one log format family as the registry knows it. Each family
// registers itself once, in its own file; detection, the --format flag
// (its help and its errors), ingest and the CLI ask the registry, so that
// adding a format touches that one file and its tests.
type Family struct {
	// Name is what --format accepts and what the family's Specs are
	// called (Spec.Name).
	Name string
	// Aliases are other --format values for the same family ("iis").
	Aliases []string
	// Doc says in a few words what the family reads.
	Doc string
	// New makes the family's Spec. arg is what follows "name:" in a
	// --format value ("json:status=code"), "" when nothing does; a family
	// that takes no argument refuses one.
	New func(arg string) (Spec, error)
	// Detect judges sample lines (see Detect): the Detection's Spec is nil,
	// or Parsed 0, when the family does not fit them; Problem may then say
	// what the family recognised but cannot read. Nil for a family that is
	// never detected from lines (chosen by name or by PathHint).
	Detect func(lines [][]byte) Detection
	// HeaderPrefixes start the header lines that the family's parsers keep
	// state from (they implement HeaderParser; W3C's "#Fields:"), nil when
	// there are none. A reader hands the latest line of each prefix to
	// every chunk and to a later input that has none of its own.
	HeaderPrefixes []string
	// PathHint returns the family's Spec for an input whose path says that
	// it is the family's log, given the Spec detected from its lines; nil
	// when the path says nothing.
	PathHint func(path string, detected Spec) Spec
}

// registry holds the families in registration order. The presets come
// first, in Presets order, registered as the registry is made: they lead
// the --format list and Detect's last tie-break.
var registry = presetFamilies()

// Register adds a family to the registry and returns it. It panics when
// the family lacks a name or a constructor, or when its name or an alias
// is taken: registration happens as the program starts, from fixed values.
func Register(f Family) *Family {
	if f.Name == "" || f.New == nil {
		panic("parser: Register: a family needs a Name and New")
	}
	for _, name := range append([]string{f.Name}, f.Aliases...) {
		if _, taken := Lookup(name); taken {
			panic("parser: Register: format name " + name + " is taken")
		}
	}
	registry = append(registry, &f)
	return &f
}

// Families returns the registered families in registration order.
func Families() []Family {
	fs := make([]Family, len(registry))
	for i, f := range registry {
		fs[i] = *f
	}
	return fs
}

// Lookup returns the family called name, by its name or an alias.
func Lookup(name string) (Family, bool) {
	for _, f := range registry {
		if f.Name == name {
			return *f, true
		}
		for _, a := range f.Aliases {
			if a == name {
				return *f, true
			}
		}
	}
	return Family{}, false
}

// FormatList names every family, aliases in parentheses, in registration
// order: "main, …, w3c (iis), hsphere-iis, …", for help texts and errors.
func FormatList() string {
	names := make([]string, 0, len(registry))
	for _, f := range registry {
		n := f.Name
		if len(f.Aliases) > 0 {
			n += " (" + strings.Join(f.Aliases, ", ") + ")"
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

// CompileSpec compiles every format the CLI accepts: a family's name or
// alias, optionally followed by ":" and its argument ("json:status=code"),
// an nginx log_format string (it contains a $variable) or an Apache
// LogFormat string (it contains a % directive).
func CompileSpec(format string) (Spec, error) {
	if f, ok := Lookup(format); ok {
		return f.New("")
	}
	if name, arg, ok := strings.Cut(format, ":"); ok && !strings.ContainsAny(name, "$%") {
		if f, found := Lookup(name); found {
			spec, err := f.New(arg)
			if err != nil {
				return nil, fmt.Errorf("--format %s: %w", name, err)
			}
			return spec, nil
		}
	}
	var f *Format
	var err error
	switch {
	case strings.Contains(format, "$"):
		f, err = CompileNginx("custom", format)
	case strings.Contains(format, "%"):
		f, err = CompileApache("custom", format)
	default:
		err = fmt.Errorf("unknown format %q: give auto, a format name (%s), an nginx log_format string or an Apache LogFormat string", format, FormatList())
	}
	if err != nil {
		return nil, err // not a nil *Format in a non-nil Spec
	}
	return f, nil
}

// noArg is a Family.New for a family that takes no argument.
func noArg(name string, spec func() Spec) func(string) (Spec, error) {
	return func(arg string) (Spec, error) {
		if arg != "" {
			return nil, fmt.Errorf("format %s takes no argument (%q)", name, arg)
		}
		return spec(), nil
	}
}

// HeaderPrefixes returns the prefixes of the header lines that the
// parsers of spec keep state from (Family.HeaderPrefixes), nil when they
// keep none.
func HeaderPrefixes(spec Spec) []string {
	if spec == nil {
		return nil
	}
	if f, ok := Lookup(spec.Name()); ok {
		return f.HeaderPrefixes
	}
	return nil
}

// PathSpec returns the Spec that an input's path calls for instead of the
// one detected from its lines (see Family.PathHint), or nil.
func PathSpec(path string, detected Spec) Spec {
	for _, f := range registry {
		if f.PathHint == nil {
			continue
		}
		if s := f.PathHint(path, detected); s != nil {
			return s
		}
	}
	return nil
}
