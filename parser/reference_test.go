package parser

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// parseReference is Parse without its fast paths: every segment is
// delimited by find and stored by set. Parse must give the same Record and
// the same error for every line; checkLine compares the two.
func (p *lineParser) parseReference(line []byte, rec *Record) error {
	f := p.f
	rec.reset(len(f.extras))
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) == 0 {
		return p.fail(ReasonEmpty, 0)
	}
	if !bytes.HasPrefix(line, f.prefix) {
		return p.fail(ReasonMismatch, 0)
	}
	if cap(p.scratch) < len(line) {
		p.scratch = make([]byte, 0, len(line)+len(line)/4)
	}
	p.scratch = p.scratch[:0]
	pos := len(f.prefix)
	for i := range f.segs {
		s := &f.segs[i]
		end, next, res := s.find(line, pos)
		switch res {
		case foundNoDelim:
			return p.fail(s.errDelim, pos)
		case foundBadWidth:
			return p.fail(s.errValue, pos)
		}
		if s.last && next != len(line) && !(f.trailing && (line[next] == ' ' || line[next] == '\t') && trailingFields(line, next)) {
			return p.fail(s.errTrailing, end)
		}
		v := line[pos:end]
		if s.checkBlank && !noBlank(v) {
			return p.fail(s.errValue, pos)
		}
		if !p.set(s, v, rec) {
			return p.fail(s.errValue, pos)
		}
		pos = next
	}
	return nil
}

// checkFastPaths fails when Parse and parseReference disagree on line,
// with text fields decoded and left raw.
func checkFastPaths(t *testing.T, f *Format, line []byte) {
	t.Helper()
	for _, raw := range []Fields{0, FieldUser | FieldReferer | FieldUserAgent} {
		fast, ref := f.NewParser().(*lineParser), f.NewParser().(*lineParser)
		fast.Raw(raw)
		ref.Raw(raw)
		var b Record
		errB := ref.parseReference(line, &b)
		// Twice: the second time, the caches (the time's) hold the line.
		for range 2 {
			var a Record
			errA := fast.Parse(line, &a)
			if (errA == nil) != (errB == nil) || errA != nil && *errA.(*LineError) != *errB.(*LineError) {
				t.Fatalf("format %q, line %q (raw %b): Parse says %v, the reference %v", f.Source(), line, raw, errA, errB)
			}
			if errA == nil && !reflect.DeepEqual(a, b) {
				t.Fatalf("format %q, line %q (raw %b):\n Parse     %+v\n reference %+v", f.Source(), line, raw, a, b)
			}
		}
	}
}

// TestFastPathsOnFixtures runs the comparison over the fixture table and
// over each fixture line cut at every byte, which puts the end of the line
// inside each fast path.
func TestFastPathsOnFixtures(t *testing.T) {
	for _, fx := range fixtures {
		if len(fx.line) > 1<<12 {
			continue
		}
		f := mustCompile(t, fx.format)
		for n := 0; n <= len(fx.line); n++ {
			checkFastPaths(t, f, []byte(fx.line[:n]))
		}
	}
}

