package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/internal/ingest"
	"github.com/logstat/logstat/internal/input"
	"github.com/logstat/logstat/internal/state"
	"github.com/logstat/logstat/internal/threshold"
	"github.com/logstat/logstat/parser"
	"github.com/logstat/logstat/report"
	"github.com/logstat/logstat/report/catalog"
	"github.com/logstat/logstat/report/render"
)

// runReport is logstat's main mode: read the inputs, name on stderr those
// that failed, and write the report of what was read.
func runReport(ctx context.Context, o options, stdin io.Reader, stdout, stderr io.Writer) int {
	spec, err := resolveFormat(ctx, o)
	if err != nil && ctx.Err() != nil {
		warn(stderr, "logstat", "interrupted while reading --nginx-conf")
		return exitInterrupted
	}
	if err != nil {
		return fail(stderr, "logstat", &usageError{err})
	}
	if len(o.args) == 0 && isTerminal(stdin) {
		writeHelp(stderr) // nothing to read: its write error is not checked, stderr is where it would be said
		return exitUsage
	}
	names, err := inputNames(o.args)
	if err != nil {
		return fail(stderr, "logstat", err)
	}
	if err := checkOut(o, names, stdin); err != nil {
		return fail(stderr, "logstat", err)
	}
	st, err := loadState(o)
	if err != nil {
		return fail(stderr, "logstat", err)
	}
	prev, err := loadPrevious(ctx, o)
	if err != nil {
		return previousFailed(ctx, stderr, "logstat", err)
	}
	start := time.Now()
	go catalog.Load() // needed once the inputs are read
	res := readInputs(ctx, o, names, stdin, spec, st, stderr)
	code, srcErrs := inputErrors(ctx, res, stderr)
	if o.verbose && !o.quiet {
		describe(stderr, res, time.Since(start))
	}
	if nothingRead(ctx, res) && st == nil {
		return code // the errors are said; an empty report would say nothing more
	}
	formatName, sourceFormats := formatNames(res)
	sum, formatName, err := withState(o, st, res, formatName)
	if err != nil {
		warn(stderr, "logstat", "%v", err)
		code = max(code, exitInput)
	}
	rep := report.Build(report.Input{
		Summary: sum, Format: formatName, SourceFormats: sourceFormats, FormatDetected: res.Detected,
		Sources: names, Errors: srcErrs, TopN: o.top, Profile: o.profile, Bucket: o.bucket,
		Interrupted: ctx.Err() != nil, Incomplete: incomplete(res),
		Window: o.window, Thresholds: threshold.Check(o.rules, sum), Previous: prev,
	})
	if err := writeReport(rep, o, stdout); err != nil {
		return fail(stderr, "logstat", fmt.Errorf("writing the report: %w", err))
	}
	return checkThresholds(o, sum, code, stderr)
}

// checkThresholds holds the summary against --fail-on: each rule crossed
// is said on stderr, and makes the exit code 3 unless the run was
// interrupted.
func checkThresholds(o options, sum *aggregate.Summary, code int, stderr io.Writer) int {
	results := threshold.Check(o.rules, sum)
	for _, r := range results {
		if r.Crossed {
			warn(stderr, "logstat", "--fail-on %s crossed: %s", r.Rule, r.Measured())
		}
	}
	if threshold.Crossed(results) && code != exitInterrupted {
		return exitThreshold
	}
	return code
}

// resolveFormat compiles the --format (and --nginx-conf) flags; a nil Spec
// means autodetection. ctx interrupts reading --nginx-conf, which may be a
// FIFO without a writer or a pipe that never ends.
func resolveFormat(ctx context.Context, o options) (parser.Spec, error) {
	if o.nginxConf != "" {
		if o.format == "auto" {
			return nil, errors.New("--nginx-conf needs --format NAME, the name of a log_format in that file")
		}
		f, err := input.OpenContext(ctx, o.nginxConf, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("--nginx-conf: %w", err)
		}
		defer f.Close()
		src, err := parser.NginxLogFormat(f, o.format)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.nginxConf, err)
		}
		return parser.CompileNginx(o.format, src)
	}
	if o.jsonField != "" {
		if o.format != "auto" && o.format != "json" {
			return nil, fmt.Errorf("--json-field maps JSON keys; it goes with --format json (or auto), not %q", o.format)
		}
		return parser.CompileSpec("json:" + o.jsonField)
	}
	if o.format == "auto" || o.format == "" {
		return nil, nil
	}
	return parser.CompileSpec(o.format)
}

// inputNames expands the globs among the inputs; none means standard input.
func inputNames(args []string) ([]string, error) {
	if len(args) == 0 {
		return []string{input.Stdin}, nil
	}
	names, err := input.Expand(args)
	if err != nil {
		return nil, &usageError{err}
	}
	return names, nil
}

// readInputs reads and parses the inputs, with a progress bar on a
// terminal. With a state (st, or --state naming a file not made yet) it
// reads only what earlier runs have not.
func readInputs(ctx context.Context, o options, names []string, stdin io.Reader, spec parser.Spec, st *state.File, stderr io.Writer) *ingest.Result {
	prog := &ingest.Progress{}
	stopProgress := startTerminalProgress(stderr, o.quiet, prog, names)
	defer stopProgress()
	cfg := ingest.Config{
		Spec:        spec,
		Workers:     o.workers,
		Stdin:       stdin,
		Options:     summaryOptions(o),
		Progress:    prog,
		Incremental: o.state != "",
		Window:      o.window,
	}
	if st != nil {
		cfg.Positions = st.Positions
	}
	return ingest.Run(ctx, names, cfg)
}

