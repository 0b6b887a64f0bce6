// Command logstat reads web-server and CDN access logs and reports what
// their HTTP status codes say: counts per class and code, what each code
// means and what to do about it, and where the errors come from.
//
// Exit codes: 0 success; 1 an input could not be read, was cut short, or
// none of its lines parsed (what could be read is still reported), or the
// report could not be written; 2 usage error (bad flag, bad format string,
// unknown log_format name, --out naming what logstat reads); 130
// interrupted.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ignoreFileSizeSignal()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
