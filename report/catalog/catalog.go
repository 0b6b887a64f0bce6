// Package catalog is the status-code catalog: what each code means to an
// operator reading their own access log, and what to do about it, read as
// on each platform profile (web, cdn, video, api). A profile's reading is
// generic, true of any platform of that kind; what one vendor documents a
// code to mean on its own platform is a Note named by that platform. The data lives in
// codes.json and classes.json beside this file, embedded at build time and
// decoded once on first use.
//
// It depends on aggregate (for status classes) and parser (for the "-"
// status) only; report/diagnose, report and report/render read it.
package catalog

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"sync"

	"github.com/logstat/logstat/aggregate"
)

// Reading is how one platform profile reads a code.
type Reading struct {
	Explanation string `json:"explanation"`
	Action      string `json:"action"`
	Client      string `json:"client,omitempty"` // client-side advice on that platform, when it differs
}

// Note is one platform's own meaning of a code: a vendor's documented
// reading (a transcoding API's, a video CDN's), shown as that platform's
// note, named as such, never as what the code means on any API or CDN.
type Note struct {
	Platform    string `json:"platform"` // the vendor's product: "Gcore video streaming", "Agora Cloud Transcoding"
	Profile     string `json:"profile"`  // the profile it is shown with: "video", "api"
	Explanation string `json:"explanation"`
	Action      string `json:"action"`
}

// Subcode refines a code by a second value the log may carry.
type Subcode struct {
	Source      string `json:"source"`             // "x-err-code" (CDN X-Err-Code header) or "iis-substatus"
	Value       string `json:"value"`              // "1000", "3" (for 404.3)...
	Profile     string `json:"profile,omitempty"`  // profile it belongs to, "" for all
	Platform    string `json:"platform,omitempty"` // the platform whose value it is, when one vendor's ("Gcore video streaming")
	Title       string `json:"title"`
	Explanation string `json:"explanation"`
	Action      string `json:"action"`
}

// Entry is one status code in the catalog.
type Entry struct {
	Code        int                `json:"code"` // -1 for "-", 0 for "000"
	Title       string             `json:"title"`
	Class       string             `json:"class"`            // "1xx".."5xx" or "other" (aggregate.ClassOf(code).String())
	Origin      string             `json:"origin"`           // "RFC 9110 §15.5.5" or "nginx", "Cloudflare", "AWS ELB", "IIS", "Apache httpd / cPanel"...
	Standard    bool               `json:"standard"`         // IANA registered
	Explanation string             `json:"explanation"`      // 1–2 sentences for an operator reading their own server's log: what happened and who caused it (client, this server, upstream)
	Causes      []string           `json:"causes,omitempty"` // common causes, short phrases
	Action      string             `json:"action"`           // what the operator should do (1–2 sentences); for 2xx/3xx normal codes say when it is fine and what would be a sign of trouble
	Client      string             `json:"client,omitempty"` // client-side advice where it matters: retryable or not, backoff (e.g. retry at 5, 10, 15 s)
	Retryable   bool               `json:"retryable,omitempty"`
	Profiles    map[string]Reading `json:"profiles,omitempty"` // keys: "cdn", "video", "api", generic readings for any such platform; the default reading ("web") is Explanation/Action
	Notes       []Note             `json:"notes,omitempty"`    // vendors' own meanings, each named by its platform
	Subcodes    []Subcode          `json:"subcodes,omitempty"`
	Fallback    bool               `json:"-"` // true when Lookup built this from the class because the code is not in the catalog
}

// ClassEntry explains a status class.
type ClassEntry struct {
	Class       string `json:"class"` // "1xx".."5xx","other"
	Title       string `json:"title"` // "Informational", "Success", "Redirection", "Client error", "Server error", "Other / non-HTTP"
	Explanation string `json:"explanation"`
	Action      string `json:"action"`
}

//go:embed codes.json classes.json
var catalogFS embed.FS

// catalogData is the decoded catalog.
type catalogData struct {
	byCode  map[int]Entry
	sorted  []Entry
	classes []ClassEntry // in aggregate class order: 1xx..5xx, other
	byClass map[string]ClassEntry
}

// catalogLoad decodes the embedded files once. A malformed embedded file is a
// build defect (the tests decode the same files), so it panics.
var catalogLoad = sync.OnceValue(func() *catalogData {
	d, err := catalogDecode(catalogFS)
	if err != nil {
		panic("catalog: embedded status catalog: " + err.Error())
	}
	return d
})

