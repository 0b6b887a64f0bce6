package gen

import "strconv"

// Kinds of path, in the order pathKind compares them.
const (
	kindStatic = iota // served by nginx from disk
	kindAPI           // small JSON answers from the upstream
	kindPage          // HTML pages from the upstream
)

// topPaths are the most popular paths, pool indexes 0, 1, …
var topPaths = []struct {
	path string
	kind int
}{
	{"/", kindPage},
	{"/favicon.ico", kindStatic},
	{"/api/v1/health", kindAPI},
	{"/static/css/main.css", kindStatic},
	{"/static/js/main.js", kindStatic},
	{"/robots.txt", kindStatic},
	{"/login", kindPage},
	{"/sitemap.xml", kindPage},
}

const pathSalt = 0x70617468 // "path"

// pathKind returns the kind of pool path i.
func pathKind(i int) int {
	if i < len(topPaths) {
		return topPaths[i].kind
	}
	switch h := mix(uint64(i)^pathSalt) % 20; {
	case h < 6:
		return kindStatic
	case h < 10:
		return kindAPI
	}
	return kindPage
}

var (
	words = []string{
		"alpha", "amber", "apple", "arrow", "atlas", "autumn", "beacon", "birch",
		"bright", "canyon", "cedar", "cloud", "coral", "crisp", "delta", "desert",
		"ember", "falcon", "fern", "forest", "frost", "garden", "glacier", "harbor",
		"hazel", "horizon", "island", "jade", "lagoon", "lemon", "maple", "meadow",
		"midnight", "mint", "nova", "ocean", "olive", "orbit", "pebble", "pine",
		"prairie", "quartz", "rain", "river", "saffron", "shadow", "silver", "sky",
		"spring", "stone", "summer", "sunset", "thunder", "tide", "valley", "velvet",
		"willow", "winter", "wolf", "yarrow", "zephyr", "guide", "review", "how-to",
	}
	staticFiles = []struct{ dir, ext string }{
		{"/static/js/", ".js"}, {"/static/js/", ".js.map"}, {"/static/css/", ".css"},
		{"/static/img/", ".png"}, {"/static/img/", ".webp"}, {"/static/img/", ".svg"},
		{"/static/fonts/", ".woff2"}, {"/media/", ".jpg"},
	}
	apiPrefixes = []string{"/api/v1/users/", "/api/v1/orders/", "/api/v2/items/", "/api/v1/carts/", "/api/v2/reviews/", "/graphql/"}
	apiSuffixes = []string{"", "", "/details", "/comments", "/status"}
	// wikiTitles are percent-encoded, as browsers send non-ASCII paths.
	wikiTitles = []string{
		"%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82",       // Привет
		"%E6%9D%B1%E4%BA%AC",                         // 東京
		"Caf%C3%A9",                                  // Café
		"%CE%91%CE%B8%CE%AE%CE%BD%CE%B1",             // Αθήνα
		"M%C3%BCnchen",                               // München
		"%D8%A7%D9%84%D9%82%D8%A7%D9%87%D8%B1%D8%A9", // القاهرة
	}
)

