package render

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestHTMLEscapesLogContent: markup in paths, referers, user agents,
// hosts and file names comes out as text, never as an element or an
// attribute, in the page as written.
func TestHTMLEscapesLogContent(t *testing.T) {
	r := hostileReport(t)
	if len(r.Findings) == 0 || len(r.Codes) < 3 || r.Timeline == nil {
		t.Fatalf("the hostile report lacks findings, codes or a timeline: %+v", r)
	}
	var out bytes.Buffer
	if err := Render(&out, "html", r, Options{}); err != nil {
		t.Fatal(err)
	}
	page := out.String()
	count := checkElements(t, page)
	if count["svg"] != 2 || count["rect"] < 5 || count["script"] != 0 || count["img"] != 0 {
		t.Errorf("elements %v, want 2 svg with bars and no script or img", count)
	}
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;",  // a path, in the top lists
		"&lt;/svg&gt;&lt;script&gt;alert(3)",     // a path inside the SVG's neighbourhood
		"&lt;img src=x onerror=alert(9)&gt;.log", // the file name
		`\u202eevil.exe`,                         // a bidi override, made visible
		"Content-Security-Policy",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// TestHTMLInChromium renders the hostile page in headless Chromium: the
// DOM the browser builds has both SVG charts and not one element or
// attribute from log content; screenshots (desktop, phone) and a PDF (the
// print style) are kept under $LOGSTAT_ARTIFACTS, or the test's temporary
// directory.
func TestHTMLInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the HTML is not checked in a browser")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (Debian: apt-get install -y chromium); the HTML is not checked in a browser")
	}
	dir := t.TempDir()
	artifacts := os.Getenv("LOGSTAT_ARTIFACTS")
	if artifacts == "" {
		artifacts = dir
	} else if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Render(&out, "html", hostileReport(t), Options{}); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(artifacts, "hostile.html")
	if err := os.WriteFile(page, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + filepath.ToSlash(page)

	dom := runChromium(t, chromium, dir, "--dump-dom", url)
	count := checkElements(t, dom)
	if count["svg"] != 2 || count["rect"] < 5 || count["text"] < 5 || count["table"] < 4 {
		t.Errorf("the browser's DOM has %v, want 2 svg charts with bars and labels, and the tables", count)
	}
	if !strings.Contains(dom, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the browser's DOM lacks the escaped path as text")
	}
	for _, shot := range []struct{ name, size string }{{"desktop.png", "1280,2400"}, {"phone.png", "390,2400"}} {
		path := filepath.Join(artifacts, shot.name)
		runChromium(t, chromium, dir, "--hide-scrollbars", "--window-size="+shot.size, "--screenshot="+path, url)
		checkFile(t, path, "\x89PNG")
	}
	pdf := filepath.Join(artifacts, "print.pdf")
	runChromium(t, chromium, dir, "--no-pdf-header-footer", "--print-to-pdf="+pdf, url)
	checkFile(t, pdf, "%PDF")
}

// runChromium runs headless Chromium with a fresh profile and nothing
// that reaches the network, and returns its standard output.
func runChromium(t *testing.T, chromium, dir string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute) // a bound on a hung browser, not a wait
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + filepath.Join(dir, "profile")}
	cmd := exec.CommandContext(ctx, chromium, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// checkFile checks that path starts with magic, and logs where it is.
func checkFile(t *testing.T, path, magic string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(b, []byte(magic)) {
		t.Errorf("%s: not a %q file (%v)", path, magic, err)
		return
	}
	t.Logf("kept %s (%d bytes)", path, len(b))
}

// tagPattern matches a start tag in serialised HTML, where text and
// attribute values cannot hold a raw "<" (html/template and the DOM
// serialiser escape it) and attribute values are quoted.
var tagPattern = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*/?>`)

var attrPattern = regexp.MustCompile(`\s+([^\s/>"'=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?`)

// htmlElements are the only elements the page is made of.
var htmlElements = map[string]bool{
	"html": true, "head": true, "meta": true, "title": true, "style": true, "body": true, "header": true, "main": true, "footer": true,
	"section": true, "article": true, "h1": true, "h2": true, "h3": true, "p": true, "b": true, "span": true, "div": true,
	"dl": true, "dt": true, "dd": true, "ul": true, "li": true, "figure": true, "figcaption": true,
	"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
	"svg": true, "g": true, "text": true, "rect": true,
}

// checkElements fails the test for any element outside htmlElements and
// any event-handler attribute, and returns how often each element occurs.
func checkElements(t *testing.T, page string) map[string]int {
	t.Helper()
	count := map[string]int{}
	for _, m := range tagPattern.FindAllStringSubmatch(page, -1) {
		name := strings.ToLower(m[1])
		count[name]++
		if !htmlElements[name] {
			t.Errorf("element <%s> in the page: %.200s", name, m[0])
		}
		for _, a := range attrPattern.FindAllStringSubmatch(m[2], -1) {
			if attr := strings.ToLower(a[1]); strings.HasPrefix(attr, "on") || attr == "href" || attr == "src" || attr == "style" {
				t.Errorf("attribute %s on <%s>: %.200s", attr, name, m[0])
			}
		}
	}
	return count
}
