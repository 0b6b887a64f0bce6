// Package gen writes deterministic, realistic web-server access logs for
// logstat's benchmarks and tests.
//
// The same Config always yields the same bytes, on any machine: all
// randomness comes from a splitmix64 generator seeded per line from
// Config.Seed and the line number, and no floating point reaches the output.
// Because every line draws the same random values whatever the format, the
// formats of one Config describe the same requests: their status counts are
// equal.
//
// The traffic mix: about 80% 200, then 304, 301/302, 404 (40% of them on
// scanner paths such as /.env and /wp-login.php), 403, 429, 499,
// 500/502/503/504, 400 (some of them TLS handshakes sent to a plain-HTTP
// port, or an empty request "-"), 401, 206 and a few 000. Clients are IPv4
// and IPv6 addresses; paths, clients and user agents are drawn with a
// Zipf-like popularity (rank r has a probability near 1/r), so there are
// heavy hitters. Every two hours of log time, a three-minute incident turns
// 30% of the requests into 502/504 from the upstream.
//
// Config.Tail appends nginx's usual fields to combined lines: request and
// upstream times, upstream statuses and addresses (lists when nginx tried
// a second upstream, "502, 504", or redirected internally, "502 : 504"),
// and X-Forwarded-For. They take their randomness from a stream of their
// own, so the lines before them are those of combined without a tail.
//
// CDNFormats write the same requests as CDNs, proxies and load balancers
// log them, with a cache verdict, an origin status and streaming paths
// from a stream of their own (see Draw, which accounts for them).
package gen