// TestFastPathsEdges compares Parse with the reference on formats built to
// reach the edges of the fast paths: literals that start with "-" or a
// digit, numbers too long to be numbers, "-" in each kind of field.
func TestFastPathsEdges(t *testing.T) {
	tests := []struct {
		name   string
		format string
		lines  []string
	}{
		{"literal starting with a dash", `$remote_addr-$status-$body_bytes_sent`,
			[]string{"--200-5", "a-200-5", "a--200-5", "a-200--", "a-200-", "---", "a-2000-5", "a-20-5-"}},
		{"literal starting with a digit", `$remote_addr 1$status 2$body_bytes_sent`,
			[]string{"a 1200 25", "a 1-- 2-", "a 12001 2", "a 1200 222", "a 1 2"}},
		{"digit literal right after the number", `%h %>s1%b7 %u`,
			[]string{"a 2001507 u", "a 1211 57 u", "a 21177 u", "a 2001-7 u", "a -1-7 u"}},
		{"dash before a longer literal", `$remote_user -: $status -: $request_time`,
			[]string{"- -: 200 -: -", "-- -: 200 -: 0.1", "- -:200 -: -", "- -: - -: -", "x -: 200 -: 1"}},
		{"quoted dashes", `"$http_referer" "$status" "$http_user_agent" $body_bytes_sent`,
			[]string{`"-" "200" "-" 5`, `"-" "-" "-" -`, `"--" "200" "-\"" 5`, `"-\" "200" "-" 5`, `"-" "200" "-" 5 `}},
		{"numbers at their limits", `$status $body_bytes_sent $host`,
			[]string{"200 123456789012345678 h", "200 1234567890123456789 h", "999 0 h", "1000 0 h", "20 - h", "0 0 h", "2x0 1 h", "200 1x h"}},
		{"dash kinds", `$remote_addr $upstream_status $time_local $status $request_method $request_uri $server_protocol $upstream_addr $sent_http_x_err_code $msec $x`,
			[]string{"- - 18/Jul/2023:13:44:16 +0000 200 - - - - - - -", "a 502 18/Jul/2023:13:44:16 +0000 - GET / HTTP/1.1 - - 1.5 -"}},
		{"combined, Apache's spelling", "combined", combinedEdges},
		{"combined, nginx's spelling", NginxCombined, combinedEdges},
		{"common, Apache's spelling", "common", commonEdges},
		{"common, nginx's spelling", nginxCommon, commonEdges},
		{"last fields", `$status "$request"`,
			[]string{`200 "-"`, `200 "-" `, `- "GET / HTTP/1.1"`, `200 "`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Compile(tt.format)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range tt.lines {
				for n := 0; n <= len(l); n++ {
					checkFastPaths(t, f, []byte(l[:n]))
				}
			}
		})
	}
}

// combinedEdges are lines around what parseCombined accepts.
var combinedEdges = []string{
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"`,
	`1.2.3.4 x - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"`,
	`1.2.3.4 - \x41b\" [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"`,
	`1.2.3.4 - a b [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"`,
	`1.2.3.4 - a[b [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 12345678 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 123456789 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 1234567890123456789 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] xGET / HTTP/1.1" 200 5 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000]x"GET / HTTP/1.1" 200 5 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "-" - - "-" "-"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "" 000 0 "" ""`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET /a\"b HTTP/1.1" 404 0 "http://x/\x22" "a \"q\" b\\"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "ua" x`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "u"a"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "ua`,
	`1.2.3.4 - - [18/Jly/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 2000 5 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 20 -5 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 - "ua"`,
	"1.2.3.4\t- - [18/Jul/2023:13:44:16 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"",
	` - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"`,
	`1.2.3.4 - -x[18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET /"x200 5 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] " GET / HTTP/1.1 200 5 - ua`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/ 11" 200 5 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET /a\b HTTP/1.1" 200 5 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "r\" "e" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "r\\" "ua\\"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-"x"ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "r" "ua\" x"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "r" xua"`,
}

// commonEdges are lines around what parseCombined accepts as common: the
// numbers at the end of the line.
var commonEdges = []string{
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 1234567`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 12345678`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 123456789`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 -`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 -1`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5x`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 20 5`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 2000 5`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 2:0 5`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" - 5`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET /"x200 5`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 200 5 0.1`,
	`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "\x16\x03" 400 0`,
}

// TestIndexBlank compares indexBlank with a byte loop for a blank or a
// high byte at every position of lines of every length up to 40, and for
// runs of bytes just above and below the limit (borrows between bytes).
func TestIndexBlank(t *testing.T) {
	want := func(line []byte, pos int) int {
		for i := pos; i < len(line); i++ {
			if line[i] <= ' ' {
				return i
			}
		}
		return -1
	}
	fills := []byte{'a', 0x21, 0x80, 0xa0, 0xff}
	marks := []byte{' ', 0, '\t', 0x1f, 0x20}
	for n := 0; n <= 40; n++ {
		for _, fill := range fills {
			line := bytes.Repeat([]byte{fill}, n)
			for pos := 0; pos <= n; pos++ {
				if got := indexBlank(line, pos); got != want(line, pos) {
					t.Fatalf("indexBlank(%q, %d) = %d, want %d", line, pos, got, want(line, pos))
				}
			}
			for at := 0; at < n; at++ {
				for _, m := range marks {
					l := bytes.Clone(line)
					l[at] = m
					if at+1 < n {
						l[at+1] = 0x20 // a blank after a blank
					}
					for pos := 0; pos <= n; pos++ {
						if got := indexBlank(l, pos); got != want(l, pos) {
							t.Fatalf("indexBlank(%q, %d) = %d, want %d", l, pos, got, want(l, pos))
						}
					}
				}
			}
		}
	}
}

