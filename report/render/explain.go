package render

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/logstat/logstat/report/catalog"
)

// The writers of `logstat explain`: catalog entries for a person (text)
// or a program (JSON).

// ExplainOptions shape `logstat explain`.
type ExplainOptions struct {
	Profile string // "" shows every profile's reading
	Width   int    // wrap width, default 100
}

// WriteExplain writes the catalog entries of the queried codes for a
// person: meaning, causes, action, client advice, each profile's reading
// and the sub-codes.
func WriteExplain(w io.Writer, qs []catalog.Query, opt ExplainOptions) error {
	if opt.Width <= 0 {
		opt.Width = 100
	}
	tw := &textWriter{w: w}
	for i, q := range qs {
		if i > 0 {
			tw.printf("\n")
		}
		explainOne(tw, q, opt)
	}
	return tw.err
}

func explainOne(tw *textWriter, q catalog.Query, opt ExplainOptions) {
	e := catalog.Lookup(q.Code)
	if opt.Profile != "" {
		e = catalog.LookupProfile(q.Code, opt.Profile)
	}
	class := catalog.ClassInfo(e.Class)
	origin := e.Origin
	if e.Standard {
		origin += ", standard"
	} else if !e.Fallback {
		origin += ", non-standard"
	}
	classText := e.Class + " " + class.Title
	if e.Class == "other" {
		classText = class.Title
	}
	tw.printf("%s %s  (%s · %s)\n", catalog.StatusText(e.Code), e.Title, classText, origin)
	if e.Fallback {
		tw.printf("%s\n", labelled("Note", "This code is not in the catalog; it is read as its class.", opt.Width))
	}
	field := func(label, body string) {
		if body != "" {
			tw.printf("%s\n", labelled(label, body, opt.Width))
		}
	}
	reading := "What it means"
	if opt.Profile != "" && opt.Profile != "web" {
		reading += " (" + opt.Profile + ")"
	}
	field(reading, e.Explanation)
	if len(e.Causes) > 0 {
		field("Common causes", strings.Join(e.Causes, "; ")+".")
	}
	field("What to do", e.Action)
	client := e.Client
	if e.Retryable && client == "" {
		client = "Retryable."
	}
	field("Client side", client)

	if opt.Profile == "" && len(e.Profiles) > 0 {
		names := make([]string, 0, len(e.Profiles))
		for n := range e.Profiles {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool { return catalog.ProfileRank(names[i]) < catalog.ProfileRank(names[j]) })
		for _, n := range names {
			r := e.Profiles[n]
			field("On "+n, r.Explanation+" "+r.Action)
		}
	}
	// A vendor's own meaning on its platform, named as such (narrowed to
	// the profile asked for by the lookup).
	for _, n := range e.Notes {
		field(n.Platform+" (note for --profile "+n.Profile+")", n.Explanation+" "+n.Action)
	}
	subs := e.Subcodes
	if q.Sub != "" {
		subs = nil
		for _, s := range e.Subcodes {
			if s.Value == q.Sub {
				subs = append(subs, s)
			}
		}
		if len(subs) == 0 {
			field("Sub-code", fmt.Sprintf("%s.%s is not in the catalog.", catalog.StatusText(e.Code), q.Sub))
		}
	}
	for _, s := range subs {
		label := subcodeLabel(e.Code, s)
		field(label, s.Title+": "+s.Explanation+" "+s.Action)
	}
}

func subcodeLabel(code int, s catalog.Subcode) string {
	switch s.Source {
	case "iis-substatus":
		return fmt.Sprintf("IIS %s.%s", catalog.StatusText(code), s.Value)
	case "x-err-code":
		l := "X-Err-Code " + s.Value
		if s.Profile != "" {
			l += " (" + s.Profile + ")"
		}
		return l
	}
	return s.Source + " " + s.Value
}

// labelled writes "  Label:  text" with the text wrapped and aligned.
func labelled(label, body string, width int) string {
	const col = 18
	pad := strings.Repeat(" ", col)
	wrapped := text.WrapSoft(body, max(20, width-col))
	lines := strings.Split(wrapped, "\n")
	var b strings.Builder
	head := "  " + label + ":"
	if len(head) < col {
		head += strings.Repeat(" ", col-len(head))
	} else {
		head += "\n" + pad
	}
	for i, l := range lines {
		if i == 0 {
			b.WriteString(head)
		} else {
			b.WriteString("\n" + pad)
		}
		b.WriteString(strings.TrimRight(l, " "))
	}
	return b.String()
}

// WriteExplainJSON writes the queried entries as a JSON array.
func WriteExplainJSON(w io.Writer, qs []catalog.Query, profile string) error {
	entries := make([]catalog.Entry, 0, len(qs))
	for _, q := range qs {
		if profile != "" {
			entries = append(entries, catalog.LookupProfile(q.Code, profile))
		} else {
			entries = append(entries, catalog.Lookup(q.Code))
		}
	}
	return writeJSON(w, entries)
}

// WriteCatalogJSON writes every catalog entry as a JSON array.
func WriteCatalogJSON(w io.Writer, profile string) error {
	entries := catalog.Codes()
	if profile != "" {
		for i, e := range entries {
			entries[i] = catalog.LookupProfile(e.Code, profile)
		}
	}
	return writeJSON(w, entries)
}

// WriteCatalog lists every code of the catalog in a table width columns
// wide at most.
func WriteCatalog(w io.Writer, profile string, width int) error {
	tw := &textWriter{w: w}
	g := &grid{header: []string{"Code", "Title", "Class", "Origin", "What it means"},
		wrap: []wrapColumn{{number: 2, min: 12}, {number: 4, min: 10}, {number: 5, min: 20}}}
	for _, e := range catalog.Codes() {
		if profile != "" {
			e = catalog.LookupProfile(e.Code, profile)
		}
		g.add(catalog.StatusText(e.Code), e.Title, e.Class, e.Origin, e.Explanation)
	}
	out, _ := g.fit(max(width, 60))
	tw.printf("%s\n", out)
	return tw.err
}
