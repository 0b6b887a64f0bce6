// Package render writes a report.Report in one output format per
// Renderer: text for a terminal, json (the contract of report.Schema),
// markdown for mail and chat, csv (one row per code) and html (one
// self-contained page); more by Register. The CLI picks one by name (Names lists them) or
// by a file's extension (ForFile). It also writes the status-code catalog
// for `logstat explain`. CDN, proxy and load-balancer logs get three
// more sections in text, markdown and html when they have the data
// (edge.go): the codes by their origin's status, the cache's verdicts per
// code, and a streaming log's manifests and segments.
//
// render depends on report (the model) and, for what the model refers to,
// on report/catalog, report/diagnose, report/timeline and report/textfmt;
// nothing in report depends on render.
//
// Every string from a log is escaped for the output it goes to:
// textfmt.Clean for text, JSON string escaping for json, mdText for
// markdown, csvText and CSV quoting for csv, html/template for html.
package render

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/logstat/logstat/report"
)

// Renderer writes a report in one format.
type Renderer interface {
	Render(w io.Writer, r *report.Report, opt Options) error
}

// Func adapts a function to a Renderer.
type Func func(w io.Writer, r *report.Report, opt Options) error

// Render calls f.
func (f Func) Render(w io.Writer, r *report.Report, opt Options) error { return f(w, r, opt) }

// Options shape a rendering; each renderer reads those that concern it.
type Options struct {
	// Width is the terminal width in columns (text); 0 means 120.
	Width int
	// Color turns on ANSI colours (text): only on a terminal, never with
	// NO_COLOR.
	Color bool
}

type entry struct {
	r    Renderer
	exts []string
}

var registry = struct {
	sync.RWMutex
	byName map[string]entry
}{byName: map[string]entry{}}

// Register makes a renderer available under name, and for files whose
// names end in one of exts (".html"; compared without case). It panics
// when the name or an extension is taken: registrations happen at init.
func Register(name string, r Renderer, exts ...string) {
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.byName[name]; dup {
		panic("render: renderer " + name + " registered twice")
	}
	lower := make([]string, len(exts))
	for i, ext := range exts {
		lower[i] = strings.ToLower(ext)
		for other, e := range registry.byName {
			if slices.Contains(e.exts, lower[i]) {
				panic("render: extension " + ext + " of " + name + " is " + other + "'s")
			}
		}
	}
	registry.byName[name] = entry{r: r, exts: lower}
}

// Lookup returns the renderer registered under name.
func Lookup(name string) (Renderer, bool) {
	registry.RLock()
	defer registry.RUnlock()
	e, ok := registry.byName[name]
	return e.r, ok
}

// Names returns the registered renderers' names, sorted.
func Names() []string {
	registry.RLock()
	defer registry.RUnlock()
	names := make([]string, 0, len(registry.byName))
	for n := range registry.byName {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// ForFile returns the name of the renderer for a file name by its
// extension ("report.html" gives "html"), and false when no renderer
// claims the extension.
func ForFile(name string) (string, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == "" {
		return "", false
	}
	registry.RLock()
	defer registry.RUnlock()
	for n, e := range registry.byName {
		if slices.Contains(e.exts, ext) {
			return n, true
		}
	}
	return "", false
}

// Render writes r with the renderer registered under name.
func Render(w io.Writer, name string, r *report.Report, opt Options) error {
	rd, ok := Lookup(name)
	if !ok {
		return fmt.Errorf("no output format %q (there are %s)", name, strings.Join(Names(), ", "))
	}
	return rd.Render(w, r, opt)
}

func init() {
	Register("text", Func(renderText), ".txt", ".text")
	Register("json", Func(renderJSON), ".json")
	Register("markdown", Func(renderMarkdown), ".md", ".markdown")
	Register("csv", Func(renderCSV), ".csv")
	Register("html", Func(renderHTML), ".html", ".htm")
}
