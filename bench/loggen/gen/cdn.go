package gen

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CDNFormats are the CDN, proxy and load-balancer formats the generator
// writes (logstat's format names). Their lines are the requests of the
// other formats (the same statuses line by line), as each service logs
// them, with what only a CDN logs, drawn from a stream of its own: the
// cache's verdict, the origin's status (none when the cache answered or
// the origin was unreachable), and video streaming paths (HLS and DASH
// manifests and segments) for part of the traffic. CloudFront's lines
// come after its two header lines, and Caddy's among its other messages
// (one every 1000 requests): those are not requests.
var CDNFormats = []string{"cloudfront", "cloudflare", "akamai", "gcore", "fastly", "alb", "elb", "caddy", "json"}

// The CDN formats' indexes: g.format is fmtCDN plus one of them.
const (
	cdnCloudFront = iota
	cdnCloudflare
	cdnAkamai
	cdnGcore
	cdnFastly
	cdnALB
	cdnELB
	cdnCaddy
	cdnJSON
)

const fmtCDN = fmtUpstream + 1

// cdnFormat returns the index of a CDN format, or -1.
func cdnFormat(name string) int {
	for i, f := range CDNFormats {
		if f == name {
			return i
		}
	}
	return -1
}

// Cache verdicts, as Draw reports them.
const (
	CacheNone    = iota // the edge answered before its cache (a refusal, a bad request)
	CacheHit            // served from the cache
	CacheMiss           // asked the origin
	CacheExpired        // in the cache but stale: asked the origin
	CacheBypass         // not cacheable (POST…): asked the origin
)

// Streaming path kinds, as Draw reports them.
const (
	StreamNone     = iota // the request's own path
	StreamManifest        // an HLS or DASH manifest
	StreamSegment         // a media segment
)

// CDNDraw is what a CDN adds to a request: its cache verdict, the
// origin's status (0 when the origin was not asked or never answered)
// and whether the path is a streaming one.
type CDNDraw struct {
	Cache, Origin, Stream int
	seg                   uint64 // picks the channel and segment
	choice                int    // picks among equal alternatives (error kinds)
}

const cdnSalt = 0x63646e21 // "cdn!"

// Draw returns the status of request i (0 for 000) and what a CDN adds
// to it, as g's CDN format writes them: an account of the log made
// without writing or parsing it.
func (g *Generator) Draw(i int64) (status int, d CDNDraw) {
	var e entry
	g.draw(&e, i, g.offset(i)/1e9)
	return e.status, g.drawCDN(&e, i)
}

// drawCDN draws what a CDN adds to request e, number i.
func (g *Generator) drawCDN(e *entry, i int64) CDNDraw {
	r := rng(mix(g.seed ^ mix(uint64(i)^cdnSalt)))
	x, y, z := r.intn(100), r.intn(100), r.intn(2)
	d := CDNDraw{seg: r.next(), choice: z}
	plain := e.request == reqNormal && e.scanner < 0 && e.path >= 0 && !g.distinct
	if plain && x < 30 && (e.status == 200 || e.status == 206 || e.status == 304 || e.status == 404) {
		d.Stream = StreamSegment
		if x < 3 {
			d.Stream = StreamManifest
		}
	}
	switch {
	case e.status >= 500 || e.status == 0 || e.status == 499:
		d.Cache = CacheMiss
	case e.method == 1 || e.method == 3 || e.method == 4: // POST, PUT, DELETE
		d.Cache = CacheBypass
	case e.request != reqNormal || e.status == 400 || e.status == 401 || e.status == 403 || e.status == 429:
		d.Cache = CacheNone
	case d.Stream == StreamSegment && y < 90, d.Stream != StreamSegment && y < 60:
		d.Cache = CacheHit
	case y < 95 && d.Stream == StreamSegment, y < 65:
		d.Cache = CacheExpired
	default:
		d.Cache = CacheMiss
	}
	switch {
	case d.Cache == CacheHit || d.Cache == CacheNone:
	case e.status == 502 || e.status == 504:
		d.Origin = e.status * z // unreachable or timed out (none), or the origin's own error
	case e.status == 0 || e.status == 499:
		d.Origin = 200 * z // the client went away, before or after the origin answered
	default:
		d.Origin = e.status
	}
	return d
}

// cdnLine is one request as the CDN renderers need it: raw values (the
// renderers escape them as their service does) and the line's time.
type cdnLine struct {
	e              *entry
	d              CDNDraw
	t              time.Time
	i              int64
	method, target string // target: path and query, or a TLS handshake's bytes
	proto, ua, ref string
	status         string // "000" for 0
}

