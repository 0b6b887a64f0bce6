package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/logstat/logstat/internal/threshold"
	"github.com/logstat/logstat/internal/timewin"
	"github.com/logstat/logstat/report/render"

	"github.com/logstat/logstat/parser"
	"github.com/logstat/logstat/report/catalog"
	"github.com/logstat/logstat/report/timeline"
)

// maxTop is the longest a top list can be: each tracks this many values
// (passed to aggregate.Options.TopCapacity), so a larger --top would be
// cut silently.
const maxTop = 200

type options struct {
	format    string
	nginxConf string
	jsonField string
	output    string
	out       string
	state     string
	follow    bool
	fromStart bool
	poll      bool
	interval  time.Duration
	listen    string
	view      string
	since     string
	until     string
	tz        string
	window    timewin.Window // since and until, read by validate
	failOn    string
	rules     []threshold.Rule // failOn, read by validate
	compare   string           // a state file or JSON report of a previous period
	top       int
	profile   string
	bucket    string
	keepQuery bool
	workers   int
	verbose   bool
	quiet     bool
	noColor   bool
	version   bool
	help      bool
	args      []string // inputs as given: files, globs, "-"
}

func newFlags(o *options) *pflag.FlagSet {
	fs := pflag.NewFlagSet("logstat", pflag.ContinueOnError)
	fs.Usage = func() {} // errors are said by parseFlags, the help by writeHelp
	fs.SortFlags = false
	fs.StringVarP(&o.format, "format", "F", "auto", "log format: auto, a format name ("+presetNames()+"), an nginx log_format string, an Apache LogFormat string, or with --nginx-conf a log_format name")
	fs.StringVar(&o.nginxConf, "nginx-conf", "", "read the log_format named by --format from this nginx configuration file")
	fs.StringVar(&o.jsonField, "json-field", "", "JSON lines: which key holds what, e.g. status=code,time=ts,path=request.uri (implies --format json)")
	fs.StringVarP(&o.output, "output", "o", "text", "report format: "+strings.Join(render.Names(), ", ")+"; or a file name (report.html: that format, to that file)")
	fs.StringVar(&o.out, "out", "", "write the report to this file instead of standard output (replaced whole, only once the report is complete)")
	fs.StringVar(&o.state, "state", "", "keep what was read in this state file and read only what is new next time; the report covers all runs")
	fs.BoolVarP(&o.follow, "follow", "f", false, "follow the files as they grow (across logrotate), with a live view; the report comes at Ctrl-C or SIGTERM")
	fs.BoolVar(&o.fromStart, "from-start", false, "with -f: read what the files hold first (default: only new lines)")
	fs.BoolVar(&o.poll, "poll", false, "with -f: look at the files every --interval only, without file events (for network file systems)")
	fs.DurationVar(&o.interval, "interval", time.Second, "with -f: how often the live view is refreshed and the files are polled")
	fs.StringVar(&o.view, "view", "auto", "with -f: screen, line, json or none (default: screen on a terminal, json with -o json, else line)")
	fs.StringVar(&o.listen, "listen", "", "with -f: serve Prometheus /metrics and /healthz on this address (e.g. 127.0.0.1:9807; port 0 picks one)")
	fs.StringVar(&o.since, "since", "", "only lines at or after this time: RFC 3339, 2026-11-20, \"2026-11-20 14:00\", today, yesterday, or a duration back from now (24h, 90m, 7d)")
	fs.StringVar(&o.until, "until", "", "only lines before this time (same forms as --since)")
	fs.StringVar(&o.tz, "tz", "", "zone of --since/--until times written without one (UTC, Europe/Paris, +02:00; default: each line's own offset)")
	fs.StringVar(&o.failOn, "fail-on", "", "exit 3 when a rule is crossed, e.g. '5xx>2%,502>100,4xx>20%,malformed>1%' (a share of requests, or a count)")
	fs.StringVar(&o.compare, "compare", "", "show the change against a previous period: a --state file or a JSON report (-o json) of it")
	fs.IntVar(&o.top, "top", 10, "entries in each top list (at most "+strconv.Itoa(maxTop)+")")
	fs.StringVar(&o.profile, "profile", "web", "read codes as on this platform: "+strings.Join(catalog.Profiles, ", "))
	fs.StringVar(&o.bucket, "bucket", "", "timeline step: minute, hour, day or week (default: from the time span)")
	fs.BoolVar(&o.keepQuery, "keep-query", false, "keep query strings in top paths (/a?x=1 and /a?x=2 count apart)")
	fs.IntVarP(&o.workers, "workers", "j", 0, "parsing goroutines (default: one per CPU)")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "say on standard error which format was chosen and how each input went")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing on standard error but errors")
	fs.BoolVar(&o.noColor, "no-color", false, "no colours (also: NO_COLOR set in the environment)")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.BoolVarP(&o.help, "help", "h", false, "print this help and exit")
	return fs
}

// presetNames lists the formats --format accepts by name, from the
// parser's registry.
func presetNames() string { return parser.FormatList() }

// parseFlags reads the command line; what is wrong with it is a
// *usageError.
func parseFlags(args []string) (options, error) {
	var o options
	fs := newFlags(&o)
	if err := longAfterOneDash(fs, args); err != nil {
		return o, err
	}
	if err := fs.Parse(args); err != nil {
		return o, &usageError{flagError(fs, err, "logstat --help")}
	}
	o.args = fs.Args()
	return o, nil
}

