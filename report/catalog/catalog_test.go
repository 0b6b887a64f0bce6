package catalog

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/logstat/logstat/aggregate"
)

// catalogIANA lists the codes in the IANA HTTP status code registry (306 and
// 418 are reserved there as "(Unused)"; 104 is a temporary registration).
var catalogIANA = []int{
	100, 101, 102, 103, 104,
	200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
	300, 301, 302, 303, 304, 305, 306, 307, 308,
	400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
	421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
	500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
}

// catalogNonStandard lists the vendor and log-only codes the catalog covers.
var catalogNonStandard = []int{
	-1, 0, 9,
	440, 444, 449, 460, 463, 464, 494, 495, 496, 497, 499,
	509, 520, 521, 522, 523, 524, 525, 526, 527, 530, 561, 598, 599, 999,
}

var catalogProfileNames = []string{"cdn", "video", "api"}

// catalogSentenceEnd matches the end of a sentence.
var catalogSentenceEnd = regexp.MustCompile(`[.!?]+(\s|$)`)

const catalogMaxText = 320

// checkCatalogText checks one explanation or action: non-empty, trimmed, one
// or two full sentences, short enough for the terminal table.
func checkCatalogText(t *testing.T, what, s string) {
	t.Helper()
	if s == "" {
		t.Errorf("%s is empty", what)
		return
	}
	if strings.TrimSpace(s) != s || strings.Contains(s, "  ") {
		t.Errorf("%s has stray spaces: %q", what, s)
	}
	if n := len([]rune(s)); n > catalogMaxText {
		t.Errorf("%s is %d characters, want <= %d: %q", what, n, catalogMaxText, s)
	}
	if !strings.HasSuffix(s, ".") {
		t.Errorf("%s does not end with a period: %q", what, s)
	}
	if n := len(catalogSentenceEnd.FindAllString(s, -1)); n < 1 || n > 2 {
		t.Errorf("%s has %d sentences, want 1 or 2: %q", what, n, s)
	}
}

func TestCatalogRequiredCodes(t *testing.T) {
	type tc struct {
		name     string
		code     int
		standard bool
	}
	var cases []tc
	for _, c := range catalogIANA {
		cases = append(cases, tc{fmt.Sprintf("iana_%d", c), c, true})
	}
	for _, c := range catalogNonStandard {
		cases = append(cases, tc{fmt.Sprintf("other_%d", c), c, false})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := Lookup(c.code)
			if e.Fallback {
				t.Fatalf("code %d is not in the catalog", c.code)
			}
			if e.Code != c.code {
				t.Errorf("Code = %d, want %d", e.Code, c.code)
			}
			if e.Title == "" || e.Origin == "" {
				t.Errorf("empty Title %q or Origin %q", e.Title, e.Origin)
			}
			if want := aggregate.ClassOf(c.code).String(); e.Class != want {
				t.Errorf("Class = %q, want %q", e.Class, want)
			}
			if e.Standard != c.standard {
				t.Errorf("Standard = %v, want %v", e.Standard, c.standard)
			}
			isRFC := strings.HasPrefix(e.Origin, "RFC ") || strings.HasPrefix(e.Origin, "draft-ietf-")
			if isRFC != c.standard {
				t.Errorf("Origin %q does not match Standard = %v", e.Origin, c.standard)
			}
			checkCatalogText(t, "Explanation", e.Explanation)
			checkCatalogText(t, "Action", e.Action)
		})
	}
}

func TestCatalogCodesExactlyCovered(t *testing.T) {
	want := append(slices.Clone(catalogIANA), catalogNonStandard...)
	slices.Sort(want)
	var got []int
	for _, e := range Codes() {
		got = append(got, e.Code)
	}
	if !slices.IsSorted(got) {
		t.Errorf("Codes() is not sorted: %v", got)
	}
	if len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Errorf("Codes() has duplicates: %v", got)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Codes() = %v\nwant     %v", got, want)
	}
}

