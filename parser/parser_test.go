package parser

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

var (
	compiledMu sync.Mutex
	compiled   = map[string]*Format{}
)

// mustCompile compiles a fixture's format once per test binary.
func mustCompile(tb testing.TB, format string) *Format {
	tb.Helper()
	compiledMu.Lock()
	defer compiledMu.Unlock()
	if f, ok := compiled[format]; ok {
		return f
	}
	f, err := Compile(format)
	if err != nil {
		tb.Fatalf("Compile(%q): %v", format, err)
	}
	compiled[format] = f
	return f
}

// short abbreviates long lines in failure messages.
func short(s string) string {
	if len(s) > 200 {
		return fmt.Sprintf("%q…(%d bytes)", s[:200], len(s))
	}
	return fmt.Sprintf("%q", s)
}

// diffWant lists the fields that differ.
func diffWant(got, want want) string {
	var b strings.Builder
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := 0; i < g.NumField(); i++ {
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			fmt.Fprintf(&b, "\n  %s: got %s, want %s", g.Type().Field(i).Name,
				short(fmt.Sprintf("%v", g.Field(i).Interface())), short(fmt.Sprintf("%v", w.Field(i).Interface())))
		}
	}
	return b.String()
}

// checkFixture parses fx.line with p and compares with the fixture.
func checkFixture(t *testing.T, p Parser, fx fixture) {
	t.Helper()
	var rec Record
	err := p.Parse([]byte(fx.line), &rec)
	if fx.err != "" {
		var le *LineError
		if !errors.As(err, &le) {
			t.Fatalf("Parse(%s) = %v, want a *LineError %q", short(fx.line), err, fx.err)
		}
		if le.Reason != fx.err {
			t.Errorf("Parse(%s) reason = %q, want %q", short(fx.line), le.Reason, fx.err)
		}
		if le.Offset < 0 || le.Offset > len(fx.line) {
			t.Errorf("Offset %d outside the line (%d bytes)", le.Offset, len(fx.line))
		}
		return
	}
	if err != nil {
		t.Fatalf("Parse(%s): %v", short(fx.line), err)
	}
	if got := wantOf(&rec); !reflect.DeepEqual(got, fx.want) {
		t.Errorf("Parse(%s):%s", short(fx.line), diffWant(got, fx.want))
	}
}

func TestParse(t *testing.T) {
	seen := map[string]bool{}
	for _, fx := range fixtures {
		if seen[fx.name] {
			t.Fatalf("two fixtures named %q", fx.name)
		}
		seen[fx.name] = true
		t.Run(fx.name, func(t *testing.T) {
			checkFixture(t, mustCompile(t, fx.format).NewParser(), fx)
		})
	}
}

// TestParseSequence parses every fixture of a format with one parser and one
// Record, in order and then in reverse: nothing of a line may leak into the
// next (Record.reset, the scratch buffer, the time cache).
func TestParseSequence(t *testing.T) {
	formats := map[string]bool{}
	for _, fx := range fixtures {
		formats[fx.format] = true
	}
	for format := range formats {
		fs := fixturesFor(format)
		p := mustCompile(t, format).NewParser()
		for i := range 2 * len(fs) {
			fx := fs[i%len(fs)]
			if i >= len(fs) {
				fx = fs[2*len(fs)-1-i]
			}
			checkFixture(t, p, fx)
		}
	}
}

