package catalog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

// Profiles are the platform readings a code can have, "web" (the default)
// first.
var Profiles = []string{"web", "cdn", "video", "api"}

// ValidProfile reports whether p names a profile.
func ValidProfile(p string) bool {
	return slices.Contains(Profiles, p)
}

// ProfileRank orders profile names as Profiles does; unknown names last.
func ProfileRank(p string) int {
	if i := slices.Index(Profiles, p); i >= 0 {
		return i
	}
	return len(Profiles)
}

// StatusText writes a code as logs show it: three digits, "-" for none.
func StatusText(code int) string {
	if code == parser.StatusNone {
		return "-"
	}
	s := strconv.Itoa(code)
	for len(s) < 3 {
		s = "0" + s
	}
	return s
}

// Query is one code asked about (`logstat explain`): a code ("404",
// "000", "-") and optionally a sub-code ("404.3" for an IIS substatus).
type Query struct {
	Code int
	Sub  string
}

// ParseQuery reads "404", "000", "-" or "404.3".
func ParseQuery(s string) (Query, error) {
	code, sub, _ := strings.Cut(s, ".")
	if code == "-" && sub == "" {
		return Query{Code: -1}, nil
	}
	n, err := strconv.Atoi(code)
	if err != nil || n < 0 || n > 999 || len(code) > 3 {
		return Query{}, fmt.Errorf("%q is not a status code (give three digits like 404, 000 or - , or 404.3 for an IIS substatus)", s)
	}
	return Query{Code: n, Sub: sub}, nil
}

// Suggestion is a profile that reads a log's codes better than the one
// in use, with why, in a sentence for the report.
type Suggestion struct {
	Profile string
	Reason  string // "Most requests are API calls (/api/, /v1/, /graphql, .json)"
}

// Sentence is the suggestion for a person: its reason, then the flag.
func (s Suggestion) Sentence() string {
	if s.Profile == "" {
		return ""
	}
	return s.Reason + ": --profile " + s.Profile + " reads the codes as " + profileNoun[s.Profile] + " would."
}

var profileNoun = map[string]string{"web": "a web server", "cdn": "a CDN edge", "video": "a video platform", "api": "an API"}

// Suggest returns the profile a Summary's log looks like, when it is not
// the one in use ("" or "web" is the default): video when most requests
// are HLS/DASH manifests and segments, cdn when most carry a cache status
// (a CDN's or caching proxy's log) or the log has codes only an edge
// answers (520–530), api when most are API calls (IsAPIPath). The zero
// Suggestion when none fits better.
func Suggest(s *aggregate.Summary, current string) Suggestion {
	if current == "" {
		current = "web"
	}
	n := s.Lines.Parsed
	var edge int64
	for code := 520; code <= 530; code++ {
		if c := s.Code(code); c != nil {
			edge += c.Count
		}
	}
	var out Suggestion
	switch {
	case n == 0:
	case 2*(s.Manifests()+s.Segments()) > n:
		out = Suggestion{"video", "Most requests are video manifests and segments"}
	case 2*s.Cached() > n:
		out = Suggestion{"cdn", "Most requests carry a cache status, as a CDN's or caching proxy's log does"}
	case edge > 0:
		out = Suggestion{"cdn", "The log has codes only a CDN edge answers (520–530)"}
	case 2*s.APICalls > n:
		out = Suggestion{"api", "Most requests are API calls (/api/, /v1/, /graphql, .json)"}
	}
	if out.Profile == current {
		return Suggestion{}
	}
	return out
}
