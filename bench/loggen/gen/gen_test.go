package gen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/logstat/logstat/parser"
)

func generate(t testing.TB, c Config, n int64) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, c, n); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func compile(t testing.TB, format string) parser.Parser {
	t.Helper()
	var f *parser.Format
	var err error
	switch format {
	case "combined", "common":
		f, err = parser.Compile(format)
	default:
		f, err = parser.CompileNginx("custom", LogFormats[format])
	}
	if err != nil {
		t.Fatal(err)
	}
	return f.NewParser()
}

func lines(b []byte) [][]byte {
	ls := bytes.Split(b, []byte{'\n'})
	if len(ls) > 0 && len(ls[len(ls)-1]) == 0 {
		ls = ls[:len(ls)-1]
	}
	return ls
}

func TestDeterministic(t *testing.T) {
	for _, f := range Formats {
		c := Config{Format: f, Seed: 7, Paths: 5000, Clients: 800}
		a, b := generate(t, c, 20000), generate(t, c, 20000)
		if !bytes.Equal(a, b) {
			t.Fatalf("%s: two runs with the same config differ", f)
		}
		// Line by line through Append gives the same bytes as Write.
		g, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		var byLine []byte
		for range 20000 {
			byLine = g.Append(byLine)
		}
		if !bytes.Equal(a, byLine) {
			t.Fatalf("%s: Append and Write differ", f)
		}
		c.Seed = 8
		if bytes.Equal(a, generate(t, c, 20000)) {
			t.Fatalf("%s: seeds 7 and 8 give the same log", f)
		}
	}
}

// TestGolden pins the output, so that the same flags give the same bytes
// across runs, machines and Go versions. When the generator is changed on
// purpose, update the hashes (the failure prints the new ones) and say so
// in bench/README.md: measurements taken before are on another log.
func TestGolden(t *testing.T) {
	want := map[string]string{
		"combined": "24b4c2757f9d363754bf11595bacfa1b67fea307dc36fd1474deba625771202d",
		"common":   "5a4f207a7d13ce55d69fb5c55cbe4b21fabb2114da84e9e1ac2cdd37491d7126",
		"upstream": "8ec1698bae955668155d471980de2efdc1db1ffd7cff810f2aa1d3b2bf17a720",
	}
	for _, f := range Formats {
		sum := sha256.Sum256(generate(t, Config{Format: f, Seed: 1}, 5000))
		if got := hex.EncodeToString(sum[:]); got != want[f] {
			t.Errorf("%s: sha256 of 5000 lines with seed 1 = %s, want %s", f, got, want[f])
		}
	}
}

// TestParses checks that every line parses as its format, and that the mix
// has what the benchmarks rely on.
func TestParses(t *testing.T) {
	const n = 100000
	for _, f := range Formats {
		t.Run(f, func(t *testing.T) {
			log := generate(t, Config{Format: f, Seed: 1, Paths: 20000, Clients: 5000}, n)
			p := compile(t, f)
			var rec parser.Record
			codes := map[int]int{}
			upstream := map[string]int{}
			paths := map[string]int{}
			var v6, quotedUA, scanner int
			var last time.Time
			for i, l := range lines(log) {
				if err := p.Parse(l, &rec); err != nil {
					t.Fatalf("line %d does not parse as %s: %v\n%s", i+1, f, err, l)
				}
				codes[rec.Status]++
				if bytes.IndexByte(rec.Client, ':') >= 0 {
					v6++
				}
				if bytes.IndexByte(rec.UserAgent, '"') >= 0 {
					quotedUA++
				}
				if rec.Status == 404 && (string(rec.Path) == "/.env" || string(rec.Path) == "/wp-login.php") {
					scanner++
				}
				if rec.UpstreamStatus != nil {
					upstream[string(rec.UpstreamStatus)]++
				}
				paths[string(rec.Path)]++
				if rec.Time.Before(last) {
					t.Fatalf("line %d: time goes back from %v to %v", i+1, last, rec.Time)
				}
				last = rec.Time
			}
			if len(codes) == 0 {
				t.Fatal("no lines")
			}
			if share := float64(codes[200]) / n; share < 0.77 || share > 0.83 {
				t.Errorf("200 is %.1f%% of the lines, want about 80%%", 100*share)
			}
			for _, code := range []int{0, 206, 301, 302, 304, 400, 401, 403, 404, 429, 499, 500, 502, 503, 504} {
				if codes[code] == 0 {
					t.Errorf("no status %03d in %d lines", code, n)
				}
			}
			if v6 < n/20 || v6 > n/3 {
				t.Errorf("%d IPv6 clients in %d lines", v6, n)
			}
			if scanner == 0 {
				t.Error("no 404 on /.env or /wp-login.php")
			}
			// DefaultRate lines per second, whole seconds in the log.
			if got, want := rec.Time.Sub(DefaultStart), (n-1)/DefaultRate*time.Second; got != want {
				t.Errorf("last line %v after the start, want %v", got, want)
			}
			// Heavy hitters: "/" is the top path with a few percent.
			if share := float64(paths["/"]) / n; share < 0.02 {
				t.Errorf("/ has %.2f%% of the requests, want a heavy hitter", 100*share)
			}
			if len(paths) < 5000 {
				t.Errorf("%d distinct paths, want many", len(paths))
			}
			switch f {
			case "common":
				if !bytes.Contains(log, []byte(`" 304 - `)) && !bytes.Contains(log, []byte("\" 304 -\n")) {
					t.Error(`common: no "-" for zero bytes`)
				}
			case "combined":
				if quotedUA == 0 || !bytes.Contains(log, []byte(`\"`)) || !bytes.Contains(log, []byte(`\x22`)) {
					t.Errorf(`combined: want user agents with \" and \x22 (%d with a quote)`, quotedUA)
				}
			case "upstream":
				for _, u := range []string{"-", "502, 504", "504, 502", "404 : 200", "200"} {
					if upstream[u] == 0 {
						t.Errorf("no $upstream_status %q", u)
					}
				}
				if bytes.Contains(log, []byte(`\"`)) || !bytes.Contains(log, []byte(`\x22`)) {
					t.Error(`upstream: nginx escapes quotes as \x22, never \"`)
				}
			}
		})
	}
}

