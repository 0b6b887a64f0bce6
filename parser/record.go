package parser

import "time"

// StatusNone is the Status of a line whose status field is "-" (Apache logs
// it when no status was set).
const StatusNone = -1

// Record is one parsed log line. Byte slices point into the line or into the
// parser's scratch buffer: they are valid until the next call to Parse.
// Fields the format does not have are empty (nil), numbers are -1.
type Record struct {
	Time      time.Time // zero when the format has no time field
	Client    []byte    // $remote_addr, %h: an address or a host name
	User      []byte
	Request   []byte // the raw request line, unescaped
	Method    []byte
	Path      []byte // request target, query string included
	Protocol  []byte
	Status    int   // 0–999 as logged ("000" is 0), StatusNone for "-"
	Bytes     int64 // body bytes sent, -1 when unknown or "-"
	Referer   []byte
	UserAgent []byte
	Host      []byte // virtual host, when the format has it

	// RequestTime is the time taken to serve the request, -1 when absent.
	RequestTime time.Duration
	// UpstreamStatus is the raw $upstream_status ("502, 504", "-"), when present.
	UpstreamStatus []byte
	// UpstreamAddr is the raw $upstream_addr ("10.0.0.1:8080, 10.0.0.2:8080").
	UpstreamAddr []byte
	// SubStatus refines Status where the log carries it: a CDN's
	// X-Err-Code header ("1000"), an IIS substatus ("3" for 404.3),
	// CloudFront's x-edge-detailed-result-type when it says more than
	// the result type ("OriginDnsError"), an AWS load balancer's
	// error_reason, Akamai's errorCode.
	SubStatus []byte
	// CacheStatus is the cache's verdict on the request, as logged:
	// $upstream_cache_status (HIT, MISS, BYPASS, EXPIRED…; Gcore's too),
	// CloudFront's x-edge-result-type (Hit, RefreshHit, Miss, Error…),
	// Cloudflare's CacheCacheStatus (hit, miss, dynamic…); Akamai's 1 and
	// 0 are written HIT and MISS.
	CacheStatus []byte
	// Extra holds the fields logstat does not interpret, in the order of the
	// format's ExtraNames, unescaped like the text fields ("-" is empty).
	Extra [][]byte
}

// reset clears r for the next line, keeping the Extra slice's storage.
func (r *Record) reset(extras int) {
	extra := r.Extra[:0]
	*r = Record{Status: StatusNone, Bytes: -1, RequestTime: -1}
	for range extras {
		extra = append(extra, nil)
	}
	r.Extra = extra
}

// Spec is a log format that can make parsers. A Spec is immutable and safe
// for concurrent use; each goroutine makes its own Parser.
type Spec interface {
	// Name is the preset name ("combined") or "custom".
	Name() string
	// ExtraNames names the fields stored in Record.Extra.
	ExtraNames() []string
	// NewParser returns a parser with its own buffers.
	NewParser() Parser
}

// Parser parses one line at a time. It is not safe for concurrent use.
type Parser interface {
	// Parse fills rec from line, which must not contain the line's
	// terminating newline (one carriage return before it is ignored). A
	// non-nil error is ErrSkip for a line that is not a request (a W3C
	// directive), else a *LineError, valid until the next call.
	Parse(line []byte, rec *Record) error
}
