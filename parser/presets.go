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

// Detection is the outcome of Detect.
type Detection struct {
	// Spec is the format detected, nil when none parses any line.
	Spec Spec
	// Format is Spec when it is a preset, or a preset with a tail (nil for
	// W3C).
	Format *Format
	Parsed int // sample lines the format parsed (W3C: directives included)
	Lines  int // non-empty sample lines
	// Tail names the fields Detect found after the preset's own and named
	// by their values, in order: "$request_time", "$upstream_status"…, or
	// "$unknown_N" for the Nth one it could not name but had to pass to
	// reach a later one. Format.Source() is then the preset's nginx
	// format followed by them, and Format.Name() the preset's name. Nil
	// when nothing was inferred.
	Tail []string
	// Trailing counts the parsed sample lines with text after the
	// format's last field, which the format ignores.
	Trailing int
}

// Describe says in a few words what was detected, for a log of the run:
// "combined", "combined + $request_time $upstream_status (inferred from
// values)", with ", text after the last field ignored on 3 of 200 lines"
// when some was; "none" when no format was found.
func (d Detection) Describe() string {
	if d.Spec == nil {
		return "none"
	}
	s := d.Spec.Name()
	if len(d.Tail) > 0 {
		s += " + " + strings.Join(d.Tail, " ") + " (inferred from values)"
	}
	if d.Trailing > 0 {
		s += fmt.Sprintf(", text after the last field ignored on %d of %d lines", d.Trailing, d.Lines)
	}
	return s
}

// Detect picks the format that parses most of the sample lines: a preset,
// a preset followed by the fields of a usual nginx tail named by their
// values (see inferTail), or W3C when the lines hold W3C directives
// (#Software:, #Version:, #Fields:) and the W3C parser does better. No
// format that leaves a line malformed is chosen over one that parses it.
// When several parse as many lines, the one that reads further into them
// wins (it explains more of each line: combined over common, combinedio
// over combined), then the one that leaves text unread on fewer lines,
// then the one that interprets more fields, then the preset listed first
// (main over combined + "$http_x_forwarded_for"). Spec is nil when no
// format parses any line.
func Detect(lines [][]byte) Detection {
	var best candidate
	for i, f := range compiledPresets {
		if f.name == "hsphere" {
			continue // same lines as combined; chosen by file location instead
		}
		t := try(f, lines)
		c := candidate{Detection{Format: f, Parsed: t.parsed, Lines: t.lines, Trailing: t.trailing}, t.read, i, f.interpreted()}
		if c.beats(best) {
			best = c
		}
		if t.trailing == 0 || nginxSpelling(Presets[i]) == "" {
			continue
		}
		if d, read, ok := inferTail(Presets[i], lines, t); ok {
			if c := (candidate{d, read, i, d.Format.interpreted()}); c.beats(best) {
				best = c
			}
		}
	}
	d := best.det
	if d.Parsed == 0 {
		d = Detection{Lines: d.Lines}
	} else {
		d.Spec = d.Format
	}
	if w, ok := detectW3C(lines); ok && w.Parsed > d.Parsed {
		d = w
	}
	return d
}

// candidate is a format Detect weighs.
type candidate struct {
	det   Detection
	read  int // bytes of the parsed lines the format read (trial.read)
	order int // the preset's index in Presets
	known int // fields the format interprets
}

// beats reports whether c is a better guess than o (see Detect).
func (c candidate) beats(o candidate) bool {
	switch {
	case c.det.Parsed != o.det.Parsed:
		return c.det.Parsed > o.det.Parsed
	case c.read != o.read:
		return c.read > o.read
	case c.det.Trailing != o.det.Trailing:
		return c.det.Trailing < o.det.Trailing
	case c.known != o.known:
		return c.known > o.known
	}
	return c.order < o.order
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

// detectW3C parses the sample lines as W3C when they hold W3C directives.
// It fits when a request line parses, or when every line is a directive
// (a log of restarts without traffic), so that a "#Fields:" line among
// junk does not make junk W3C.
func detectW3C(lines [][]byte) (Detection, bool) {
	spec := W3C{}
	directives := false
	for _, l := range lines {
		for _, pre := range []string{"#Software:", "#Version:", "#Fields:"} {
			if bytes.HasPrefix(l, []byte(pre)) {
				directives = true
			}
		}
		if bytes.HasPrefix(l, []byte("#Software:")) && bytes.Contains(bytes.ToLower(l), []byte("h-sphere")) {
			spec.HSphere = true
		}
	}
	if !directives {
		return Detection{}, false
	}
	d := Detection{Spec: spec}
	p := spec.NewParser()
	var rec Record
	requests, skipped := 0, 0
	for _, l := range lines {
		if len(l) == 0 {
			continue
		}
		d.Lines++
		switch p.Parse(l, &rec) {
		case nil:
			requests++
		case ErrSkip:
			skipped++
		}
	}
	d.Parsed = requests + skipped
	return d, requests > 0 || skipped == d.Lines
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
