package parser

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// w3cDir holds the W3C excerpts committed with the module.
const w3cDir = "../testdata/w3c"

// IIS 8.5's default header, as in the lnav sample.
const (
	iisFields  = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken"
	iisLine    = "2015-01-13 00:32:17 100.79.192.81 GET /robots.txt - 80 - 157.55.39.146 Mozilla/5.0+(compatible;+bingbot/2.0;++http://www.bing.com/bingbot.htm) - 404 0 2 1405 242 283"
	iisHeader  = "#Software: Microsoft Internet Information Services 8.5\n#Version: 1.0\n#Date: 2015-01-13 00:32:17\n" + iisFields
	hostFields = "#Fields: date time cs-host s-sitename c-ip cs-method cs-uri-stem cs-uri-query cs-version sc-status sc-bytes time-taken cs(User-Agent)"
)

// w3cOutcome is the result of the last line of a case.
type w3cOutcome struct {
	skip   bool   // ErrSkip
	reason string // LineError reason
	offset int
	rec    want
}

// parseW3C parses lines in order with one parser and returns the outcome
// of the last.
func parseW3C(t *testing.T, p Parser, lines []string) w3cOutcome {
	t.Helper()
	var out w3cOutcome
	for _, l := range lines {
		var rec Record
		err := p.Parse([]byte(l), &rec)
		out = w3cOutcome{}
		var le *LineError
		switch {
		case err == nil:
			out.rec = wantOf(&rec)
		case err == ErrSkip:
			out.skip = true
		case errors.As(err, &le):
			out.reason, out.offset = le.Reason, le.Offset
		default:
			t.Fatalf("Parse(%q) = %v, neither ErrSkip nor a *LineError", l, err)
		}
	}
	return out
}

