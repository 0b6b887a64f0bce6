package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/logstat/logstat/internal/input"
	"github.com/logstat/logstat/internal/state"
	"github.com/logstat/logstat/report"
)

// stateMagic is how a state file starts (README: the state format).
const stateMagic = "logstat-state"

// loadPrevious reads --compare, the previous period: a state file (its
// summary built into a report with the run's --top, --profile and
// --bucket) or a JSON report (-o json). nil without --compare. Anything
// else, or a file that cannot be read, is an error naming the file (exit
// 1); "-" is a usage error (exit 2). ctx interrupts reading a FIFO or a pipe that never ends.
func loadPrevious(ctx context.Context, o options) (*report.Previous, error) {
	name := o.compare
	switch name {
	case "":
		return nil, nil
	case input.Stdin:
		return nil, usagef("--compare -: name a file (a state or a JSON report); standard input is not read for it")
	}
	f, err := input.OpenContext(ctx, name, nil, nil)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, err
		}
		return nil, fmt.Errorf("--compare: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, state.MaxSize+1))
	switch {
	case err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("--compare: %w", err)
	case len(data) > state.MaxSize:
		return nil, fmt.Errorf("--compare %s: larger than %d MiB, so neither a logstat state nor a logstat JSON report", name, state.MaxSize>>20)
	}
	if bytes.HasPrefix(data, []byte(stateMagic)) {
		st, err := state.Decode(data)
		if err != nil {
			return nil, fmt.Errorf("--compare %s: %w", name, err)
		}
		rep := report.Build(report.Input{
			Summary: st.Summary, Format: st.Format, Sources: []string{name}, TopN: o.top, Profile: o.profile, Bucket: o.bucket,
		})
		return &report.Previous{Source: name, Kind: report.PreviousState, Report: rep}, nil
	}
	if !bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{")) {
		return nil, fmt.Errorf("--compare %s: neither a logstat state (--state FILE) nor a logstat JSON report (-o json)", name)
	}
	rep, err := decodeReport(data)
	if err != nil {
		return nil, fmt.Errorf("--compare %s: not a logstat JSON report: %w", name, err)
	}
	return &report.Previous{Source: name, Kind: report.PreviousReport, Report: rep}, nil
}

// previousJSON is what a comparison reads of a JSON report: the counts,
// nothing that could change form as the contract grows.
type previousJSON struct {
	Schema   *int              `json:"schema"`
	Complete *bool             `json:"complete"`
	Lines    *report.Lines     `json:"lines"`
	Time     *report.TimeRange `json:"time"`
	Classes  []struct {
		Class string `json:"class"`
		Count int64  `json:"count"`
	} `json:"classes"`
	Codes []struct {
		Code  int   `json:"code"`
		Count int64 `json:"count"`
	} `json:"codes"`
}

// decodeReport reads the counts of a JSON report of schema 1 up to this
// logstat's.
func decodeReport(data []byte) (*report.Report, error) {
	var p previousJSON
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, err
	}
	switch {
	case p.Schema == nil || p.Lines == nil || p.Classes == nil || p.Codes == nil:
		return nil, errors.New(`it lacks "schema", "lines", "classes" or "codes"`)
	case *p.Schema < 1 || *p.Schema > report.Schema:
		return nil, fmt.Errorf("JSON schema %d: this logstat reads schema %d", *p.Schema, report.Schema)
	}
	r := &report.Report{Schema: *p.Schema, Complete: p.Complete == nil || *p.Complete, Lines: *p.Lines, Time: p.Time}
	for _, c := range p.Classes {
		r.Classes = append(r.Classes, report.ClassRow{Class: c.Class, Count: c.Count})
	}
	for _, c := range p.Codes {
		r.Codes = append(r.Codes, report.CodeRow{Code: c.Code, Count: c.Count})
	}
	return r, nil
}

// previousFailed says why --compare could not be read and returns the
// exit code: 130 when the run was interrupted meanwhile, else 1.
func previousFailed(ctx context.Context, stderr io.Writer, prog string, err error) int {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		warn(stderr, prog, "interrupted while reading --compare")
		return exitInterrupted
	}
	return fail(stderr, prog, err)
}
