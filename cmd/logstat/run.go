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

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/internal/ingest"
	"github.com/logstat/logstat/internal/input"
	"github.com/logstat/logstat/parser"
	"github.com/logstat/logstat/report"
)

// Exit codes, documented in README.md.
const (
	exitOK    = 0
	exitInput = 1 // an input could not be read or was cut short
	exitUsage = 2
	// exitInterrupted follows the shell's 128 + SIGINT.
	exitInterrupted = 130
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

type options struct {
	format    string
	nginxConf string
	output    string
	out       string
	top       int
	profile   string
	bucket    string
	keepQuery bool
	workers   int
	verbose   bool
	quiet     bool
	noColor   bool
	version   bool
}

func newFlags(o *options, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet("logstat", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.StringVarP(&o.format, "format", "F", "auto", "log format: auto, a preset ("+presetNames()+"), an nginx log_format string, an Apache LogFormat string, or with --nginx-conf a log_format name")
	fs.StringVar(&o.nginxConf, "nginx-conf", "", "read the log_format named by --format from this nginx configuration file")
	fs.StringVarP(&o.output, "output", "o", "text", "report format: text or json")
	fs.StringVar(&o.out, "out", "", "write the report to this file instead of standard output")
	fs.IntVar(&o.top, "top", 10, "entries in each top list")
	fs.StringVar(&o.profile, "profile", "web", "read codes as on this platform: "+strings.Join(report.Profiles, ", "))
	fs.StringVar(&o.bucket, "bucket", "", "timeline step: minute, hour, day or week (default: from the time span)")
	fs.BoolVar(&o.keepQuery, "keep-query", false, "keep query strings in top paths (/a?x=1 and /a?x=2 count apart)")
	fs.IntVarP(&o.workers, "workers", "j", 0, "parsing goroutines (default: one per CPU)")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "say on standard error which format was chosen and how each input went")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing on standard error but errors")
	fs.BoolVar(&o.noColor, "no-color", false, "no colours (also: NO_COLOR set in the environment)")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: logstat [flags] [FILE|GLOB|-]...\n       logstat explain [--profile P] CODE... | --list\n\n")
		fmt.Fprintf(stderr, "Reports the HTTP status codes of access logs (nginx, Apache, H-Sphere; plain or gzip).\nWith no FILE, or with -, reads standard input.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nExit status: 0 ok; 1 an input could not be read, was cut short or did not parse; 2 usage error.\n")
	}
	return fs
}

func presetNames() string {
	names := make([]string, len(parser.Presets))
	for i, p := range parser.Presets {
		names[i] = p.Name
	}
	return strings.Join(append(names, "w3c (IIS)", "hsphere-iis"), ", ")
}

