// Command loggen writes a deterministic, realistic access log to standard
// output (or -out FILE) for logstat's benchmarks:
//
//	go run ./bench/loggen -n 1000000 -format combined -seed 1 > access.log
//	go run ./bench/loggen -tail request_time,upstream_status -print-format
//	go run ./bench/loggen -n 100000 -format cloudfront > cloudfront.log
//	go run ./bench/loggen -n 360000 -rate 10 -incident storm -incident-at 6h -incident-for 10m
//
// The same flags always give the same bytes. See package gen for the mix.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/logstat/logstat/bench/loggen/gen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loggen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		n        = fs.Int64("n", 1000, "number of lines")
		format   = fs.String("format", "combined", "combined, common, upstream, or a CDN format: "+strings.Join(gen.CDNFormats, ", "))
		seed     = fs.Uint64("seed", 1, "random seed: the same seed gives the same log")
		paths    = fs.Int("paths", gen.DefaultPaths, "distinct request paths (scanner paths come on top)")
		clients  = fs.Int("clients", gen.DefaultClients, "distinct client addresses")
		distinct = fs.Bool("distinct", false, "give every line its own path and client (memory tests)")
		rate     = fs.Float64("rate", gen.DefaultRate, "lines per second of log time")
		start    = fs.String("start", gen.DefaultStart.Format(time.RFC3339), "time of the first line, RFC 3339 (its offset is the log's zone)")
		out      = fs.String("out", "", "write to FILE instead of standard output")
		tail     = fs.String("tail", "", "fields to append to combined lines, comma-separated: "+strings.Join(gen.TailFields, ", "))
		printFmt = fs.Bool("print-format", false, "print the log_format of the lines and exit")
		incident = fs.String("incident", "", "write one problem into the log: "+strings.Join(gen.IncidentKinds, ", ")+" (clean: none, and a healthy mix)")
		incAt    = fs.Duration("incident-at", 0, "when the incident starts, after -start (default: storm 6h, flood 3h, deploy 7h)")
		incFor   = fs.Duration("incident-for", 0, "how long a storm or flood lasts (default: storm 10m, flood 5m)")
		incPct   = fs.Int("incident-percent", 0, "share of requests the incident concerns (default: storm 30, flood 95, deploy 5)")
		incCode  = fs.Int("incident-code", 0, "status of a storm (default 502) or deploy (default 404)")
	)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: loggen [flags] > access.log\n\nFormats: combined (nginx default), common (CLF), upstream:\n  %s\n"+
			"and the CDN, proxy and load-balancer formats as logstat names them: %s\n\n", gen.UpstreamFormat, strings.Join(gen.CDNFormats, ", "))
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "loggen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *n < 0 || *rate <= 0 {
		fmt.Fprintln(stderr, "loggen: -n must be >= 0 and -rate > 0")
		return 2
	}
	t0, err := time.Parse(time.RFC3339, *start)
	if err != nil {
		fmt.Fprintf(stderr, "loggen: -start: %v\n", err)
		return 2
	}
	cfg := gen.Config{Format: *format, Seed: *seed, Paths: *paths, Clients: *clients,
		Distinct: *distinct, Rate: *rate, Start: t0,
		Incident: gen.Incident{Kind: *incident, At: *incAt, For: *incFor, Percent: *incPct, Code: *incCode}}
	if *tail != "" {
		cfg.Tail = strings.Split(*tail, ",")
	}
	if *paths <= 0 || *clients <= 0 {
		fmt.Fprintln(stderr, "loggen: -paths and -clients must be > 0")
		return 2
	}
	if _, err := gen.New(cfg); err != nil {
		fmt.Fprintf(stderr, "loggen: %v\n", err)
		return 2
	}
	if *printFmt {
		if f := cfg.LogFormat(); f != "" {
			fmt.Fprintln(stdout, f)
		} else {
			fmt.Fprintf(stdout, "--format %s\n", *format) // a CDN format: logstat knows it by name
		}
		return 0
	}

	w := stdout
	var f *os.File
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			fmt.Fprintf(stderr, "loggen: %v\n", err)
			return 1
		}
		w = f
	}
	err = gen.Write(w, cfg, *n) // in blocks of about 1 MiB
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "loggen: %v\n", err)
		return 1
	}
	return 0
}