// appendCDN appends request e, number i at off nanoseconds from the
// start, as a line of g's CDN format.
func (g *Generator) appendCDN(dst []byte, e *entry, i, off int64) []byte {
	l := cdnLine{e: e, d: g.drawCDN(e, i), t: g.start.Add(time.Duration(off)).UTC(), i: i}
	l.method, l.target, l.proto = g.cdnRequest(e, l.d)
	l.ua, l.ref = cdnAgent(e), g.cdnReferer(e)
	l.status = strconv.Itoa(e.status)
	if e.status == 0 {
		l.status = "000"
	}
	switch g.format - fmtCDN {
	case cdnCloudFront:
		return appendCloudFront(dst, &l)
	case cdnCloudflare:
		return appendCloudflare(dst, &l)
	case cdnAkamai:
		return appendAkamai(dst, &l)
	case cdnGcore:
		return appendGcore(dst, &l)
	case cdnFastly:
		return appendFastly(dst, &l)
	case cdnALB, cdnELB:
		return appendLB(dst, &l, g.format-fmtCDN == cdnELB)
	case cdnCaddy:
		return appendCaddy(dst, &l)
	}
	return appendNginxJSON(dst, &l)
}

// cdnRequest returns the raw method, target and protocol of e: the
// method is "" for a request that is not one (a TLS handshake, "-").
func (g *Generator) cdnRequest(e *entry, d CDNDraw) (method, target, proto string) {
	switch {
	case e.request == reqTLS:
		return "", unesc(tlsRequest[0]), ""
	case e.request == reqDash:
		return "", "", ""
	case e.scanner >= 0:
		return methods[e.method], unesc(scannerPaths[e.scanner].esc[0]), protos[e.proto]
	case d.Stream != StreamNone:
		return methods[e.method], streamPath(d), protos[e.proto]
	}
	return methods[e.method], string(appendPath(nil, e.path)), protos[e.proto]
}

// streamPath is an HLS or DASH manifest or segment of one of 20 channels.
func streamPath(d CDNDraw) string {
	ch := strconv.FormatUint(d.seg%20, 10)
	n := strconv.FormatUint(d.seg>>8%100000, 10)
	switch {
	case d.Stream == StreamManifest && d.seg>>40%2 == 0:
		return "/live/ch" + ch + "/index.m3u8"
	case d.Stream == StreamManifest:
		return "/vod/" + ch + "/manifest.mpd"
	case d.seg>>40%2 == 0:
		return "/live/ch" + ch + "/seg-" + n + ".ts"
	}
	return "/vod/" + ch + "/chunk-" + n + ".m4s"
}

// cdnAgent returns e's raw user agent ("" for none).
func cdnAgent(e *entry) string {
	if e.scanner >= 0 || e.request != reqNormal {
		return unesc(scannerAgents[e.ua][0])
	}
	return unesc(userAgents[e.ua][0])
}

// cdnReferer returns e's raw referer ("" for none).
func (g *Generator) cdnReferer(e *entry) string {
	switch {
	case e.referer == refNone:
		return ""
	case e.referer == refSite:
		return "https://www.example.com" + string(appendPath(nil, e.refPath))
	}
	return externalReferers[e.referer-refExternal]
}

// unesc undoes nginx's escaping of a value ("-" is none).
func unesc(s string) string {
	if s == "-" {
		return ""
	}
	if !strings.Contains(s, `\x`) {
		return s
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && s[i+1] == 'x' {
			if v, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil {
				b = append(b, byte(v))
				i += 3
				continue
			}
		}
		b = append(b, s[i])
	}
	return string(b)
}

// appendJSONString appends s as a JSON string: ", \ and control bytes
// escaped, the rest as it is (invalid UTF-8 too, as nginx's escape=json
// writes it).
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

// appendPercent appends s with the bytes a URL-encoding service encodes
// written %XX: blanks, controls, quotes, <>\ and non-ASCII (and % itself,
// and + when plus says that + means a space and writes spaces so).
func appendPercent(dst []byte, s string, plus bool) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' && plus:
			dst = append(dst, '+')
		case c <= ' ' || c >= 0x7f || strings.IndexByte(`"<>\%`, c) >= 0 || c == '+' && plus:
			dst = append(dst, '%', hex[c>>4], hex[c&15])
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// validUTF8 replaces invalid UTF-8 (a TLS handshake's bytes) for formats
// written by encoders that would.
func validUTF8(s string) string { return strings.ToValidUTF8(s, string(utf8.RuneError)) }
