package parser

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSplitPlainRequest compares splitPlainRequest with splitRequest on
// the requests it is given: without quotes or backslashes.
func TestSplitPlainRequest(t *testing.T) {
	ends := []string{" HTTP/1.1", " HTTP/2.0", " HTTP/1", " HTTP/10.0", " HTTP/ 1 ", " HTTP/1. ", " HTTP/1 1", " HTTP/11 ",
		" HTTP/1.1 ", "  HTTP/1.1", "HTTP/1.1", " HTTPS/1.1", " http/1.1", " HTTP/", " HTTP/\x00\x00\x00", "", " ", "/", " a b"}
	starts := []string{"GET /", "GET ", "G /x", "GET /a b", "\x16\x03 /", "- ", " /", "GET", "OPTIONS *", "PROPFIND /",
		"GE\x7fT /", "GE\x80T /", "GE\tT /", "GÉT /", "1234567 /", "12345678 /"}
	var reqs []string
	for _, s := range starts {
		for _, e := range ends {
			reqs = append(reqs, s+e, s+"x"+e, s+"/a/long/path"+e, e, s+e+e)
		}
	}
	r := rand.New(rand.NewPCG(12, 0))
	alphabet := []byte(" HTP/1.GETx\t\x7f\x80")
	for range 100000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		reqs = append(reqs, string(b))
	}
	for _, q := range reqs {
		var rec Record
		m, p, pr := splitRequest([]byte(q)) // what the caller does on false
		if splitPlainRequest([]byte(q), &rec) {
			m, p, pr = rec.Method, rec.Path, rec.Protocol
		} else if rec.Method != nil || rec.Path != nil || rec.Protocol != nil {
			t.Fatalf("splitPlainRequest(%q) is false, having stored %q %q %q", q, rec.Method, rec.Path, rec.Protocol)
		}
		wm, wp, wpr := splitRequest([]byte(q))
		if !bytes.Equal(m, wm) || !bytes.Equal(p, wp) || !bytes.Equal(pr, wpr) || (m == nil) != (wm == nil) || (pr == nil) != (wpr == nil) || (p == nil) != (wp == nil) {
			t.Fatalf("splitPlainRequest(%q) = %q %q %q, splitRequest %q %q %q", q, m, p, pr, wm, wp, wpr)
		}
	}
}

// TestWordNumber compares wordNumber, on wordAt's words, with a byte loop
// at every position of lines of digits and the bytes that end numbers, the
// line's end included.
func TestWordNumber(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 0))
	alphabet := []byte("0123456789999 -\"/\x00")
	for range 20000 {
		line := make([]byte, 8+r.IntN(12))
		for i := range line {
			line[i] = alphabet[r.IntN(len(alphabet))]
		}
		for pos := 0; pos <= len(line); pos++ {
			d, v := wordNumber(wordAt(line, pos))
			wd, wv := 0, int64(0)
			for pos+wd < len(line) && line[pos+wd] >= '0' && line[pos+wd] <= '9' {
				wv = wv*10 + int64(line[pos+wd]-'0')
				wd++
			}
			if wd >= 8 {
				wd, wv = 0, 0
			}
			if d != wd || d > 0 && v != wv {
				t.Fatalf("wordNumber(wordAt(%q, %d)) = %d, %d, want %d, %d", line, pos, d, v, wd, wv)
			}
		}
	}
}

// TestStatus3 compares status3 with parseStatus on every value of three
// bytes and a fourth from a set that ends a status or does not, at the end
// of the line or before more.
func TestStatus3(t *testing.T) {
	set := []byte("0123456789 /:-\x00\xb0\xf9")
	for _, a := range set {
		for _, b := range set {
			for _, c := range set {
				for _, e := range set {
					v := []byte{a, b, c, e}
					for _, line := range [][]byte{v, append(v, "123"...), v[:3]} {
						st, d := status3(line, 0)
						want, ok := parseStatus(v[:3])
						ok = ok && len(line) >= 4 && e == ' ' && !strings.Contains(string(v[:3]), "-")
						if (d == 3) != ok || d != 0 && d != 3 || ok && st != want {
							t.Fatalf("status3(%q) = %d, %d; parseStatus %d, %v", line, st, d, want, ok)
						}
					}
				}
			}
		}
	}
}
