package aggregate

import "bytes"

// scannerSegments are path segments that vulnerability scanners and bots
// probe for; a site that serves none of them answers 404 or 403.
var scannerSegments = []string{
	".env", ".git", ".aws", ".ssh", ".ds_store", ".vscode", ".svn", ".htpasswd",
	"wp-login.php", "wp-admin", "xmlrpc.php", "wp-includes", "wp-content", "wp-config.php",
	"phpmyadmin", "pma", "myadmin", "adminer.php", "adminer", "phpinfo.php", "info.php",
	"phpunit", "cgi-bin", "boaform", "hnap1", "actuator", "server-status",
	"config.json", "eval-stdin.php", "owa", "autodiscover", "solr",
	"administrator", "admin.php", "setup.php", "install.php", "shell.php",
	"passwd", "..", "cmd.php", "sftp-config.json",
}

// scannerSuffixes are file endings of dumps and backups scanners look for.
var scannerSuffixes = []string{".sql", ".bak", ".old", ".swp", ".tar.gz", ".zip~"}

// maxSegment is the longest segment IsScannerPath looks at.
const maxSegment = 64

// IsScannerPath reports whether a request path looks like a probe for
// software or secrets rather than a page of the site: one of its segments
// (of 2 to 64 bytes) is a well-known probe target (matched without regard to
// case), or its last one ends like a database dump or backup.
//
// It runs on every 4xx request: each segment is compared only with the
// targets of its length, and those first by their first and last bytes.
func IsScannerPath(path []byte) bool {
	for len(path) > 0 {
		if path[0] == '/' {
			path = path[1:]
			continue
		}
		end := bytes.IndexByte(path, '/')
		if end < 0 {
			end = len(path)
		}
		seg := path[:end]
		path = path[end:]
		if len(seg) < 2 || len(seg) > maxSegment {
			continue
		}
		first, last := lower(seg[0]), lower(seg[len(seg)-1])
		for _, target := range scannerByLen[len(seg)] {
			if target[0] == first && target[len(target)-1] == last && equalLower(seg, target) {
				return true
			}
		}
		if len(path) == 0 {
			for _, suf := range scannerSuffixes {
				if len(seg) >= len(suf) && suf[len(suf)-1] == last && equalLower(seg[len(seg)-len(suf):], suf) {
					return true
				}
			}
		}
	}
	return false
}

// scannerByLen lists scannerSegments by length.
var scannerByLen = func() (byLen [maxSegment + 1][]string) {
	for _, seg := range scannerSegments {
		byLen[len(seg)] = append(byLen[len(seg)], seg)
	}
	return byLen
}()

// equalLower reports whether b lower-cased is s (which is lower case).
func equalLower(b []byte, s string) bool {
	for i := range len(s) {
		if lower(b[i]) != s[i] {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
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
	n := len(path)
	if n < 4 {
		return mediaNone
	}
	// Every media extension ends in one of these byte pairs (m3u8 mpd
	// ts m4s m4v m4a cmfv cmfa aac mp4 vtt webm): most paths are passed
	// over on their last two bytes.
	switch uint16(lower(path[n-2]))<<8 | uint16(lower(path[n-1])) {
	case 'u'<<8 | '8', 'p'<<8 | 'd', 't'<<8 | 's', '4'<<8 | 's', '4'<<8 | 'v', '4'<<8 | 'a',
		'f'<<8 | 'v', 'f'<<8 | 'a', 'a'<<8 | 'c', 'p'<<8 | '4', 't'<<8 | 't', 'b'<<8 | 'm':
	default:
		return mediaNone
	}
	// The extension, lower-cased and packed into an integer from its last
	// byte up, is at most four bytes: look for its dot only there. (A
	// switch on the extension as a string compiles to calls that compare
	// strings; this one compares integers.)
	var ext uint32
	for k := 0; k < 5 && k < n; k++ {
		c := lower(path[n-1-k])
		switch {
		case c == '.':
			switch ext {
			case extM3U8, extMPD:
				return mediaManifest
			case extTS, extM4S, extM4V, extM4A, extCMFV, extCMFA, extAAC, extMP4, extVTT, extWEBM:
				return mediaSegment
			}
			return mediaNone
		case c == '/' || k == 4:
			return mediaNone
		}
		ext |= uint32(c) << (8 * k)
	}
	return mediaNone
}

// The media extensions as mediaKind packs them: the last byte lowest.
const (
	extM3U8 = 'm'<<24 | '3'<<16 | 'u'<<8 | '8'
	extMPD  = 'm'<<16 | 'p'<<8 | 'd'
	extTS   = 't'<<8 | 's'
	extM4S  = 'm'<<16 | '4'<<8 | 's'
	extM4V  = 'm'<<16 | '4'<<8 | 'v'
	extM4A  = 'm'<<16 | '4'<<8 | 'a'
	extCMFV = 'c'<<24 | 'm'<<16 | 'f'<<8 | 'v'
	extCMFA = 'c'<<24 | 'm'<<16 | 'f'<<8 | 'a'
	extAAC  = 'a'<<16 | 'a'<<8 | 'c'
	extMP4  = 'm'<<16 | 'p'<<8 | '4'
	extVTT  = 'v'<<16 | 't'<<8 | 't' // WebVTT subtitle segments
	extWEBM = 'w'<<24 | 'e'<<16 | 'b'<<8 | 'm'
)

// refererHost returns the host of an absolute referer URL
// ("https://example.com:8443/a" gives "example.com:8443"), or nil.
func refererHost(ref []byte) []byte {
	i := bytes.Index(ref, []byte("://"))
	if i <= 0 || i > 32 {
		return nil
	}
	h := ref[i+3:]
	for j, c := range h {
		if c == '/' || c == '?' || c == '#' {
			h = h[:j]
			break
		}
	}
	if at := bytes.LastIndexByte(h, '@'); at >= 0 {
		h = h[at+1:]
	}
	return h
}
