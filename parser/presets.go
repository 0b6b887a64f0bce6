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
	// Format is Spec when it is a preset (nil for W3C).
	Format *Format
	Parsed int // sample lines the format parsed (W3C: directives included)
	Lines  int // non-empty sample lines
}

// Detect picks the preset that parses most of the sample lines (ties go to
// the more specific preset), or W3C when the lines hold W3C directives
// (#Software:, #Version:, #Fields:) and the W3C parser does better. Spec
// is nil when no format parses any line.
func Detect(lines [][]byte) Detection {
	best := Detection{}
	var rec Record
	for _, f := range compiledPresets {
		if f.name == "hsphere" {
			continue // same lines as combined; chosen by file location instead
		}
		p := f.NewParser()
		d := Detection{Format: f}
		for _, l := range lines {
			if len(l) == 0 {
				continue
			}
			d.Lines++
			if p.Parse(l, &rec) == nil {
				d.Parsed++
			}
		}
		if d.Parsed > best.Parsed {
			best = d
		}
		if best.Lines == 0 {
			best.Lines = d.Lines
		}
	}
	if best.Format != nil {
		best.Spec = best.Format
	}
	if d, ok := detectW3C(lines); ok && d.Parsed > best.Parsed {
		best = d
	}
	return best
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
