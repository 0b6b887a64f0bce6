package main

import (
	"fmt"
	"io"
	"strings"
)

const usageLines = `Usage: logstat [flags] [FILE|GLOB|-]...
       logstat explain [--profile P] [-o json] CODE... | --list
       logstat merge [flags] STATE...
       logstat help [explain|merge]
`

// examples are some of the README's usage lines.
const examples = `Examples:
  logstat /var/log/nginx/access.log*          rotated logs, some gzipped
  zcat old.log.gz | logstat                   standard input
  logstat --format common access.log          a preset format
  logstat --nginx-conf /etc/nginx/nginx.conf --format main access.log
  logstat -o json access.log | jq '.codes[] | select(.class=="5xx")'
  logstat --out report.txt access.log         a report file
  logstat --state /var/lib/logstat/nginx.state /var/log/nginx/access.log*
                                              hourly: read only what is new
  logstat merge edge1.state edge2.state       one report of many hosts
  logstat explain 444 499 520 404             what codes mean
`

// runHelp is `logstat help [explain]`: the help of logstat, or of explain,
// on stdout.
func runHelp(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		return printHelp(stdout, stderr, writeHelp)
	case len(args) == 1 && args[0] == "explain":
		return printHelp(stdout, stderr, writeExplainHelp)
	case len(args) == 1 && args[0] == "merge":
		return printHelp(stdout, stderr, writeMergeHelp)
	}
	return fail(stderr, "logstat help", usagef("no help on %q: there is logstat help, logstat help explain and logstat help merge (a file named help is read as ./help)", strings.Join(args, " ")))
}

// printHelp writes a help text to stdout; only a failed write (a closed
// pipe) makes it exit 1.
func printHelp(stdout, stderr io.Writer, help func(io.Writer) error) int {
	if err := help(stdout); err != nil {
		return fail(stderr, "logstat", fmt.Errorf("writing the help: %w", err))
	}
	return exitOK
}

// writeHelp is logstat --help.
func writeHelp(w io.Writer) error {
	var b strings.Builder
	b.WriteString(usageLines)
	b.WriteString("\nReports the HTTP status codes of access logs (nginx, Apache, H-Sphere, IIS;\n" +
		"plain or gzip). With no FILE, or with -, reads standard input; a file named\n" +
		"help, explain or merge is read as ./help, ./explain or ./merge.\n\n")
	b.WriteString(examples)
	b.WriteString("\nFlags:\n")
	b.WriteString(newFlags(&options{}).FlagUsages())
	b.WriteString("\nExit status: 0 ok; 1 an input could not be read, was cut short or did not\n" +
		"parse, or the report could not be written; 2 usage error; 130 interrupted.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeExplainHelp is logstat explain --help.
func writeExplainHelp(w io.Writer) error {
	var b strings.Builder
	b.WriteString("Usage: logstat explain [--profile P] [-o json] CODE...   (404, 000, -, 404.3)\n" +
		"       logstat explain --list\n\n" +
		"Prints a status code's catalog entry: what it means, common causes, what to\n" +
		"do, client-side advice, its reading on each platform profile, its sub-codes.\n\n" +
		"Examples:\n" +
		"  logstat explain 444 499 520 404\n" +
		"  logstat explain --profile api 404\n" +
		"  logstat explain 404.3\n" +
		"  logstat explain --list\n\n" +
		"Flags:\n")
	b.WriteString(newExplainFlags(&explainOptions{}).FlagUsages())
	_, err := io.WriteString(w, b.String())
	return err
}
