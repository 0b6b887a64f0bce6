package parser

import (
	"path/filepath"
	"strings"
)

// H-Sphere's Unix transfer logs are Apache combined, so their lines alone
// read as combined: the family is chosen by where the file lies.
var _ = Register(Family{
	Name:     "hsphere",
	Doc:      presetDoc("hsphere"),
	New:      noArg("hsphere", func() Spec { return PresetFormat("hsphere") }),
	PathHint: hsphereByPath,
})

// hsphereByPath names a combined log (with the nginx tail Detect inferred,
// if any) hsphere when its path follows H-Sphere's layout.
func hsphereByPath(path string, detected Spec) Spec {
	f, ok := detected.(*Format)
	if !ok || f.Name() != "combined" || !looksHSphere(path) {
		return nil
	}
	if f == PresetFormat("combined") {
		return PresetFormat("hsphere")
	}
	renamed := *f
	renamed.name = "hsphere"
	return &renamed
}

// looksHSphere reports whether a path follows H-Sphere's transfer log
// layout /hsphere/local/home/USER/logs/DOMAIN/DOMAIN[.N[.gz]] (relative to
// / too).
func looksHSphere(name string) bool {
	const home = "hsphere/local/home/"
	name = filepath.ToSlash(name)
	i := strings.Index(name, "/"+home)
	switch {
	case strings.HasPrefix(name, home):
		i = len(home)
	case i >= 0:
		i += 1 + len(home)
	default:
		return false
	}
	return strings.Contains(name[i:], "/logs/")
}
