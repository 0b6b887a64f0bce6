package diagnose

import "fmt"

// Severity ranks findings: Info < Warning < Critical, so that a threshold
// reads f.Severity >= diagnose.Warning. It is written as its name ("info",
// "warning", "critical") in JSON and text.
type Severity int

const (
	Info Severity = iota
	Warning
	Critical
)

var severityNames = [...]string{Info: "info", Warning: "warning", Critical: "critical"}

// Severities lists every severity, most severe first.
func Severities() []Severity { return []Severity{Critical, Warning, Info} }

// String returns the severity's name: "info", "warning" or "critical".
func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity's name.
func ParseSeverity(name string) (Severity, error) {
	for s, n := range severityNames {
		if n == name {
			return Severity(s), nil
		}
	}
	return 0, fmt.Errorf("%q is not a severity (use critical, warning or info)", name)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) {
	if s < 0 || int(s) >= len(severityNames) {
		return nil, fmt.Errorf("diagnose: no severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
