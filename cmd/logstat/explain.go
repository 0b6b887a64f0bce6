package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/logstat/logstat/report"
)

// runExplain is `logstat explain`: the catalog entry of each code.
func runExplain(args []string, stdout, stderr io.Writer) int {
	var profile, output string
	var list bool
	fs := pflag.NewFlagSet("logstat explain", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&profile, "profile", "", "read codes as on this platform: "+strings.Join(report.Profiles, ", ")+" (default: show every profile's reading)")
	fs.BoolVar(&list, "list", false, "list the whole catalog")
	fs.StringVarP(&output, "output", "o", "text", "text or json")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: logstat explain [--profile P] [-o json] CODE...   (404, 000, -, 404.3)\n       logstat explain --list\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintf(stderr, "logstat explain: %v\n", err)
		return exitUsage
	}
	if profile != "" && !report.ValidProfile(profile) {
		fmt.Fprintf(stderr, "logstat explain: --profile %q: use one of %s\n", profile, strings.Join(report.Profiles, ", "))
		return exitUsage
	}
	if output != "text" && output != "json" {
		fmt.Fprintf(stderr, "logstat explain: --output %q: use text or json\n", output)
		return exitUsage
	}
	width := terminalWidth(stdout)
	if list {
		var err error
		if output == "json" {
			err = report.WriteCatalogJSON(stdout, profile)
		} else {
			err = report.WriteCatalog(stdout, profile, width)
		}
		if err != nil {
			fmt.Fprintf(stderr, "logstat explain: %v\n", err)
			return exitInput
		}
		return exitOK
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	var qs []report.Query
	for _, a := range fs.Args() {
		q, err := report.ParseQuery(a)
		if err != nil {
			fmt.Fprintf(stderr, "logstat explain: %v\n", err)
			return exitUsage
		}
		qs = append(qs, q)
	}
	var err error
	if output == "json" {
		err = report.WriteExplainJSON(stdout, qs, profile)
	} else {
		err = report.WriteExplain(stdout, qs, report.ExplainOptions{Profile: profile, Width: width})
	}
	if err != nil {
		fmt.Fprintf(stderr, "logstat explain: %v\n", err)
		return exitInput
	}
	return exitOK
}
