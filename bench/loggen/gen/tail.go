package gen

import (
	"fmt"
	"strconv"
	"strings"
)

// TailFields are the fields Config.Tail may append, as nginx logs them.
var TailFields = []string{"request_time", "upstream_response_time", "upstream_status", "upstream_addr", "x_forwarded_for"}

// tailVars are the log_format spellings of TailFields.
var tailVars = []string{"$request_time", "$upstream_response_time", "$upstream_status", "$upstream_addr", `"$http_x_forwarded_for"`}

const (
	tailRequestTime = iota
	tailUpstreamTime
	tailUpstreamStatus
	tailUpstreamAddr
	tailForwardedFor
)

// LogFormat returns the nginx log_format or Apache LogFormat of the lines
// c makes, its tail included; "" for a CDN format (logstat knows those by
// name).
func (c Config) LogFormat() string {
	format := c.Format
	if format == "" {
		format = "combined"
	}
	parts := []string{LogFormats[format]}
	for _, t := range c.Tail {
		for i, name := range TailFields {
			if t == name {
				parts = append(parts, tailVars[i])
			}
		}
	}
	return strings.Join(parts, " ")
}

// setTail checks c.Tail and keeps it in g.
func (g *Generator) setTail(c Config) error {
	if len(c.Tail) > 0 && g.format != fmtCombined {
		return fmt.Errorf("a tail goes after the combined format, not %s", c.Format)
	}
	seen := map[string]bool{}
	for _, t := range c.Tail {
		i := 0
		for i < len(TailFields) && TailFields[i] != t {
			i++
		}
		if i == len(TailFields) {
			return fmt.Errorf("unknown tail field %q (want %s)", t, strings.Join(TailFields, ", "))
		}
		if seen[t] {
			return fmt.Errorf("tail field %q twice", t)
		}
		seen[t] = true
		g.tail = append(g.tail, i)
	}
	return nil
}

// upstreamAddrs are the upstream servers; the last is a socket.
var upstreamAddrs = []string{"10.0.0.11:8080", "10.0.0.12:8080", "10.0.0.13:8080", "[fd00::14]:8080", "unix:/run/app/app.sock"}

// tailDraw is what the tail of one line adds to its entry.
type tailDraw struct {
	sep         string // joins the two tries: ", " (next upstream) or " : " (internal redirect)
	addr, addr2 int    // indexes in upstreamAddrs
	firstMs     int64  // the first try's part of the request time
	upMs        int64  // the upstream's time when there was one try
	xff         int    // 0: "-", 1: one address, 2: two
	xffA, xffB  int
}

const tailSalt = 0x7461696c // "tail"

// drawTail draws line i's tail from its own stream, so that the lines
// stay those of combined.
func (g *Generator) drawTail(t *tailDraw, e *entry, i int64) {
	r := rng(mix(g.seed ^ mix(uint64(i)^tailSalt)))
	t.sep = ", "
	if e.upstream == upRedirect || r.intn(3) == 0 {
		t.sep = " : "
	}
	t.addr, t.addr2 = r.intn(len(upstreamAddrs)), r.intn(len(upstreamAddrs))
	t.firstMs = e.ms * int64(r.intn(100)) / 100
	t.upMs = e.ms - int64(r.intn(3))
	t.upMs = max(t.upMs, 0)
	switch x := r.intn(10); {
	case x < 7:
		t.xff = 0
	case x < 9:
		t.xff = 1
	default:
		t.xff = 2
	}
	t.xffA, t.xffB = r.intn(250)+1, r.intn(250)+1
}

// appendTail appends line i's tail fields to dst.
func (g *Generator) appendTail(dst []byte, e *entry, i int64) []byte {
	var t tailDraw
	g.drawTail(&t, e, i)
	for _, f := range g.tail {
		dst = append(dst, ' ')
		switch f {
		case tailRequestTime:
			dst = appendSeconds(dst, e.ms)
		case tailUpstreamTime:
			dst = t.appendTries(dst, e, func(dst []byte, first bool) []byte {
				switch {
				case e.upstream != upRetry && e.upstream != upRedirect:
					return appendSeconds(dst, t.upMs)
				case first:
					return appendSeconds(dst, t.firstMs)
				}
				return appendSeconds(dst, max(e.ms-t.firstMs-1, 0))
			})
		case tailUpstreamStatus:
			dst = t.appendTries(dst, e, func(dst []byte, first bool) []byte {
				return strconv.AppendInt(dst, int64(tryStatus(e, first)), 10)
			})
		case tailUpstreamAddr:
			dst = t.appendTries(dst, e, func(dst []byte, first bool) []byte {
				if first {
					return append(dst, upstreamAddrs[t.addr]...)
				}
				return append(dst, upstreamAddrs[t.addr2]...)
			})
		case tailForwardedFor:
			dst = t.appendForwardedFor(dst)
		}
	}
	return dst
}

// appendTries appends "-" without an upstream, else one value per try
// joined by t.sep; value writes the first try's, or the last one's.
func (t *tailDraw) appendTries(dst []byte, e *entry, value func(dst []byte, first bool) []byte) []byte {
	switch e.upstream {
	case upNone:
		return append(dst, '-')
	case upRetry, upRedirect:
		dst = value(dst, true)
		dst = append(dst, t.sep...)
	}
	return value(dst, false)
}

// tryStatus is the status of the first of two tries, or of the last: the
// other of 502 and 504 first, 404 before an internal redirect.
func tryStatus(e *entry, first bool) int {
	switch {
	case !first:
		return e.status
	case e.upstream == upRedirect:
		return 404
	case e.status == 502:
		return 504
	}
	return 502
}

func (t *tailDraw) appendForwardedFor(dst []byte) []byte {
	dst = append(dst, '"')
	switch t.xff {
	case 0:
		dst = append(dst, '-')
	case 1:
		dst = append(dst, "203.0.113."...)
		dst = strconv.AppendInt(dst, int64(t.xffA), 10)
	default:
		dst = append(dst, "198.51.100."...)
		dst = strconv.AppendInt(dst, int64(t.xffA), 10)
		dst = append(dst, ", 10.1.0."...)
		dst = strconv.AppendInt(dst, int64(t.xffB), 10)
	}
	return append(dst, '"')
}

// appendSeconds appends ms milliseconds as nginx writes times: 1.203.
func appendSeconds(dst []byte, ms int64) []byte {
	dst = strconv.AppendInt(dst, ms/1000, 10)
	ms %= 1000
	return append(dst, '.', byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
}