// readOutput checks --output: an output format, or, as GoAccess users
// type it, a file name whose extension names one (-o report.html: html,
// to that file).
func (o *options) readOutput() error {
	if _, ok := render.Lookup(o.output); ok {
		return nil
	}
	name, ok := render.ForFile(o.output)
	switch {
	case !ok:
		return usagef("--output %q: use one of %s, or a file name ending in one of their extensions (report.html)", o.output, strings.Join(render.Names(), ", "))
	case o.out != "":
		return usagef("--output %s names a file and so does --out %s: give one", o.output, o.out)
	}
	o.out, o.output = o.output, name
	return nil
}

// readWindow reads --since, --until and --tz, at now.
func (o *options) readWindow(now time.Time) error {
	var loc *time.Location
	if o.tz != "" {
		var err error
		if loc, err = parseZone(o.tz); err != nil {
			return usagef("--tz %q: %v", o.tz, err)
		}
	}
	for _, b := range []struct {
		flag, value string
		to          *timewin.Bound
	}{{"--since", o.since, &o.window.Since}, {"--until", o.until, &o.window.Until}} {
		if b.value == "" {
			continue
		}
		bound, err := timewin.Parse(b.value, now, loc)
		if err != nil {
			return usagef("%s: %v", b.flag, err)
		}
		*b.to = bound
	}
	if err := o.window.Check(); err != nil {
		return &usageError{err}
	}
	return nil
}

// parseZone reads a zone name (Europe/Paris, UTC, Local) or an offset
// (+02:00, -0500).
func parseZone(s string) (*time.Location, error) {
	for _, l := range []string{"-07:00", "-0700", "-07"} {
		if t, err := time.Parse(l, s); err == nil {
			_, off := t.Zone()
			return time.FixedZone(s, off), nil
		}
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, fmt.Errorf("not a zone name or UTC offset")
	}
	return loc, nil
}

// longAfterOneDash refuses a long flag name written after one dash
// (-format): pflag would read it as a group of short flags (-f -o rmat).
func longAfterOneDash(fs *pflag.FlagSet, args []string) error {
	for _, a := range args {
		if a == "--" {
			return nil
		}
		if len(a) < 3 || a[0] != '-' || a[1] == '-' {
			continue
		}
		name, _, _ := strings.Cut(a[1:], "=")
		if f := fs.Lookup(name); f != nil {
			return usagef("unknown shorthand flag: %q in %s: did you mean --%s?", a[1], a, f.Name)
		}
	}
	return nil
}

// validate checks the flags' values against each other and their ranges,
// and reads the time window.
func (o *options) validate() error {
	if err := o.readWindow(time.Now()); err != nil {
		return err
	}
	if o.failOn != "" {
		rules, err := threshold.Parse(o.failOn)
		if err != nil {
			return usagef("--fail-on: %v", err)
		}
		o.rules = rules
	}
	if err := o.readOutput(); err != nil {
		return err
	}
	_, bucketOK := timeline.Steps[o.bucket]
	switch {
	case o.top < 1:
		return usagef("--top %d: must be at least 1", o.top)
	case o.top > maxTop:
		return usagef("--top %d: must be at most %d, the values each top list tracks", o.top, maxTop)
	case o.workers < 0:
		return usagef("--workers %d: must be 0 (one per CPU) or more", o.workers)
	case !catalog.ValidProfile(o.profile):
		return usagef("--profile %q: use one of %s", o.profile, strings.Join(catalog.Profiles, ", "))
	case o.bucket != "" && !bucketOK:
		return usagef("--bucket %q: use minute, hour, day or week", o.bucket)
	case o.interval < 10*time.Millisecond:
		return usagef("--interval %s: must be at least 10ms", o.interval)
	case o.follow && o.compare != "":
		return usagef("--compare goes with a report of files or logstat merge, not with -f")
	case !o.follow && (o.fromStart || o.poll || o.listen != "" || o.view != "auto"):
		return usagef("--from-start, --poll, --view and --listen go with -f (--follow)")
	case o.view != "auto" && o.view != "screen" && o.view != "line" && o.view != "json" && o.view != "none":
		return usagef("--view %q: use screen, line, json or none", o.view)
	}
	return nil
}

// flagError words what pflag found wrong: a mistyped flag gets the one it
// is likely to mean, a value that is not a number says so.
func flagError(fs *pflag.FlagSet, err error, help string) error {
	var unknown *pflag.NotExistError
	var invalid *pflag.InvalidValueError
	switch {
	case errors.As(err, &unknown):
		typed := unknown.GetSpecifiedName()
		if group := unknown.GetSpecifiedShortnames(); group != "" {
			typed = group // -format: a long name after one dash
		}
		if s := suggestFlag(fs, typed); s != "" {
			return fmt.Errorf("%w: did you mean --%s?", err, s)
		}
	case errors.As(err, &invalid):
		return valueError(invalid)
	}
	return fmt.Errorf("%w (see %s)", err, help)
}

// A flagValueError is a flag value of the wrong kind, said in words
// rather than strconv's; it wraps pflag's error.
type flagValueError struct {
	flag, value string
	problem     string // "is not a whole number"
	err         error
}

func (e *flagValueError) Error() string {
	return fmt.Sprintf("--%s: %q %s", e.flag, e.value, e.problem)
}
func (e *flagValueError) Unwrap() error { return e.err }

// valueError says why a flag's value was refused.
func valueError(e *pflag.InvalidValueError) error {
	problem := ""
	switch e.GetFlag().Value.Type() {
	case "int":
		problem = "is not a whole number"
		if errors.Is(e, strconv.ErrRange) {
			problem = "is too large"
		}
	case "bool":
		problem = "is not true or false"
	default:
		return e
	}
	return &flagValueError{flag: e.GetFlag().Name, value: e.GetValue(), problem: problem, err: e}
}
