package aggregate

import "github.com/logstat/logstat/internal/topk"

// TopK is a top list of a Summary (see internal/topk).
type TopK = topk.List

// Item is one value of a top list.
type Item = topk.Item

// MaxKeyLen bounds the bytes kept of one value in a top list.
const MaxKeyLen = topk.MaxKeyLen

// NewTopK returns an empty top list tracking at most capacity values.
func NewTopK(capacity int) *TopK { return topk.New(capacity) }