// catalogDecode reads and checks codes.json and classes.json from fsys.
func catalogDecode(fsys fs.FS) (*catalogData, error) {
	var codes []Entry
	if err := catalogDecodeFile(fsys, "codes.json", &codes); err != nil {
		return nil, err
	}
	var classes []ClassEntry
	if err := catalogDecodeFile(fsys, "classes.json", &classes); err != nil {
		return nil, err
	}

	d := &catalogData{
		byCode:  make(map[int]Entry, len(codes)),
		byClass: make(map[string]ClassEntry, len(classes)),
	}
	for _, e := range codes {
		if _, dup := d.byCode[e.Code]; dup {
			return nil, fmt.Errorf("codes.json: code %d listed twice", e.Code)
		}
		if want := aggregate.ClassOf(e.Code).String(); e.Class != want {
			return nil, fmt.Errorf("codes.json: code %d has class %q, want %q", e.Code, e.Class, want)
		}
		for _, n := range e.Notes {
			if n.Platform == "" || !ValidProfile(n.Profile) || n.Profile == "web" {
				return nil, fmt.Errorf("codes.json: code %d has a note without a platform or of profile %q", e.Code, n.Profile)
			}
		}
		d.byCode[e.Code] = e
	}
	d.sorted = slices.SortedFunc(maps.Values(d.byCode), func(a, b Entry) int { return a.Code - b.Code })

	for _, c := range classes {
		if _, ok := aggregate.ParseClass(c.Class); !ok {
			return nil, fmt.Errorf("classes.json: unknown class %q", c.Class)
		}
		if _, dup := d.byClass[c.Class]; dup {
			return nil, fmt.Errorf("classes.json: class %q listed twice", c.Class)
		}
		d.byClass[c.Class] = c
	}
	for c := aggregate.Class1xx; c < aggregate.NumClasses; c++ {
		ce, ok := d.byClass[c.String()]
		if !ok {
			return nil, fmt.Errorf("classes.json: class %q missing", c)
		}
		d.classes = append(d.classes, ce)
	}
	return d, nil
}

// catalogDecodeFile strictly decodes one JSON document from fsys into v:
// unknown fields and trailing data are errors.
func catalogDecodeFile(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%s: trailing data after the JSON value", name)
	}
	return nil
}

// catalogClone copies e so that callers cannot change the catalog through
// its map and slices.
func catalogClone(e Entry) Entry {
	e.Causes = slices.Clone(e.Causes)
	e.Profiles = maps.Clone(e.Profiles)
	e.Notes = slices.Clone(e.Notes)
	e.Subcodes = slices.Clone(e.Subcodes)
	return e
}

// Lookup returns the catalog entry for code. A code the catalog does not know
// (299, 452, 600...) gets an entry built from its class, with a title such as
// "Unknown 4xx status", the class explanation and action, and Fallback set.
func Lookup(code int) Entry {
	d := catalogLoad()
	if e, ok := d.byCode[code]; ok {
		return catalogClone(e)
	}
	cl := aggregate.ClassOf(code)
	ci := d.byClass[cl.String()]
	title := "Unknown " + cl.String() + " status"
	if cl == aggregate.ClassOther {
		title = "Unknown status outside 100–599"
	}
	return Entry{
		Code:        code,
		Title:       title,
		Class:       cl.String(),
		Origin:      "not in the catalog",
		Explanation: ci.Explanation,
		Action:      ci.Action,
		Fallback:    true,
	}
}

// LookupProfile is Lookup as read by one platform profile ("cdn", "video",
// "api"): Explanation and Action come from the profile's reading when the
// code has one, a reading for any platform of that kind. Notes are
// narrowed to the vendors' notes shown with this profile, and Subcodes to
// those for every profile plus those of this profile. "web" or "" is the
// default reading; an unknown profile reads like "web".
func LookupProfile(code int, profile string) Entry {
	e := Lookup(code)
	if profile == "web" {
		profile = ""
	}
	if r, ok := e.Profiles[profile]; ok && profile != "" {
		e.Explanation, e.Action = r.Explanation, r.Action
		if r.Client != "" {
			e.Client = r.Client
		}
	}
	e.Notes = slices.DeleteFunc(e.Notes, func(n Note) bool { return n.Profile != profile })
	if len(e.Notes) == 0 {
		e.Notes = nil
	}
	if len(e.Subcodes) > 0 {
		e.Subcodes = slices.DeleteFunc(e.Subcodes, func(s Subcode) bool {
			return s.Profile != "" && s.Profile != profile
		})
		if len(e.Subcodes) == 0 {
			e.Subcodes = nil
		}
	}
	return e
}

// Subcode returns the entry's sub-code with the given source ("x-err-code",
// "iis-substatus") and value ("1000", "3"), whatever its profile.
func (e Entry) Subcode(source, value string) (Subcode, bool) {
	for _, s := range e.Subcodes {
		if s.Source == source && s.Value == value {
			return s, true
		}
	}
	return Subcode{}, false
}

// Load decodes the embedded catalog now; it is otherwise decoded on
// first use. A report calls it in the background while its inputs are
// read, so that the decoding (a few milliseconds) is not added after them.
func Load() { catalogLoad() }

// ClassInfo explains a status class: "1xx".."5xx" or "other". An unknown
// name gets the "other" entry.
func ClassInfo(class string) ClassEntry {
	d := catalogLoad()
	if c, ok := d.byClass[class]; ok {
		return c
	}
	return d.byClass[aggregate.ClassOther.String()]
}

// Codes returns every catalog entry, sorted by code.
func Codes() []Entry {
	d := catalogLoad()
	out := make([]Entry, len(d.sorted))
	for i, e := range d.sorted {
		out[i] = catalogClone(e)
	}
	return out
}

// Classes returns the class explanations in order 1xx..5xx, other.
func Classes() []ClassEntry {
	return slices.Clone(catalogLoad().classes)
}
