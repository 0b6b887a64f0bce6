package parser

import "bytes"

// hsphereIIS names the logs of H-Sphere's Windows hosting (Winbox): IIS
// W3C logs written by "#Software: H-Sphere log plugin".
const hsphereIIS = "hsphere-iis"

var _ = Register(Family{
	Name:           hsphereIIS,
	Doc:            "H-Sphere Windows hosting: W3C logs of its IIS log plugin",
	New:            noArg(hsphereIIS, func() Spec { return W3C{HSphere: true} }),
	Detect:         detectHSphereIIS,
	HeaderPrefixes: W3CHeaderPrefixes[:],
})

// detectHSphereIIS judges W3C lines whose #Software directive names
// H-Sphere.
func detectHSphereIIS(lines [][]byte) Detection {
	for _, l := range lines {
		if bytes.HasPrefix(l, []byte(w3cSoftware)) && bytes.Contains(bytes.ToLower(l), []byte("h-sphere")) {
			d := detectW3C(W3C{HSphere: true}, lines)
			d.Specific = true
			return d
		}
	}
	return Detection{}
}
