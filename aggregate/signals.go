package aggregate

import "bytes"

// scannerPaths are path fragments that vulnerability scanners and bots
// probe for; a site that serves none of them answers 404 or 403. Matched
// case-insensitively against the path without its query string.
var scannerPaths = [][]byte{
	[]byte("/.env"), []byte("/.git/"), []byte("/.git"), []byte("/.aws/"), []byte("/.ssh/"), []byte("/.ds_store"),
	[]byte("/wp-login.php"), []byte("/wp-admin"), []byte("/xmlrpc.php"), []byte("/wp-content/plugins/"), []byte("/wp-includes/"),
	[]byte("/phpmyadmin"), []byte("/pma/"), []byte("/myadmin"), []byte("/adminer"), []byte("/phpinfo"),
	[]byte("/vendor/phpunit"), []byte("/cgi-bin/"), []byte("/boaform"), []byte("/hnap1"), []byte("/actuator"),
	[]byte("/server-status"), []byte("/config.json"), []byte("/.vscode/"), []byte("/shell"), []byte("/eval-stdin.php"),
	[]byte("/owa/"), []byte("/autodiscover"), []byte("/solr/"), []byte("/console/"), []byte("/manager/html"),
	[]byte("/administrator/"), []byte("/admin.php"), []byte("/setup.php"), []byte("/install.php"), []byte("/backup"),
	[]byte(".sql"), []byte(".bak"), []byte("/etc/passwd"), []byte("../"),
}

// IsScannerPath reports whether a request path looks like a probe for
// software or secrets rather than a page of the site.
func IsScannerPath(path []byte) bool {
	var buf [256]byte
	p := path
	if len(p) > len(buf) {
		p = p[:len(buf)]
	}
	lower := buf[:len(p)]
	for i, c := range p {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	for _, s := range scannerPaths {
		if bytes.Contains(lower, s) {
			return true
		}
	}
	return false
}

// Media kinds of a request path, for recognising video delivery.
const (
	mediaNone = iota
	mediaManifest
	mediaSegment
)

// mediaKind classifies a path (without query) by its extension: HLS/DASH
// manifests and media segments.
func mediaKind(path []byte) int {
	dot := bytes.LastIndexByte(path, '.')
	if dot < 0 || len(path)-dot > 6 || bytes.IndexByte(path[dot:], '/') >= 0 {
		return mediaNone
	}
	var buf [6]byte
	ext := buf[:len(path)-dot-1]
	for i, c := range path[dot+1:] {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		ext[i] = c
	}
	switch string(ext) {
	case "m3u8", "mpd":
		return mediaManifest
	case "ts", "m4s", "m4v", "m4a", "cmfv", "cmfa", "aac", "mp4":
		return mediaSegment
	}
	return mediaNone
}

// refererHost returns the host of an absolute referer URL
// ("https://example.com:8443/a" gives "example.com:8443"), or nil.
func refererHost(ref []byte) []byte {
	i := bytes.Index(ref, []byte("://"))
	if i <= 0 || i > 32 {
		return nil
	}
	h := ref[i+3:]
	if j := bytes.IndexAny(h, "/?#"); j >= 0 {
		h = h[:j]
	}
	if at := bytes.LastIndexByte(h, '@'); at >= 0 {
		h = h[at+1:]
	}
	return h
}
