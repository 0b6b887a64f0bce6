package main

import (
	"io"
	"os"
)

// checkOut refuses an --out that names one of the inputs.
func checkOut(o options, names []string, stdin io.Reader) error {
	if o.out == "" {
		return nil
	}
	out, err := os.Stat(o.out)
	if err != nil {
		return nil
	}
	for _, n := range names {
		if in, err := os.Stat(n); err == nil && os.SameFile(in, out) {
			return usagef("--out %s is also an input: the report would overwrite the log", o.out)
		}
	}
	return nil
}

// writeOut writes the report to the file name.
func writeOut(name string, render func(io.Writer) error) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	return render(f)
}
