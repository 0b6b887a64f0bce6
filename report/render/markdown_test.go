package render

import (
	"bytes"
	"strings"
	"testing"
)

func TestMDText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "/files/logstash-1.3.2.jar", "/files/logstash-1.3.2.jar"},
		{"html tag", "/<script>alert(1)</script>", `/\<script\>alert(1)\</script\>`},
		{"link", "[click](javascript:alert(1))", `\[click\](javascript:alert(1))`},
		{"image", "![x](http://evil/x.png)", `!\[x\](http://evil/x.png)`},
		{"emphasis and code", "*a* _b_ `c` ~d~", "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~"},
		{"entity", "&lt;b&gt;", `\&lt;b\&gt;`},
		{"backslash", `a\b`, `a\\b`},
		{"pipe left to tables", "a|b", "a|b"},
		{"heading at the start", "# title", `\# title`},
		{"list at the start", "- item", `\- item`},
		{"quote at the start", "> quoted", `\> quoted`},
		{"numbered list at the start", "12. item", `12\. item`},
		{"number not a list", "404 Not Found", "404 Not Found"},
		{"terminal escape made visible", "a\x1b[31mb", `a\\x1b\[31mb`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := mdText(tc.in); got != tc.want {
				t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestMarkdownEscapesLogContent: no "<" or "[" from the log reaches the
// Markdown unescaped, and the table rows keep their cells.
func TestMarkdownEscapesLogContent(t *testing.T) {
	var out bytes.Buffer
	if err := Render(&out, "markdown", hostileReport(t), Options{}); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	for i, c := range md {
		if (c == '<' || c == '[' || c == '`') && (i == 0 || md[i-1] != '\\') {
			t.Errorf("unescaped %q at %d: %q", c, i, md[max(0, i-40):min(len(md), i+40)])
		}
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| /") || strings.HasPrefix(line, "| \\/") {
			if cells := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|"); cells != 3 {
				t.Errorf("a top-path row with %d separators, want 3: %s", cells, line)
			}
		}
	}
	for _, want := range []string{"## Findings (3)", "**CRITICAL**", "## Top paths per error code", `\<script\>alert(1)\</script\>`} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
}
