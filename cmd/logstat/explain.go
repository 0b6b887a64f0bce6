package main

import (
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/logstat/logstat/report/catalog"
	"github.com/logstat/logstat/report/render"
)

type explainOptions struct {
	profile string
	output  string
	list    bool
	help    bool
	queries []catalog.Query // the codes asked about
}

func newExplainFlags(o *explainOptions) *pflag.FlagSet {
	fs := pflag.NewFlagSet("logstat explain", pflag.ContinueOnError)
	fs.Usage = func() {} // errors are said by parseExplainFlags, the help by writeExplainHelp
	fs.StringVar(&o.profile, "profile", "", "read codes as on this platform: "+strings.Join(catalog.Profiles, ", ")+" (default: show every profile's reading)")
	fs.BoolVar(&o.list, "list", false, "list the whole catalog")
	fs.StringVarP(&o.output, "output", "o", "text", "text or json")
	fs.BoolVarP(&o.help, "help", "h", false, "print this help and exit")
	return fs
}

// runExplain is `logstat explain`: the catalog entry of each code.
func runExplain(args []string, stdout, stderr io.Writer) int {
	o, err := parseExplainFlags(args)
	switch {
	case err != nil:
		return fail(stderr, "logstat explain", err)
	case o.help:
		return printHelp(stdout, stderr, writeExplainHelp)
	case !o.list && len(o.queries) == 0:
		writeExplainHelp(stderr) // its write error is not checked: stderr is where it would be said
		return exitUsage
	}
	if err := explain(o, stdout); err != nil {
		return fail(stderr, "logstat explain", err)
	}
	return exitOK
}

// parseExplainFlags reads and checks explain's command line; what is wrong
// with it is a *usageError.
func parseExplainFlags(args []string) (explainOptions, error) {
	var o explainOptions
	fs := newExplainFlags(&o)
	if err := fs.Parse(args); err != nil {
		return o, &usageError{flagError(fs, err, "logstat help explain")}
	}
	if o.profile != "" && !catalog.ValidProfile(o.profile) {
		return o, usagef("--profile %q: use one of %s", o.profile, strings.Join(catalog.Profiles, ", "))
	}
	if o.output != "text" && o.output != "json" {
		return o, usagef("--output %q: use text or json", o.output)
	}
	if o.list {
		return o, nil // the whole catalog: codes named too are not looked at
	}
	for _, a := range fs.Args() {
		q, err := catalog.ParseQuery(a)
		if err != nil {
			return o, &usageError{err}
		}
		o.queries = append(o.queries, q)
	}
	return o, nil
}

// explain writes the catalog, or the entries asked about, to w.
func explain(o explainOptions, w io.Writer) error {
	width := terminalWidth(w)
	switch {
	case o.list && o.output == "json":
		return render.WriteCatalogJSON(w, o.profile)
	case o.list:
		return render.WriteCatalog(w, o.profile, width)
	case o.output == "json":
		return render.WriteExplainJSON(w, o.queries, o.profile)
	}
	return render.WriteExplain(w, o.queries, render.ExplainOptions{Profile: o.profile, Width: width})
}
