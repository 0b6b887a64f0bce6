package parser

import (
	"fmt"
	"strings"
)

// Detection is the outcome of Detect, and of a Family's Detect.
type Detection struct {
	// Spec is the format detected, nil when none parses any line.
	Spec Spec
	// Format is Spec when it is a preset, or a preset with a tail (nil
	// for the other families).
	Format *Format
	Parsed int // sample lines the format parsed (lines it skips included)
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
	// Specific: the family recognised the lines by what only its logs
	// hold (CloudFront's x-edge-* columns, Cloudflare's field names),
	// where a generic family (W3C, JSON lines) merely reads them.
	Specific bool
	// Problem, when Spec is nil, says what a family recognised in the
	// lines but cannot read ("… without EdgeResponseStatus"); "" when
	// nothing was recognised.
	Problem string

	// For ranking (see beats): bytes of the parsed lines the format read,
	// fields it interprets, the family's place in the registry.
	read, known, order int
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

// Detect asks every registered family to judge the sample lines and picks
// the one that parses most of them: no format that leaves a line
// malformed is chosen over one that parses it. When several parse as many
// lines, a family that recognised the lines as its own (Specific) wins
// over a generic one; then the one that reads further into them (it
// explains more of each line: combined over common, combinedio over
// combined), then the one that leaves text unread on fewer lines, then
// the one that interprets more fields, then the family registered first
// (the presets in Presets order: main over combined +
// "$http_x_forwarded_for"). Spec is nil when no format parses any line;
// Problem then says what a family recognised but could not read.
func Detect(lines [][]byte) Detection {
	var best Detection
	problem := ""
	for i, f := range registry {
		if f.Detect == nil {
			continue
		}
		d := f.Detect(lines)
		d.order = i
		if d.Spec == nil || d.Parsed == 0 {
			if problem == "" {
				problem = d.Problem
			}
			continue
		}
		if best.Spec == nil || d.beats(best) {
			best = d
		}
	}
	if best.Spec == nil {
		return Detection{Lines: nonEmpty(lines), Problem: problem}
	}
	return best
}

// beats reports whether d is a better guess than o (see Detect).
func (d Detection) beats(o Detection) bool {
	switch {
	case d.Parsed != o.Parsed:
		return d.Parsed > o.Parsed
	case d.Specific != o.Specific:
		return d.Specific
	case d.read != o.read:
		return d.read > o.read
	case d.Trailing != o.Trailing:
		return d.Trailing < o.Trailing
	case d.known != o.known:
		return d.known > o.known
	}
	return d.order < o.order
}

// nonEmpty counts the lines that are not empty.
func nonEmpty(lines [][]byte) int {
	n := 0
	for _, l := range lines {
		if len(l) > 0 {
			n++
		}
	}
	return n
}

// detectSkipping judges lines for a family whose parser skips the lines
// of its logs that are not requests (ErrSkip: W3C directives, a server's
// other messages): it fits when a request parses, or when every line is
// skipped, and Parsed counts both.
func detectSkipping(spec Spec, lines [][]byte) Detection {
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
	if requests > 0 || skipped == d.Lines {
		d.Parsed = requests + skipped
	}
	return d
}

// NoFormat is the Spec of an input in which no format was found: its
// parser rejects every line, so that the input is still accounted for.
// Reason is what a family recognised but could not read (Detection's
// Problem), "" when nothing was recognised.
type NoFormat struct{ Reason string }

// NoFormatName is the Name of a NoFormat: what a report calls the format
// of an input in which none was found.
const NoFormatName = "unknown"

// ReasonNoFormat is the malformed reason of the lines of an input in
// which nothing was recognised.
const ReasonNoFormat = "no known log format matches (use --format)"

// Name returns NoFormatName.
func (NoFormat) Name() string { return NoFormatName }

// ExtraNames returns nil.
func (NoFormat) ExtraNames() []string { return nil }

// NewParser returns a parser that rejects every line with the Reason.
func (n NoFormat) NewParser() Parser {
	r := n.Reason
	if r == "" {
		r = ReasonNoFormat
	}
	return &noFormatParser{err: LineError{Reason: r}}
}

// Problem says what is wrong with an input of this format, for a message
// naming it.
func (n NoFormat) Problem() string {
	if n.Reason == "" {
		return "no known log format matches its first lines; name one with --format"
	}
	return n.Reason
}

// Unreadable returns what is wrong with an input whose Spec is spec when
// it is a NoFormat, "" for any other Spec.
func Unreadable(spec Spec) string {
	if n, ok := spec.(NoFormat); ok {
		return n.Problem()
	}
	return ""
}

type noFormatParser struct{ err LineError }

func (p *noFormatParser) Parse([]byte, *Record) error { return &p.err }
