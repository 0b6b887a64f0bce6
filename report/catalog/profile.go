package catalog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

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
