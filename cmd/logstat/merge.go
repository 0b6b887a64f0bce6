package main

import (
	"context"
	"io"

	"github.com/spf13/pflag"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/internal/state"
	"github.com/logstat/logstat/internal/threshold"
	"github.com/logstat/logstat/parser"
	"github.com/logstat/logstat/report"
)

// newMergeFlags are the flags of logstat merge: those that shape the
// report, none that read logs.
func newMergeFlags(o *options) *pflag.FlagSet {
	all := newFlags(o)
	fs := pflag.NewFlagSet("logstat merge", pflag.ContinueOnError)
	fs.Usage = func() {}
	fs.SortFlags = false
	for _, name := range []string{"output", "out", "top", "profile", "bucket", "fail-on", "compare", "verbose", "quiet", "no-color", "help"} {
		fs.AddFlag(all.Lookup(name))
	}
	return fs
}

// runMerge is `logstat merge STATE...`: one report of the summaries that
// several state files hold (one per host, say), as if one run had read
// all their logs.
func runMerge(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o options
	fs := newMergeFlags(&o)
	if err := fs.Parse(args); err != nil {
		return fail(stderr, "logstat merge", &usageError{flagError(fs, err, "logstat help merge")})
	}
	o.args = fs.Args()
	switch {
	case o.help:
		return printHelp(stdout, stderr, writeMergeHelp)
	case len(o.args) == 0:
		writeMergeHelp(stderr) // its write error is not checked: stderr is where it would be said
		return exitUsage
	}
	if err := o.validate(); err != nil {
		return fail(stderr, "logstat merge", err)
	}
	if err := checkOut(o, o.args, nil); err != nil {
		return fail(stderr, "logstat merge", err)
	}
	prev, err := loadPrevious(ctx, o)
	if err != nil {
		return previousFailed(ctx, stderr, "logstat merge", err)
	}
	rep, sum, err := mergeStates(o.args, o, prev)
	if err != nil {
		return fail(stderr, "logstat merge", err)
	}
	if err := writeReport(rep, o, stdout); err != nil {
		return fail(stderr, "logstat merge", err)
	}
	if ctx.Err() != nil {
		return exitInterrupted
	}
	return checkThresholds(o, sum, exitOK, stderr)
}

// mergeStates loads the state files and builds the report of their sum.
// States made with different options do not add up: a usage error.
func mergeStates(names []string, o options, prev *report.Previous) (*report.Report, *aggregate.Summary, error) {
	var sum *state.File
	format := ""
	for _, name := range names {
		st, err := state.Load(name)
		if err != nil {
			return nil, nil, err
		}
		if sum == nil {
			sum, format = st, st.Format
			continue
		}
		if err := sameOptions(st.Summary.Options(), sum.Summary.Options()); err != nil {
			return nil, nil, usagef("%s: %v (as %s was); states add up only when made with the same options", name, err, names[0])
		}
		if st.Format != format && st.Summary.Lines.Read() > 0 {
			format = "mixed"
		}
		sum.Summary.Merge(st.Summary)
	}
	if format == "" {
		format = parser.NoFormatName
	}
	return report.Build(report.Input{
		Summary: sum.Summary, Format: format, Sources: names, TopN: o.top, Profile: o.profile, Bucket: o.bucket,
		Thresholds: threshold.Check(o.rules, sum.Summary), Previous: prev,
	}), sum.Summary, nil
}

// writeMergeHelp is logstat merge --help.
func writeMergeHelp(w io.Writer) error {
	_, err := io.WriteString(w, "Usage: logstat merge [flags] STATE...\n\n"+
		"Reports the sum of state files written by logstat --state: one per host,\n"+
		"say, merged in one place. Counts, bytes, time range, timeline, request\n"+
		"times and findings are those of one run over all the logs; top lists keep\n"+
		"their error bounds. States made with different --keep-query are refused.\n\n"+
		"Examples:\n"+
		"  logstat merge edge1.state edge2.state edge3.state\n"+
		"  logstat merge -o json --out fleet.json /srv/states/*.state\n\n"+
		"Flags:\n"+newMergeFlags(&options{}).FlagUsages())
	return err
}
