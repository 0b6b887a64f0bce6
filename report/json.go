package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the report as one indented JSON document. Map keys are
// sorted by encoding/json, so the output is deterministic.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