// TestSameRequests checks that the formats of one config describe the same
// requests: the same status on every line.
func TestSameRequests(t *testing.T) {
	var status [][]int
	for _, f := range Formats {
		p := compile(t, f)
		var rec parser.Record
		var s []int
		for _, l := range lines(generate(t, Config{Format: f, Seed: 3}, 20000)) {
			if err := p.Parse(l, &rec); err != nil {
				t.Fatal(err)
			}
			s = append(s, rec.Status)
		}
		status = append(status, s)
	}
	for i := 1; i < len(status); i++ {
		for j := range status[0] {
			if status[i][j] != status[0][j] {
				t.Fatalf("line %d: %s has status %d, %s %d", j+1, Formats[0], status[0][j], Formats[i], status[i][j])
			}
		}
	}
}

// TestBounded checks that -paths and -clients bound the distinct values.
func TestBounded(t *testing.T) {
	const paths, clients = 300, 100
	log := generate(t, Config{Seed: 1, Paths: paths, Clients: clients}, 50000)
	p := compile(t, "combined")
	var rec parser.Record
	ps, cs := map[string]bool{}, map[string]bool{}
	for _, l := range lines(log) {
		if err := p.Parse(l, &rec); err != nil {
			t.Fatal(err)
		}
		ps[string(rec.Path)] = true
		cs[string(rec.Client)] = true
	}
	// On top of the pool: the scanner paths, "-" and the TLS handshake.
	if len(ps) > paths+len(scannerPaths)+2 || len(ps) < paths/2 {
		t.Errorf("%d distinct paths with Paths %d", len(ps), paths)
	}
	if len(cs) > clients || len(cs) < clients/2 {
		t.Errorf("%d distinct clients with Clients %d", len(cs), clients)
	}
}

// TestDistinct checks that Distinct gives every line its own path (before
// the query string) and client.
func TestDistinct(t *testing.T) {
	const n = 100000
	for _, f := range []string{"combined", "common"} {
		log := generate(t, Config{Format: f, Seed: 1, Distinct: true}, n)
		p := compile(t, f)
		var rec parser.Record
		ps, cs := make(map[string]bool, n), make(map[string]bool, n)
		for i, l := range lines(log) {
			if err := p.Parse(l, &rec); err != nil {
				t.Fatal(err)
			}
			path, _, _ := strings.Cut(string(rec.Path), "?")
			if ps[path] {
				t.Fatalf("%s line %d: path %s seen before", f, i+1, path)
			}
			if cs[string(rec.Client)] {
				t.Fatalf("%s line %d: client %s seen before", f, i+1, rec.Client)
			}
			ps[path], cs[string(rec.Client)] = true, true
		}
	}
	// Beyond 2^24 lines every client is IPv6, still distinct.
	var a, b []byte
	a = appendClient(a, 1<<24)
	b = appendClient(b, 1<<24+1)
	if bytes.Equal(a, b) || bytes.IndexByte(a, ':') < 0 {
		t.Errorf("clients 2^24 and 2^24+1: %s %s", a, b)
	}
}

func TestStartAndRate(t *testing.T) {
	start := time.Date(2023, time.December, 31, 23, 59, 58, 0, time.FixedZone("", -(5*3600+30*60)))
	log := generate(t, Config{Seed: 1, Start: start, Rate: 2}, 6)
	var stamps []string
	for _, l := range lines(log) {
		i := bytes.IndexByte(l, '[')
		stamps = append(stamps, string(l[i+1:i+27]))
	}
	want := []string{
		"31/Dec/2023:23:59:58 -0530", "31/Dec/2023:23:59:58 -0530",
		"31/Dec/2023:23:59:59 -0530", "31/Dec/2023:23:59:59 -0530",
		"01/Jan/2024:00:00:00 -0530", "01/Jan/2024:00:00:00 -0530",
	}
	if strings.Join(stamps, "|") != strings.Join(want, "|") {
		t.Errorf("stamps\n%v\nwant\n%v", stamps, want)
	}
}

func TestBadConfig(t *testing.T) {
	for _, c := range []Config{{Format: "w3c"}, {Paths: -1}, {Clients: -1}, {Rate: -1}} {
		if _, err := New(c); err == nil {
			t.Errorf("New(%+v) accepted", c)
		}
	}
}

func TestZipfIndex(t *testing.T) {
	r := rng(1)
	for _, n := range []int{1, 2, 3, 7, 8, 100, 200000} {
		counts := make([]int, n)
		for range 100000 {
			i := r.zipf(n)
			if i < 0 || i >= n {
				t.Fatalf("zipf(%d) = %d", n, i)
			}
			counts[i]++
		}
		if n >= 100 && counts[0] < 3*counts[n/2] {
			t.Errorf("zipf(%d): rank 0 drawn %d times, rank %d %d times: no heavy hitter", n, counts[0], n/2, counts[n/2])
		}
	}
}

func BenchmarkAppend(b *testing.B) {
	for _, f := range Formats {
		b.Run(f, func(b *testing.B) {
			g, err := New(Config{Format: f, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			var buf []byte
			var size int
			for b.Loop() {
				buf = g.Append(buf[:0])
				size += len(buf)
			}
			b.SetBytes(int64(size / b.N))
		})
	}
}