// appendPath appends pool path i. Paths from len(topPaths) on hold i in
// decimal before any query string, so no two are equal.
func appendPath(dst []byte, i int) []byte {
	if i < 0 {
		return append(dst, incidentPaths[-1-i]...) // see Incident
	}
	if i < len(topPaths) {
		return append(dst, topPaths[i].path...)
	}
	h := mix(uint64(i) ^ pathSalt)
	w1, w2, w3 := words[h>>8%64], words[h>>14%64], words[h>>20%64]
	n := strconv.AppendInt
	switch k := h % 20; {
	case k < 6:
		f := staticFiles[h>>26%uint64(len(staticFiles))]
		dst = append(dst, f.dir...)
		dst = append(dst, w1...)
		dst = append(dst, '-')
		dst = n(dst, int64(i), 10)
		dst = append(dst, '.')
		dst = strconv.AppendUint(dst, h>>32&0xffffff, 16)
		dst = append(dst, f.ext...)
	case k < 10:
		dst = append(dst, apiPrefixes[h>>26%uint64(len(apiPrefixes))]...)
		dst = n(dst, int64(i), 10)
		dst = append(dst, apiSuffixes[h>>32%uint64(len(apiSuffixes))]...)
		if h>>40%4 == 0 {
			dst = append(dst, "?limit=20&offset="...)
			dst = n(dst, int64(h>>44%10*20), 10)
		}
	case k < 14:
		dst = append(dst, "/blog/"...)
		dst = n(dst, int64(2015+h>>26%10), 10)
		dst = append(dst, '/')
		dst = append2(dst, int(1+h>>32%12))
		dst = append(dst, '/')
		dst = append(dst, w1...)
		dst = append(dst, '-')
		dst = append(dst, w2...)
		dst = append(dst, '-')
		dst = append(dst, w3...)
		dst = append(dst, '-')
		dst = n(dst, int64(i), 10)
		dst = append(dst, '/')
		if h>>40%8 == 0 {
			dst = append(dst, "?utm_source=newsletter&utm_medium=email"...)
		}
	case k < 17:
		dst = append(dst, "/products/"...)
		dst = n(dst, int64(i), 10)
		dst = append(dst, '/')
		dst = append(dst, w1...)
		dst = append(dst, '-')
		dst = append(dst, w2...)
		if h>>40%3 == 0 {
			dst = append(dst, "?color="...)
			dst = append(dst, w3...)
			dst = append(dst, "&size=M"...)
		}
	case k < 18:
		dst = append(dst, "/category/"...)
		dst = append(dst, w1...)
		dst = append(dst, '/')
		dst = n(dst, int64(i), 10)
		dst = append(dst, "?sort=price&page="...)
		dst = n(dst, int64(1+h>>40%9), 10)
	case k < 19:
		dst = append(dst, "/wiki/"...)
		dst = append(dst, wikiTitles[h>>26%uint64(len(wikiTitles))]...)
		dst = append(dst, '_')
		dst = n(dst, int64(i), 10)
	default:
		dst = append(dst, "/docs/"...)
		dst = append(dst, w1...)
		dst = append(dst, '/')
		dst = append(dst, w2...)
		dst = append(dst, '-')
		dst = n(dst, int64(i), 10)
		dst = append(dst, ".html"...)
	}
	return dst
}

const clientSalt = 0x636c69656e74 // "client"

var v6Prefixes = []string{"2a01:4f8:", "2600:1700:", "2a02:c7f:", "2409:8a1e:", "2804:14c:", "2001:db8:", "2a03:2880:", "2406:da18:"}

// appendClient appends client address c: about 15% IPv6. Different c give
// different addresses (IPv4 for c below 2^24 only).
func appendClient(dst []byte, c int) []byte {
	h := mix(uint64(c) ^ clientSalt)
	if c >= 1<<24 || h%100 < 15 {
		dst = append(dst, v6Prefixes[h>>8%uint64(len(v6Prefixes))]...)
		dst = strconv.AppendUint(dst, h>>16&0xffff, 16)
		dst = append(dst, ':')
		dst = strconv.AppendUint(dst, h>>32&0xffff, 16)
		dst = append(dst, "::"...)
		return strconv.AppendUint(dst, uint64(c), 16)
	}
	// A bijection on 24 bits keeps neighbouring c apart.
	const mask = 1<<24 - 1
	x := (uint32(c) ^ 0x5bd1e9) * 0x9e3779 & mask
	x ^= x >> 12
	x = x * 0x2c1b3d & mask // odd: invertible
	x ^= x >> 11
	a := 1 + h>>8%222
	if a == 10 || a == 127 {
		a++
	}
	dst = strconv.AppendUint(dst, a, 10)
	dst = append(dst, '.')
	dst = strconv.AppendUint(dst, uint64(x>>16), 10)
	dst = append(dst, '.')
	dst = strconv.AppendUint(dst, uint64(x>>8&255), 10)
	dst = append(dst, '.')
	return strconv.AppendUint(dst, uint64(x&255), 10)
}

// escaped holds a value as nginx ([0]) and Apache ([1]) write it into a
// quoted log field.
type escaped [2]string