// TestDigits checks leadingDigits and eightDigits on every number of one to
// eight digits up to 10^5 and on a spread beyond, each followed by every
// kind of byte that may end it.
func TestDigits(t *testing.T) {
	ends := []byte{' ', '"', '/', ':', '.', 0, 0xff, 'a', '-'}
	check := func(v uint64) {
		digits := strconv.FormatUint(v, 10)
		for pad := len(digits); pad <= 8; pad++ {
			num := strings.Repeat("0", pad-len(digits)) + digits
			for _, e := range ends {
				buf := []byte(num + string(e) + "12345678")[:8]
				w := binary.LittleEndian.Uint64(buf)
				d := leadingDigits(w)
				if d != len(num) {
					t.Fatalf("leadingDigits(%q) = %d, want %d", buf, d, len(num))
				}
				if got := eightDigits(w << (8 * (8 - d))); d < 8 && got != v {
					t.Fatalf("eightDigits(%q) = %d, want %d", num, got, v)
				}
			}
		}
	}
	for v := uint64(0); v < 100000; v++ {
		check(v)
	}
	for v := uint64(100000); v < 100000000; v += 9973 {
		check(v)
	}
	check(99999999)
	// Every byte value in every position of an otherwise all-digit word.
	for at := 0; at < 8; at++ {
		for c := 0; c < 256; c++ {
			buf := []byte("98765432")
			buf[at] = byte(c)
			want := at
			if c >= '0' && c <= '9' {
				want = 8
			}
			if d := leadingDigits(binary.LittleEndian.Uint64(buf)); d != want {
				t.Fatalf("leadingDigits(%q) = %d, want %d", buf, d, want)
			}
		}
	}
}

// TestFastShape checks which formats take parseCombined, and that it
// really accepts their usual line, short ones near the end of the line
// included (else the fast path would be dead code).
func TestFastShape(t *testing.T) {
	for format, want := range map[string]fastShape{
		"combined": fastCombined, "hsphere": fastCombined, NginxCombined: fastCombined,
		`%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`: fastCombined,
		"main": fastNone, "common": fastCommon, nginxCommon: fastCommon, "vcombined": fastNone, "combinedio": fastNone, "vcommon": fastNone,
		NginxCombined + " $request_time": fastNone, `%h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`: fastCombined,
		`$remote_addr - $remote_user [$time_local] "$request" $status $bytes_sent "$http_referer" "$http_user_agent"`:    fastCombined,
		`$remote_addr $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`: fastNone,
		`%h %l %u %t "%r" %>s %b %D`: fastNone,
	} {
		f := mustCompile(t, format)
		if f.fast != want {
			t.Errorf("%q: fast = %v, want %v", format, f.fast, want)
		}
		if want == fastNone {
			continue
		}
		p := f.NewParser().(*lineParser)
		var rec Record
		name := "combined"
		if want == fastCommon {
			name = "common"
		}
		lines := []string{renderLine(name, realistic)}
		if want == fastCommon {
			lines = append(lines, `1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 404 0`,
				`1.2.3.4 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/1.1" 304 -`)
		}
		for _, line := range lines {
			if !p.parseCombined([]byte(line), &rec) {
				t.Errorf("%q: parseCombined rejects %q", format, line)
			}
		}
	}
}

