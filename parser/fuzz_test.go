package parser

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/satyrius/gonx"
)

// Run one target at a time, e.g.
//
//	go test -run XXX -fuzz FuzzCombined -fuzztime 30s ./parser/
//
// Failing inputs land in testdata/fuzz/<target> and are replayed by go test.

// seedLines returns the fixture lines (the 1 MiB ones left out) and the
// lines of the corpus excerpts.
func seedLines(tb testing.TB) []string {
	var lines []string
	for _, fx := range fixtures {
		if len(fx.line) < 1<<12 {
			lines = append(lines, fx.line)
		}
	}
	files, _ := filepath.Glob(filepath.Join(excerptDir, "*.log"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		for _, l := range logLines(data) {
			lines = append(lines, string(l))
		}
	}
	return lines
}

// fixtureFormats lists the distinct formats of the fixture table, sorted.
func fixtureFormats() []string {
	seen := map[string]bool{}
	var fs []string
	for _, fx := range fixtures {
		if !seen[fx.format] {
			seen[fx.format] = true
			fs = append(fs, fx.format)
		}
	}
	sort.Strings(fs)
	return fs
}

// within reports whether b lies inside buf's memory.
func within(b, buf []byte) bool {
	if len(b) == 0 {
		return true
	}
	if cap(buf) == 0 {
		return false
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(buf[:1])))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return p >= start && p+uintptr(len(b)) <= start+uintptr(cap(buf))
}

// outcome is a parse result that can be compared.
type outcome struct {
	ok     bool
	reason string // when !ok
	offset int
	rec    want // when ok
}

// parseChecked parses line and checks what must hold for any input.
func parseChecked(t *testing.T, f *Format, p Parser, line []byte) outcome {
	t.Helper()
	orig := bytes.Clone(line)
	var rec Record
	err := p.Parse(line, &rec)
	if !bytes.Equal(line, orig) {
		t.Fatalf("Parse modified the line")
	}
	if err != nil {
		var le *LineError
		if !errors.As(err, &le) || le.Reason == "" || le.Offset < 0 || le.Offset > len(line) {
			t.Fatalf("Parse(%q) = %#v", line, err)
		}
		return outcome{reason: le.Reason, offset: le.Offset}
	}
	if rec.Status < StatusNone || rec.Status > 999 || rec.Bytes < -1 || rec.RequestTime < -1 {
		t.Fatalf("Parse(%q): Status %d Bytes %d RequestTime %d", line, rec.Status, rec.Bytes, rec.RequestTime)
	}
	if len(rec.Extra) != len(f.ExtraNames()) {
		t.Fatalf("Parse(%q): %d extras, want %d", line, len(rec.Extra), len(f.ExtraNames()))
	}
	scratch := p.(*lineParser).scratch
	if len(scratch) > len(line) {
		t.Fatalf("Parse(%q): %d unescaped bytes from a %d-byte line", line, len(scratch), len(line))
	}
	noEscape := bytes.IndexByte(line, '\\') < 0
	if !noBlank(rec.Client) {
		t.Fatalf("Parse(%q): client %q has a blank", line, rec.Client)
	}
	for i := range f.segs {
		if s := &f.segs[i]; s.kind == kindExtra && s.spaceless && noEscape && !noBlank(rec.Extra[s.extra]) {
			t.Fatalf("Parse(%q): %s = %q has a blank", line, s.name, rec.Extra[s.extra])
		}
	}
	fields := append([][]byte{rec.Client, rec.User, rec.Request, rec.Method, rec.Path, rec.Protocol,
		rec.Referer, rec.UserAgent, rec.Host, rec.UpstreamStatus}, rec.Extra...)
	for i, v := range fields {
		if !within(v, line) && (noEscape || !within(v, scratch)) {
			t.Fatalf("Parse(%q): field %d (%q) points outside the line and the scratch buffer", line, i, v)
		}
	}
	return outcome{ok: true, rec: wantOf(&rec)}
}

