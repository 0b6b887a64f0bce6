// Package report builds the report model from an aggregate.Summary: lines,
// classes and codes with their catalog text, top lists, request times, the
// timeline and the findings; for CDN, proxy and load-balancer logs, each
// code's origin statuses and cache verdicts, and a streaming breakdown
// (edge.go). The Report is also the JSON contract (Schema).
//
// The report packages have one job each and form layers; a package
// imports only packages of lower layers:
//
//	4  report/render      writes a Report: one Renderer per output (text, json, markdown, csv, html)
//	3  report             builds the Report (this package)
//	2  report/diagnose    finds what stands out: a function of the Summary and Options
//	1  report/catalog     what codes mean;  report/timeline  counts per time step
//	0  report/textfmt     safe log values and numbers for people (imports none)
//
// Below them are aggregate and parser: cmd → report/… → aggregate → parser.
//
// Log content is attacker-written: every value taken from a log goes
// through Clean (terminal) or textfmt.CleanJSON before it is written, and
// renderers escape it for their format.
package report

import "github.com/logstat/logstat/report/textfmt"

// Clean makes a value from a log safe to print on a terminal (see
// textfmt.Clean): control characters, bidi overrides and invalid UTF-8 are
// written as visible escapes, and the result is cut to max runes (max <= 0:
// no limit).
func Clean(s string, max int) string { return textfmt.Clean(s, max) }

// Num writes 1234567 as "1,234,567".
func Num(n int64) string { return textfmt.Num(n) }
