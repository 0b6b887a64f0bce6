package parser

import (
	"bytes"
	"time"
)

// AWS load balancer access logs: space-separated fields, some quoted.
// Classic ELB: time elb client:port backend:port request_processing_time
// backend_processing_time response_processing_time elb_status_code
// backend_status_code received_bytes sent_bytes "request" "user_agent"
// ssl_cipher ssl_protocol. An Application Load Balancer writes its type
// (http, https, h2, grpcs, ws, wss) first, then the same fields (target
// for backend) and more: target_group_arn "trace_id" "domain_name"
// "chosen_cert_arn" matched_rule_priority request_creation_time
// "actions_executed" "redirect_url" "error_reason" …, new ones appended.
// The backend's status is "-" when it never answered, a time is -1 when
// it was not taken; the request names the URL in absolute form.
var (
	_ = Register(Family{
		Name:   "alb",
		Doc:    "AWS Application Load Balancer access logs",
		New:    noArg("alb", func() Spec { return LoadBalancer{} }),
		Detect: func(lines [][]byte) Detection { return detectLB(LoadBalancer{}, lines) },
	})
	_ = Register(Family{
		Name:   "elb",
		Doc:    "AWS Classic Load Balancer (ELB) access logs",
		New:    noArg("elb", func() Spec { return LoadBalancer{Classic: true} }),
		Detect: func(lines [][]byte) Detection { return detectLB(LoadBalancer{Classic: true}, lines) },
	})
)

// LoadBalancer is the Spec of ALB logs, or of Classic ELB logs.
type LoadBalancer struct{ Classic bool }

// Name returns "alb", or "elb" for a Classic Load Balancer.
func (s LoadBalancer) Name() string {
	if s.Classic {
		return "elb"
	}
	return "alb"
}

// ExtraNames returns nil.
func (LoadBalancer) ExtraNames() []string { return nil }

// NewParser returns a parser of the load balancer's lines.
func (s LoadBalancer) NewParser() Parser { return &lbParser{classic: s.Classic} }

// The fields after an ALB's type, in order; a classic ELB's end at lbSSLProtocol.
const (
	lbTime = iota
	lbName
	lbClient
	lbTarget
	lbRequestTime
	lbTargetTime
	lbResponseTime
	lbStatus
	lbTargetStatus
	lbReceived
	lbSent
	lbRequest
	lbUserAgent
	lbCipher
	lbSSLProtocol
	lbGroup
	lbTrace
	lbDomain
	lbCert
	lbPriority
	lbCreated
	lbActions
	lbRedirect
	lbError
	lbFields
)

// lbNames name the fields in reasons.
var lbNames = [lbFields]string{"time", "elb", "client:port", "target:port", "request_processing_time",
	"target_processing_time", "response_processing_time", "elb_status_code", "target_status_code",
	"received_bytes", "sent_bytes", "request", "user_agent", "ssl_cipher", "ssl_protocol",
	"target_group_arn", "trace_id", "domain_name", "chosen_cert_arn", "matched_rule_priority",
	"request_creation_time", "actions_executed", "redirect_url", "error_reason"}

// Reasons of the load balancer parsers, made once.
var (
	lbBadValue, lbUnterminated [lbFields]string
	ReasonALBType              = "no ALB request type (http, https, h2, grpcs, ws, wss) first"
	ReasonLBShort              = "fewer fields than a load balancer's line has"
)

func init() {
	for i, n := range lbNames {
		lbBadValue[i] = "bad value in " + n
		lbUnterminated[i] = "unterminated quote in " + n
	}
}

type lbParser struct {
	classic bool
	vals    [lbFields][]byte
	times   timeCache
	err     LineError
}

func (p *lbParser) fail(reason string, off int) error {
	p.err = LineError{Reason: reason, Offset: off}
	return &p.err
}

// Parse implements Parser.
func (p *lbParser) Parse(line []byte, rec *Record) error {
	rec.reset(0)
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) == 0 {
		return p.fail(ReasonEmpty, 0)
	}
	i := 0
	if !p.classic {
		v, next, ok := lbField(line, 0)
		if !ok || !albType(v) {
			return p.fail(ReasonALBType, 0)
		}
		i = next
	}
	most := lbFields
	if p.classic {
		most = lbSSLProtocol + 1 // a classic line's end; more is ignored
	}
	n := 0
	for ; n < most && i < len(line); n++ {
		v, next, ok := lbField(line, i)
		if !ok {
			return p.fail(lbUnterminated[n], i)
		}
		p.vals[n], i = v, next
	}
	if n <= lbUserAgent {
		return p.fail(ReasonLBShort, len(line))
	}
	for ; n < lbFields; n++ {
		p.vals[n] = nil
	}
	return p.fill(line, rec)
}

