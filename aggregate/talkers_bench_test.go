package aggregate

import (
	"bytes"
	"testing"

	"github.com/logstat/logstat/bench/loggen/gen"
	"github.com/logstat/logstat/parser"
)

// talkerLines returns the clients, user agents and Unix seconds of n
// lines of the benchmarks' generated log (bench/loggen, combined), as
// parsed: IPv4 and IPv6 clients and user agents of Zipf-like popularity,
// most clients too rare to be tracked.
func talkerLines(tb testing.TB, n int) (clients, agents [][]byte, at []int64) {
	g, err := gen.New(gen.Config{})
	if err != nil {
		tb.Fatal(err)
	}
	p := parser.PresetFormat("combined").NewParser()
	var line []byte
	var rec parser.Record
	for range n {
		line = g.Append(line[:0])
		if err := p.Parse(bytes.TrimSuffix(line, []byte("\n")), &rec); err != nil {
			tb.Fatal(err)
		}
		clients = append(clients, bytes.Clone(orDash(rec.Client)))
		agents = append(agents, bytes.Clone(rec.UserAgent))
		at = append(at, rec.Time.Unix())
	}
	return clients, agents, at
}

// BenchmarkTalkersAdd counts the talkers of one line of the generated
// log: its client, network and user agent.
func BenchmarkTalkersAdd(b *testing.B) {
	clients, agents, at := talkerLines(b, 1<<16)
	t := newTalkers()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		j := i & (1<<16 - 1)
		t.add(clients[j], agents[j], at[j])
	}
}

// BenchmarkTalkerList* count one list's values of the generated log.
func BenchmarkTalkerListClients(b *testing.B) {
	clients, _, at := talkerLines(b, 1<<16)
	benchmarkTalkerList(b, 64, clients, at)
}

func BenchmarkTalkerListAgents(b *testing.B) {
	_, agents, at := talkerLines(b, 1<<16)
	benchmarkTalkerList(b, 128, agents, at)
}

func benchmarkTalkerList(b *testing.B, keyCap int, keys [][]byte, at []int64) {
	l := NewTalkerList(keyCap)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		j := i & (1<<16 - 1)
		l.Add(keys[j], at[j])
	}
}
