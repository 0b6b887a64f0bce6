package render

import (
	"encoding/json"
	"io"

	"github.com/logstat/logstat/report"
)

// renderJSON writes the report as one indented JSON document, the
// contract of report.Schema (the "json" renderer). Map keys are sorted by
// encoding/json, so the output is deterministic.
func renderJSON(w io.Writer, r *report.Report, _ Options) error {
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
