package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the report as one indented JSON document. Map keys are
// sorted by encoding/json, so the output is deterministic.
func WriteJSON(w io.Writer, r *Report) error {
	return writeJSON(w, r)
}

// writeJSON writes v indented, without HTML escaping: log values keep
// their <, > and & as they were.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
