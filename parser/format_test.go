package parser

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name, syntax, format string
		pos                  int
		msg                  string // part of FormatError.Msg
	}{
		{"nginx_adjacent_variables", "nginx", `$status $host$request_uri`, 13, "$request_uri follows $host with nothing between them"},
		{"apache_adjacent_directives", "apache", `%h%l %>s`, 2, "%l follows %h with nothing between them"},
		{"apache_unknown_directive", "apache", `%h %Z %>s`, 3, "unknown Apache directive %Z"},
		{"apache_unknown_directive_after_conf_escape", "apache", `\"%r\" %Z %>s`, 7, "unknown Apache directive %Z"},
		{"apache_unknown_directive_with_argument", "apache", `%>s %{X}Z`, 4, "unknown Apache directive %Z"},
		{"nginx_duplicate", "nginx", `$status $remote_addr $status`, 21, "$status appears twice (first at byte 0)"},
		{"nginx_duplicate_braced", "nginx", `$status ${status}`, 8, "$status appears twice"},
		{"apache_duplicate", "apache", `%>s %h %>s`, 7, "%>s appears twice (first at byte 0)"},
		{"nginx_no_status", "nginx", `$remote_addr [$time_local] "$request"`, 0, "no status field"},
		{"apache_no_status", "apache", `%h %l %u %t "%r" %b`, 0, "no status field"},
		{"nginx_empty", "nginx", ``, 0, "the format is empty"},
		{"apache_empty", "apache", ``, 0, "the format is empty"},
		{"nginx_unclosed_brace", "nginx", `$status ${remote_addr`, 8, "${ without a closing }"},
		{"nginx_empty_brace", "nginx", `$status ${}`, 8, "not followed by a variable name"},
		{"nginx_bad_brace_name", "nginx", `$status ${a-b}`, 8, "not followed by a variable name"},
		{"nginx_lone_dollar", "nginx", `$status $ x`, 8, "not followed by a variable name"},
		{"nginx_trailing_dollar", "nginx", `$status $`, 8, "not followed by a variable name"},
		{"apache_trailing_percent", "apache", `%h %>s %`, 7, "the format ends inside a % directive"},
		{"apache_trailing_modifier", "apache", `%h %>s %>`, 7, "the format ends inside a % directive"},
		{"apache_unclosed_brace", "apache", `%>s "%{User-Agent"`, 5, "%{ without a closing }"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.syntax == "nginx" {
				_, err = CompileNginx("custom", tt.format)
			} else {
				_, err = CompileApache("custom", tt.format)
			}
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T), want a *FormatError", err, err)
			}
			if fe.Pos != tt.pos || !strings.Contains(fe.Msg, tt.msg) || fe.Format != tt.format {
				t.Errorf("got Pos %d Msg %q Format %q, want Pos %d Msg containing %q", fe.Pos, fe.Msg, fe.Format, tt.pos, tt.msg)
			}
			if fe.Pos < 0 || fe.Pos > len(tt.format) {
				t.Errorf("Pos %d outside the format", fe.Pos)
			}
			if !strings.Contains(err.Error(), "bad log format at byte") {
				t.Errorf("Error() = %q", err.Error())
			}
			// Wrapped, it is still found.
			if !errors.As(errors.Join(errors.New("x"), err), &fe) {
				t.Error("errors.As through a wrapper failed")
			}
		})
	}
}

