// Package threshold reads --fail-on rules such as "5xx>2%,502>100,
// malformed>1%" and tells which a summary crosses, so that a cron job can
// alert on its exit code.
package threshold

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/logstat/logstat/aggregate"
)

// Rule is one threshold: subject > limit.
type Rule struct {
	Text    string // as written
	Subject string // "5xx", "502", "malformed"
	Limit   float64
	Percent bool // the limit is a share: of parsed lines (classes, codes) or of lines read (malformed)
	code    int  // for a code subject
	class   aggregate.Class
	kind    int
}

const (
	kindClass = iota
	kindCode
	kindMalformed
)

// Parse reads comma-separated rules. A subject is a class (1xx…5xx,
// other), a status code (502, 000, "-" for none) or "malformed"; the limit
// is a count, or a share with "%". A rule is crossed when the value is
// above the limit.
func Parse(spec string) ([]Rule, error) {
	var rules []Rule
	for _, text := range strings.Split(spec, ",") {
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		r, err := parseRule(text)
		if err != nil {
			return nil, err
		}
		rules = append(rules, r)
	}
	if len(rules) == 0 {
		return nil, fmt.Errorf("no rule in %q: write them as 5xx>2%%,502>100,malformed>1%%", spec)
	}
	return rules, nil
}

func parseRule(text string) (Rule, error) {
	subject, limit, ok := strings.Cut(text, ">")
	if !ok {
		return Rule{}, fmt.Errorf("rule %q: write SUBJECT>LIMIT, as in 5xx>2%% or 502>100", text)
	}
	r := Rule{Text: text, Subject: strings.ToLower(strings.TrimSpace(subject))}
	limit = strings.TrimSpace(limit)
	limit, r.Percent = strings.CutSuffix(limit, "%")
	v, err := strconv.ParseFloat(limit, 64)
	if err != nil || v < 0 || (r.Percent && v > 100) {
		return Rule{}, fmt.Errorf("rule %q: the limit must be a count, or a share from 0%% to 100%%", text)
	}
	r.Limit = v
	switch {
	case r.Subject == "malformed":
		r.kind = kindMalformed
	case classOf(r.Subject) >= 0:
		r.kind, r.class = kindClass, aggregate.Class(classOf(r.Subject))
	default:
		code, ok := codeOf(r.Subject)
		if !ok {
			return Rule{}, fmt.Errorf("rule %q: %q is not a class (1xx…5xx, other), a status code or malformed", text, subject)
		}
		r.kind, r.code = kindCode, code
	}
	return r, nil
}

func classOf(s string) int {
	for c := aggregate.Class(0); c < aggregate.NumClasses; c++ {
		if c.String() == s {
			return int(c)
		}
	}
	return -1
}

func codeOf(s string) (int, bool) {
	if s == "-" {
		return -1, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= 999 && len(s) == 3
}

// Result is a rule and the value it was held against.
type Result struct {
	Rule    string  `json:"rule"`
	Value   float64 `json:"value"` // a share in percent, or a count, as the rule's limit
	Crossed bool    `json:"crossed"`
}

// Check holds s against every rule.
func Check(rules []Rule, s *aggregate.Summary) []Result {
	out := make([]Result, 0, len(rules))
	for _, r := range rules {
		count, of := r.measure(s)
		v := float64(count)
		if r.Percent {
			v = 0
			if of > 0 {
				v = 100 * float64(count) / float64(of)
			}
		}
		out = append(out, Result{Rule: r.Text, Value: v, Crossed: v > r.Limit})
	}
	return out
}

// measure returns the rule's count and what a share of it is taken of.
func (r Rule) measure(s *aggregate.Summary) (count, of int64) {
	switch r.kind {
	case kindMalformed:
		return s.Lines.Malformed, s.Lines.Read()
	case kindClass:
		return s.Classes[r.class].Count, s.Lines.Parsed
	}
	if cs := s.Code(r.code); cs != nil {
		count = cs.Count
	}
	return count, s.Lines.Parsed
}

// Measured words the value as the rule's limit is written: "20.47%" or
// "40".
func (r Result) Measured() string {
	if strings.HasSuffix(r.Rule, "%") {
		return strconv.FormatFloat(r.Value, 'f', 2, 64) + "%"
	}
	return strconv.FormatFloat(r.Value, 'f', -1, 64)
}

// Crossed tells whether any result crossed its rule.
func Crossed(results []Result) bool {
	for _, r := range results {
		if r.Crossed {
			return true
		}
	}
	return false
}