// splitRequestReference is splitRequest as it was before the shortcut for
// a request that ends in " HTTP/x.y".
func splitRequestReference(r []byte) (method, path, proto []byte) {
	if len(r) == 0 {
		return nil, nil, nil
	}
	sp := bytes.IndexByte(r, ' ')
	if sp <= 0 {
		return nil, r, nil
	}
	for _, c := range r[:sp] {
		if !isTokenByte(c) {
			return nil, r, nil
		}
	}
	method, rest := r[:sp], r[sp+1:]
	if last := bytes.LastIndexByte(rest, ' '); last >= 0 && bytes.HasPrefix(rest[last+1:], []byte("HTTP/")) {
		return method, rest[:last], rest[last+1:]
	}
	return method, rest, nil
}

func TestSplitRequestReference(t *testing.T) {
	ends := []string{" HTTP/1.1", " HTTP/2.0", " HTTP/1", " HTTP/10.0", " HTTP/ 1 ", " HTTP/1. ", " HTTP/1.1 ", "  HTTP/1.1",
		"HTTP/1.1", " HTTPS/1.1", " http/1.1", " HTTP/", " HTTP/\x00\x00\x00", "", " ", "/", " a b"}
	starts := []string{"GET /", "GET ", "G /x", "GET /a b", "\x16\x03 /", "- ", " /", "GET", "PO\"ST /"}
	var reqs []string
	for _, s := range starts {
		for _, e := range ends {
			reqs = append(reqs, s+e, s+"x"+e, e, s+e+e)
		}
	}
	r := rand.New(rand.NewPCG(11, 0))
	alphabet := []byte(" HTP/1.GETx\"\\\t")
	for range 50000 {
		b := make([]byte, r.IntN(20))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		reqs = append(reqs, string(b))
	}
	for _, q := range reqs {
		m, p, pr := splitRequest([]byte(q))
		wm, wp, wpr := splitRequestReference([]byte(q))
		if !bytes.Equal(m, wm) || !bytes.Equal(p, wp) || !bytes.Equal(pr, wpr) || (m == nil) != (wm == nil) || (pr == nil) != (wpr == nil) || (p == nil) != (wp == nil) {
			t.Fatalf("splitRequest(%q) = %q %q %q, the reference %q %q %q", q, m, p, pr, wm, wp, wpr)
		}
	}
}

// TestCombinedSetsEveryField parses combined lines into a Record whose
// every field holds a leftover value: parseCombined does not reset it
// first, so it must set each field itself, including any added later.
func TestCombinedSetsEveryField(t *testing.T) {
	f := mustCompile(t, "combined")
	for _, line := range combinedEdges {
		var fresh, used Record
		errFresh := f.NewParser().Parse([]byte(line), &fresh)
		fillRecord(&used)
		errUsed := f.NewParser().Parse([]byte(line), &used)
		if (errFresh == nil) != (errUsed == nil) {
			t.Fatalf("%q: %v into a fresh Record, %v into a used one", line, errFresh, errUsed)
		}
		// An empty Extra keeps the storage it had: nil or not is no matter.
		if len(used.Extra) == 0 && len(fresh.Extra) == 0 {
			used.Extra, fresh.Extra = nil, nil
		}
		if errFresh == nil && !reflect.DeepEqual(fresh, used) {
			t.Errorf("%q into a used Record:\n %+v\nwant\n %+v", line, used, fresh)
		}
	}
}

// fillRecord gives every field of r a value no parser would leave there.
func fillRecord(r *Record) {
	v := reflect.ValueOf(r).Elem()
	for i := range v.NumField() {
		switch fv := v.Field(i); fv.Kind() {
		case reflect.Slice:
			if fv.Type().Elem().Kind() == reflect.Uint8 {
				fv.SetBytes([]byte("leftover"))
			} else {
				fv.Set(reflect.ValueOf([][]byte{[]byte("leftover")}))
			}
		case reflect.Int, reflect.Int64:
			fv.SetInt(12345)
		case reflect.Struct:
			fv.Set(reflect.ValueOf(time.Date(1999, 1, 2, 3, 4, 5, 6, time.UTC)))
		default:
			panic("fillRecord: a field of kind " + fv.Kind().String())
		}
	}
}