// checkLine parses line with a used parser, again after another line, and
// with a fresh parser: the results must agree (caches, scratch, reset).
func checkLine(t *testing.T, f *Format, p Parser, line, other []byte) outcome {
	t.Helper()
	checkFastPaths(t, f, line)
	first := parseChecked(t, f, p, line)
	parseChecked(t, f, p, other)
	again := parseChecked(t, f, p, line)
	fresh := parseChecked(t, f, f.NewParser(), line)
	if !reflect.DeepEqual(first, again) || !reflect.DeepEqual(first, fresh) {
		t.Fatalf("Parse(%q) is not repeatable:\n first %+v\n again %+v\n fresh %+v", line, first, again, fresh)
	}
	// A carriage return before the newline changes nothing.
	if len(line) == 0 || line[len(line)-1] != '\r' {
		crlf := parseChecked(t, f, f.NewParser(), append(bytes.Clone(line), '\r'))
		if crlf.ok != first.ok || crlf.reason != first.reason || !reflect.DeepEqual(crlf.rec, first.rec) {
			t.Fatalf("Parse(%q) and Parse of it with \\r differ:\n %+v\n %+v", line, first, crlf)
		}
	}
	return first
}

// checkFormat checks what must hold for any compiled format.
func checkFormat(t *testing.T, f *Format) {
	t.Helper()
	slots := map[kind]string{}
	extras := 0
	for i := range f.segs {
		s := &f.segs[i]
		switch s.kind {
		case kindExtra:
			if s.extra != extras || f.ExtraNames()[extras] != s.name {
				t.Fatalf("format %q: %s is extra %d, want %d", f.Source(), s.name, s.extra, extras)
			}
			extras++
		case kindIgnore:
		default:
			if prev, dup := slots[s.kind.slot()]; dup {
				t.Fatalf("format %q: %s and %s both fill one Record field", f.Source(), prev, s.name)
			}
			slots[s.kind.slot()] = s.name
		}
		if s.last != (i == len(f.segs)-1) {
			t.Fatalf("format %q: %s has last = %v", f.Source(), s.name, s.last)
		}
	}
	if extras != len(f.ExtraNames()) {
		t.Fatalf("format %q: %d extra fields, %d names", f.Source(), extras, len(f.ExtraNames()))
	}
	if _, ok := slots[kindStatus]; !ok {
		t.Fatalf("format %q compiled without a status field", f.Source())
	}
}

var gonxCombined = gonx.NewParser(NginxCombined)

// dash maps nginx's "-" (no value) to empty, as Parse does.
func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// checkGonx compares a combined line with gonx, for lines without
// backslashes (gonx does not unescape). When gonx parses a line ours must
// too, unless ours rejects a value gonx does not check. It reports whether
// the fields were compared.
func checkGonx(t *testing.T, line string, got outcome) bool {
	if strings.IndexByte(line, '\\') >= 0 {
		return false
	}
	entry, err := gonxCombined.ParseString(line)
	if err != nil {
		return false
	}
	if !got.ok {
		reason := got.reason
		if !strings.HasPrefix(reason, "bad value in ") && !strings.HasPrefix(reason, "unexpected text after ") {
			t.Fatalf("gonx parses %q, ours: %s", line, reason)
		}
		return false
	}
	field := func(name string) string { v, _ := entry.Field(name); return v }
	status := StatusNone
	if s := field("status"); s != "-" {
		status, _ = strconv.Atoi(s)
	}
	bytesSent := field("body_bytes_sent")
	if bytesSent == "-" {
		bytesSent = ""
	} else if n, err := strconv.ParseInt(bytesSent, 10, 64); err == nil {
		bytesSent = strconv.FormatInt(n, 10)
	}
	gw := []any{status, field("remote_addr"), dash(field("request")), bytesSent, dash(field("http_referer")), dash(field("http_user_agent"))}
	ow := []any{got.rec.Status, got.rec.Client, got.rec.Request, got.rec.Bytes, got.rec.Referer, got.rec.UserAgent}
	if !reflect.DeepEqual(gw, ow) {
		t.Fatalf("gonx and ours disagree on %q:\n gonx %q\n ours %q", line, gw, ow)
	}
	return true
}

// TestGonxAgrees runs the gonx comparison over the seed lines: most
// combined ones must be compared, or the fuzz check proves nothing.
func TestGonxAgrees(t *testing.T) {
	combined := PresetFormat("combined")
	compared := 0
	for _, line := range seedLines(t) {
		got := parseChecked(t, combined, combined.NewParser(), []byte(line))
		if checkGonx(t, line, got) {
			compared++
		}
	}
	if compared < 30 {
		t.Errorf("only %d seed lines compared with gonx", compared)
	}
	t.Logf("%d seed lines compared with gonx", compared)
}