import (
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// Formats lists the formats the generator writes.
var Formats = []string{"combined", "common", "upstream"}

// LogFormats maps each of Formats to the nginx log_format or Apache
// LogFormat that produces it, for parsers.
var LogFormats = map[string]string{
	"combined": `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`,
	"common":   `%h %l %u %t "%r" %>s %b`,
	"upstream": UpstreamFormat,
}

// UpstreamFormat is the nginx log_format of the "upstream" format.
const UpstreamFormat = `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_status`

// Defaults for the zero fields of Config.
const (
	DefaultPaths   = 200000
	DefaultClients = 50000
	DefaultRate    = 100 // lines per second of log time
)

// DefaultStart is the time of the first line when Config.Start is zero.
var DefaultStart = time.Date(2024, time.July, 1, 0, 0, 0, 0, time.UTC)

// Config says what to generate. The zero value is valid: combined, seed 0,
// and the defaults above.
type Config struct {
	// Format is one of Formats or CDNFormats; empty means "combined".
	Format string
	// Seed selects the traffic; the same Seed gives the same lines.
	Seed uint64
	// Paths is the number of distinct request paths to draw from (the fixed
	// list of scanner paths comes on top); 0 means DefaultPaths.
	Paths int
	// Clients is the number of distinct client addresses; 0 means
	// DefaultClients.
	Clients int
	// Distinct gives every line a path and a client of its own (no scanner
	// paths, no empty requests), for memory tests; Paths and Clients are
	// then ignored. Paths differ before any query string.
	Distinct bool
	// Start is the time of the first line, written in Start's own zone;
	// the zero Time means DefaultStart.
	Start time.Time
	// Rate is the number of lines per second of log time; time advances
	// monotonically (non-decreasing) from Start. 0 means DefaultRate.
	Rate float64
	// Tail lists fields to append to each line, in order, from
	// TailFields; only with the combined format, whose lines are then all
	// nginx's. LogFormat gives the nginx log_format of the result.
	Tail []string
	// Incident writes one problem into the log, or none ("clean"); the
	// zero value keeps the mix above (see Incident).
	Incident Incident
}

// Generator makes lines one at a time. It is not safe for concurrent use.
type Generator struct {
	format    int // index in Formats
	seed      uint64
	paths     int
	clients   int
	distinct  bool
	start     time.Time
	nsPerLine int64
	line      int64

	lastSec int64
	stamp   []byte // "[01/Jul/2024:00:00:00 +0000]" of lastSec
	tail    []int  // indexes in TailFields
	inc     incident
}

const (
	fmtCombined = iota
	fmtCommon
	fmtUpstream
)

// New checks c and returns a Generator at the first line.
func New(c Config) (*Generator, error) {
	g := &Generator{seed: c.Seed, paths: c.Paths, clients: c.Clients, distinct: c.Distinct, start: c.Start, lastSec: -1}
	switch c.Format {
	case "", "combined":
		g.format = fmtCombined
	case "common":
		g.format = fmtCommon
	case "upstream":
		g.format = fmtUpstream
	default:
		if i := cdnFormat(c.Format); i >= 0 {
			g.format = fmtCDN + i
			break
		}
		return nil, fmt.Errorf("unknown format %q (want combined, common, upstream or %s)", c.Format, strings.Join(CDNFormats, ", "))
	}
	if err := g.setTail(c); err != nil {
		return nil, err
	}
	if g.paths < 0 || g.clients < 0 {
		return nil, errors.New("paths and clients must not be negative")
	}
	if g.paths == 0 {
		g.paths = DefaultPaths
	}
	if g.clients == 0 {
		g.clients = DefaultClients
	}
	rate := c.Rate
	if rate < 0 || rate != rate {
		return nil, errors.New("rate must be positive")
	}
	if rate == 0 {
		rate = DefaultRate
	}
	g.nsPerLine = max(int64(1e9/rate), 1) // one correctly rounded division: the same everywhere
	if g.start.IsZero() {
		g.start = DefaultStart
	}
	if err := g.setIncident(c); err != nil {
		return nil, err
	}
	return g, nil
}

// Line returns the number of lines made so far.
func (g *Generator) Line() int64 { return g.line }

// Write writes n lines made by a new Generator for c to w.
func Write(w io.Writer, c Config, n int64) error {
	g, err := New(c)
	if err != nil {
		return err
	}
	const size = 1 << 20
	buf := make([]byte, 0, size)
	for range n {
		buf = g.Append(buf)
		if len(buf) > size-8<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if len(buf) > 0 {
		_, err = w.Write(buf)
	}
	return err
}

// entry is one request, drawn before it is written so that every format
// consumes the same random numbers.
type entry struct {
	status   int // 0 is written 000
	method   int // index in methods
	proto    int // index in protos
	path     int // pool index; with scanner >= 0 or request != reqNormal unused
	scanner  int // index in scannerPaths, or -1
	request  int // reqNormal, reqTLS or reqDash
	client   int
	user     int // index in users, or -1
	ua       int // index in userAgents or scannerAgents (when scanner >= 0 or request != reqNormal)
	referer  int // refNone, refSite (refPath is the path) or an index in externalReferers + refExternal
	refPath  int
	bytes    int64
	ms       int64 // $request_time in milliseconds
	upstream int   // upSame, upNone, upRetry (first try failed), upRedirect
	apache   bool
}

const (
	reqNormal = iota
	reqTLS    // a TLS ClientHello sent to a plain-HTTP port
	reqDash   // an empty request, logged "-"
)

const (
	refNone = iota
	refSite
	refExternal
)

const (
	upSame     = iota // $upstream_status is $status
	upNone            // "-": nginx answered without an upstream
	upRetry           // "502, 504": a first upstream failed
	upRedirect        // "404 : 200": an internal redirect
)

// statusTable is the mix, in parts per 10000.
var statusTable = [...]struct{ status, weight int }{
	{200, 8000}, {206, 20}, {304, 500}, {301, 150}, {302, 150},
	{400, 40}, {401, 30}, {403, 80}, {404, 450}, {429, 100}, {499, 120},
	{500, 100}, {502, 100}, {503, 80}, {504, 70}, {0, 10},
}

var (
	methods = []string{"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"}
	protos  = []string{"HTTP/1.1", "HTTP/2.0", "HTTP/1.0"}
	users   = []string{"admin", "alice", "deploy", "monitor"}
)

// Append appends the next line, newline included, to dst.
func (g *Generator) Append(dst []byte) []byte {
	i := g.line
	g.line++
	off := g.offset(i)
	sec := off / 1e9
	if sec != g.lastSec {
		g.lastSec = sec
		g.stamp = appendStamp(g.stamp[:0], g.start.Add(time.Duration(sec)*time.Second))
	}
	var e entry
	g.draw(&e, i, sec)
	if g.format >= fmtCDN {
		return g.appendCDN(dst, &e, i, off)
	}
	if len(g.tail) == 0 {
		return g.render(dst, &e)
	}
	e.apache = false // nginx writes the tails
	dst = g.render(dst, &e)
	return append(g.appendTail(dst[:len(dst)-1], &e, i), '\n')
}

// draw fills e for line i, whose time is sec seconds after the start.
func (g *Generator) draw(e *entry, i, sec int64) {
	r := rng(mix(g.seed ^ mix(uint64(i)^0x6c6f677374617431)))

	x := r.intn(10000)
	for _, s := range g.statuses() {
		if x < s.weight {
			e.status = s.status
			break
		}
		x -= s.weight
	}
	// An incident: three minutes in every two hours the upstream fails.
	if p := sec % 7200; g.inc.kind == incNone && p >= 5400 && p < 5580 {
		if y := r.intn(100); y < 30 {
			e.status = 502 + 2*(y&1)
		}
	}

	switch x := r.intn(1000); {
	case x < 880:
		e.method = 0
	case x < 960:
		e.method = 1
	case x < 980:
		e.method = 2
	case x < 990:
		e.method = 3
	case x < 995:
		e.method = 4
	default:
		e.method = 5
	}
	switch x := r.intn(1000); {
	case x < 700:
		e.proto = 0
	case x < 970:
		e.proto = 1
	default:
		e.proto = 2
	}

	// Where the request went.
	e.scanner, e.request = -1, reqNormal
	kind, pick, zipfPath := r.intn(100), r.next(), r.zipf(g.paths)
	switch {
	case g.distinct:
		e.path = len(topPaths) + int(i)
	case e.status == 404 && kind < 40, e.status == 403 && kind < 50:
		e.scanner = zipfIndex(pick, len(scannerPaths))
	case e.status == 400 && kind < 25:
		e.request = reqTLS
	case e.status == 400 && kind < 35:
		e.request = reqDash
	case e.status == 404:
		e.path = g.paths - 1 - zipfPath // missing pages are not the popular ones
	default:
		e.path = zipfPath
	}
	if e.scanner >= 0 && scannerPaths[e.scanner].post {
		e.method = 1
	}
	odd := e.scanner >= 0 || e.request != reqNormal

	// Who sent it.
	zipfClient := r.zipf(g.clients)
	switch {
	case g.distinct:
		e.client = int(i)
	case odd:
		e.client = g.clients - 1 - zipfClient // scanners are not the regular visitors
	default:
		e.client = zipfClient
	}
	e.user = -1
	if u := r.intn(1000); u < 5 || e.status == 401 && u < 500 {
		e.user = u & 3
	}
	uaPick := r.next()
	if odd {
		e.ua = int(uaPick % uint64(len(scannerAgents)))
	} else {
		e.ua = zipfIndex(uaPick, len(userAgents))
	}
	rk, refZipf := r.intn(100), r.zipf(g.paths)
	switch {
	case odd || rk < 45:
		e.referer = refNone
	case rk < 80:
		e.referer, e.refPath = refSite, refZipf
	default:
		e.referer = refExternal + (rk-80)*len(externalReferers)/20
	}

	// What it cost.
	static := !odd && pathKind(e.path) < kindAPI
	size := r.next()
	switch e.status {
	case 200:
		switch {
		case static:
			e.bytes = 300 + int64(size%40000)
			if size>>58 == 0 { // one in 64 is big
				e.bytes += int64(size>>20) % 4000000
			}
		case !odd && pathKind(e.path) < kindPage:
			e.bytes = 40 + int64(size%6000)
		default:
			e.bytes = 3000 + int64(size%90000)
		}
	case 206:
		e.bytes = 1 + int64(size%2000000)
	case 301:
		e.bytes = 162
	case 302:
		e.bytes = 138
	case 400:
		e.bytes = 150 + int64(size%2)*7
	case 401:
		e.bytes = 179
	case 403, 404:
		e.bytes = 146 + int64(size%2)*7
		if size>>62 == 0 {
			e.bytes = 1500 + int64(size>>20)%8000 // a custom error page
		}
	case 429:
		e.bytes = 169
	case 500:
		e.bytes = 177
	case 502:
		e.bytes = 157 + int64(size%2)*402
	case 503:
		e.bytes = 197
	case 504:
		e.bytes = 167
	}
	if e.method == 2 || e.request != reqNormal && e.status != 400 {
		e.bytes = 0
	}

	t := r.next()
	switch e.status {
	case 504:
		e.ms = 60000 + int64(t%8)
	case 502:
		e.ms = int64(t % 120)
	case 499:
		e.ms = int64(t % 30000)
	case 500, 503:
		e.ms = int64(t % 800)
	case 0, 304, 301, 302, 429:
		e.ms = int64(t % 3)
	default:
		if static || odd {
			e.ms = int64(t % 5)
		} else {
			e.ms = 2 + int64(t%80)
			if t>>59 == 0 {
				e.ms += int64(t>>8) % 3000 // slow tail
			}
		}
	}

	u := r.intn(100)
	switch {
	case odd || static || e.status == 429 || e.status == 0 || e.status == 301:
		e.upstream = upNone
	case e.status == 499 && u < 60, e.status == 503 && u < 30:
		e.upstream = upNone
	case (e.status == 502 || e.status == 504) && u < 35:
		e.upstream = upRetry
	case e.status == 200 && u == 0:
		e.upstream = upRedirect
	default:
		e.upstream = upSame
	}

	a := r.intn(100)
	switch g.format {
	case fmtCommon:
		e.apache = true
	case fmtCombined:
		e.apache = a < 20 // some of the combined logs come from Apache
	}
	g.applyIncident(e, i, sec)
}

// render appends e as a line of g's format.
func (g *Generator) render(dst []byte, e *entry) []byte {
	dst = appendClient(dst, e.client)
	dst = append(dst, " - "...)
	if e.user >= 0 {
		dst = append(dst, users[e.user]...)
	} else {
		dst = append(dst, '-')
	}
	dst = append(dst, ' ')
	dst = append(dst, g.stamp...)
	dst = append(dst, " \""...)
	st := 0
	if e.apache {
		st = 1
	}
	switch {
	case e.request == reqTLS:
		dst = append(dst, tlsRequest[st]...)
	case e.request == reqDash:
		dst = append(dst, '-')
	default:
		dst = append(dst, methods[e.method]...)
		dst = append(dst, ' ')
		if e.scanner >= 0 {
			dst = append(dst, scannerPaths[e.scanner].esc[st]...)
		} else {
			dst = appendPath(dst, e.path)
		}
		dst = append(dst, ' ')
		dst = append(dst, protos[e.proto]...)
	}
	dst = append(dst, "\" "...)
	if e.status == 0 {
		dst = append(dst, "000"...)
	} else {
		dst = strconv.AppendInt(dst, int64(e.status), 10)
	}
	dst = append(dst, ' ')
	if e.bytes == 0 && e.apache {
		dst = append(dst, '-') // Apache's %b writes no bytes as -
	} else {
		dst = strconv.AppendInt(dst, e.bytes, 10)
	}
	if g.format == fmtCommon {
		return append(dst, '\n')
	}

	dst = append(dst, " \""...)
	switch {
	case e.referer == refNone:
		dst = append(dst, '-')
	case e.referer == refSite:
		dst = append(dst, "https://www.example.com"...)
		dst = appendPath(dst, e.refPath)
	default:
		dst = append(dst, externalReferers[e.referer-refExternal]...)
	}
	dst = append(dst, "\" \""...)
	if e.scanner >= 0 || e.request != reqNormal {
		dst = append(dst, scannerAgents[e.ua][st]...)
	} else {
		dst = append(dst, userAgents[e.ua][st]...)
	}
	dst = append(dst, '"')
	if g.format != fmtUpstream {
		return append(dst, '\n')
	}

	dst = append(dst, ' ')
	dst = appendSeconds(dst, e.ms)
	dst = append(dst, ' ')
	switch e.upstream {
	case upNone:
		dst = append(dst, '-')
	case upRetry:
		if e.status == 502 {
			dst = append(dst, "504, 502"...)
		} else {
			dst = append(dst, "502, 504"...)
		}
	case upRedirect:
		dst = append(dst, "404 : 200"...)
	default:
		dst = strconv.AppendInt(dst, int64(e.status), 10)
	}
	return append(dst, '\n')
}

// appendStamp appends t as [02/Jan/2006:15:04:05 -0700].
func appendStamp(dst []byte, t time.Time) []byte {
	year, month, day := t.Date()
	hh, mm, ss := t.Clock()
	_, off := t.Zone()
	dst = append(dst, '[')
	dst = append2(dst, day)
	dst = append(dst, '/')
	dst = append(dst, month.String()[:3]...)
	dst = append(dst, '/')
	dst = strconv.AppendInt(dst, int64(year), 10)
	dst = append(dst, ':')
	dst = append2(dst, hh)
	dst = append(dst, ':')
	dst = append2(dst, mm)
	dst = append(dst, ':')
	dst = append2(dst, ss)
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	dst = append(dst, ' ', sign)
	dst = append2(dst, off/3600)
	dst = append2(dst, off/60%60)
	return append(dst, ']')
}

func append2(dst []byte, n int) []byte {
	return append(dst, byte('0'+n/10%10), byte('0'+n%10))
}

// rng is splitmix64.
type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	return mix(uint64(*r))
}

// intn returns a number in [0, n), n > 0.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// zipf returns an index in [0, n) whose probability falls off like 1/rank.
func (r *rng) zipf(n int) int { return zipfIndex(r.next(), n) }

// zipfIndex turns the random number x into an index in [0, n): it picks one
// of the octaves of ranks [2^k, 2^(k+1)) uniformly, then a rank in it, which
// gives rank r a probability near 1/(r·log2 n) — integers only.
func zipfIndex(x uint64, n int) int {
	if n <= 1 {
		return 0
	}
	k := bits.Len(uint(n)) // ranks 1..n span octaves 0..k-1
	hi, lo := bits.Mul64(x, uint64(k))
	lo0 := 1 << hi
	width := min(lo0, n+1-lo0)
	rank, _ := bits.Mul64(lo, uint64(width)) // the rest of x picks the rank
	return lo0 + int(rank) - 1
}

// mix is splitmix64's finaliser, a bijection on uint64.
func mix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