// TestRecordReuseAcrossFormats shares one Record between formats with and
// without extra fields.
func TestRecordReuseAcrossFormats(t *testing.T) {
	var rec Record
	main := PresetFormat("main").NewParser()
	common := PresetFormat("common").NewParser()
	mainLine := renderLine("main", normal)
	if err := main.Parse([]byte(mainLine), &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Extra) != 1 || string(rec.Extra[0]) == "" {
		t.Fatalf("main: Extra = %q", rec.Extra)
	}
	if err := common.Parse([]byte(renderLine("common", normal)), &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Extra) != 0 || rec.Referer != nil || rec.UserAgent != nil {
		t.Errorf("common after main: Extra %q Referer %q UserAgent %q, want all empty", rec.Extra, rec.Referer, rec.UserAgent)
	}
	// A failed line leaves no value of the previous one behind.
	if err := main.Parse([]byte(mainLine), &rec); err != nil {
		t.Fatal(err)
	}
	if main.Parse([]byte(`192.0.2.10 - - [18/Jul/2023:13:44:16 +0000] "GET`), &rec) == nil {
		t.Fatal("truncated line parsed")
	}
	if rec.Status != StatusNone || rec.Bytes != -1 || rec.UserAgent != nil || rec.Extra[0] != nil {
		t.Errorf("after a failed line: Status %d Bytes %d UserAgent %q Extra %q", rec.Status, rec.Bytes, rec.UserAgent, rec.Extra)
	}
}

// TestUnescapedValuesDoNotOverlap: values unescaped into the scratch buffer
// must not overwrite each other.
func TestUnescapedValuesDoNotOverlap(t *testing.T) {
	line := `192.0.2.10 - a\x41 [18/Jul/2023:13:44:16 +0000] "GET /\x22 HTTP/1.1" 200 1 "r\x22" "u\x22" "x\x22"`
	var rec Record
	if err := PresetFormat("main").NewParser().Parse([]byte(line), &rec); err != nil {
		t.Fatal(err)
	}
	got := []string{string(rec.User), string(rec.Request), string(rec.Path), string(rec.Referer), string(rec.UserAgent), string(rec.Extra[0])}
	want := []string{"aA", `GET /" HTTP/1.1`, `/"`, `r"`, `u"`, `x"`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLineErrorIsError(t *testing.T) {
	var rec Record
	err := PresetFormat("combined").NewParser().Parse([]byte("garbage"), &rec)
	var le *LineError
	if !errors.As(err, &le) {
		t.Fatalf("%T is not a *LineError", err)
	}
	if got := err.Error(); got != "line ends inside %h (at byte 0)" {
		t.Errorf("Error() = %q", got)
	}
}

// TestFormatConcurrent shares each Format between goroutines, each with its
// own Parser, as the Spec contract allows (run with -race).
func TestFormatConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parsers := map[string]Parser{}
			for i := range fixtures {
				fx := fixtures[(i+g*37)%len(fixtures)]
				if len(fx.line) > 1<<12 {
					continue
				}
				p, ok := parsers[fx.format]
				if !ok {
					p = mustCompile(t, fx.format).NewParser()
					parsers[fx.format] = p
				}
				var rec Record
				err := p.Parse([]byte(fx.line), &rec)
				if (err == nil) != (fx.err == "") || err == nil && !reflect.DeepEqual(wantOf(&rec), fx.want) {
					t.Errorf("goroutine %d: %s: err %v", g, fx.name, err)
				}
			}
		}()
	}
	wg.Wait()
}

func TestRawFields(t *testing.T) {
	f, err := Compile("combined")
	if err != nil {
		t.Fatal(err)
	}
	line := []byte(`192.0.2.1 - fr\x41nk [18/Jul/2023:13:44:16 +0000] "GET /a\x22b HTTP/1.1" 200 5 "https://example.com/\x22" "agent \"q\""`)
	p := f.NewParser()
	p.(Raw).Raw(FieldUser | FieldReferer | FieldUserAgent)
	var rec Record
	if err := p.Parse(line, &rec); err != nil {
		t.Fatal(err)
	}
	if string(rec.User) != `fr\x41nk` || string(rec.Referer) != `https://example.com/\x22` || string(rec.UserAgent) != `agent \"q\"` {
		t.Errorf("raw fields decoded: %q %q %q", rec.User, rec.Referer, rec.UserAgent)
	}
	if string(rec.Path) != `/a"b` {
		t.Errorf("path must still be decoded, got %q", rec.Path)
	}
	if err := p.Parse([]byte(`192.0.2.1 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "-"`), &rec); err != nil || rec.Referer != nil || rec.UserAgent != nil || rec.User != nil {
		t.Errorf("a raw \"-\" must still be empty: %v %q %q %q", err, rec.User, rec.Referer, rec.UserAgent)
	}
}