// run is logstat without the process around it: it returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "explain" {
		return runExplain(args[1:], stdout, stderr)
	}
	var o options
	fs := newFlags(&o, stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintf(stderr, "logstat: %v (see logstat --help)\n", err)
		return exitUsage
	}
	if o.version {
		fmt.Fprintf(stdout, "logstat %s\n", version)
		return exitOK
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "logstat: "+format+"\n", a...)
		return exitUsage
	}
	if o.output != "text" && o.output != "json" {
		return usage("--output %q: use text or json", o.output)
	}
	if o.top < 1 {
		return usage("--top %d: must be at least 1", o.top)
	}
	if o.workers < 0 {
		return usage("--workers %d: must be 0 (one per CPU) or more", o.workers)
	}
	if !report.ValidProfile(o.profile) {
		return usage("--profile %q: use one of %s", o.profile, strings.Join(report.Profiles, ", "))
	}
	if _, ok := report.BucketSteps[o.bucket]; o.bucket != "" && !ok {
		return usage("--bucket %q: use minute, hour, day or week", o.bucket)
	}
	spec, err := resolveFormat(o)
	if err != nil {
		return usage("%v", err)
	}
	names := fs.Args()
	if len(names) == 0 {
		if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			fs.Usage()
			return exitUsage
		}
		names = []string{input.Stdin}
	}
	names, err = input.Expand(names)
	if err != nil {
		return usage("%v", err)
	}
	if o.out != "" {
		if out, err := os.Stat(o.out); err == nil {
			for _, n := range names {
				if in, err := os.Stat(n); err == nil && os.SameFile(in, out) {
					return usage("--out %s is also an input: the report would overwrite the log", o.out)
				}
			}
		}
	}

	start := time.Now()
	prog := &ingest.Progress{}
	stopProgress := startTerminalProgress(stderr, o.quiet, prog, names)
	res := ingest.Run(ctx, names, ingest.Config{
		Spec:     spec,
		Workers:  o.workers,
		Stdin:    stdin,
		Options:  aggregate.Options{KeepQuery: o.keepQuery},
		Progress: prog,
	})
	stopProgress()
	code := exitOK
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "logstat: interrupted; the report covers what was read before\n")
		code = exitInterrupted
	}
	var srcErrs []report.SourceError
	for _, s := range res.Sources {
		msg := ""
		switch {
		case s.Err != nil && ctx.Err() != nil && errors.Is(s.Err, ctx.Err()):
			continue // said once above
		case s.Err != nil:
			msg = s.Err.Error()
		case s.Lines == s.Skipped:
			continue // no lines, or only W3C headers (IIS restarted, no traffic)
		case s.Lines > 0 && s.Parsed == 0 && s.Spec == nil:
			msg = fmt.Sprintf("%s: has only empty lines", s.Name)
		case s.Lines > 0 && s.Parsed == 0 && s.Spec.Name() == "unknown":
			msg = fmt.Sprintf("%s: no known log format matches its first lines; name one with --format", s.Name)
		case s.Lines > 0 && s.Parsed == 0:
			msg = fmt.Sprintf("%s: none of its %d lines parsed as format %s", s.Name, s.Lines, s.Spec.Name())
		default:
			continue
		}
		fmt.Fprintf(stderr, "logstat: %s\n", report.Clean(msg, 0))
		srcErrs = append(srcErrs, report.SourceError{Source: s.Name, Error: msg})
		if code == exitOK {
			code = exitInput
		}
	}
	formatName, sourceFormats := formatNames(res)
	if o.verbose && !o.quiet {
		describe(stderr, res, time.Since(start))
	}

	rep := report.Build(report.Input{
		Summary: res.Summary, Format: formatName, SourceFormats: sourceFormats, FormatDetected: res.Detected,
		Sources: names, Errors: srcErrs, TopN: o.top, Profile: o.profile, Bucket: o.bucket,
	})
	if err := write(rep, o, stdout); err != nil {
		fmt.Fprintf(stderr, "logstat: writing the report: %v\n", err)
		return exitInput
	}
	return code
}

// resolveFormat compiles the --format (and --nginx-conf) flags; a nil Spec
// means autodetection.
func resolveFormat(o options) (parser.Spec, error) {
	if o.nginxConf != "" {
		if o.format == "auto" {
			return nil, errors.New("--nginx-conf needs --format NAME, the name of a log_format in that file")
		}
		f, err := os.Open(o.nginxConf)
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
	if o.format == "auto" || o.format == "" {
		return nil, nil
	}
	return parser.CompileSpec(o.format)
}

// formatNames names the format of the run: the one every input had, or
// "mixed" with each input's format when autodetection found several.
func formatNames(res *ingest.Result) (string, map[string]string) {
	name := "unknown"
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

// describe reports on stderr how the run went (-v).
func describe(w io.Writer, res *ingest.Result, took time.Duration) {
	if res.Detected {
		d := res.Detection
		fmt.Fprintf(w, "logstat: format %s detected (it parsed %d of the first %d lines)\n", res.Spec.Name(), d.Parsed, d.Lines)
	} else if res.Spec != nil {
		fmt.Fprintf(w, "logstat: format %s\n", res.Spec.Name())
	}
	for _, s := range res.Sources {
		format := "-"
		if s.Spec != nil {
			format = s.Spec.Name()
		}
		fmt.Fprintf(w, "logstat: %s: format %s, %d lines, %d parsed, %d bytes\n", report.Clean(s.Name, 0), format, s.Lines, s.Parsed, s.Bytes)
	}
	lines := res.Summary.Lines.Read()
	rate := ""
	if secs := took.Seconds(); secs >= 0.01 {
		rate = ", " + strconv.FormatFloat(float64(lines)/secs/1e6, 'f', 2, 64) + "M lines/s"
	}
	fmt.Fprintf(w, "logstat: %s lines in %s%s\n", report.Num(lines), took.Round(time.Millisecond), rate)
}

// write renders the report to --out or stdout.
func write(rep *report.Report, o options, stdout io.Writer) (err error) {
	w := stdout
	if o.out != "" {
		f, cerr := os.Create(o.out)
		if cerr != nil {
			return cerr
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
		w = f
	}
	if o.output == "json" {
		return report.WriteJSON(w, rep)
	}
	f, isFile := w.(*os.File)
	tty := isFile && term.IsTerminal(int(f.Fd()))
	topt := report.TextOptions{Width: terminalWidth(w), Color: useColor(tty, o.noColor, os.LookupEnv)}
	return report.WriteText(w, rep, topt)
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
