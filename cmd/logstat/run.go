package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/logstat/logstat/report"
)

// Exit codes, documented in README.md.
const (
	exitOK    = 0
	exitInput = 1 // an input could not be read or was cut short; the report could not be written
	exitUsage = 2
	// exitThreshold: a --fail-on rule was crossed (the report is written).
	exitThreshold = 3
	// exitInterrupted follows the shell's 128 + SIGINT.
	exitInterrupted = 130
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// run is logstat without the process around it: it returns the exit code.
// The first word picks the mode: help, explain, or else the report.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "help":
			return runHelp(args[1:], stdout, stderr)
		case "explain":
			return runExplain(args[1:], stdout, stderr)
		case "merge":
			return runMerge(ctx, args[1:], stdout, stderr)
		}
	}
	o, err := parseFlags(args)
	if err != nil {
		return fail(stderr, "logstat", err)
	}
	switch {
	case o.help:
		return printHelp(stdout, stderr, writeHelp)
	case o.version:
		if _, err := fmt.Fprintf(stdout, "logstat %s\n", version); err != nil {
			return fail(stderr, "logstat", err)
		}
		return exitOK
	}
	if err := o.validate(); err != nil {
		return fail(stderr, "logstat", err)
	}
	if o.follow {
		return runFollow(ctx, o, stdout, stderr, realWorld)
	}
	return runReport(ctx, o, stdin, stdout, stderr)
}

// A usageError is a command line logstat cannot run: exit 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error {
	return &usageError{fmt.Errorf(format, a...)}
}

// fail says err on stderr and returns its exit code: 2 for a usage error,
// else 1.
func fail(stderr io.Writer, prog string, err error) int {
	warn(stderr, prog, "%v", err)
	if errors.As(err, new(*usageError)) {
		return exitUsage
	}
	return exitInput
}

// warn writes one line on stderr, after prog and a colon, with control
// characters escaped (a flag or file name may hold any byte). Its write
// error is not checked: stderr is where it would be said.
func warn(stderr io.Writer, prog, format string, a ...any) {
	fmt.Fprintf(stderr, "%s: %s\n", prog, report.Clean(fmt.Sprintf(format, a...), 0))
}

// isTerminal tells whether r or w is a terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}
