package diagnose

import (
	"fmt"
	"strings"

	"github.com/logstat/logstat/report/textfmt"
)

// smallSample says when a log is too small for rates, spikes and steps
// to mean much (fewer than minRequests requests, or requests in fewer
// than minMinutes minutes), and marks the diagnosis so: storms and steps
// are then not looked for, and the other findings report what is plainly
// bad whatever the size (half the requests failing is critical with six).
func (d *diagnosis) smallSample() {
	total := d.total()
	if total == 0 {
		d.small = true
		return
	}
	var why []string
	if total < minRequests {
		why = append(why, "only "+requestsText(total))
	}
	if ms := d.minutes(); ms != nil && ms.active < minMinutes {
		why = append(why, fmt.Sprintf("requests in %s with no longer stretch to compare them with", minutesPhrase(ms.active)))
	}
	if len(why) == 0 {
		return
	}
	d.small = true
	over := ""
	if !d.s.First.IsZero() {
		over = " over " + textfmt.Span(d.s.Last.Sub(d.s.First))
	}
	d.add(Finding{
		Kind: "small-sample", Severity: Info,
		Title:    fmt.Sprintf("A small log: %s%s, too few for rates, spikes or steps; only what is plainly bad is reported", requestsText(total), over),
		Evidence: []string{strings.Join(why, "; ")},
		Action:   "Read the other findings as what these few requests show. For rates and trends, give logstat a longer stretch of the log (the rotated files too: access.log*) or the logs of more hosts (logstat merge).",
		Requests: total,
	})
}

func minutesPhrase(n int) string {
	if n == 1 {
		return "a single minute"
	}
	return fmt.Sprintf("%d minutes", n)
}

func requestsText(n int64) string {
	if n == 1 {
		return "1 request"
	}
	return textfmt.Num(n) + " requests"
}
