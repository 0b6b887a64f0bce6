package parser

import (
	"strconv"
	"strings"
	"time"
)

// fixture is one log line and what parsing it must give. The one table,
// fixtures, feeds the table tests, the allocation guard, the benchmarks and
// the fuzz seeds.
type fixture struct {
	name   string
	format string // a preset name, or an nginx / Apache format string
	line   string
	want   want   // the parsed fields, when err is ""
	err    string // the LineError reason, when the line must not parse
}

// want is a Record with strings for byte slices so that tables read well.
// Every field is compared: an empty string is an empty field.
type want struct {
	Time                                          string // RFC 3339 with nanoseconds; "" for the zero time
	Client, User, Request, Method, Path, Protocol string
	Status                                        int
	Bytes                                         string // decimal; "" for -1
	Referer, UserAgent, Host                      string
	RequestTime                                   string // time.Duration.String(); "" for -1
	UpstreamStatus, UpstreamAddr, SubStatus       string
	CacheStatus                                   string
	Extra                                         []string // nil when the format has no extra field
}

// wantOf converts a parsed Record for comparison with a want.
func wantOf(r *Record) want {
	w := want{
		Client: string(r.Client), User: string(r.User),
		Request: string(r.Request), Method: string(r.Method), Path: string(r.Path), Protocol: string(r.Protocol),
		Status:  r.Status,
		Referer: string(r.Referer), UserAgent: string(r.UserAgent), Host: string(r.Host),
		UpstreamStatus: string(r.UpstreamStatus),
		UpstreamAddr:   string(r.UpstreamAddr), SubStatus: string(r.SubStatus),
		CacheStatus: string(r.CacheStatus),
	}
	if !r.Time.IsZero() {
		w.Time = r.Time.Format(time.RFC3339Nano)
	}
	if r.Bytes != -1 {
		w.Bytes = strconv.FormatInt(r.Bytes, 10)
	}
	if r.RequestTime != -1 {
		w.RequestTime = r.RequestTime.String()
	}
	for _, e := range r.Extra {
		w.Extra = append(w.Extra, string(e))
	}
	return w
}

// fixtures is the table: the preset cases expanded over every preset, then
// the custom-format cases.
var fixtures = append(presetFixtures(), customFixtures...)

// presetNames lists the presets in Presets order.
func presetNames() []string {
	names := make([]string, len(Presets))
	for i, p := range Presets {
		names[i] = p.Name
	}
	return names
}

// fixturesFor returns the fixtures of one format.
func fixturesFor(format string) []fixture {
	var fs []fixture
	for _, f := range fixtures {
		if f.format == format {
			fs = append(fs, f)
		}
	}
	return fs
}

// hasAgent reports whether a preset logs the referer and the user agent.
func hasAgent(preset string) bool { return preset != "common" && preset != "vcommon" }

// renderLine writes one line of a preset from the values as logged.
func renderLine(preset string, c presetCase) string {
	line := c.client + " - " + c.user + " [" + c.time + `] "` + c.request + `" ` + c.status + " " + c.bytes
	agent := ` "` + c.referer + `" "` + c.agent + `"`
	switch preset {
	case "common":
	case "vcommon":
		line = "www.example.com " + line
	case "combined", "hsphere":
		line += agent
	case "combinedio":
		line += agent + " 512 1024"
	case "vcombined":
		line = "www.example.com:443 " + line + agent
	case "main":
		line += agent + ` "203.0.113.9, 198.51.100.1"`
	default:
		panic("renderLine: no preset " + preset)
	}
	if c.mangle != nil {
		line = c.mangle(line)
	}
	return line
}

// wantFor adds to a case's fields what the preset's layout adds.
func wantFor(preset string, w want) want {
	if !hasAgent(preset) {
		w.Referer, w.UserAgent = "", ""
	}
	switch preset {
	case "vcommon":
		w.Host = "www.example.com"
	case "combinedio":
		w.Extra = []string{"512", "1024"} // %I, and %O (%b is the byte count)
	case "vcombined":
		w.Host, w.Extra = "www.example.com", []string{"443"}
	case "main":
		w.Extra = []string{"203.0.113.9, 198.51.100.1"}
	}
	return w
}

// fieldNames gives, per preset, the names the error reasons use.
func fieldNames(preset string) *strings.Replacer {
	if preset == "main" {
		return strings.NewReplacer("{first}", "$remote_addr", "{client}", "$remote_addr", "{time}", "$time_local",
			"{request}", "$request", "{status}", "$status", "{bytes}", "$body_bytes_sent",
			"{agent}", "$http_user_agent", "{last}", "$http_x_forwarded_for")
	}
	first, agent, last := "%h", "%{User-Agent}i", "%{User-Agent}i"
	switch preset {
	case "hsphere":
		agent, last = "%{User-agent}i", "%{User-agent}i"
	case "combinedio":
		last = "%O"
	case "common", "vcommon":
		last = "%b"
	}
	if preset == "vcommon" || preset == "vcombined" {
		first = "%v"
	}
	bytes := "%b"
	if preset == "vcombined" {
		bytes = "%O"
	}
	return strings.NewReplacer("{first}", first, "{client}", "%h", "{time}", "%t", "{request}", "%r",
		"{status}", "%>s", "{bytes}", bytes, "{agent}", agent, "{last}", last)
}

// presetFixtures expands presetCases over every preset.
func presetFixtures() []fixture {
	var fs []fixture
	for _, preset := range presetNames() {
		names := fieldNames(preset)
		for _, c := range presetCases {
			if c.agentOnly && !hasAgent(preset) {
				continue
			}
			f := fixture{name: preset + "/" + c.name, format: preset, line: renderLine(preset, c)}
			if c.err != "" {
				f.err = names.Replace(c.err)
			} else {
				f.want = wantFor(preset, c.want)
			}
			fs = append(fs, f)
		}
	}
	return fs
}
