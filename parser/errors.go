package parser

import (
	"errors"
	"fmt"
)

// FormatError reports a log format that cannot be compiled. Pos is the byte
// offset in the format string where the problem starts.
type FormatError struct {
	Format string
	Pos    int
	Msg    string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("bad log format at byte %d: %s (in %q)", e.Pos, e.Msg, e.Format)
}

// LineError says why a line did not parse. Reason is a short, stable text
// suitable for counting lines by reason ("unterminated quote in $request").
// Offset is the byte offset in the line where parsing stopped.
type LineError struct {
	Reason string
	Offset int
}

func (e *LineError) Error() string {
	return fmt.Sprintf("%s (at byte %d)", e.Reason, e.Offset)
}

// Reasons that do not depend on a format's fields.
const (
	ReasonEmpty    = "empty line"
	ReasonMismatch = "line does not start like the format"
)

// ErrSkip is returned by Parse for a line that is not a request and is not
// malformed either, such as a W3C directive ("#Fields: ..."): the caller
// counts it as skipped.
var ErrSkip = errors.New("not a request line")
