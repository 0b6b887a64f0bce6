package aggregate

import (
	"bytes"
	"strings"
	"testing"
)

// TestIsScannerPathReference compares IsScannerPath with the former one
// (a map lookup of each lower-cased segment) on every probe target and
// suffix in several places, cases and lengths, and on paths made of random
// pieces of them.
func TestIsScannerPathReference(t *testing.T) {
	var paths []string
	pieces := append(append([]string{}, scannerSegments...), scannerSuffixes...)
	pieces = append(pieces, "a", "index.html", "x.sql.txt", strings.Repeat("b", 63), strings.Repeat("c", 64), strings.Repeat("d", 65), "", ".")
	for _, p := range pieces {
		variants := []string{p, strings.ToUpper(p), "x" + p, p + "x"}
		for n := 63; n <= 65; n++ { // around the longest segment looked at
			if n > len(p) {
				variants = append(variants, strings.Repeat("e", n-len(p))+p)
			}
		}
		for _, q := range variants {
			paths = append(paths, q, "/"+q, "/"+q+"/", "/a/"+q, "/a/"+q+"/b", "//"+q+"//", q+"/"+q)
		}
	}
	r := newRand(9)
	for range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(4) {
			if r.IntN(3) > 0 {
				b.WriteByte('/')
			}
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		paths = append(paths, b.String())
	}
	for _, p := range paths {
		if got, want := IsScannerPath([]byte(p)), refIsScannerPath([]byte(p)); got != want {
			t.Fatalf("IsScannerPath(%q) = %v, the former one %v", p, got, want)
		}
	}
}

// TestScannerTable checks that every probe target is found in the table.
func TestScannerTable(t *testing.T) {
	for _, seg := range scannerSegments {
		if !IsScannerPath([]byte("/" + strings.ToUpper(seg))) {
			t.Errorf("%q not found", seg)
		}
	}
}

// refScannerSegments are path segments that vulnerability scanners and bots
// probe for; a site that serves none of them answers 404 or 403.
var refScannerSegments = map[string]bool{
	".env": true, ".git": true, ".aws": true, ".ssh": true, ".ds_store": true, ".vscode": true, ".svn": true, ".htpasswd": true,
	"wp-login.php": true, "wp-admin": true, "xmlrpc.php": true, "wp-includes": true, "wp-content": true, "wp-config.php": true,
	"phpmyadmin": true, "pma": true, "myadmin": true, "adminer.php": true, "adminer": true, "phpinfo.php": true, "info.php": true,
	"phpunit": true, "cgi-bin": true, "boaform": true, "hnap1": true, "actuator": true, "server-status": true,
	"config.json": true, "eval-stdin.php": true, "owa": true, "autodiscover": true, "solr": true,
	"administrator": true, "admin.php": true, "setup.php": true, "install.php": true, "shell.php": true,
	"passwd": true, "..": true, "cmd.php": true, "sftp-config.json": true,
}

// refScannerSuffixes are file endings of dumps and backups scanners look for.
var refScannerSuffixes = []string{".sql", ".bak", ".old", ".swp", ".tar.gz", ".zip~"}

// refIsScannerPath is the former IsScannerPath, kept as a reference: it reports whether a request path looks like a probe for
// software or secrets rather than a page of the site: one of its segments
// is a well-known probe target (matched without regard to case), or it
// ends like a database dump or backup.
func refIsScannerPath(path []byte) bool {
	var buf [64]byte
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
		if len(seg) < 2 || len(seg) > len(buf) {
			continue
		}
		low := buf[:len(seg)]
		for i, c := range seg {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			low[i] = c
		}
		if refScannerSegments[string(low)] {
			return true
		}
		if len(path) == 0 {
			for _, suf := range refScannerSuffixes {
				if bytes.HasSuffix(low, []byte(suf)) {
					return true
				}
			}
		}
	}
	return false
}
