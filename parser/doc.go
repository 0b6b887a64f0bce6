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
package parser