func TestW3CLines(t *testing.T) {
	header := strings.Split(iisHeader, "\n")
	with := func(lines ...string) []string { return append(append([]string(nil), header...), lines...) }
	bingbot := want{
		Time:   "2015-01-13T00:32:17Z",
		Client: "157.55.39.146", Request: "GET /robots.txt", Method: "GET", Path: "/robots.txt",
		Status: 404, SubStatus: "0", Bytes: "1405", RequestTime: "283ms",
		UserAgent: "Mozilla/5.0 (compatible; bingbot/2.0;  http://www.bing.com/bingbot.htm)",
	}
	tests := []struct {
		name  string
		lines []string
		want  w3cOutcome
	}{
		{"normal line", with(iisLine), w3cOutcome{rec: bingbot}},
		{"plus in user agent", with("2015-01-13 09:49:46 100.79.192.81 GET / - 80 - 188.120.253.124 Mozilla/5.0+(Windows;+U;+Windows+NT+5.1;+en-US)+AppleWebKit/533.4+(KHTML,+like+Gecko) http://example.com 200 0 0 960 205 468"),
			w3cOutcome{rec: want{Time: "2015-01-13T09:49:46Z", Client: "188.120.253.124", Request: "GET /", Method: "GET", Path: "/",
				Status: 200, SubStatus: "0", Bytes: "960", RequestTime: "468ms", Referer: "http://example.com",
				UserAgent: "Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US) AppleWebKit/533.4 (KHTML, like Gecko)"}}},
		{"dash values", with("2015-01-13 00:32:17 - - - - - - - - - - - - - - -"),
			w3cOutcome{rec: want{Time: "2015-01-13T00:32:17Z", Status: StatusNone}}},
		{"dash date", with("- - 100.79.192.81 GET / - 80 - 192.0.2.1 - - 200 0 0 1 2 3"),
			w3cOutcome{rec: want{Client: "192.0.2.1", Request: "GET /", Method: "GET", Path: "/", Status: 200, SubStatus: "0", Bytes: "1", RequestTime: "3ms"}}},
		{"query", with("2015-01-13 00:32:17 100.79.192.81 GET /search.aspx q=a+b&page=2 80 - 192.0.2.1 - - 200 0 0 1 2 3"),
			w3cOutcome{rec: want{Time: "2015-01-13T00:32:17Z", Client: "192.0.2.1", Request: "GET /search.aspx?q=a+b&page=2", Method: "GET",
				Path: "/search.aspx?q=a+b&page=2", Status: 200, SubStatus: "0", Bytes: "1", RequestTime: "3ms"}}},
		{"substatus", with("2015-01-13 00:32:17 100.79.192.81 GET /app.php - 80 CONTOSO\\bob 192.0.2.1 - - 404 3 50 1245 300 2"),
			w3cOutcome{rec: want{Time: "2015-01-13T00:32:17Z", Client: "192.0.2.1", User: `CONTOSO\bob`, Request: "GET /app.php", Method: "GET",
				Path: "/app.php", Status: 404, SubStatus: "3", Bytes: "1245", RequestTime: "2ms"}}},
		{"time-taken in decimal seconds", []string{"#Fields: date time sc-status time-taken", "2019-12-04 21:02:31.25 200 0.002"},
			w3cOutcome{rec: want{Time: "2019-12-04T21:02:31.25Z", Status: 200, RequestTime: "2ms"}}},
		{"host and version", []string{hostFields, "2024-03-01 11:00:00 www.example.com W3SVC1 198.51.100.7 GET /api/items page=2 HTTP/1.1 500 1208 2411 okhttp/4"},
			w3cOutcome{rec: want{Time: "2024-03-01T11:00:00Z", Host: "www.example.com", Client: "198.51.100.7", Request: "GET /api/items?page=2 HTTP/1.1",
				Method: "GET", Path: "/api/items?page=2", Protocol: "HTTP/1.1", Status: 500, Bytes: "1208", RequestTime: "2.411s", UserAgent: "okhttp/4"}}},
		{"site name as host", []string{"#Fields: date time s-sitename c-ip sc-status", "2024-03-01 11:00:00 W3SVC3 192.0.2.1 200"},
			w3cOutcome{rec: want{Time: "2024-03-01T11:00:00Z", Host: "W3SVC3", Client: "192.0.2.1", Status: 200}}},
		{"tabs", []string{"#Version: 1.0", "#Fields: date time c-ip cs-method cs-uri-stem sc-status", "2019-12-04\t21:02:31\t192.0.2.100\tGET\t/index.html\t502"},
			w3cOutcome{rec: want{Time: "2019-12-04T21:02:31Z", Client: "192.0.2.100", Request: "GET /index.html", Method: "GET", Path: "/index.html", Status: 502}}},
		{"mid-file header change", with(iisLine, "#Fields: date time c-ip sc-status cs-uri-stem", "2015-01-13 00:40:00 192.0.2.9 301 /old"),
			w3cOutcome{rec: want{Time: "2015-01-13T00:40:00Z", Client: "192.0.2.9", Request: "/old", Path: "/old", Status: 301}}},
		{"line under the old header after a change", with("#Fields: date time c-ip sc-status cs-uri-stem", iisLine),
			w3cOutcome{reason: "more columns than the 5 of the #Fields header (a value with a blank?)", offset: len("2015-01-13 00:32:17 100.79.192.81 GET /robots.txt ")}},
		{"comment after header values", []string{
			"#Software: Microsoft HTTP Server API 2.0",
			`#Version: 1.0   // the log file version as it's described by "https://www.w3.org/TR/WD-logfile".`,
			"#Fields: date time c-ip sc-status cs-uri-stem  // what is logged",
			"2002-05-02 17:42:15 172.22.255.255 200 /images/picture.jpg"},
			w3cOutcome{rec: want{Time: "2002-05-02T17:42:15Z", Client: "172.22.255.255", Request: "/images/picture.jpg", Path: "/images/picture.jpg", Status: 200}}},
		{"directive", with(), w3cOutcome{skip: true}},
		{"remark", []string{"#Remark: anything at all"}, w3cOutcome{skip: true}},
		{"line before header", []string{iisLine}, w3cOutcome{reason: ReasonW3CNoHeader}},
		{"line after other directives only", []string{"#Software: IIS", "#Version: 1.0", iisLine}, w3cOutcome{reason: ReasonW3CNoHeader}},
		{"short line", with("2015-01-13 00:32:17 100.79.192.81"), w3cOutcome{reason: "3 columns, the #Fields header has 17", offset: 33}},
		{"one column", with("garbage"), w3cOutcome{reason: "1 column, the #Fields header has 17", offset: 7}},
		{"long line", with(iisLine + " extra"), w3cOutcome{reason: "more columns than the 17 of the #Fields header (a value with a blank?)", offset: len(iisLine) + 1}},
		{"CRLF", with(iisLine + "\r"), w3cOutcome{rec: bingbot}},
		{"CRLF header", []string{iisFields + "\r", iisLine + "\r"}, w3cOutcome{rec: bingbot}},
		{"blanks around the line", with("  " + iisLine + " \t"), w3cOutcome{rec: bingbot}},
		{"empty line", with(""), w3cOutcome{reason: ReasonEmpty}},
		{"bad status", with(strings.Replace(iisLine, " 404 ", " 4o4 ", 1)), w3cOutcome{reason: "bad value in sc-status", offset: strings.Index(iisLine, " 404 ") + 1}},
		{"bad bytes", with(strings.Replace(iisLine, " 1405 ", " 14x5 ", 1)), w3cOutcome{reason: "bad value in sc-bytes", offset: strings.Index(iisLine, " 1405 ") + 1}},
		{"bad time-taken", with(strings.Replace(iisLine, " 283", " -283", 1)), w3cOutcome{reason: "bad value in time-taken", offset: len(iisLine) - 3}},
		{"bad date", with(strings.Replace(iisLine, "2015-01-13", "2015-13-13", 1)), w3cOutcome{reason: "bad value in date"}},
		{"bad time", with(strings.Replace(iisLine, "00:32:17", "00:62:17", 1)), w3cOutcome{reason: "bad value in time", offset: 11}},
		{"header without status", []string{"#Fields: date time c-ip", "2015-01-13 00:32:17 192.0.2.1"}, w3cOutcome{reason: ReasonW3CNoStatus}},
		{"empty fields header", []string{"#Fields:", "x"}, w3cOutcome{reason: ReasonW3CNoStatus}},
		{"field names in any case", []string{"#Fields: DATE Time C-IP SC-Status cs(user-agent)", "2015-01-13 00:32:17 192.0.2.1 200 a+b"},
			w3cOutcome{rec: want{Time: "2015-01-13T00:32:17Z", Client: "192.0.2.1", Status: 200, UserAgent: "a b"}}},
		{"status other", []string{"#Fields: sc-status", "000"}, w3cOutcome{rec: want{Status: 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseW3C(t, W3C{}.NewParser(), tt.lines)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestW3CRawUserAgent: with the user agent left raw, IIS's "+" stays.
func TestW3CRawUserAgent(t *testing.T) {
	p := W3C{}.NewParser()
	p.(Raw).Raw(FieldUser | FieldReferer | FieldUserAgent)
	got := parseW3C(t, p, []string{iisFields, iisLine})
	if want := "Mozilla/5.0+(compatible;+bingbot/2.0;++http://www.bing.com/bingbot.htm)"; got.rec.UserAgent != want {
		t.Errorf("raw user agent %q, want %q", got.rec.UserAgent, want)
	}
}

// TestW3CSetHeader: SetHeader(nil) forgets the layout, SetHeader with a
// header line sets it, as if the parser had read it.
func TestW3CSetHeader(t *testing.T) {
	p := W3C{}.NewParser()
	hp, ok := p.(HeaderParser)
	if !ok {
		t.Fatal("the W3C parser is not a HeaderParser")
	}
	if got := parseW3C(t, p, []string{iisFields, iisLine}); got.rec.Status != 404 {
		t.Fatalf("%+v", got)
	}
	hp.SetHeader(nil)
	if got := parseW3C(t, p, []string{iisLine}); got.reason != ReasonW3CNoHeader {
		t.Errorf("after SetHeader(nil): %+v", got)
	}
	hp.SetHeader([]byte(iisFields + "\r"))
	if got := parseW3C(t, p, []string{iisLine}); got.rec.Status != 404 {
		t.Errorf("after SetHeader(#Fields): %+v", got)
	}
	hp.SetHeader([]byte("#Software: H-Sphere log plugin"))
	if sw := p.(*w3cParser).Software(); sw != "H-Sphere log plugin" {
		t.Errorf("software %q", sw)
	}
	hp.SetHeader([]byte("#Fields: date time c-ip sc-status"))
	if got := parseW3C(t, p, []string{iisLine}); got.reason == "" {
		t.Errorf("the new layout was not taken: %+v", got)
	}
	// Back to a layout seen before (it is cached).
	hp.SetHeader(nil)
	hp.SetHeader([]byte(iisFields))
	if got := parseW3C(t, p, []string{iisLine}); got.rec.Status != 404 {
		t.Errorf("back to the first layout: %+v", got)
	}
}

func TestW3CSpec(t *testing.T) {
	if n := (W3C{}).Name(); n != "w3c" {
		t.Errorf("Name %q", n)
	}
	if n := (W3C{HSphere: true}).Name(); n != "hsphere-iis" {
		t.Errorf("Name %q", n)
	}
	if x := (W3C{}).ExtraNames(); x != nil {
		t.Errorf("ExtraNames %v", x)
	}
	for _, c := range []struct{ format, name string }{
		{"w3c", "w3c"}, {"iis", "w3c"}, {"hsphere-iis", "hsphere-iis"},
		{"combined", "combined"}, {"$remote_addr $status", "custom"}, {"%h %>s", "custom"},
	} {
		spec, err := CompileSpec(c.format)
		if err != nil || spec.Name() != c.name {
			t.Errorf("CompileSpec(%q) = %v, %v; want %s", c.format, spec, err, c.name)
		}
	}
	if spec, err := CompileSpec("nonsense"); err == nil || spec != nil {
		t.Errorf("CompileSpec(nonsense) = %#v, %v; want a nil Spec and an error", spec, err)
	}
	if spec, err := CompileSpec("$a$b"); err == nil || spec != nil {
		t.Errorf("CompileSpec($a$b) = %#v, %v; want a nil Spec and an error", spec, err)
	}
}

func TestDetectW3C(t *testing.T) {
	combined := []byte(renderLine("combined", normal))
	lines := func(s string) [][]byte {
		var out [][]byte
		for _, l := range strings.Split(s, "\n") {
			out = append(out, []byte(l))
		}
		return out
	}
	tests := []struct {
		name          string
		lines         [][]byte
		want          string // "" for no format
		parsed, total int
	}{
		{"iis", lines(iisHeader + "\n" + iisLine + "\n" + iisLine), "w3c", 6, 6},
		{"hsphere", lines("#Software: H-Sphere log plugin\n#Fields: date time c-ip sc-status\n2007-03-03 01:17:39 66.194.6.79 200"), "hsphere-iis", 3, 3},
		{"headers only", lines(iisHeader), "w3c", 4, 4},
		{"version first", lines("#Version: 1.0\n#Fields: sc-status\n200\n"), "w3c", 3, 3},
		{"some junk", lines(iisFields + "\n" + iisLine + "\njunk\n" + iisLine), "w3c", 3, 4},
		{"a fields line among junk", lines("hello world\n#Fields: date time sc-status\n{}"), "", 0, 3},
		{"combined with a comment", [][]byte{[]byte("#Fields: sc-status"), combined, combined}, "combined", 2, 3},
		{"comments without directives", [][]byte{[]byte("# just a comment"), combined}, "combined", 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Detect(tt.lines)
			name := ""
			if d.Spec != nil {
				name = d.Spec.Name()
			}
			if name != tt.want || d.Parsed != tt.parsed || d.Lines != tt.total {
				t.Errorf("Detect = %q parsed %d of %d, want %q parsed %d of %d", name, d.Parsed, d.Lines, tt.want, tt.parsed, tt.total)
			}
			if _, isW3C := d.Spec.(W3C); isW3C && d.Format != nil {
				t.Errorf("Format %v set for W3C", d.Format)
			}
			if f, ok := d.Spec.(*Format); ok && f != d.Format {
				t.Errorf("Spec %v and Format %v differ", d.Spec, d.Format)
			}
		})
	}
}

// w3cTally parses a file with one W3C parser.
type w3cTally struct {
	statuses map[int]int
	subs     map[string]int // "404.3"
	skipped  int
	reasons  map[string]int
}

func tallyW3C(t *testing.T, path string) w3cTally {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tl := w3cTally{statuses: map[int]int{}, subs: map[string]int{}, reasons: map[string]int{}}
	p := W3C{}.NewParser()
	var rec Record
	for i, line := range logLines(data) {
		switch err := p.Parse(line, &rec); {
		case err == ErrSkip:
			tl.skipped++
		case err != nil:
			tl.reasons[err.(*LineError).Reason]++
		default:
			tl.statuses[rec.Status]++
			if len(rec.SubStatus) > 0 {
				tl.subs[strconv.Itoa(rec.Status)+"."+string(rec.SubStatus)]++
			}
			if rec.Time.IsZero() || len(rec.Client) == 0 || len(rec.Request) == 0 {
				t.Errorf("%s:%d: missing time, client or request: %+v", filepath.Base(path), i+1, wantOf(&rec))
			}
		}
	}
	return tl
}

type w3cFileCase struct {
	file     string
	detect   string
	statuses map[int]int
	subs     map[string]int
	skipped  int
}

func checkW3CFiles(t *testing.T, dir string, cases []w3cFileCase) {
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join(dir, c.file)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("%s not available: %v", path, err)
			}
			got := tallyW3C(t, path)
			if !reflect.DeepEqual(got.statuses, c.statuses) {
				t.Errorf("statuses %v, want %v", got.statuses, c.statuses)
			}
			if c.subs == nil {
				c.subs = map[string]int{}
			}
			if !reflect.DeepEqual(got.subs, c.subs) {
				t.Errorf("sub-statuses %v, want %v", got.subs, c.subs)
			}
			if got.skipped != c.skipped || len(got.reasons) != 0 {
				t.Errorf("skipped %d, malformed %v; want %d skipped, none malformed", got.skipped, got.reasons, c.skipped)
			}
			data, _ := os.ReadFile(path)
			d := Detect(logLines(data)[:min(200, len(logLines(data)))])
			if d.Spec == nil || d.Spec.Name() != c.detect {
				t.Errorf("Detect = %v, want %s", d.Spec, c.detect)
			}
		})
	}
}

