// Package parser turns the bytes of one access-log line into a Record.
//
// A log format (a preset such as "combined", an nginx log_format string or
// an Apache LogFormat string) is compiled once into a Format: a list of
// literal delimiters and typed fields. A Parser made from it scans a line
// with bytes.IndexByte-style searches, without regular expressions and
// without allocating in the steady state. The slices in a Record point into
// the line or into the parser's scratch buffer and are valid only until the
// next call to Parse.
//
// Formats whose columns are announced by the log itself (W3C #Fields, JSON
// lines) fit the same Spec and Parser interfaces.
//
// Every format family registers itself once, in its own file, with the
// registry (Register): its name and aliases, how it judges sample lines,
// how it makes its Spec, the header lines its parsers keep, and a path
// that calls for it. Detect, CompileSpec, FormatList, HeaderPrefixes and
// PathSpec ask the registry, and so do ingest and the CLI.
package parser
