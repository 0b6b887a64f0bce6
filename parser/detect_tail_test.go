package parser

import (
	"reflect"
	"strings"
	"testing"
)

// withTails appends each tail to a line of the preset.
func withTails(preset string, tails ...string) [][]byte {
	var lines [][]byte
	for _, t := range tails {
		lines = append(lines, []byte(renderLine(preset, normal)+t))
	}
	return lines
}

// TestDetectTail: the usual nginx tails are named by their values, and
// the Format is the preset's nginx format followed by them.
func TestDetectTail(t *testing.T) {
	tests := []struct {
		name   string
		lines  [][]byte
		preset string
		source string // the format Detect returns
		tail   []string
		// trailing: lines with fields left unread.
		trailing int
	}{
		{"issue_8_request_time_upstream_status", withTails("combined", " 0.016 200", " 1.203 502, 504", " 0.000 -", " 0.512 502 : 504", " 60.001 504, 502 : 200"),
			"combined", NginxCombined + " $request_time $upstream_status", []string{"$request_time", "$upstream_status"}, 0},
		{"request_time_alone", withTails("combined", " 0.016", " 1.203"),
			"combined", NginxCombined + " $request_time", []string{"$request_time"}, 0},
		{"main_with_times_and_addr", withTails("main", " 0.016 0.015 200 10.0.0.1:8080", " 0.030 0.010, 0.020 502, 200 10.0.0.1:8080, 10.0.0.2:8080", " 0.001 - - -"),
			"main", Presets[0].Format + " $request_time $upstream_response_time $upstream_status $upstream_addr",
			[]string{"$request_time", "$upstream_response_time", "$upstream_status", "$upstream_addr"}, 0},
		// A seconds field that is sometimes "-" is the upstream's time.
		{"upstream_time_first", withTails("combined", " - 0.016", " 0.010 0.011", " 0.002, 0.001 0.003"),
			"combined", NginxCombined + " $upstream_response_time $request_time", []string{"$upstream_response_time", "$request_time"}, 0},
		{"upstream_addr_kinds", withTails("combined", " [2001:db8::1]:80 HIT", " unix:/run/php/fpm.sock MISS", " 10.0.0.1:80 : 10.0.0.2:80 -"),
			"combined", NginxCombined + " $upstream_addr $upstream_cache_status", []string{"$upstream_addr", "$upstream_cache_status"}, 0},
		// Combined plus a quoted X-Forwarded-For is main: the tie between
		// main + tail and combined + "$http_x_forwarded_for" + tail goes
		// to the preset listed first.
		{"forwarded_for_is_main", withTails("combined", ` "203.0.113.9, 10.0.0.1" 0.016 200`, ` "-" 0.001 -`, ` "unknown, 2001:db8::2" 0.002 404`),
			"main", Presets[0].Format + " $request_time $upstream_status", []string{"$request_time", "$upstream_status"}, 0},
		{"common_request_time", withTails("common", " 0.016", " 0.002"),
			"common", nginxCommon + " $request_time", []string{"$request_time"}, 0},
		// A field that cannot be named is passed as $unknown_N to reach
		// a known one, and left unread at the end.
		{"unknown_before_known", withTails("combined", " abc 0.016 xyz", " def 0.020 -"),
			"combined", NginxCombined + " $unknown_1 $request_time", []string{"$unknown_1", "$request_time"}, 2},
		{"quoted_unknown", withTails("combined", ` 0.016 "a b" 200`, ` 0.020 "-" -`),
			"combined", NginxCombined + ` $request_time "$unknown_2" $upstream_status`, []string{"$request_time", "$unknown_2", "$upstream_status"}, 0},
		// A quoted field after combined is main's $http_x_forwarded_for,
		// whatever it holds.
		{"quoted_field_is_main", withTails("combined", ` "a b" 0.016`, ` "-" 0.020`),
			"main", Presets[0].Format + " $request_time", []string{"$request_time"}, 0},
		{"only_dashes_at_the_end", withTails("combined", " 0.016 -", " 0.020 -"),
			"combined", NginxCombined + " $request_time", []string{"$request_time"}, 2},
		{"second_status_is_unknown", withTails("combined", " 200 0.016 200", " 502 0.020 502"),
			"combined", NginxCombined + " $upstream_status $request_time", []string{"$upstream_status", "$request_time"}, 2},
		// Separators are kept as logged.
		{"tabs", withTails("combined", "\t0.016\t200", "\t0.020\t502, 504"),
			"combined", NginxCombined + "\t$request_time\t$upstream_status", []string{"$request_time", "$upstream_status"}, 0},
		{"double_spaces", withTails("combined", "  0.016  200", "  0.020  -"),
			"combined", NginxCombined + "  $request_time  $upstream_status", []string{"$request_time", "$upstream_status"}, 0},
		{"trailing_blanks", withTails("combined", " 0.016 200 ", " 0.020 -\t"),
			"combined", NginxCombined + " $request_time $upstream_status", []string{"$request_time", "$upstream_status"}, 0},
		// Inconsistent lines: the tail is what every line has alike.
		{"one_or_two_fields", withTails("combined", " 0.016 200", " 0.020", " 0.030 502, 504"),
			"combined", NginxCombined + " $request_time", []string{"$request_time"}, 2},
		{"some_without_tail", withTails("combined", " 0.016 200", "", " 0.030 502"),
			"combined", PresetFormat("combined").Source(), nil, 2},
		{"separators_differ", withTails("combined", " 0.016 200", "\t0.020 200"),
			"combined", PresetFormat("combined").Source(), nil, 2},
		{"quoting_differs", withTails("combined", ` "10.0.0.1" 0.016`, " 10.0.0.1 0.020"),
			"combined", PresetFormat("combined").Source(), nil, 2},
		{"nothing_to_name", withTails("combined", " abc", " def ghi"),
			"combined", PresetFormat("combined").Source(), nil, 2},
		// Apache's combined with an identity (%l) is no nginx line: the
		// nginx format would not parse it, so there is no tail.
		{"apache_identity", [][]byte{
			[]byte(`192.0.2.10 ident - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "-" 0.016`),
			[]byte(`192.0.2.10 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "-" 0.020`)},
			"combined", PresetFormat("combined").Source(), nil, 2},
		// combinedio's %I %O are byte counts: 0.016 is none (issue #8).
		{"not_combinedio", withTails("combined", " 0.016 200", " 0.020 504"),
			"combined", NginxCombined + " $request_time $upstream_status", []string{"$request_time", "$upstream_status"}, 0},
		{"combinedio_stays", withTails("combined", " 512 1024", " 480 -"),
			"combinedio", PresetFormat("combinedio").Source(), nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Detect(tt.lines)
			if d.Format == nil {
				t.Fatalf("Detect found nothing")
			}
			if d.Spec != Spec(d.Format) {
				t.Errorf("Spec %v is not Format %v", d.Spec, d.Format)
			}
			got := []any{d.Format.Name(), d.Format.Source(), d.Tail, d.Trailing, d.Parsed, d.Lines}
			want := []any{tt.preset, tt.source, tt.tail, tt.trailing, len(tt.lines), len(tt.lines)}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Detect =\n %q\nwant\n %q", got, want)
			}
			checkSameAsExplicit(t, d, tt.lines)
		})
	}
}