// The counts were made independently with awk (the status column of the
// header, over the lines not starting with "#").
func TestW3CExcerpts(t *testing.T) {
	checkW3CFiles(t, w3cDir, []w3cFileCase{
		{"iis_w3c_lnav_logfile_w3c_big_head26.log", "w3c", map[int]int{404: 9, 200: 1}, map[string]int{"404.0": 9, "200.0": 1}, 16},
		{"iis_w3c_lnav_logfile_w3c_0.log", "w3c", map[int]int{200: 1}, nil, 4},
		{"hsphere_iis_w3c_ossecdocs.log", "hsphere-iis", map[int]int{200: 2}, nil, 3},
		{"iis6_w3c_ossecdocs.log", "w3c", map[int]int{200: 3}, map[string]int{"200.0": 3}, 4},
		{"synthetic_fields_change.log", "w3c", map[int]int{200: 2, 302: 1, 401: 1, 404: 2, 500: 1},
			map[string]int{"200.0": 2, "404.3": 1, "401.2": 1}, 8},
	})
}

func TestW3CCorpus(t *testing.T) {
	checkW3CFiles(t, filepath.Join(corpusDir, "cdn"), []w3cFileCase{
		{"iis_w3c_lnav_logfile_w3c_big.log", "w3c", map[int]int{404: 202, 200: 8}, map[string]int{"404.0": 202, "200.0": 8}, 44},
		{"iis_w3c_lnav_logfile_w3c_0.log", "w3c", map[int]int{200: 1}, nil, 4},
		{"hsphere_iis_w3c_ossecdocs.log", "hsphere-iis", map[int]int{200: 2}, nil, 3},
		{"iis6_w3c_ossecdocs.log", "w3c", map[int]int{200: 3}, map[string]int{"200.0": 3}, 4},
	})
}

