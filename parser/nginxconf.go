package parser

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
)

// NginxLogFormat reads an nginx configuration and returns the format string
// of `log_format NAME ...;`. It follows the nginx configuration syntax:
// # comments, single- and double-quoted strings with backslash escapes, a
// format split over several strings and lines, and the optional
// escape=default|json|none parameter. "combined" is built into nginx and is
// returned even when the file does not define it. include is not followed.
func NginxLogFormat(r io.Reader, name string) (string, error) {
	toks, err := nginxTokens(bufio.NewReader(r))
	if err != nil {
		return "", err
	}
	var found []string
	for i := 0; i < len(toks); i++ {
		if toks[i].word != "log_format" || toks[i].quoted || i+1 >= len(toks) {
			continue
		}
		j := i + 1
		n := toks[j].word
		found = append(found, n)
		if n != name {
			continue
		}
		var b strings.Builder
		for j++; j < len(toks) && !(toks[j].word == ";" && !toks[j].quoted); j++ {
			if !toks[j].quoted && strings.HasPrefix(toks[j].word, "escape=") {
				continue
			}
			b.WriteString(toks[j].word)
		}
		return b.String(), nil
	}
	if name == "combined" {
		return NginxCombined, nil
	}
	sort.Strings(found)
	if len(found) == 0 {
		return "", fmt.Errorf("no log_format directive found")
	}
	return "", fmt.Errorf("no log_format named %q (found: %s)", name, strings.Join(found, ", "))
}

type confToken struct {
	word   string
	quoted bool
}

// nginxTokens splits an nginx configuration into words, quoted strings and
// the punctuation ; { }.
func nginxTokens(r *bufio.Reader) ([]confToken, error) {
	var toks []confToken
	var word strings.Builder
	inWord := false
	line := 1
	emit := func() {
		if inWord {
			toks = append(toks, confToken{word: word.String()})
			word.Reset()
			inWord = false
		}
	}
	for {
		c, err := r.ReadByte()
		if err == io.EOF {
			emit()
			return toks, nil
		}
		if err != nil {
			return nil, err
		}
		switch {
		case c == '\n':
			line++
			emit()
		case c == ' ' || c == '\t' || c == '\r':
			emit()
		case c == '#' && !inWord:
			if _, err := r.ReadString('\n'); err != nil && err != io.EOF {
				return nil, err
			}
			line++
		case c == ';' || c == '{' || c == '}':
			emit()
			toks = append(toks, confToken{word: string(c)})
		case (c == '"' || c == '\'') && !inWord:
			var s strings.Builder
			start := line
			for {
				d, err := r.ReadByte()
				if err != nil {
					return nil, fmt.Errorf("line %d: unterminated %c string", start, c)
				}
				if d == '\n' {
					line++
				}
				if d == '\\' {
					e, err := r.ReadByte()
					if err != nil {
						return nil, fmt.Errorf("line %d: unterminated %c string", start, c)
					}
					switch e {
					case '"', '\'', '\\':
						s.WriteByte(e)
					case 't':
						s.WriteByte('\t')
					case 'n':
						s.WriteByte('\n')
					case 'r':
						s.WriteByte('\r')
					default:
						s.WriteByte('\\')
						s.WriteByte(e)
					}
					continue
				}
				if d == c {
					break
				}
				s.WriteByte(d)
			}
			toks = append(toks, confToken{word: s.String(), quoted: true})
		default:
			inWord = true
			word.WriteByte(c)
		}
	}
}
