package parser

import (
	"bytes"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// The text after a preset's last field. A preset ignores it when it is
// fields separated by blanks (spaces or tabs), so that combined plus
// $request_time $upstream_status reads as combined, while a line cut short
// inside a quoted field ("...Googlebot/2.1; +http://www.goo) is malformed
// for every preset and does not make a shorter preset look better. Detect
// reads the same fields to name the usual nginx tails by their values.

// isSeparator reports whether c separates the fields of trailing text.
func isSeparator(c byte) bool { return c == ' ' || c == '\t' }

// tailField finds the next field of trailing text at or after i, past the
// separators before it. A field is quoted ("-", "203.0.113.9, 10.0.0.1":
// it ends at the next unescaped quote, which must be followed by a
// separator or the end of the line) or else runs to the next separator
// that does not join the items of a list ("502, 504 : 200"). It returns
// the field's bounds, quotes included, start == len(line) when no field is
// left, and ok false for a quoted field that is not closed so.
func tailField(line []byte, i int) (start, end int, ok bool) {
	for i < len(line) && isSeparator(line[i]) {
		i++
	}
	if i == len(line) {
		return i, i, true
	}
	if line[i] == '"' {
		j := indexUnescaped(line, i+1, litQuote)
		if j < 0 || j+1 < len(line) && !isSeparator(line[j+1]) {
			return i, len(line), false
		}
		return i, j + 1, true
	}
	j := i + 1
	for ; j < len(line); j++ {
		if !isSeparator(line[j]) {
			continue
		}
		joins := line[j] == ' ' && (line[j-1] == ',' || line[j-1] == ':' ||
			j+2 < len(line) && line[j+1] == ':' && line[j+2] == ' ')
		if !joins {
			break
		}
	}
	return i, j, true
}

// trailingFields reports whether line from i on is well-formed trailing
// text: separated fields, every quoted one closed.
func trailingFields(line []byte, i int) bool {
	for i < len(line) {
		_, end, ok := tailField(line, i)
		if !ok {
			return false
		}
		i = end
	}
	return true
}

// nginxCommon is the Common Log Format in nginx's log_format syntax.
const nginxCommon = `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent`

// nginxSpelling returns preset p in nginx's log_format syntax, the start of
// a format with a tail, or "" for the presets nginx does not write.
func nginxSpelling(p Preset) string {
	switch {
	case p.Syntax == "nginx":
		return p.Format
	case p.Name == "combined":
		return NginxCombined
	case p.Name == "common":
		return nginxCommon
	}
	return ""
}

// tailValue is one field of trailing text.
type tailValue struct {
	sep    string // the separators before it
	value  []byte // without its quotes
	quoted bool
}

// splitTail splits the trailing text of line, from from on, into fields.
func splitTail(line []byte, from int) []tailValue {
	var vs []tailValue
	for i := from; i < len(line); {
		start, end, ok := tailField(line, i)
		if !ok || start == len(line) {
			break
		}
		v := tailValue{sep: string(line[i:start]), value: line[start:end]}
		if line[start] == '"' {
			v.value, v.quoted = line[start+1:end-1], true
		}
		vs = append(vs, v)
		i = end
	}
	return vs
}

// inferTail looks at the text preset p left unread on the sample lines
// (trial t) and names its fields by their values (see nameTail). The
// result is p in nginx's syntax followed by those fields, compiled, when
// it parses every line p parsed: else the tail is cut shorter, and without
// any field named there is none (ok false).
func inferTail(p Preset, lines [][]byte, t trial) (d Detection, read int, ok bool) {
	var rows [][]tailValue // the fields after p's, per line p parsed
	for i, at := range t.trails {
		switch {
		case at == 0:
			rows = append(rows, nil)
		case at > 0:
			rows = append(rows, splitTail(bytes.TrimSuffix(lines[i], []byte{'\r'}), at))
		}
	}
	names := nameTail(rows)
	for n := len(names); n > 0; n-- {
		if names[n-1] == "" {
			continue // a field nobody can name ends no tail
		}
		src, tail := tailFormat(nginxSpelling(p), rows[0][:n], names[:n])
		f, err := compileNginx(p.Name, src, true)
		if err != nil {
			continue
		}
		if tt := try(f, lines); covers(tt, t) {
			return Detection{Format: f, Parsed: tt.parsed, Lines: tt.lines, Tail: tail, Trailing: tt.trailing}, tt.read, true
		}
	}
	return Detection{}, 0, false
}

// covers reports whether trial a parsed every line b parsed.
func covers(a, b trial) bool {
	for i := range b.trails {
		if b.trails[i] >= 0 && a.trails[i] < 0 {
			return false
		}
	}
	return true
}

// tailFormat writes base followed by the fields, named; a field without a
// name is "$unknown_N", N its position in the tail from 1.
func tailFormat(base string, fields []tailValue, names []string) (src string, tail []string) {
	var b strings.Builder
	b.WriteString(base)
	for i, f := range fields {
		name := names[i]
		if name == "" {
			name = "$unknown_" + strconv.Itoa(i+1)
		}
		tail = append(tail, name)
		b.WriteString(f.sep)
		if f.quoted {
			name = `"` + name + `"`
		}
		b.WriteString(name)
	}
	return b.String(), tail
}

// nameTail names the fields of the rows by position, over the fields
// every row has with the same separators and quoting: a field is named by
// the values all the rows hold there (see tailNames), each name once, and
// "" when none fits.
func nameTail(rows [][]tailValue) []string {
	if len(rows) == 0 {
		return nil
	}
	n := len(rows[0])
	for _, r := range rows {
		n = min(n, len(r))
	}
	var names []string
	used := map[string]bool{}
	values := make([][]byte, len(rows))
	for pos := range n {
		first := rows[0][pos]
		for i, r := range rows {
			if r[pos].sep != first.sep || r[pos].quoted != first.quoted {
				return names
			}
			values[i] = r[pos].value
		}
		name := ""
		for _, c := range tailNames(values, first.quoted) {
			if !used[c] {
				name, used[c] = c, true
				break
			}
		}
		names = append(names, name)
	}
	return names
}

// tailNames returns the variables whose values the field's values look
// like, likelier first, when at least one value is not "-":
//
//	$request_time             0.016 (never "-": a field with "-" is more
//	                          likely the upstream's time)
//	$upstream_response_time   0.016, "0.001, 0.002", "0.001 : 0.002", -
//	$upstream_status          200, "502, 504", "502 : 504", -
//	$upstream_addr            10.0.0.1:80, [2001:db8::1]:80, unix:/run/a.sock, lists, -
//	$upstream_cache_status    HIT, MISS, BYPASS, EXPIRED, STALE, UPDATING, REVALIDATED, -
//	"$http_x_forwarded_for"   quoted: "203.0.113.9, 10.0.0.1", "unknown", "-"
func tailNames(values [][]byte, quoted bool) []string {
	all := func(fits func([]byte) bool) bool {
		some := false
		for _, v := range values {
			if !isDash(v) {
				if !fits(v) {
					return false
				}
				some = true
			}
		}
		return some
	}
	list := func(fits func([]byte) bool) func([]byte) bool {
		return func(v []byte) bool { return eachItem(v, fits) }
	}
	switch {
	case quoted:
		if all(isForwardedFor) {
			return []string{"$http_x_forwarded_for"}
		}
	case all(isSeconds):
		if slices.ContainsFunc(values, isDash) {
			return []string{"$upstream_response_time", "$request_time"}
		}
		return []string{"$request_time", "$upstream_response_time"}
	case all(list(isSeconds)):
		return []string{"$upstream_response_time"}
	case all(list(isStatusCode)):
		return []string{"$upstream_status"}
	case all(list(isUpstreamAddr)):
		return []string{"$upstream_addr"}
	case all(isCacheStatus):
		return []string{"$upstream_cache_status"}
	}
	return nil
}

func isDash(v []byte) bool { return len(v) == 1 && v[0] == '-' }

// eachItem reports whether every item of the list v ("502, 504 : 200")
// is "-" or fits.
func eachItem(v []byte, fits func([]byte) bool) bool {
	for {
		var item []byte
		more := false
		switch i := bytes.IndexByte(v, ' '); {
		case i < 0:
			item = v
		case i > 0 && v[i-1] == ',':
			item, v, more = v[:i-1], v[i+1:], true
		case bytes.HasPrefix(v[i:], []byte(" : ")):
			item, v, more = v[:i], v[i+3:], true
		default:
			return false
		}
		if !isDash(item) && !fits(item) {
			return false
		}
		if !more {
			return true
		}
	}
}

func isDigits(v []byte) bool {
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(v) > 0
}

// isSeconds reports whether v is decimal seconds as nginx logs them: 0.016.
func isSeconds(v []byte) bool {
	dot := bytes.IndexByte(v, '.')
	return dot > 0 && isDigits(v[:dot]) && isDigits(v[dot+1:])
}

// isStatusCode reports whether v is a status code from 100 to 599.
func isStatusCode(v []byte) bool {
	return len(v) == 3 && v[0] >= '1' && v[0] <= '5' && isDigits(v[1:])
}

// isUpstreamAddr reports whether v is an upstream address as nginx logs
// it: an IP address and a port, or unix: and a socket path.
func isUpstreamAddr(v []byte) bool {
	if bytes.HasPrefix(v, []byte("unix:")) {
		return len(v) > len("unix:") && noBlank(v)
	}
	_, err := netip.ParseAddrPort(string(v))
	return err == nil
}

// isForwardedFor reports whether v is an X-Forwarded-For list: addresses
// (a port allowed) or "unknown", joined by commas.
func isForwardedFor(v []byte) bool {
	for item := range bytes.SplitSeq(v, []byte{','}) {
		item = bytes.TrimSpace(item)
		if string(item) == "unknown" {
			continue
		}
		if _, err := netip.ParseAddr(string(item)); err == nil {
			continue
		}
		if _, err := netip.ParseAddrPort(string(item)); err != nil {
			return false
		}
	}
	return true
}

// isCacheStatus reports whether v is an $upstream_cache_status.
func isCacheStatus(v []byte) bool {
	switch string(v) {
	case "HIT", "MISS", "BYPASS", "EXPIRED", "STALE", "UPDATING", "REVALIDATED":
		return true
	}
	return false
}
