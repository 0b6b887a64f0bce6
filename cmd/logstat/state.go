package main

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/internal/ingest"
	"github.com/logstat/logstat/internal/state"
)

// summaryOptions are the Summary options the flags ask for; a state file
// made with others cannot be added to.
func summaryOptions(o options) aggregate.Options {
	return aggregate.Options{KeepQuery: o.keepQuery, TopCapacity: maxTop}.WithDefaults()
}

// loadState reads --state: nil when there is none yet. A file that is not
// a state is an input error (exit 1); one made with other options, a
// usage error (exit 2).
func loadState(o options) (*state.File, error) {
	if o.state == "" {
		return nil, nil
	}
	st, err := state.Load(o.state)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	}
	if err := sameOptions(st.Summary.Options(), summaryOptions(o)); err != nil {
		return nil, usagef("--state %s: %v; use the same options, or another state file", o.state, err)
	}
	return st, nil
}

// sameOptions says how two Summaries' options differ, nil when they do not:
// summaries made with different options do not add up.
func sameOptions(have, want aggregate.Options) error {
	switch {
	case have.KeepQuery != want.KeepQuery:
		return fmt.Errorf("made with --keep-query %v, not %v", have.KeepQuery, want.KeepQuery)
	case have != want:
		return fmt.Errorf("made with other top-list sizes (%d values, %d codes, %d samples)", have.TopCapacity, have.MaxTopCodes, have.MaxSamples)
	}
	return nil
}

// withState adds what earlier runs read (st, nil for none) to this run's
// result, and saves the sum with the new positions to --state. It returns
// the summary and format name the report is of.
func withState(o options, st *state.File, res *ingest.Result, format string) (*aggregate.Summary, string, error) {
	if o.state == "" {
		return res.Summary, format, nil
	}
	sum := res.Summary
	if st != nil {
		switch {
		case res.Summary.Lines.Read() == 0:
			format = st.Format
		case st.Format != "" && st.Format != format && st.Summary.Lines.Read() > 0:
			format = "mixed"
		}
		st.Summary.Merge(res.Summary)
		sum = st.Summary
	}
	err := state.Save(o.state, &state.File{Written: time.Now(), Format: format, Positions: res.Positions, Summary: sum})
	if err != nil {
		err = fmt.Errorf("saving --state: %w", err)
	}
	return sum, format, err
}
