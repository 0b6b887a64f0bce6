package parser

import "bytes"

// CloudFront standard logs: W3C extended, tab-separated, with "#Version:"
// and "#Fields:" headers, %XX-encoded values (a space is %20), and
// columns of its own: x-edge-result-type (Hit, RefreshHit, Miss, Error…)
// is the cache's verdict, x-edge-detailed-result-type says why an Error
// was one (OriginDnsError…), x-host-header is the Host the viewer asked
// for (cs(Host) is the distribution's domain). sc-status is 000 when the
// viewer closed the connection before the response.
var _ = Register(Family{
	Name:           cloudfrontName,
	Doc:            "Amazon CloudFront standard logs (W3C, tab-separated)",
	New:            noArg(cloudfrontName, func() Spec { return CloudFront{} }),
	Detect:         detectCloudFront,
	HeaderPrefixes: W3CHeaderPrefixes[:],
})

const cloudfrontName = "cloudfront"

// CloudFront is the Spec of CloudFront standard logs.
type CloudFront struct{}

// Name returns "cloudfront".
func (CloudFront) Name() string { return cloudfrontName }

// ExtraNames returns nil.
func (CloudFront) ExtraNames() []string { return nil }

// NewParser returns a W3C parser that knows CloudFront's columns.
func (CloudFront) NewParser() Parser { return &w3cParser{dialect: &cloudfrontDialect} }

var cloudfrontDialect = w3cDialect{
	columns: map[string]w3cRole{
		"x-edge-result-type":          roleCache,
		"x-edge-detailed-result-type": roleDetail,
		"x-host-header":               roleHost,
		"cs-protocol-version":         roleProtocol,
	},
	percent: true,
}

// detectCloudFront judges W3C lines whose #Fields header has CloudFront's
// x-edge-* columns.
func detectCloudFront(lines [][]byte) Detection {
	for _, l := range lines {
		if bytes.HasPrefix(l, []byte(w3cFields)) && bytes.Contains(l, []byte("x-edge-")) {
			d := detectW3C(CloudFront{}, lines)
			d.Specific = true
			return d
		}
	}
	return Detection{}
}
