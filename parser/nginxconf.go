package parser

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// MaxNginxConfSize is the most NginxLogFormat reads: nginx configurations
// are kilobytes, and a larger input is some other file given by mistake
// (a log), not to be read whole.
const MaxNginxConfSize = 8 << 20

// ErrConfTooLarge is returned (wrapped in a *ConfError) for an input longer
// than MaxNginxConfSize.
var ErrConfTooLarge = errors.New("file is larger than 8 MiB: not an nginx configuration?")

// ConfError is an error in an nginx configuration at a line (1-based; 0
// when the error is about the whole input).
type ConfError struct {
	Line int
	Msg  string
	Err  error // the cause, for errors.Is (ErrConfTooLarge), or nil
}

func (e *ConfError) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

func (e *ConfError) Unwrap() error { return e.Err }

// NginxLogFormat reads an nginx configuration and returns the format string
// of `log_format NAME ...;`. It follows the nginx configuration syntax:
// # comments, single- and double-quoted strings with backslash escapes, a
// format split over several strings and lines, and the optional
// escape=default|json|none parameter. "combined" is built into nginx and is
// returned even when the file does not define it. include is not followed.
// As nginx does, it refuses two log_format directives of one name (and
// one named combined). It reads at most MaxNginxConfSize bytes.
func NginxLogFormat(r io.Reader, name string) (string, error) {
	lr := &io.LimitedReader{R: r, N: MaxNginxConfSize + 1}
	toks, err := nginxTokens(bufio.NewReader(lr))
	if lr.N == 0 {
		return "", &ConfError{Msg: ErrConfTooLarge.Error(), Err: ErrConfTooLarge}
	}
	if err != nil {
		return "", err
	}
	formats, err := logFormats(toks)
	if err != nil {
		return "", err
	}
	if f, ok := formats[name]; ok {
		return f.format, nil
	}
	if name == "combined" {
		return NginxCombined, nil
	}
	if len(formats) == 0 {
		return "", fmt.Errorf("no log_format directive found")
	}
	found := make([]string, 0, len(formats))
	for n := range formats {
		found = append(found, n)
	}
	sort.Strings(found)
	return "", fmt.Errorf("no log_format named %q (found: %s)", name, strings.Join(found, ", "))
}

// logFormat is one log_format directive.
type logFormat struct {
	format string
	line   int
}

// logFormats collects the log_format directives by name: a name defined
// twice, or "combined" (built in), is an error as it is for nginx.
func logFormats(toks []confToken) (map[string]logFormat, error) {
	formats := map[string]logFormat{}
	for i := 0; i < len(toks); i++ {
		if toks[i].word != "log_format" || toks[i].quoted || i+1 >= len(toks) {
			continue
		}
		j := i + 1
		n, line := toks[j].word, toks[j].line
		if prev, dup := formats[n]; dup {
			return nil, &ConfError{Line: line, Msg: fmt.Sprintf("duplicate log_format name %q (first defined at line %d): nginx refuses the configuration", n, prev.line)}
		}
		if n == "combined" {
			return nil, &ConfError{Line: line, Msg: `duplicate log_format name "combined": combined is built into nginx, which refuses the configuration`}
		}
		var b strings.Builder
		for j++; j < len(toks) && !(toks[j].word == ";" && !toks[j].quoted); j++ {
			if !toks[j].quoted && strings.HasPrefix(toks[j].word, "escape=") {
				continue
			}
			b.WriteString(toks[j].word)
		}
		formats[n] = logFormat{format: b.String(), line: line}
		i = j
	}
	return formats, nil
}

type confToken struct {
	word   string
	quoted bool
	line   int // where the token starts
}

// nginxTokens splits an nginx configuration into words, quoted strings and
// the punctuation ; { }.
func nginxTokens(r *bufio.Reader) ([]confToken, error) {
	var toks []confToken
	var word strings.Builder
	inWord := false
	line := 1
	wordLine := 0
	emit := func() {
		if inWord {
			toks = append(toks, confToken{word: word.String(), line: wordLine})
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
			toks = append(toks, confToken{word: string(c), line: line})
		case (c == '"' || c == '\'') && !inWord:
			var s strings.Builder
			start := line
			for {
				d, err := r.ReadByte()
				if err != nil {
					return nil, &ConfError{Line: start, Msg: fmt.Sprintf("unterminated %c string", c)}
				}
				if d == '\n' {
					line++
				}
				if d == '\\' {
					e, err := r.ReadByte()
					if err != nil {
						return nil, &ConfError{Line: start, Msg: fmt.Sprintf("unterminated %c string", c)}
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
			toks = append(toks, confToken{word: s.String(), quoted: true, line: start})
		default:
			if !inWord {
				inWord, wordLine = true, line
			}
			word.WriteByte(c)
		}
	}
}