func TestCatalogEntriesWellFormed(t *testing.T) {
	iana := map[int]bool{}
	for _, c := range catalogIANA {
		iana[c] = true
	}
	for _, e := range Codes() {
		t.Run(fmt.Sprint(e.Code), func(t *testing.T) {
			if e.Fallback {
				t.Error("catalog entry has Fallback set")
			}
			if e.Standard != iana[e.Code] {
				t.Errorf("Standard = %v, want %v (IANA)", e.Standard, iana[e.Code])
			}
			if want := aggregate.ClassOf(e.Code).String(); e.Class != want {
				t.Errorf("Class = %q, want %q", e.Class, want)
			}
			seen := map[string]bool{}
			for _, c := range e.Causes {
				if c == "" || len(c) > 100 || strings.TrimSpace(c) != c {
					t.Errorf("bad cause %q", c)
				}
				if seen[c] {
					t.Errorf("duplicate cause %q", c)
				}
				seen[c] = true
			}
			if e.Client != "" {
				checkCatalogText(t, "Client", e.Client)
			}
		})
	}
}

func TestCatalogSeedSubcodes(t *testing.T) {
	cases := []struct {
		name  string
		value string
		title string // a word the title must contain
	}{
		{"master_stream_missing", "1000", "Master stream"},
		{"invalid_stream_id", "2000", "stream ID"},
		{"stream_not_ready", "3000", "not ready"},
	}
	e := Lookup(404)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, ok := e.Subcode("x-err-code", c.value)
			if !ok {
				t.Fatalf("404 X-Err-Code %s missing", c.value)
			}
			if s.Profile != "video" {
				t.Errorf("Profile = %q, want video", s.Profile)
			}
			if !strings.Contains(s.Title, c.title) {
				t.Errorf("Title = %q, want it to mention %q", s.Title, c.title)
			}
			checkCatalogText(t, "Explanation", s.Explanation)
			checkCatalogText(t, "Action", s.Action)
		})
	}
}

func TestCatalogIISSubcodes(t *testing.T) {
	cases := []struct {
		code  int
		value string
	}{
		{401, "1"}, {401, "2"}, {401, "3"}, {401, "4"}, {401, "5"},
		{403, "4"}, {403, "6"}, {403, "14"},
		{404, "0"}, {404, "2"}, {404, "3"}, {404, "4"}, {404, "7"}, {404, "8"},
		{404, "11"}, {404, "13"}, {404, "15"},
		{500, "19"}, {500, "21"},
		{502, "3"},
		{503, "0"}, {503, "2"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d.%s", c.code, c.value), func(t *testing.T) {
			s, ok := Lookup(c.code).Subcode("iis-substatus", c.value)
			if !ok {
				t.Fatalf("IIS %d.%s missing", c.code, c.value)
			}
			if s.Profile != "" {
				t.Errorf("Profile = %q, want \"\" (all profiles)", s.Profile)
			}
			if s.Title == "" {
				t.Error("empty Title")
			}
		})
	}
}

func TestCatalogSubcodesWellFormed(t *testing.T) {
	digits := regexp.MustCompile(`^[0-9]+$`)
	for _, e := range Codes() {
		seen := map[string]bool{}
		for _, s := range e.Subcodes {
			name := fmt.Sprintf("%d/%s/%s", e.Code, s.Source, s.Value)
			t.Run(name, func(t *testing.T) {
				if s.Source != "x-err-code" && s.Source != "iis-substatus" {
					t.Errorf("unknown Source %q", s.Source)
				}
				if !digits.MatchString(s.Value) {
					t.Errorf("Value %q is not a number", s.Value)
				}
				if s.Profile != "" && !slices.Contains(catalogProfileNames, s.Profile) {
					t.Errorf("unknown Profile %q", s.Profile)
				}
				if s.Title == "" {
					t.Error("empty Title")
				}
				checkCatalogText(t, "Explanation", s.Explanation)
				checkCatalogText(t, "Action", s.Action)
				if seen[s.Source+"/"+s.Value] {
					t.Error("listed twice")
				}
				seen[s.Source+"/"+s.Value] = true
			})
		}
	}
}

func TestCatalogProfiles(t *testing.T) {
	required := map[string][]int{
		"video": {403, 404, 422, 500, 502, 503, 504},
		"api":   {201, 202, 400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 501, 503, 504},
		"cdn":   {0, 403, 429, 499, 502, 504, 520, 521, 522, 523, 524, 525, 526, 527, 530},
	}
	for _, p := range catalogProfileNames {
		for _, code := range required[p] {
			t.Run(fmt.Sprintf("%s_%d", p, code), func(t *testing.T) {
				e := Lookup(code)
				r, ok := e.Profiles[p]
				if !ok {
					t.Fatalf("code %d has no %q reading", code, p)
				}
				if r.Explanation == e.Explanation && r.Action == e.Action {
					t.Errorf("%q reading of %d repeats the default", p, code)
				}
			})
		}
	}
	for _, e := range Codes() {
		for p, r := range e.Profiles {
			t.Run(fmt.Sprintf("wellformed_%d_%s", e.Code, p), func(t *testing.T) {
				if !slices.Contains(catalogProfileNames, p) {
					t.Errorf("unknown profile key %q", p)
				}
				checkCatalogText(t, "Explanation", r.Explanation)
				checkCatalogText(t, "Action", r.Action)
			})
		}
	}
}