// inputErrors names on stderr, one line each, the inputs that failed or of
// which nothing parsed, and returns the exit code they make and the errors
// for the report.
func inputErrors(ctx context.Context, res *ingest.Result, stderr io.Writer) (int, []report.SourceError) {
	code := exitOK
	if ctx.Err() != nil {
		warn(stderr, "logstat", "interrupted; the report covers what was read before")
		code = exitInterrupted
	}
	var errs []report.SourceError
	for _, s := range res.Sources {
		msg := sourceProblem(ctx, s)
		if msg == "" {
			continue
		}
		warn(stderr, "logstat", "%s", msg)
		errs = append(errs, report.SourceError{Source: s.Name, Error: msg})
		if code == exitOK {
			code = exitInput
		}
	}
	return code, errs
}

// sourceProblem says what went wrong with an input, "" when nothing did.
func sourceProblem(ctx context.Context, s ingest.SourceResult) string {
	switch {
	case s.Err != nil && ctx.Err() != nil && errors.Is(s.Err, ctx.Err()):
		return "" // said once, as the interruption
	case s.Err != nil:
		return s.Err.Error()
	case s.Lines == s.Skipped:
		return "" // no lines, or only W3C headers (IIS restarted, no traffic)
	case s.Parsed > 0:
		return ""
	case s.Spec == nil:
		return fmt.Sprintf("%s: has only empty lines", s.Name)
	case parser.Unreadable(s.Spec) != "":
		return fmt.Sprintf("%s: %s", s.Name, parser.Unreadable(s.Spec))
	}
	return fmt.Sprintf("%s: none of its %d lines parsed as format %s", s.Name, s.Lines, s.Spec.Name())
}

// incomplete tells whether an input could not be read, or not to its end
// (the interruption aside, which the report says on its own).
func incomplete(res *ingest.Result) bool {
	for _, s := range res.Sources {
		if s.Err != nil && !errors.Is(s.Err, context.Canceled) {
			return true
		}
	}
	return false
}

// nothingRead tells whether every input failed before its first line
// (missing, unreadable): there is no report then, only the errors. An
// interrupted run is always reported.
func nothingRead(ctx context.Context, res *ingest.Result) bool {
	if ctx.Err() != nil {
		return false
	}
	for _, s := range res.Sources {
		if s.Err == nil || s.Lines > 0 {
			return false
		}
	}
	return true
}

// formatNames names the format of the run: the one every input had, or
// "mixed" with each input's format when autodetection found several.
func formatNames(res *ingest.Result) (string, map[string]string) {
	name := parser.NoFormatName
	if res.Spec != nil {
		name = res.Spec.Name()
	}
	each := map[string]string{}
	mixed := false
	for _, s := range res.Sources {
		if s.Spec != nil {
			each[s.Name] = s.Spec.Name()
			mixed = mixed || s.Spec.Name() != name
		}
	}
	if !mixed {
		return name, nil
	}
	return "mixed", each
}

// describe reports on stderr how the run went (-v). Its write errors are
// not checked: stderr is where they would be said.
func describe(w io.Writer, res *ingest.Result, took time.Duration) {
	if res.Detected {
		d := res.Detection
		fmt.Fprintf(w, "logstat: format %s detected (it parsed %d of the first %d lines)\n", res.Spec.Name(), d.Parsed, d.Lines)
		if len(d.Tail) > 0 {
			fmt.Fprintf(w, "logstat: after the %s fields, inferred from their values: %s\n", res.Spec.Name(), strings.Join(d.Tail, " "))
		}
		if d.Trailing > 0 {
			fmt.Fprintf(w, "logstat: %d of those lines have more fields after the format's, which are not read\n", d.Trailing)
		}
	} else if res.Spec != nil {
		fmt.Fprintf(w, "logstat: format %s\n", res.Spec.Name())
	}
	for _, s := range res.Sources {
		format := "-"
		if s.Spec != nil {
			format = s.Spec.Name()
		}
		resumed := ""
		switch {
		case s.Passed:
			resumed = " (read whole by an earlier run: passed over)"
		case s.From > 0:
			resumed = fmt.Sprintf(" (from byte %d, where an earlier run stopped)", s.From)
		case s.Outside:
			resumed = " (wholly outside --since/--until: passed over)"
		}
		fmt.Fprintf(w, "logstat: %s: format %s, %d lines, %d parsed, %d bytes%s\n", report.Clean(s.Name, 0), format, s.Lines, s.Parsed, s.Bytes, resumed)
	}
	lines := res.Summary.Lines.Read()
	rate := ""
	if secs := took.Seconds(); secs >= 0.01 {
		rate = ", " + strconv.FormatFloat(float64(lines)/secs/1e6, 'f', 2, 64) + "M lines/s"
	}
	fmt.Fprintf(w, "logstat: %s lines in %s%s\n", report.Num(lines), took.Round(time.Millisecond), rate)
}

// writeReport renders the report to --out or stdout.
func writeReport(rep *report.Report, o options, stdout io.Writer) error {
	write := func(w io.Writer) error {
		ropt := render.Options{Width: terminalWidth(w), Color: useColor(isTerminal(w), o.noColor, os.LookupEnv)}
		return render.Render(w, o.output, rep, ropt)
	}
	if o.out == "" {
		return write(stdout)
	}
	return writeOut(o.out, write)
}

// terminalWidth is the width of the terminal w writes to, else $COLUMNS,
// else 120.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	if cols, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && cols > 0 {
		return cols
	}
	return 120
}

// useColor: colours only on a terminal, never with --no-color or with
// NO_COLOR set to anything non-empty (no-color.org).
func useColor(tty, noColorFlag bool, getenv func(string) (string, bool)) bool {
	if !tty || noColorFlag {
		return false
	}
	v, _ := getenv("NO_COLOR")
	return v == ""
}
