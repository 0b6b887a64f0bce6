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

func (m *Malformed) add(s Sample, max int) {
	m.ByReason[s.Reason]++
	if len(m.Samples) < max {
		m.Samples = append(m.Samples, s)
	}
}

func (m *Malformed) merge(o Malformed, max int) {
	for r, n := range o.ByReason {
		m.ByReason[r] += n
	}
	m.Samples = append(m.Samples, o.Samples...)
	sort.SliceStable(m.Samples, func(i, j int) bool {
		a, b := m.Samples[i], m.Samples[j]
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		return a.Line < b.Line
	})
	if len(m.Samples) > max {
		m.Samples = m.Samples[:max]
	}
}