func TestCatalogLookupFallback(t *testing.T) {
	cases := []struct {
		name  string
		code  int
		class string
	}{
		{"unassigned_2xx", 299, "2xx"},
		{"unassigned_4xx", 452, "4xx"},
		{"above_599", 600, "other"},
		{"vendor_unknown", 777, "other"},
		{"single_digit", 1, "other"},
		{"negative", -2, "other"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := Lookup(c.code)
			if !e.Fallback {
				t.Fatalf("Lookup(%d).Fallback = false, want true", c.code)
			}
			if e.Code != c.code || e.Class != c.class {
				t.Errorf("Code, Class = %d, %q, want %d, %q", e.Code, e.Class, c.code, c.class)
			}
			if !strings.HasPrefix(e.Title, "Unknown") {
				t.Errorf("Title = %q, want Unknown...", e.Title)
			}
			if c.class != "other" && !strings.Contains(e.Title, c.class) {
				t.Errorf("Title = %q, want it to name %s", e.Title, c.class)
			}
			ci := ClassInfo(c.class)
			if e.Explanation != ci.Explanation || e.Action != ci.Action {
				t.Errorf("fallback text is not the %s class text", c.class)
			}
			if e.Standard || e.Origin == "" {
				t.Errorf("Standard = %v, Origin = %q", e.Standard, e.Origin)
			}
			if p := LookupProfile(c.code, "cdn"); !p.Fallback || p.Explanation != e.Explanation {
				t.Errorf("LookupProfile of an unknown code differs from Lookup")
			}
		})
	}
}

func TestCatalogLookupProfile(t *testing.T) {
	def := Lookup(422)
	cases := []struct {
		name     string
		code     int
		profile  string
		wantDiff bool   // Explanation differs from the default
		contains string // Explanation or Action must contain this
		note     string // a note of this platform must contain this
		platform string
	}{
		// Generic readings: what the code means on any API or video
		// platform; each vendor's own meaning is its note.
		{"video_422_feature", 422, "video", true, "encoding preset", "encoding presets", "Gcore video streaming"},
		{"api_422_values", 422, "api", true, "validation", "filter value", "Lightcast API"},
		{"web_422_default", 422, "web", false, "", "", ""},
		{"empty_422_default", 422, "", false, "", "", ""},
		{"unknown_profile_default", 422, "tv", false, "", "", ""},
		{"cdn_422_no_reading", 422, "cdn", false, "", "", ""},
		{"api_404_route_or_id", 404, "api", true, "route", "5, 10 and 15 s", "Agora Cloud Transcoding"},
		{"api_409_generic", 409, "api", true, "optimistic locking", "instance ID", "Agora Cloud Transcoding"},
		{"api_504_gateway", 504, "api", true, "gateway", "5, 10 and 15 s", "Agora Cloud Transcoding"},
		{"video_404_live", 404, "video", true, "live stream", "X-Err-Code", "Gcore video streaming"},
		{"video_504_ingest", 504, "video", true, "ingested", "ingested", "Gcore video streaming"},
		{"cdn_499_viewer", 499, "cdn", true, "viewer", "", ""},
		{"cdn_000_edge", 0, "cdn", true, "edge", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base := Lookup(c.code)
			e := LookupProfile(c.code, c.profile)
			if diff := e.Explanation != base.Explanation; diff != c.wantDiff {
				t.Errorf("explanation differs from default = %v, want %v", diff, c.wantDiff)
			}
			if c.contains != "" && !strings.Contains(e.Explanation+" "+e.Action, c.contains) {
				t.Errorf("reading does not mention %q: %q / %q", c.contains, e.Explanation, e.Action)
			}
			if e.Code != c.code || e.Title != base.Title || e.Class != base.Class {
				t.Errorf("profile changed identity fields")
			}
			if strings.Contains(e.Explanation+e.Action, "transcoder") || strings.Contains(e.Explanation+e.Action, "X-Err-Code") {
				t.Errorf("a vendor's meaning in the generic reading: %q", e.Explanation+" "+e.Action)
			}
			var found bool
			for _, n := range e.Notes {
				if n.Profile != c.profile {
					t.Errorf("a note of profile %q read with %q", n.Profile, c.profile)
				}
				found = found || n.Platform == c.platform && strings.Contains(n.Explanation+" "+n.Action, c.note)
			}
			if c.note != "" && !found {
				t.Errorf("no %s note mentions %q: %+v", c.platform, c.note, e.Notes)
			}
		})
	}
	if v := LookupProfile(422, "video"); v.Explanation == def.Explanation || v.Action == def.Action {
		t.Errorf("video reading of 422 does not differ from the default")
	}
}

