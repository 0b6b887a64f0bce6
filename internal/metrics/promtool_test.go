package metrics

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// The deploy files live in ../../deploy, which has no Go code: they are
// checked here, next to the metrics they use.
const deployDir = "../../deploy"

// tool returns the path of a command, or skips the test without it.
func tool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not found (Debian package %s): %v", name, pkg, err)
	}
	return path
}

// run runs a command and fails the test when it fails or says anything
// on standard error.
func run(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Errorf("%s: %v\n%s%s", strings.Join(cmd.Args, " "), err, out, stderr.String())
	}
}

func TestPromtoolCheckMetrics(t *testing.T) {
	promtool := tool(t, "promtool", "prometheus")
	src := &hostSource{fakeSource: knownSource(), hosts: map[string]ClassCounts{"a.example": counts2xx5xx(3, 1)}}
	h, err := Handler(src, Options{MaxHostLabels: 10})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(rec.Body.String())
	run(t, cmd)
}

func TestPromtoolCheckDeploy(t *testing.T) {
	promtool := tool(t, "promtool", "prometheus")
	tests := []struct {
		name string
		args []string
	}{
		{"config (and the rules it loads)", []string{"check", "config", "prometheus.yml"}},
		{"rules", []string{"check", "rules", "alerts.yml"}},
		{"rule tests", []string{"test", "rules", "alerts_test.yml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(promtool, tt.args...)
			cmd.Dir = deployDir
			run(t, cmd)
		})
	}
}

// TestAlertsUseServedMetrics: every logstat metric the rules name is one
// the collector serves, so that renaming one breaks this test rather than
// the alerts.
func TestAlertsUseServedMetrics(t *testing.T) {
	rules, err := os.ReadFile(filepath.Join(deployDir, "alerts.yml"))
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, f := range gatherFamilies(t, collectorOf(t, knownSource())) {
		served[f.GetName()] = true
	}
	for _, name := range regexp.MustCompile(`logstat_[a-z_]+`).FindAllString(string(rules), -1) {
		if !served[name] {
			t.Errorf("alerts.yml uses %s, which is not served", name)
		}
	}
}

func TestSystemdUnit(t *testing.T) {
	analyze := tool(t, "systemd-analyze", "systemd")
	unit, err := os.ReadFile(filepath.Join(deployDir, "logstat.service"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--listen 127.0.0.1:9807", "--state /var/lib/logstat/", "StateDirectory=logstat"} {
		if !strings.Contains(string(unit), want) {
			t.Errorf("logstat.service lacks %q", want)
		}
	}
	// verify wants the ExecStart binary to exist: this test's own will do.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "logstat.service")
	text := strings.ReplaceAll(string(unit), "/usr/local/bin/logstat", self)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, exec.Command(analyze, "verify", path))
}

func collectorOf(t *testing.T, src Source) prometheus.Collector {
	t.Helper()
	c, err := NewCollector(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