// checkSameAsExplicit: when a tail was inferred, the detected format
// gives every line the Record the explicit format string gives it.
func checkSameAsExplicit(t *testing.T, d Detection, lines [][]byte) {
	t.Helper()
	if d.Tail == nil {
		return
	}
	explicit, err := CompileNginx("custom", d.Format.Source())
	if err != nil {
		t.Fatalf("the inferred format does not compile: %v", err)
	}
	dp, ep := d.Format.NewParser(), explicit.NewParser()
	for _, l := range lines {
		var dr, er Record
		derr, eerr := dp.Parse(l, &dr), ep.Parse(l, &er)
		if eerr == nil && (derr != nil || !reflect.DeepEqual(wantOf(&dr), wantOf(&er))) {
			t.Fatalf("%q:\n detected %v %+v\n explicit %+v", l, derr, wantOf(&dr), wantOf(&er))
		}
	}
}

// TestDetectTailNeverLosesLines: whatever the tails, the detected format
// parses every line the preset alone parses.
func TestDetectTailNeverLosesLines(t *testing.T) {
	tails := []string{"", " 0.016", " 0.016 200", " 0.016 502, 504", " - -", ` "x"`, "\t0.1", "  0.2  ", " 200 0.016",
		" 0.016 502 : 504 HIT", " unix:/a 0.1", ` "1.2.3.4" 0.016`, " 0.016 200 extra", " 0.016, 0.002"}
	combined := PresetFormat("combined")
	for i := range tails {
		for j := range tails {
			for k := range tails {
				lines := withTails("combined", tails[i], tails[j], tails[k])
				d := Detect(lines)
				if d.Parsed != 3 {
					t.Fatalf("%q: Detect %s parsed %d of 3", lines, d.Describe(), d.Parsed)
				}
				p := d.Format.NewParser()
				var rec Record
				for _, l := range lines {
					if err := p.Parse(l, &rec); err != nil {
						t.Fatalf("%q: %s: %v", l, d.Describe(), err)
					}
				}
				if combined.NewParser().Parse(lines[0], &rec) != nil {
					t.Fatalf("combined rejects %q", lines[0])
				}
			}
		}
	}
}

