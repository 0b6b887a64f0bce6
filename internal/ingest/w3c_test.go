package ingest

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

// Two IIS layouts: the second moves, adds and drops columns, so a line read
// under the wrong one is malformed or reads other values.
const (
	w3cFieldsA = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken"
	w3cFieldsB = "#Fields: date time cs-host c-ip cs-method cs-uri-stem cs-version sc-status sc-substatus sc-bytes time-taken"
)

// genW3C makes a deterministic IIS log: header blocks (repeated after
// "restarts"), a mid-file change of #Fields and back, sub-statuses, CRLF
// lines and some malformed ones.
func genW3C(seed uint64, lines int, software string) []byte {
	r := rand.New(rand.NewPCG(seed, 0x3c))
	var b bytes.Buffer
	t := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	fields := w3cFieldsA
	header := func() {
		fmt.Fprintf(&b, "#Software: %s\n#Version: 1.0\n#Date: %s\n%s\n", software, t.Format("2006-01-02 15:04:05"), fields)
	}
	header()
	codes := []struct{ status, sub int }{{200, 0}, {200, 0}, {200, 0}, {304, 0}, {404, 0}, {404, 3}, {401, 2}, {401, 1}, {500, 19}, {403, 14}}
	for n := range lines {
		t = t.Add(time.Duration(r.IntN(5000)) * time.Millisecond)
		switch r.IntN(60) {
		case 0: // a restart: the same header again
			header()
		case 1: // the layout changes (or changes back)
			if fields == w3cFieldsA {
				fields = w3cFieldsB
			} else {
				fields = w3cFieldsA
			}
			header()
		}
		c := codes[r.IntN(len(codes))]
		path := fmt.Sprintf("/p/%d.aspx", r.IntN(25))
		client := fmt.Sprintf("198.51.100.%d", r.IntN(30))
		var line string
		if fields == w3cFieldsA {
			query := "-"
			if r.IntN(4) == 0 {
				query = fmt.Sprintf("id=%d", r.IntN(5))
			}
			line = fmt.Sprintf("%s 192.0.2.1 GET %s %s 443 - %s Mozilla/5.0+(Windows+NT+10.0;+n%d) - %d %d 0 %d 300 %d",
				t.Format("2006-01-02 15:04:05"), path, query, client, r.IntN(3), c.status, c.sub, r.IntN(90000), r.IntN(3000))
		} else {
			line = fmt.Sprintf("%s site%d.example %s GET %s HTTP/1.1 %d %d %d %d",
				t.Format("2006-01-02 15:04:05"), r.IntN(3), client, path, c.status, c.sub, r.IntN(90000), r.IntN(3000))
		}
		switch r.IntN(40) {
		case 0:
			line = line[:len(line)/2] // fewer columns
		case 1:
			line += " extra"
		case 2:
			line = "garbage"
		}
		b.WriteString(line)
		if n%7 == 0 {
			b.WriteByte('\r')
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// TestW3CParallelEqualsSequential: a W3C log whose #Fields changes mid-file
// parses the same with one worker and with four at chunk sizes that cut it
// everywhere: each chunk gets the header in force where it starts. The
// second file starts with a line before its header and the third has
// none: they begin under the header the file before them ended with.
func TestW3CParallelEqualsSequential(t *testing.T) {
	var noHeader []byte
	for _, l := range bytes.SplitAfter(genW3C(3, 40, "Microsoft Internet Information Services 10.0"), []byte("\n")) {
		if !bytes.HasPrefix(l, []byte("#")) {
			noHeader = append(noHeader, l...)
		}
	}
	texts := [][]byte{
		genW3C(1, 1500, "Microsoft Internet Information Services 10.0"),
		append([]byte("2024-03-01 00:00:00 192.0.2.1 GET / - 443 - 198.51.100.1 - - 200 0 0 1 2 3\n"), genW3C(2, 400, "Microsoft Internet Information Services 8.5")...),
		noHeader,
	}
	names := writeFiles(t, texts...)
	opts := aggregate.Options{MaxSamples: 1000}
	spec := parser.W3C{}
	want := oracle(t, spec, opts, names, texts)
	l := want.Lines
	if l.Parsed < 1500 || l.Skipped < 50 || l.Malformed < 40 || want.Malformed.ByReason[parser.ReasonW3CNoHeader] != 0 {
		t.Fatalf("generator made %+v %v", l, want.Malformed.ByReason)
	}
	if cs := want.Codes(); len(cs) == 0 || func() bool {
		for _, c := range cs {
			if c.Sub != nil && c.Code == 404 && len(c.Sub.Top(-1)) == 2 {
				return false
			}
		}
		return true
	}() {
		t.Fatalf("generator made no 404 sub-statuses")
	}

	// Each input is detected on its own (the headerless third file with
	// the header carried to it): detection runs on the first two.
	wantDetected := oracle(t, spec, opts, names[:2], texts[:2])
	for _, chunk := range []int{7, 100, 333, 4096, 0} {
		for _, workers := range []int{1, 4} {
			for _, detect := range []bool{false, true} {
				t.Run(fmt.Sprintf("chunk %d workers %d detect %v", chunk, workers, detect), func(t *testing.T) {
					cfg := Config{Spec: spec, Workers: workers, Options: opts, chunkSize: chunk}
					names, texts, want := names, texts, want
					if detect {
						cfg.Spec = nil
						names, texts, want = names[:2], texts[:2], wantDetected
					}
					res := run(t, names, cfg)
					if res.Spec.Name() != "w3c" || res.Detected != detect {
						t.Fatalf("spec %s, detected %v", res.Spec.Name(), res.Detected)
					}
					if d := diffSummaries(res.Summary, want); len(d) > 0 {
						t.Fatalf("%d differences, first: %s", len(d), d[:min(len(d), 3)])
					}
					var lines int64
					for i, src := range res.Sources {
						if src.Bytes != int64(len(texts[i])) {
							t.Errorf("source %d: %+v", i, src)
						}
						lines += src.Lines
					}
					if lines != res.Summary.Lines.Read() {
						t.Errorf("sources have %d lines, the summary %+v", lines, res.Summary.Lines)
					}
				})
			}
		}
	}
}

// TestW3CHeaderTracking pins what the reader attaches to chunks: the
// latest #Software and #Fields lines before each chunk (without a CR).
func TestW3CHeaderTracking(t *testing.T) {
	text := "#Software: A\r\n#Fields: sc-status\n200\n#Fields: sc-status c-ip\n#Remark: x\n200 a\n#Software: B\n404 b\n"
	names := writeFiles(t, []byte(text))
	src, err := os.Open(names[0])
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var res SourceResult
	rec := &recorder{}
	r := &reader{name: names[0], r: src, line: 1, chunkSize: 1, maxLineSize: MaxLineSize, pool: rec, counts: &Counts{}, res: &res, headers: true, spec: parser.W3C{}}
	r.run()
	lines := bytes.Split([]byte(text), []byte("\n"))
	chunks := 0
	for _, c := range rec.chunks {
		chunks++
		// The latest of each header line before the chunk, CR dropped.
		var want [][]byte
		for _, l := range lines[:c.firstLine-1] {
			l = bytes.TrimSuffix(l, []byte{'\r'})
			for k, pre := range parser.W3CHeaderPrefixes {
				if bytes.HasPrefix(l, []byte(pre)) {
					if want == nil {
						want = make([][]byte, len(parser.W3CHeaderPrefixes))
					}
					want[k] = l
				}
			}
		}
		if !reflect.DeepEqual(c.header, want) {
			t.Errorf("chunk at line %d: header %q, want %q", c.firstLine, c.header, want)
		}
	}
	if chunks < 4 {
		t.Errorf("only %d chunks", chunks)
	}
	// Without headers wanted, nothing is tracked.
	if wantsHeader(combined()) || !wantsHeader(parser.W3C{}) {
		t.Error("wantsHeader")
	}
}

// TestW3CExcerptsIngest reads the committed W3C excerpts through Run:
// detection (hsphere-iis from #Software), directives counted as skipped.
func TestW3CExcerptsIngest(t *testing.T) {
	dir := "../../testdata/w3c"
	tests := []struct {
		file                      string
		spec                      string
		parsed, skipped, statuses int64
	}{
		{"iis_w3c_lnav_logfile_w3c_big_head26.log", "w3c", 10, 16, 2},
		{"iis_w3c_lnav_logfile_w3c_0.log", "w3c", 1, 4, 1},
		{"hsphere_iis_w3c_ossecdocs.log", "hsphere-iis", 2, 3, 1},
		{"iis6_w3c_ossecdocs.log", "w3c", 3, 4, 1},
		{"synthetic_fields_change.log", "w3c", 7, 8, 5},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			for _, chunk := range []int{50, 0} {
				res := run(t, []string{filepath.Join(dir, tt.file)}, Config{Workers: 3, chunkSize: chunk})
				s := res.Summary
				if res.Spec.Name() != tt.spec || !res.Detected {
					t.Errorf("spec %s detected %v", res.Spec.Name(), res.Detected)
				}
				if s.Lines.Parsed != tt.parsed || s.Lines.Skipped != tt.skipped || s.Lines.Malformed != 0 || int64(len(s.Codes())) != tt.statuses {
					t.Errorf("chunk %d: %+v, %d codes; want %d parsed, %d skipped, %d codes", chunk, s.Lines, len(s.Codes()), tt.parsed, tt.skipped, tt.statuses)
				}
				if res.Sources[0].Parsed != tt.parsed {
					t.Errorf("source %+v", res.Sources[0])
				}
			}
		})
	}
}

// recorder is a sink that keeps the chunks sent to it.
type recorder struct {
	chunks    []chunk
	malformed []aggregate.Sample
}

func (r *recorder) Feed(c chunk)                    { r.chunks = append(r.chunks, c) }
func (r *recorder) AddMalformed(s aggregate.Sample) { r.malformed = append(r.malformed, s) }
func (r *recorder) buffer(size, _ int) *[]byte      { b := make([]byte, 0, size); return &b }