func TestCompile(t *testing.T) {
	tests := []struct {
		format, name, syntax string
		extras               []string
	}{
		{"combined", "combined", "apache", nil},
		{"main", "main", "nginx", []string{"$http_x_forwarded_for"}},
		{"combinedio", "combinedio", "apache", []string{"%I", "%O"}},
		{"vcombined", "vcombined", "apache", []string{"%p"}},
		{"hsphere", "hsphere", "apache", nil},
		{NginxCombined, "custom", "nginx", nil},
		{nginxTimed, "custom", "nginx", nil},
		{`$remote_addr "$request" $status $http_x_request_id "$sent_http_x_trace"`, "custom", "nginx",
			[]string{"$http_x_request_id", "$sent_http_x_trace"}},
		{`$remote_addr "$request" $status $http_x_request_id "$sent_http_x_err_code"`, "custom", "nginx",
			[]string{"$http_x_request_id"}}, // X-Err-Code is the sub-status
		{`%h "%r" %s %>s %{X-Forwarded-For}i`, "custom", "apache", []string{"%s", "%{X-Forwarded-For}i"}},
		{`%{sec}t %t %>s`, "custom", "apache", []string{"%{sec}t"}}, // one time field is read
		{`%a %h %>s`, "custom", "apache", []string{"%h"}},
		{`%>s %{%d/%b/%Y}t`, "custom", "apache", []string{"%{%d/%b/%Y}t"}},
		{`100%% %>s`, "custom", "apache", nil},
	}
	for _, tt := range tests {
		f, err := Compile(tt.format)
		if err != nil {
			t.Errorf("Compile(%q): %v", tt.format, err)
			continue
		}
		if f.Name() != tt.name || f.Syntax() != tt.syntax || f.Source() == "" || !reflect.DeepEqual(f.ExtraNames(), tt.extras) {
			t.Errorf("Compile(%q) = name %q syntax %q extras %q, want %q %q %q",
				tt.format, f.Name(), f.Syntax(), f.ExtraNames(), tt.name, tt.syntax, tt.extras)
		}
		var spec Spec = f
		if spec.NewParser() == nil {
			t.Error("NewParser returned nil")
		}
	}
	_, err := Compile("fancy")
	if err == nil || !strings.Contains(err.Error(), "combined, combinedio, common, hsphere, main, vcombined, vcommon") {
		t.Errorf("Compile(fancy) = %v, want the list of presets", err)
	}
}

func TestPresetFormat(t *testing.T) {
	for _, p := range Presets {
		f := PresetFormat(p.Name)
		if f == nil || f.Name() != p.Name || f.Source() != p.Format {
			t.Errorf("PresetFormat(%q) = %v", p.Name, f)
		}
	}
	if PresetFormat("nope") != nil {
		t.Error("PresetFormat(nope) != nil")
	}
}

// TestCompiledSegments checks the flags build sets on each field.
func TestCompiledSegments(t *testing.T) {
	f := mustCompile(t, "combined")
	type seg struct {
		name            string
		lit             string
		quoted, last    bool
		width           int
		spaceless, list bool
	}
	var got []seg
	for _, s := range f.segs {
		got = append(got, seg{s.name, string(s.lit), s.quoted, s.last, s.width, s.spaceless, s.list})
	}
	want := []seg{
		{"%h", " ", false, false, 0, true, false},
		{"%l", " ", false, false, 0, false, false},
		{"%u", " ", false, false, 0, false, false},
		{"%t", ` "`, false, false, 28, false, false},
		{"%r", `" `, true, false, 0, false, false},
		{"%>s", " ", false, false, 0, true, false},
		{"%b", ` "`, false, false, 0, true, false},
		{"%{Referer}i", `" "`, true, false, 0, false, false},
		{"%{User-Agent}i", `"`, true, true, 0, false, false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("combined segments:\n got %+v\nwant %+v", got, want)
	}
	timed := mustCompile(t, `$status $upstream_status $request_time`)
	if !timed.segs[1].list || timed.segs[2].list || !timed.segs[2].last || timed.segs[0].last {
		t.Errorf("timed segments: %+v", timed.segs)
	}
	// A last list ends at a blank outside it; a last header runs to the end.
	for format, list := range map[string]bool{
		`$status $upstream_status`: true, `$status $upstream_addr`: true, `$status $upstream_response_time`: true,
		`$status $upstream_cache_status`: true, `$status $upstream_http_server`: false, `$status "$upstream_status"`: false,
	} {
		f := mustCompile(t, format)
		if s := f.segs[len(f.segs)-1]; s.list != list || s.mode != scanRest && !s.quoted {
			t.Errorf("%q: last segment list %v mode %d, want list %v", format, s.list, s.mode, list)
		}
	}
}
