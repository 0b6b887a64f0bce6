package parser

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// Preset is a named, well-known log format.
type Preset struct {
	Name, Syntax, Format, Doc string
}

// NginxCombined is the log_format built into nginx as "combined".
const NginxCombined = `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`

// Presets are tried by Detect in this order: when several parse the same
// lines, the first (most specific) wins.
var Presets = []Preset{
	{"main", "nginx", NginxCombined + ` "$http_x_forwarded_for"`,
		"nginx's stock nginx.conf example: combined plus X-Forwarded-For"},
	{"combinedio", "apache", `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %I %O`,
		"Apache combined plus bytes received and sent (mod_logio)"},
	{"vcombined", "apache", `%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`,
		"Apache vhost_combined (Debian): virtual host and port, then combined"},
	{"combined", "apache", `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`,
		"nginx's default and Apache's combined"},
	{"hsphere", "apache", `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"`,
		"H-Sphere Unix transfer log: Apache combined, one file per domain"},
	{"vcommon", "apache", `%v %h %l %u %t "%r" %>s %b`,
		"virtual host, then Common Log Format"},
	{"common", "apache", `%h %l %u %t "%r" %>s %b`,
		"NCSA Common Log Format (Apache common)"},
}

// Compile compiles a preset name, an nginx log_format string (it contains a
// $variable) or an Apache LogFormat string (it contains a % directive).
func Compile(format string) (*Format, error) {
	for _, p := range Presets {
		if p.Name == format {
			return p.compile()
		}
	}
	switch {
	case strings.Contains(format, "$"):
		return CompileNginx("custom", format)
	case strings.Contains(format, "%"):
		return CompileApache("custom", format)
	}
	names := make([]string, 0, len(Presets))
	for _, p := range Presets {
		names = append(names, p.Name)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("unknown format %q: give a preset (%s), auto, an nginx log_format string or an Apache LogFormat string", format, strings.Join(names, ", "))
}

// compile compiles p to ignore trailing text: a line of a preset with
// more fields after its own (combined plus $request_time, say) is read as
// the preset, as GoAccess reads it, not counted as malformed.
func (p Preset) compile() (*Format, error) {
	if p.Syntax == "nginx" {
		return compileNginx(p.Name, p.Format, true)
	}
	return compileApache(p.Name, p.Format, true)
}

// compiledPresets holds the presets compiled once, in Presets order.
var compiledPresets = func() []*Format {
	fs := make([]*Format, len(Presets))
	for i, p := range Presets {
		f, err := p.compile()
		if err != nil {
			panic("parser: preset " + p.Name + ": " + err.Error())
		}
		fs[i] = f
	}
	return fs
}()

// presetFamilies makes the presets' registry entries, in Presets order
// (the registry starts from them). hsphere registers on its own
// (hsphere.go): its lines read as combined, and the file's location
// chooses it.
func presetFamilies() []*Family {
	var fs []*Family
	for i, p := range Presets {
		if p.Name != "hsphere" {
			fs = append(fs, &Family{Name: p.Name, Doc: p.Doc, New: noArg(p.Name, func() Spec { return compiledPresets[i] }), Detect: detectPreset(i)})
		}
	}
	return fs
}

// detectPreset judges sample lines for the preset Presets[i]: the preset
// alone, or followed by the fields of a usual nginx tail named by their
// values (see inferTail) when that reads more of them.
func detectPreset(i int) func([][]byte) Detection {
	return func(lines [][]byte) Detection {
		f := compiledPresets[i]
		t := try(f, lines)
		best := Detection{Spec: f, Format: f, Parsed: t.parsed, Lines: t.lines, Trailing: t.trailing, read: t.read, known: f.interpreted()}
		if t.trailing == 0 || nginxSpelling(Presets[i]) == "" {
			return best
		}
		if d, read, ok := inferTail(Presets[i], lines, t); ok {
			d.Spec, d.read, d.known = d.Format, read, d.Format.interpreted()
			if d.beats(best) {
				best = d
			}
		}
		return best
	}
}

// trial is how a format fared on sample lines.
type trial struct {
	parsed, lines, trailing int
	// read is the bytes of the parsed lines the format read, up to the
	// fields it ignored.
	read int
	// trails says for each line where the fields the format ignored
	// start: -1 when the line did not parse, 0 when there were none
	// (blanks at the end are no field).
	trails []int
}

// try parses the sample lines with f.
func try(f *Format, lines [][]byte) trial {
	p := f.NewParser().(*lineParser)
	var rec Record
	t := trial{trails: make([]int, len(lines))}
	for i, l := range lines {
		t.trails[i] = -1
		if len(l) == 0 {
			continue
		}
		t.lines++
		p.trail = 0
		if p.Parse(l, &rec) != nil {
			continue
		}
		t.parsed++
		t.read += len(l)
		if p.trail > 0 {
			if start, _, _ := tailField(l, p.trail); start < len(bytes.TrimSuffix(l, []byte{'\r'})) {
				t.trails[i] = p.trail
				t.trailing++
				t.read -= len(l) - p.trail
				continue
			}
		}
		t.trails[i] = 0
	}
	return t
}

// interpreted counts the fields of f that fill a Record field.
func (f *Format) interpreted() int {
	n := 0
	for i := range f.segs {
		if k := f.segs[i].kind; k != kindExtra && k != kindIgnore {
			n++
		}
	}
	return n
}

// presetDoc returns the Doc of the preset of that name.
func presetDoc(name string) string {
	for _, p := range Presets {
		if p.Name == name {
			return p.Doc
		}
	}
	return ""
}

// PresetFormat returns the compiled preset of that name, or nil.
func PresetFormat(name string) *Format {
	for _, f := range compiledPresets {
		if f.name == name {
			return f
		}
	}
	return nil
}