func TestCatalogLookupProfileSubcodes(t *testing.T) {
	cases := []struct {
		name    string
		profile string
		xerr    bool // X-Err-Code sub-codes kept
	}{
		{"video_keeps_x_err_code", "video", true},
		{"web_drops_x_err_code", "web", false},
		{"default_drops_x_err_code", "", false},
		{"api_drops_x_err_code", "api", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := LookupProfile(404, c.profile)
			if _, ok := e.Subcode("x-err-code", "1000"); ok != c.xerr {
				t.Errorf("x-err-code 1000 present = %v, want %v", ok, c.xerr)
			}
			if _, ok := e.Subcode("iis-substatus", "3"); !ok {
				t.Error("IIS 404.3 should be kept for every profile")
			}
		})
	}
	if _, ok := Lookup(404).Subcode("x-err-code", "2000"); !ok {
		t.Error("Lookup should keep every sub-code")
	}
	if _, ok := Lookup(404).Subcode("x-err-code", "9999"); ok {
		t.Error("unknown sub-code reported as found")
	}
}

func TestCatalogClasses(t *testing.T) {
	want := []struct{ class, title string }{
		{"1xx", "Informational"},
		{"2xx", "Success"},
		{"3xx", "Redirection"},
		{"4xx", "Client error"},
		{"5xx", "Server error"},
		{"other", "Other / non-HTTP"},
	}
	got := Classes()
	if len(got) != len(want) {
		t.Fatalf("Classes() has %d entries, want %d", len(got), len(want))
	}
	for i, w := range want {
		t.Run(w.class, func(t *testing.T) {
			c := got[i]
			if c.Class != w.class || c.Title != w.title {
				t.Errorf("Classes()[%d] = %q %q, want %q %q", i, c.Class, c.Title, w.class, w.title)
			}
			checkCatalogText(t, "Explanation", c.Explanation)
			checkCatalogText(t, "Action", c.Action)
			if ClassInfo(w.class) != c {
				t.Errorf("ClassInfo(%q) differs from Classes()", w.class)
			}
		})
	}
	if ClassInfo("9xx").Class != "other" {
		t.Error("ClassInfo of an unknown class should be the other class")
	}
}

func TestCatalogRetryAdvice(t *testing.T) {
	retryable := []int{408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 598, 599}
	for _, e := range Codes() {
		want := slices.Contains(retryable, e.Code)
		t.Run(fmt.Sprint(e.Code), func(t *testing.T) {
			if e.Retryable != want {
				t.Errorf("Retryable = %v, want %v", e.Retryable, want)
			}
			if want && !strings.Contains(strings.ToLower(e.Client), "retry") {
				t.Errorf("retryable code without retry advice: %q", e.Client)
			}
		})
	}
	for _, code := range []int{429, 503} {
		if c := Lookup(code).Client; !strings.Contains(c, "Retry-After") {
			t.Errorf("%d client advice should mention Retry-After: %q", code, c)
		}
	}
	// Client mistakes: not retryable unchanged, and the advice says so.
	for _, code := range []int{400, 401, 403, 404, 405, 409, 410, 411, 413, 414, 415, 422, 431, 463, 464} {
		e := Lookup(code)
		if e.Retryable || e.Client == "" {
			t.Errorf("%d: Retryable = %v, Client = %q; want not retryable with advice", code, e.Retryable, e.Client)
		}
	}
	// The transcoding API seed's backoff: 5, 10 and 15 seconds for its
	// 404 and 5xx, in that platform's notes.
	for _, code := range []int{404, 500, 503, 504} {
		var ok bool
		for _, n := range Lookup(code).Notes {
			ok = ok || n.Platform == "Agora Cloud Transcoding" && strings.Contains(n.Action, "5, 10 and 15 s")
		}
		if !ok {
			t.Errorf("the transcoding API's note on %d lacks the 5, 10, 15 s backoff: %+v", code, Lookup(code).Notes)
		}
	}
}