// TestW3CSyntheticFields pins the fields of the synthetic log's lines, the
// ones after its header change included.
func TestW3CSyntheticFields(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(w3cDir, "synthetic_fields_change.log"))
	if err != nil {
		t.Fatal(err)
	}
	p := W3C{}.NewParser()
	var got []want
	for _, l := range logLines(data) {
		var rec Record
		if err := p.Parse(l, &rec); err == nil {
			got = append(got, wantOf(&rec))
		}
	}
	if len(got) != 7 {
		t.Fatalf("%d requests, want 7", len(got))
	}
	checks := []struct {
		i    int
		want want
	}{
		{1, want{Time: "2024-03-01T10:00:01Z", Client: "198.51.100.7", Request: "GET /app/script.php?id=4&x=y", Method: "GET", Path: "/app/script.php?id=4&x=y",
			Status: 404, SubStatus: "3", RequestTime: "2ms", Referer: "https://www.example.com/", UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"}},
		{4, want{Time: "2024-03-01T11:00:00Z", Host: "www.example.com", Client: "198.51.100.7", Request: "GET /api/items?page=2 HTTP/1.1", Method: "GET",
			Path: "/api/items?page=2", Protocol: "HTTP/1.1", Status: 500, Bytes: "1208", RequestTime: "2.411s", UserAgent: "okhttp/4.12.0"}},
		{6, want{Time: "2024-03-01T11:00:06Z", Host: "www.example.com", Client: "198.51.100.9", Request: "GET /missing HTTP/1.1", Method: "GET",
			Path: "/missing", Protocol: "HTTP/1.1", Status: 404, Bytes: "1245", RequestTime: "0s"}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(got[c.i], c.want) {
			t.Errorf("request %d:\n got  %+v\n want %+v", c.i, got[c.i], c.want)
		}
	}
}

// TestW3CAllocs: parsing allocates nothing once the parser has seen a line
// as long, directives repeating the header included.
func TestW3CAllocs(t *testing.T) {
	lines := [][]byte{
		[]byte(iisLine),
		[]byte("2015-01-13 00:32:18 100.79.192.81 GET /search.aspx q=a+b 80 - 192.0.2.1 Mozilla/5.0+(X11) https://www.example.com/ 404 3 0 1 2 3"),
		[]byte("2015-01-13 00:32:18 100.79.192.81 GET /x - 80 - 192.0.2.1 - - 200 0 0 1 2 3\r"),
		[]byte("#Software: Microsoft Internet Information Services 8.5"),
		[]byte("#Date: 2015-01-13 00:32:17"),
		[]byte(iisFields),
		[]byte("short line"),
		[]byte("2015-01-13 00:32:18 100.79.192.81 GET /x - 80 - 192.0.2.1 - - 2x0 0 0 1 2 3"),
	}
	for _, raw := range []bool{false, true} {
		p := W3C{}.NewParser()
		if raw {
			p.(Raw).Raw(FieldUser | FieldReferer | FieldUserAgent)
		}
		var rec Record
		p.Parse([]byte(iisFields), &rec)
		for _, l := range lines {
			p.Parse(l, &rec) // warm: scratch, reasons
		}
		for i, l := range lines {
			if a := testing.AllocsPerRun(50, func() { p.Parse(l, &rec) }); a != 0 {
				t.Errorf("raw %v, line %d: %.1f allocs per Parse, want 0", raw, i, a)
			}
		}
		i := 0
		if a := testing.AllocsPerRun(200, func() { p.Parse(lines[i%len(lines)], &rec); i++ }); a != 0 {
			t.Errorf("raw %v, lines in turn: %.2f allocs per Parse, want 0", raw, a)
		}
		hp := p.(HeaderParser)
		if a := testing.AllocsPerRun(50, func() { hp.SetHeader(nil); hp.SetHeader([]byte(iisFields)) }); a != 0 {
			t.Errorf("raw %v: SetHeader of the same header: %.1f allocs, want 0", raw, a)
		}
	}
}

func BenchmarkW3C(b *testing.B) {
	p := W3C{}.NewParser()
	p.(Raw).Raw(FieldUser | FieldReferer | FieldUserAgent)
	var rec Record
	p.Parse([]byte(iisFields), &rec)
	line := []byte(iisLine)
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		p.Parse(line, &rec)
	}
}
