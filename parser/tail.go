package parser

// The text after a preset's last field. A preset ignores it when it is
// fields separated by blanks (spaces or tabs), so that combined plus
// $request_time $upstream_status reads as combined, while a line cut short
// inside a quoted field ("...Googlebot/2.1; +http://www.goo) is malformed
// for every preset and does not make a shorter preset look better.

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