// lbField returns the field at i: a quoted one without its quotes (\"
// skipped), else up to the next space; next is past the space after it.
func lbField(line []byte, i int) (v []byte, next int, ok bool) {
	if line[i] == '"' {
		e := indexUnescaped(line, i+1, litQuote)
		if e < 0 {
			return nil, len(line), false
		}
		v, next = line[i+1:e], e+1
	} else {
		e := bytes.IndexByte(line[i:], ' ')
		if e < 0 {
			e = len(line) - i
		}
		v, next = line[i:i+e], i+e
	}
	if next < len(line) {
		if line[next] != ' ' {
			return nil, next, false
		}
		next++
	}
	return v, next, true
}

// albType reports whether v is an ALB request type.
func albType(v []byte) bool {
	switch string(v) {
	case "http", "https", "h2", "grpcs", "ws", "wss":
		return true
	}
	return false
}

// fill stores the fields in rec.
func (p *lbParser) fill(line []byte, rec *Record) error {
	v := &p.vals
	var ok bool
	bad := func(f int) error { return p.fail(lbBadValue[f], offset(line, v[f])) }
	if rec.Time, ok = p.times.parse(kindTimeISO, v[lbTime]); !ok {
		return bad(lbTime)
	}
	if rec.Status, ok = parseStatus(v[lbStatus]); !ok {
		return bad(lbStatus)
	}
	if rec.Bytes, ok = parseCount(v[lbSent]); !ok {
		return bad(lbSent)
	}
	if rec.RequestTime, ok = lbDuration(v[lbRequestTime], v[lbTargetTime], v[lbResponseTime]); !ok {
		return bad(lbRequestTime)
	}
	rec.Client = dashNil(hostOnly(v[lbClient]))
	rec.UpstreamAddr = dashNil(v[lbTarget])
	rec.UpstreamStatus = v[lbTargetStatus]
	rec.UserAgent = dashNil(v[lbUserAgent])
	rec.SubStatus = dashNil(v[lbError])
	var host []byte
	if r := v[lbRequest]; !isDash(r) && !bytes.HasPrefix(r, []byte("- ")) { // "- - - ": a TCP listener
		rec.Request = r
		rec.Method, rec.Path, rec.Protocol = splitRequest(r)
		host, rec.Path = splitURL(rec.Path)
	}
	if rec.Host = dashNil(v[lbDomain]); rec.Host == nil {
		rec.Host = dashNil(host)
	}
	return nil
}

// lbDuration adds the three processing times (seconds); unknown when
// one is -1 (not taken: the target never answered) or "-".
func lbDuration(times ...[]byte) (d time.Duration, ok bool) {
	for _, t := range times {
		if string(t) == "-1" || isDash(t) {
			return -1, true
		}
		s, ok := parseDuration(t, kindSeconds)
		if !ok {
			return -1, false
		}
		d += s
	}
	return d, true
}

// hostOnly drops the port of "192.0.2.1:2817" or "[2001:db8::1]:443".
func hostOnly(v []byte) []byte {
	if len(v) > 0 && v[0] == '[' {
		if e := bytes.IndexByte(v, ']'); e > 0 {
			return v[1:e]
		}
		return v
	}
	if c := bytes.LastIndexByte(v, ':'); c > 0 {
		return v[:c]
	}
	return v
}

// splitURL splits a request target in absolute form
// ("https://www.example.com:443/a?b") into the host, port dropped, and
// the path ("/a?b"; "/" when it has none). Any other target is the path.
func splitURL(target []byte) (host, path []byte) {
	s := bytes.Index(target, []byte("://"))
	if s <= 0 || s > 8 {
		return nil, target
	}
	rest := target[s+3:]
	slash := bytes.IndexByte(rest, '/')
	if slash < 0 {
		return hostOnly(rest), rootPath
	}
	return hostOnly(rest[:slash]), rest[slash:]
}

var rootPath = []byte("/")

// detectLB parses the sample lines: no other format's lines fit, so it is
// Specific.
func detectLB(spec LoadBalancer, lines [][]byte) Detection {
	d := detectSkipping(spec, lines)
	d.Specific = true
	return d
}
