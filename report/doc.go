// Package report renders an aggregate.Summary for people and programs: the
// terminal text report (go-pretty tables) and the JSON contract. It also
// holds the status-code catalog, the explanation and suggested action for
// every code, which the reports draw on.
//
// Log content is attacker-written: every value taken from a log goes
// through Clean (terminal) or CleanJSON before it is written.
package report
