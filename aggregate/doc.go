// Package aggregate turns parsed records into a Summary: exact counts and
// bytes per status class and code, the time range, and bounded top lists
// (paths, clients, hosts) per code. Summaries from parallel workers, files
// or hosts merge into one.
package aggregate