func TestCatalogCopySafety(t *testing.T) {
	e := Lookup(404)
	e.Profiles["video"] = Reading{Explanation: "changed"}
	e.Subcodes[0].Title = "changed"
	e.Causes[0] = "changed"
	all := Codes()
	all[0].Title = "changed"
	cl := Classes()
	cl[0].Title = "changed"

	again := Lookup(404)
	if again.Profiles["video"].Explanation == "changed" || again.Subcodes[0].Title == "changed" || again.Causes[0] == "changed" {
		t.Error("changing a Lookup result changed the catalog")
	}
	if Codes()[0].Title == "changed" || Classes()[0].Title == "changed" {
		t.Error("changing Codes() or Classes() changed the catalog")
	}
}

func TestCatalogEmbeddedDecodes(t *testing.T) {
	d, err := catalogDecode(catalogFS)
	if err != nil {
		t.Fatalf("embedded catalog: %v", err)
	}
	if len(d.sorted) != len(catalogIANA)+len(catalogNonStandard) {
		t.Errorf("embedded catalog has %d codes", len(d.sorted))
	}
}

func TestCatalogDecodeRejects(t *testing.T) {
	classes, err := fs.ReadFile(catalogFS, "classes.json")
	if err != nil {
		t.Fatal(err)
	}
	const okEntry = `{"code":200,"title":"OK","class":"2xx","origin":"RFC 9110 §15.3.1","standard":true,"explanation":"x.","action":"y."}`
	cases := []struct {
		name    string
		codes   string
		classes string
	}{
		{"unknown_field", `[{"code":200,"title":"OK","class":"2xx","origin":"o","explanation":"x.","action":"y.","colour":"red"}]`, ""},
		{"duplicate_code", "[" + okEntry + "," + okEntry + "]", ""},
		{"wrong_class", `[{"code":404,"title":"Not Found","class":"5xx","origin":"o","explanation":"x.","action":"y."}]`, ""},
		{"trailing_data", "[" + okEntry + "] []", ""},
		{"not_json", "{", ""},
		{"missing_class", "[" + okEntry + "]", `[{"class":"1xx","title":"t","explanation":"x.","action":"y."}]`},
		{"unknown_class", "[" + okEntry + "]", `[{"class":"6xx","title":"t","explanation":"x.","action":"y."}]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cls := classes
			if c.classes != "" {
				cls = []byte(c.classes)
			}
			fsys := fstest.MapFS{
				"codes.json":   {Data: []byte(c.codes)},
				"classes.json": {Data: cls},
			}
			if _, err := catalogDecode(fsys); err == nil {
				t.Error("catalogDecode accepted a malformed catalog")
			}
		})
	}
	t.Run("valid_minimal", func(t *testing.T) {
		fsys := fstest.MapFS{
			"codes.json":   {Data: []byte("[" + okEntry + "]")},
			"classes.json": {Data: classes},
		}
		if _, err := catalogDecode(fsys); err != nil {
			t.Errorf("catalogDecode rejected a valid catalog: %v", err)
		}
	})
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name, in string
		want     Query
		bad      bool
	}{
		{"code", "404", Query{Code: 404}, false},
		{"zeros", "000", Query{Code: 0}, false},
		{"no status", "-", Query{Code: -1}, false},
		{"IIS substatus", "404.3", Query{Code: 404, Sub: "3"}, false},
		{"word", "notfound", Query{}, true},
		{"four digits", "4040", Query{}, true},
		{"negative", "-4", Query{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseQuery(tc.in)
			if (err != nil) != tc.bad || got != tc.want {
				t.Errorf("ParseQuery(%q) = %+v, %v", tc.in, got, err)
			}
		})
	}
}

func TestStatusText(t *testing.T) {
	tests := []struct {
		name string
		code int
		want string
	}{
		{"three digits", 404, "404"},
		{"zero padded", 9, "009"},
		{"zeros", 0, "000"},
		{"none", -1, "-"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := StatusText(tc.code); got != tc.want {
				t.Errorf("StatusText(%d) = %q, want %q", tc.code, got, tc.want)
			}
		})
	}
}
