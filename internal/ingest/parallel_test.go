package ingest

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/logstat/logstat/aggregate"
)

// TestParallelEqualsSequential reads the same files with one worker and
// with four, at chunk sizes that put chunk boundaries everywhere, and
// checks both against a line-by-line oracle: exact fields, top lists,
// malformed samples and their line numbers.
func TestParallelEqualsSequential(t *testing.T) {
	logs := []genLog{
		generate(1, genOpts{lines: 700, malformed: 8, crlf: 20}),
		generate(2, genOpts{lines: 300, malformed: 3, crlf: 50, noFinalNL: true}),
		generate(3, genOpts{lines: 1, noFinalNL: true}),
		generate(4, genOpts{lines: 500, malformed: 30, longUA: 3000}),
	}
	texts := make([][]byte, len(logs))
	for i, l := range logs {
		texts[i] = l.text
	}
	names := writeFiles(t, texts...)
	opts := aggregate.Options{MaxSamples: 1000} // keep every sample
	want := oracle(t, combined(), opts, names, texts)
	if want.Lines.Malformed == 0 || want.Lines.Parsed == 0 {
		t.Fatalf("generator made %+v", want.Lines)
	}

	for _, chunk := range []int{7, 64, 4096, 0} {
		for _, workers := range []int{1, 4} {
			t.Run(fmt.Sprintf("chunk %d workers %d", chunk, workers), func(t *testing.T) {
				res := run(t, names, Config{Spec: combined(), Workers: workers, Options: opts, chunkSize: chunk})
				if d := diffSummaries(res.Summary, want); len(d) > 0 {
					t.Fatalf("%d differences, first: %s", len(d), d[:min(len(d), 3)])
				}
				for i, l := range logs {
					src := res.Sources[i]
					if src.Lines != l.lines || src.Parsed != l.lines-int64(len(l.malformed)) || src.Bytes != int64(len(l.text)) {
						t.Errorf("source %d: %+v; want %d lines, %d parsed, %d bytes", i, src, l.lines, l.lines-int64(len(l.malformed)), len(l.text))
					}
					// The samples carry the true line numbers of each file.
					if got := malformedLines(res.Summary, i); !reflect.DeepEqual(got, l.malformed) {
						t.Errorf("source %d: malformed lines %v, want %v", i, got, l.malformed)
					}
				}
			})
		}
	}
}

// TestParallelSampleSelection keeps few samples: with several workers each
// seeing some of the malformed lines, the kept ones are still the first in
// reading order.
func TestParallelSampleSelection(t *testing.T) {
	a := generate(10, genOpts{lines: 2000, malformed: 10})
	b := generate(11, genOpts{lines: 2000, malformed: 10})
	names := writeFiles(t, a.text, b.text)
	want := append(sampleRefs(names[0], 0, a.malformed), sampleRefs(names[1], 1, b.malformed)...)[:10]
	for _, chunk := range []int{64, 4096} {
		res := run(t, names, Config{Spec: combined(), Workers: 4, chunkSize: chunk})
		var got []string
		for _, s := range res.Summary.Malformed.Samples {
			got = append(got, fmt.Sprintf("%s:%d", s.Source, s.Line))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("chunk %d: samples %v, want %v", chunk, got, want)
		}
	}
}

func sampleRefs(name string, _ int, lines []int64) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = fmt.Sprintf("%s:%d", name, l)
	}
	return out
}

// TestSpecificLineNumbers pins line numbers by hand, across CRLF lines,
// empty lines and chunk boundaries.
func TestSpecificLineNumbers(t *testing.T) {
	good := `203.0.113.1 - - [01/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"`
	text := good + "\r\n" + // 1
		"junk\r\n" + // 2
		good + "\n" + // 3
		"\n" + // 4: empty
		good + "\r\n" + // 5
		"more junk\n" + // 6
		good + "\n" + // 7
		"tail junk" // 8, no newline
	names := writeFiles(t, []byte(good+"\n"), []byte(text))
	for _, chunk := range []int{7, 13, 64, 0} {
		for _, workers := range []int{1, 3} {
			res := run(t, names, Config{Spec: combined(), Workers: workers, chunkSize: chunk})
			if got, want := malformedLines(res.Summary, 1), []int64{2, 4, 6, 8}; !reflect.DeepEqual(got, want) {
				t.Errorf("chunk %d workers %d: malformed lines %v, want %v", chunk, workers, got, want)
			}
			if got := malformedLines(res.Summary, 0); got != nil {
				t.Errorf("first file: malformed lines %v", got)
			}
			if s := res.Sources[1]; s.Lines != 8 || s.Parsed != 4 {
				t.Errorf("chunk %d workers %d: %+v", chunk, workers, s)
			}
		}
	}
}