func FuzzCombined(f *testing.F) {
	for _, l := range seedLines(f) {
		f.Add(l)
	}
	combined := PresetFormat("combined")
	nginx, err := CompileNginx("combined", NginxCombined)
	if err != nil {
		f.Fatal(err)
	}
	other := []byte(renderLine("combined", normal))
	f.Fuzz(func(t *testing.T, line string) {
		got := checkLine(t, combined, combined.NewParser(), []byte(line), other)
		checkGonx(t, line, got)
		// nginx's combined and Apache's agree where both parse (nginx
		// requires the literal "-" where Apache has %l).
		ng := checkLine(t, nginx, nginx.NewParser(), []byte(line), other)
		if got.ok && ng.ok && !reflect.DeepEqual(got.rec, ng.rec) {
			t.Fatalf("nginx and Apache combined disagree on %q:\n apache %+v\n nginx  %+v", line, got.rec, ng.rec)
		}
	})
}

func FuzzParseLine(f *testing.F) {
	formats := fixtureFormats()
	lines := seedLines(f)
	for i, l := range lines {
		f.Add(uint8(i), l)
	}
	f.Fuzz(func(t *testing.T, which uint8, line string) {
		format := mustCompile(t, formats[int(which)%len(formats)])
		checkLine(t, format, format.NewParser(), []byte(line), []byte(lines[0]))
	})
}

// seedFormats returns format strings for the compile fuzzers.
func seedFormats(syntax string) []string {
	var fs []string
	for _, p := range Presets {
		if p.Syntax == syntax {
			fs = append(fs, p.Format)
		}
	}
	for _, format := range fixtureFormats() {
		if f, err := Compile(format); err == nil && f.Syntax() == syntax && f.Name() == "custom" {
			fs = append(fs, format)
		}
	}
	return append(fs, "", "$", "${", "%", "%{", "%>", "$status$host", "%h%>s", `\"%r\" %>s`, "%!200,304{X}i %>s")
}

func fuzzFormat(f *testing.F, syntax string, compile func(name, format string) (*Format, error)) {
	lines := seedLines(f)
	for i, format := range seedFormats(syntax) {
		f.Add(format, lines[i%len(lines)])
	}
	f.Fuzz(func(t *testing.T, format, line string) {
		c, err := compile("custom", format)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Pos < 0 || fe.Pos > len(format) || fe.Format != format || fe.Msg == "" {
				t.Fatalf("compile(%q) = %#v", format, err)
			}
			return
		}
		checkFormat(t, c)
		checkRoundTrip(t, c)
		checkLine(t, c, c.NewParser(), []byte(line), []byte(renderFormat(c)))
	})
}

func FuzzNginxFormat(f *testing.F) { fuzzFormat(f, "nginx", CompileNginx) }

func FuzzApacheFormat(f *testing.F) { fuzzFormat(f, "apache", CompileApache) }

func FuzzNginxLogFormat(f *testing.F) {
	f.Add(nginxConf, "main")
	f.Add(nginxConf, "json")
	f.Add("log_format a '$status' \"$x\";", "a")
	f.Fuzz(func(t *testing.T, conf, name string) {
		format, err := NginxLogFormat(strings.NewReader(conf), name)
		if err == nil && format == "" && name != "" && !strings.Contains(conf, name) {
			t.Fatalf("NginxLogFormat found %q in a conf that does not mention it", name)
		}
	})
}

// FuzzCommon checks the fast path on common lines (checkLine compares every
// parse with parseReference) in both spellings, which must agree.
func FuzzCommon(f *testing.F) {
	for _, l := range seedLines(f) {
		f.Add(l)
	}
	f.Add(`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 404 0`)
	f.Add(`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 304 -`)
	f.Add(`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 12 "-" "ua" 0.1`)
	common := PresetFormat("common")
	nginx, err := CompileNginx("common", nginxCommon)
	if err != nil {
		f.Fatal(err)
	}
	other := []byte(renderLine("common", normal))
	f.Fuzz(func(t *testing.T, line string) {
		got := checkLine(t, common, common.NewParser(), []byte(line), other)
		ng := checkLine(t, nginx, nginx.NewParser(), []byte(line), other)
		if got.ok && ng.ok && !reflect.DeepEqual(got.rec, ng.rec) {
			t.Fatalf("nginx and Apache common disagree on %q:\n apache %+v\n nginx  %+v", line, got.rec, ng.rec)
		}
	})
}
