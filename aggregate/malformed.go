package aggregate

import "sort"

// Sample locates one malformed line.
type Sample struct {
	Source string // the input's name as given by the user
	Line   int64  // 1-based line number in that input
	Reason string
	// Order is the input's position among all inputs, so that samples
	// sort in reading order whatever their names.
	Order int
}

// Malformed counts lines that did not parse, by reason, and keeps the first
// few as samples in reading order.
type Malformed struct {
	ByReason map[string]int64
	Samples  []Sample
}

// add counts s and keeps it if it is among the first max lines in reading
// order, whatever order lines arrive in.
func (m *Malformed) add(s Sample, max int) {
	m.ByReason[s.Reason]++
	n := len(m.Samples)
	if n == max && (n == 0 || !before(s, m.Samples[n-1])) {
		return // the common case once full: a later line
	}
	i := sort.Search(n, func(i int) bool { return before(s, m.Samples[i]) })
	if n < max {
		m.Samples = append(m.Samples, Sample{})
	}
	copy(m.Samples[i+1:], m.Samples[i:])
	m.Samples[i] = s
}

// before reports whether a comes before b in reading order.
func before(a, b Sample) bool {
	if a.Order != b.Order {
		return a.Order < b.Order
	}
	return a.Line < b.Line
}

func (m *Malformed) merge(o Malformed, max int) {
	for r, n := range o.ByReason {
		m.ByReason[r] += n
	}
	m.Samples = append(m.Samples, o.Samples...)
	sort.SliceStable(m.Samples, func(i, j int) bool { return before(m.Samples[i], m.Samples[j]) })
	if len(m.Samples) > max {
		m.Samples = m.Samples[:max]
	}
}