func TestDetectionDescribe(t *testing.T) {
	tests := []struct {
		name  string
		lines [][]byte
		want  string
	}{
		{"preset", withTails("combined", ""), "combined"},
		{"tail", withTails("combined", " 0.016 200"), "combined + $request_time $upstream_status (inferred from values)"},
		{"tail_and_text", withTails("combined", " 0.016 x", " 0.010 -", ""),
			"combined, text after the last field ignored on 2 of 3 lines"},
		{"tail_with_text_left", withTails("combined", " 0.016 x", " 0.010 -"),
			"combined + $request_time (inferred from values), text after the last field ignored on 2 of 2 lines"},
		{"none", [][]byte{[]byte("junk")}, "none"},
	}
	for _, tt := range tests {
		if got := Detect(tt.lines).Describe(); got != tt.want {
			t.Errorf("%s: Describe() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestTailField splits trailing text as Parse and Detect read it.
func TestTailField(t *testing.T) {
	tests := []struct {
		name, text string
		fields     []string // with quotes
		ok         bool
	}{
		{"empty", "", nil, true},
		{"blanks", " \t ", nil, true},
		{"plain", " 0.016 200", []string{"0.016", "200"}, true},
		{"lists", " 502, 504 : 200 0.1, 0.2", []string{"502, 504 : 200", "0.1, 0.2"}, true},
		{"tabs", "\t0.016\t\t200", []string{"0.016", "200"}, true},
		{"tab_does_not_join", " 502,\t504", []string{"502,", "504"}, true},
		{"quoted", ` "a b" "" "c \"d\" e"`, []string{`"a b"`, `""`, `"c \"d\" e"`}, true},
		{"quoted_glued", ` "a"b`, nil, false},
		{"unterminated", ` 1 "a b`, []string{"1"}, false},
		{"quote_inside_token", ` a"b c`, []string{`a"b`, "c"}, true},
		{"colon_at_end", " 502 :", []string{"502", ":"}, true},
	}
	for _, tt := range tests {
		line := []byte("x" + tt.text)
		var fields []string
		ok := true
		for i := 1; i < len(line); {
			start, end, fine := tailField(line, i)
			if !fine {
				ok = false
				break
			}
			if start == len(line) {
				break
			}
			fields = append(fields, string(line[start:end]))
			i = end
		}
		if !reflect.DeepEqual(fields, tt.fields) || ok != tt.ok || trailingFields(line, 1) != tt.ok {
			t.Errorf("%s: fields %q ok %v, want %q %v", tt.name, fields, ok, tt.fields, tt.ok)
		}
	}
}

func TestTailNames(t *testing.T) {
	tests := []struct {
		values string // separated by |
		quoted bool
		want   []string
	}{
		{"0.016|1.203", false, []string{"$request_time", "$upstream_response_time"}},
		{"0.016|-", false, []string{"$upstream_response_time", "$request_time"}},
		{"0.016|0.001, 0.002|0.1 : -", false, []string{"$upstream_response_time"}},
		{"200|502, 504|502 : 504|-", false, []string{"$upstream_status"}},
		{"10.0.0.1:80|[::1]:8080, unix:/x.sock|-", false, []string{"$upstream_addr"}},
		{"HIT|MISS|-|REVALIDATED", false, []string{"$upstream_cache_status"}},
		{"203.0.113.9, 10.0.0.1|-|unknown|1.2.3.4:5678,::1", true, []string{"$http_x_forwarded_for"}},
		{"-|-", false, nil},
		{"-|-", true, nil},
		{"0.016|200", false, nil},
		{"600|200", false, nil},
		{"1.2.3|0.1", false, nil},
		{"502,504", false, nil},
		{"502, ", false, nil},
		{"10.0.0.1|10.0.0.2", false, nil},
		{"unix:|10.0.0.1:80", false, nil},
		{"0.016", true, nil},
		{"https://example.com/", true, nil},
		{"hit", false, nil},
	}
	for _, tt := range tests {
		var values [][]byte
		for _, v := range strings.Split(tt.values, "|") {
			values = append(values, []byte(v))
		}
		if got := tailNames(values, tt.quoted); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("tailNames(%q, quoted %v) = %q, want %q", tt.values, tt.quoted, got, tt.want)
		}
	}
}
