package parser

// Fastly's syslog endpoints (the "classic" line format) put a syslog
// prefix before each line of the log format the service writes, Apache
// common by default: "<134>2016-07-04T22:37:26Z cache-sjc3128 LogTest[62959]: "
// (priority, time, cache node, log name and process id). The log after
// the prefix is detected as a preset, and with a usual nginx tail.
var _ = Register(Family{
	Name:   "fastly",
	Doc:    "Fastly syslog lines: a syslog prefix before a common or combined line",
	New:    noArg("fastly", func() Spec { return Fastly{Inner: PresetFormat("common")} }),
	Detect: detectFastly,
})

// Fastly is the Spec of Fastly's syslog lines: Inner is the format after
// the prefix.
type Fastly struct{ Inner *Format }

// Name returns "fastly".
func (Fastly) Name() string { return "fastly" }

// ExtraNames names the inner format's extra fields.
func (s Fastly) ExtraNames() []string { return s.Inner.ExtraNames() }

// NewParser returns a parser of the prefix and the inner format.
func (s Fastly) NewParser() Parser { return &fastlyParser{inner: s.Inner.NewParser().(*lineParser)} }

// ReasonSyslogPrefix is the reason for a Fastly line without its prefix.
const ReasonSyslogPrefix = "no syslog prefix (<134>TIME NODE NAME[PID]: )"

type fastlyParser struct {
	inner *lineParser
	err   LineError
}

// Raw implements the Raw interface.
func (p *fastlyParser) Raw(f Fields) { p.inner.Raw(f) }

// Parse implements Parser: the inner format's errors say where in the
// whole line they are.
func (p *fastlyParser) Parse(line []byte, rec *Record) error {
	n := syslogPrefix(line)
	if n < 0 {
		rec.reset(len(p.inner.f.extras))
		p.err = LineError{Reason: ReasonSyslogPrefix}
		return &p.err
	}
	err := p.inner.Parse(line[n:], rec)
	if err != nil {
		p.inner.err.Offset += n
	}
	return err
}

// syslogPrefix returns the length of an RFC 3164-style prefix with an
// RFC 3339 time, "<PRI>TIME HOST TAG: ", or -1.
func syslogPrefix(line []byte) int {
	i := 1
	for i < len(line) && i <= 3 && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	if len(line) == 0 || line[0] != '<' || i == 1 || i >= len(line) || line[i] != '>' {
		return -1
	}
	i++
	for field := 0; field < 3; field++ {
		start := i
		for i < len(line) && line[i] > ' ' {
			i++
		}
		if i == start || i == len(line) || line[i] != ' ' {
			return -1
		}
		i++
	}
	if line[i-2] != ':' {
		return -1
	}
	return i
}

// detectFastly judges the sample lines after their syslog prefix as the
// presets would (a line without the prefix parses for none).
func detectFastly(lines [][]byte) Detection {
	inner := make([][]byte, 0, len(lines))
	some := false
	for _, l := range lines {
		if n := syslogPrefix(l); n >= 0 {
			inner, some = append(inner, l[n:]), true
		} else if len(l) > 0 {
			inner = append(inner, nil)
		}
	}
	if !some {
		return Detection{}
	}
	var best Detection
	for i, p := range Presets {
		if p.Name == "hsphere" {
			continue
		}
		d := detectPreset(i)(inner)
		if d.order = i; d.Parsed > 0 && (best.Spec == nil || d.beats(best)) {
			best = d
		}
	}
	if best.Spec == nil {
		return Detection{}
	}
	best.Spec, best.Format, best.Specific, best.Lines = Fastly{Inner: best.Format}, nil, true, nonEmpty(lines)
	return best
}