// esc escapes a raw value both ways: nginx writes ", \ and bytes outside
// 0x20–0x7e as \xHH; Apache writes \" and \\ and the rest as \xhh.
func esc(raw string) escaped {
	if raw == "" {
		return escaped{"-", "-"}
	}
	const upper, lower = "0123456789ABCDEF", "0123456789abcdef"
	var ng, ap []byte
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '"' || c == '\\':
			ng = append(ng, '\\', 'x', upper[c>>4], upper[c&15])
			ap = append(ap, '\\', c)
		case c < 0x20 || c >= 0x7f:
			ng = append(ng, '\\', 'x', upper[c>>4], upper[c&15])
			ap = append(ap, '\\', 'x', lower[c>>4], lower[c&15])
		default:
			ng = append(ng, c)
			ap = append(ap, c)
		}
	}
	return escaped{string(ng), string(ap)}
}

func escAll(raw ...string) []escaped {
	out := make([]escaped, len(raw))
	for i, r := range raw {
		out[i] = esc(r)
	}
	return out
}

// tlsRequest is the start of a TLS ClientHello, as logged when it reaches
// a plain-HTTP port.
var tlsRequest = esc("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\xa7\x1d\x9c")

type scannerPath struct {
	esc  escaped
	post bool
}

// scannerPaths are what vulnerability scanners ask for (raw values).
var scannerPaths = func() []scannerPath {
	raw := []string{
		"/.env", "/wp-login.php", "/.git/config", "/wp-admin/setup-config.php",
		"+/xmlrpc.php", "/phpmyadmin/index.php", "/admin/.env", "/.aws/credentials",
		"/config.json", "/actuator/env", "/server-status", "+/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
		"/cgi-bin/luci/;stok=/locale", "+/boaform/admin/formLogin", "/HNAP1/", "/owa/auth/logon.aspx",
		"/.DS_Store", "/backup.zip", "/wp-content/plugins/wp-file-manager/readme.txt",
		`/index.php?s=/Index/\think\app/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP21`,
		"/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh", "/solr/admin/info/system?wt=json", "/apple-touch-icon.png",
		"/remote/fgt_lang?lang=/../../../..//////////dev/cmdb/sslvpn_websession", "/?XDEBUG_SESSION_START=phpstorm",
		"/manager/html", "/_ignition/execute-solution", "/info.php", "/.svn/entries", `/search?q="><script>alert(1)</script>`,
	}
	out := make([]scannerPath, len(raw))
	for i, p := range raw {
		post := p[0] == '+'
		if post {
			p = p[1:]
		}
		out[i] = scannerPath{esc(p), post}
	}
	return out
}()

// userAgents are drawn by popularity, most popular first (raw values; some
// hold quotes, backslashes and UTF-8, escaped when written).
var userAgents = escAll(
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
	"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
	"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
	"Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
	"curl/8.5.0",
	"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
	"Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
	"Go-http-client/1.1",
	"python-requests/2.32.3",
	"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
	"Dalvik/2.1.0 (Linux; U; Android 12; 小米 Build/SKQ1.211006.001)",
	"Mozilla/5.0 (compatible; \"Qwantify\"/2.4w; +https://www.qwant.com/)/2.4w",
	"",
	"Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
	"\"Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko\"",
	"Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)\\",
	"Prometheus/2.53.0",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0",
)

// scannerAgents send the scanner probes, TLS handshakes and empty requests.
var scannerAgents = escAll(
	"",
	"Mozilla/5.0 zgrab/0.x",
	"python-requests/2.31.0",
	"Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
	"() { :; }; echo; echo \"vulnerable\"; /bin/bash -c \"cat /etc/passwd\"",
	"Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
	"curl/7.68.0",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36",
	"l9explore/1.2.2",
	"Go-http-client/1.1",
)

// externalReferers are the referers from other sites (already safe to write).
var externalReferers = []string{
	"https://www.google.com/",
	"https://www.google.com/",
	"https://www.google.com/",
	"https://www.google.com/",
	"https://www.bing.com/",
	"https://duckduckgo.com/",
	"https://t.co/Xk2LmQ9vBz",
	"android-app://com.google.android.gm/",
	"https://www.facebook.com/",
	"https://news.ycombinator.com/",
}
