package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// TestCLI checks what the command line itself gets: help, flag errors and
// their exit codes, on stdout and stderr.
func TestCLI(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		chdir  bool     // run in a directory holding a log named help
		code   int      // exit code
		out    []string // in stdout; nil: stdout is empty
		errOut string   // stderr, exactly
	}{
		{name: "--help on stdout", args: []string{"--help"}, out: []string{"Usage: logstat [flags]", "Examples:", "logstat --format common access.log", "--top int", "Exit status"}},
		{name: "-h on stdout", args: []string{"-h", sample}, out: []string{"Usage: logstat [flags]", "Examples:"}},
		{name: "help command", args: []string{"help"}, out: []string{"Usage: logstat [flags]", "logstat help [explain|merge]", "--nginx-conf"}},
		{name: "help explain", args: []string{"help", "explain"}, out: []string{"Usage: logstat explain", "logstat explain --list", "--profile"}},
		{name: "explain --help", args: []string{"explain", "--help"}, out: []string{"Usage: logstat explain", "logstat explain --profile api 404"}},
		{name: "explain -h", args: []string{"explain", "-h"}, out: []string{"Usage: logstat explain"}},
		{name: "help on no such command", args: []string{"help", "follow"}, code: 2,
			errOut: "logstat help: no help on \"follow\": there is logstat help, logstat help explain and logstat help merge (a file named help is read as ./help)\n"},
		{name: "help reads no file named help", args: []string{"help"}, chdir: true, out: []string{"Usage: logstat [flags]"}},
		{name: "a file named help read as ./help", args: []string{"./help"}, chdir: true, out: []string{"Status codes"}},
		{name: "version", args: []string{"--version"}, out: []string{"logstat dev\n"}},

		{name: "unknown flag with control bytes escaped", args: []string{"--fr\x1b[2Job\x07", sample}, code: 2,
			errOut: "logstat: unknown flag: --fr\\x1b[2Job\\x07 (see logstat --help)\n"},
		{name: "mistyped --format", args: []string{"--fromat", "common", sample}, code: 2,
			errOut: "logstat: unknown flag: --fromat: did you mean --format?\n"},
		{name: "mistyped --output", args: []string{"--ouput", "json", sample}, code: 2,
			errOut: "logstat: unknown flag: --ouput: did you mean --output?\n"},
		{name: "long flag after one dash", args: []string{"-format", "common", sample}, code: 2,
			errOut: "logstat: unknown shorthand flag: 'f' in -format: did you mean --format?\n"},
		{name: "flag cut short", args: []string{"--verb", sample}, code: 2,
			errOut: "logstat: unknown flag: --verb: did you mean --verbose?\n"},
		{name: "unknown flag like none", args: []string{"--frobnicate", sample}, code: 2,
			errOut: "logstat: unknown flag: --frobnicate (see logstat --help)\n"},
		{name: "mistyped explain flag", args: []string{"explain", "--profle", "api", "404"}, code: 2,
			errOut: "logstat explain: unknown flag: --profle: did you mean --profile?\n"},

		{name: "--top not a number", args: []string{"--top=abc", sample}, code: 2,
			errOut: "logstat: --top: \"abc\" is not a whole number\n"},
		{name: "--top a fraction", args: []string{"--top", "2.5", sample}, code: 2,
			errOut: "logstat: --top: \"2.5\" is not a whole number\n"},
		{name: "--top too large for a number", args: []string{"--top", "99999999999999999999", sample}, code: 2,
			errOut: "logstat: --top: \"99999999999999999999\" is too large\n"},
		{name: "-j not a number", args: []string{"-j", "abc", sample}, code: 2,
			errOut: "logstat: --workers: \"abc\" is not a whole number\n"},
		{name: "--workers not a number", args: []string{"--workers=many", sample}, code: 2,
			errOut: "logstat: --workers: \"many\" is not a whole number\n"},
		{name: "bool flag not a bool", args: []string{"--keep-query=maybe", sample}, code: 2,
			errOut: "logstat: --keep-query: \"maybe\" is not true or false\n"},
		{name: "--top above the cap", args: []string{"--top", "201", sample}, code: 2,
			errOut: "logstat: --top 201: must be at most 200, the values each top list tracks\n"},
		{name: "--top at the cap", args: []string{"--top", "200", sample}, out: []string{"Status codes"}},

		{name: "every input missing: errors, no report", args: []string{"/nonexistent/a.log", "/nonexistent/b.log.gz"}, code: 1,
			errOut: "logstat: /nonexistent/a.log: no such file\nlogstat: /nonexistent/b.log.gz: no such file\n"},
		{name: "every input missing, json: no report", args: []string{"-o", "json", "/nonexistent/a.log"}, code: 1,
			errOut: "logstat: /nonexistent/a.log: no such file\n"},
		{name: "one input missing, one read: report", args: []string{"/nonexistent/a.log", sample}, code: 1,
			out: []string{"Status codes"}, errOut: "logstat: /nonexistent/a.log: no such file\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.chdir {
				chdirWithHelpLog(t)
			}
			code, out, errOut := runCLI(t, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			if errOut != tc.errOut {
				t.Errorf("stderr %q, want %q", errOut, tc.errOut)
			}
			if tc.out == nil && out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			for _, s := range tc.out {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
		})
	}
}

// chdirWithHelpLog runs the test in a new directory holding a copy of the
// sample log named help.
func chdirWithHelpLog(t *testing.T) {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "help"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
}

func TestSuggestFlag(t *testing.T) {
	fs := newFlags(&options{})
	tests := []struct{ name, typed, want string }{
		{"swapped letters", "fromat", "format"},
		{"a letter missing", "ouput", "output"},
		{"a letter missing, short name", "op", "top"},
		{"swapped letters, short name", "tpo", "top"},
		{"two edits", "nginxconf", "nginx-conf"},
		{"capitals", "Format", "format"},
		{"the beginning of one flag", "verb", "verbose"},
		{"the beginning of one flag, short", "ke", "keep-query"},
		{"the beginning of two flags", "n", ""},
		{"nothing close", "frobnicate", ""},
		{"three edits", "formxyz", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := suggestFlag(fs, tc.typed); got != tc.want {
				t.Errorf("suggestFlag(%q) = %q, want %q", tc.typed, got, tc.want)
			}
		})
	}
	var names []string
	fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	for _, n := range names {
		if got := suggestFlag(fs, n); got != n {
			t.Errorf("suggestFlag(%q) = %q, want itself", n, got)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		name, a, b string
		want       int
	}{
		{"equal", "format", "format", 0},
		{"empty", "", "top", 3},
		{"one replaced", "formet", "format", 1},
		{"one inserted", "ouput", "output", 1},
		{"neighbours swapped", "fromat", "format", 1},
		{"kitten", "kitten", "sitting", 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := editDistance(tc.a, tc.b); got != tc.want {
				t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
			}
			if got := editDistance(tc.b, tc.a); got != tc.want {
				t.Errorf("editDistance(%q, %q) = %d, want %d", tc.b, tc.a, got, tc.want)
			}
		})
	}
}
