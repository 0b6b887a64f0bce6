package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets a test run this binary as logstat itself: with
// LOGSTAT_TEST_MAIN=1 it is main, with the process's arguments.
func TestMain(m *testing.M) {
	if os.Getenv("LOGSTAT_TEST_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// runCLIStdin is runCLI with stdin a file, as the shell's < gives it.
func runCLIStdin(t *testing.T, stdin *os.File, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("COLUMNS", "")
	var out, errOut bytes.Buffer
	code := run(t.Context(), args, stdin, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestOutRefusesWhatIsRead: --out must not name anything logstat reads,
// by whatever path; the file is left as it was.
func TestOutRefusesWhatIsRead(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	conf := filepath.Join(dir, "nginx.conf")
	must(t, os.WriteFile(log, data, 0o644))
	must(t, os.WriteFile(conf, []byte("log_format main '$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent';\n"), 0o644))
	must(t, os.Link(log, filepath.Join(dir, "hard.log")))
	must(t, os.Symlink("access.log", filepath.Join(dir, "sym.log")))
	must(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	tests := []struct {
		name   string
		args   []string
		stdin  string // a file for standard input
		errOut string
	}{
		{"the input", []string{"--out", log, log}, "",
			"logstat: --out " + log + " is also an input: the report would overwrite the log\n"},
		{"another path to the input", []string{"--out", filepath.Join(dir, "sub", "..", "access.log"), log}, "",
			"logstat: --out " + filepath.Join(dir, "sub", "..", "access.log") + " is also an input: the report would overwrite the log\n"},
		{"a hard link to the input", []string{"--out", filepath.Join(dir, "hard.log"), log}, "",
			"logstat: --out " + filepath.Join(dir, "hard.log") + " is also an input: the report would overwrite the log\n"},
		{"a symbolic link to the input", []string{"--out", filepath.Join(dir, "sym.log"), log}, "",
			"logstat: --out " + filepath.Join(dir, "sym.log") + " is also an input: the report would overwrite the log\n"},
		{"the input through a symbolic link", []string{"--out", log, filepath.Join(dir, "sym.log")}, "",
			"logstat: --out " + log + " is also an input: the report would overwrite the log\n"},
		{"an input a glob found", []string{"--out", log, filepath.Join(dir, "*.log")}, "",
			"logstat: --out " + log + " is also an input: the report would overwrite the log\n"},
		{"the file on standard input, as -", []string{"--out", filepath.Join(dir, "hard.log"), "-"}, log,
			"logstat: --out " + filepath.Join(dir, "hard.log") + " is the file on standard input: the report would overwrite the log\n"},
		{"the file on standard input, no input named", []string{"--out", log}, log,
			"logstat: --out " + log + " is the file on standard input: the report would overwrite the log\n"},
		{"/dev/stdin", []string{"--out", "/dev/stdin", log}, "",
			"logstat: --out /dev/stdin is standard input, which logstat reads\n"},
		{"/proc/self/fd/0", []string{"--out", "/proc/self/fd/0", log}, "",
			"logstat: --out /proc/self/fd/0 is standard input, which logstat reads\n"},
		{"/dev/fd/0", []string{"--out", "/dev/fd/0"}, log,
			"logstat: --out /dev/fd/0 is standard input, which logstat reads\n"},
		{"the --nginx-conf file", []string{"--nginx-conf", conf, "--format", "main", "--out", conf, log}, "",
			"logstat: --out " + conf + " is the --nginx-conf file: the report would overwrite it\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdin := openOrNil(t, tc.stdin)
			code, out, errOut := runCLIStdin(t, stdin, tc.args...)
			if code != exitUsage || out != "" || errOut != tc.errOut {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing and %q", code, out, errOut, tc.errOut)
			}
			checkContent(t, log, data)
		})
	}
}

func openOrNil(t *testing.T, name string) *os.File {
	t.Helper()
	if name == "" {
		f, err := os.Open(os.DevNull)
		must(t, err)
		t.Cleanup(func() { f.Close() })
		return f
	}
	f, err := os.Open(name)
	must(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func checkContent(t *testing.T, name string, want []byte) {
	t.Helper()
	if got, err := os.ReadFile(name); err != nil || !bytes.Equal(got, want) {
		t.Errorf("%s changed (%v): %.60q…", name, err, got)
	}
}

// TestOutWrites: --out replaces a file whole, keeping its permissions,
// writes to what is not a file, and is left alone when nothing was read.
func TestOutWrites(t *testing.T) {
	tests := []struct {
		name    string
		old     string      // the --out file's content before, "" for none
		mode    os.FileMode // its permissions before and after
		args    []string    // after --out FILE
		code    int
		content string // in the file afterwards
	}{
		{"a new file", "", 0o644, []string{sample}, 0, "Status codes"},
		{"a file replaced keeps its mode", "old report\n", 0o600, []string{sample}, 0, "Status codes"},
		{"json", "old report\n", 0o640, []string{"-o", "json", sample}, 0, `"schema": 1`},
		{"every input missing: the old report stays", "old report\n", 0o644, []string{"/nonexistent/a.log"}, 1, "old report\n"},
		{"a bad flag: the old report stays", "old report\n", 0o644, []string{"--top", "0", sample}, 2, "old report\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			name := filepath.Join(dir, "report.txt")
			if tc.old != "" {
				must(t, os.WriteFile(name, []byte(tc.old), tc.mode))
				must(t, os.Chmod(name, tc.mode))
			}
			code, out, errOut := runCLI(t, "", append([]string{"--out", name}, tc.args...)...)
			if code != tc.code || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d and nothing on stdout", code, out, errOut, tc.code)
			}
			got, err := os.ReadFile(name)
			if err != nil || !strings.Contains(string(got), tc.content) {
				t.Errorf("%s holds %.80q (%v), want %q in it", name, got, err, tc.content)
			}
			want := tc.mode
			if tc.old == "" {
				want &^= umask(t)
			}
			if fi, err := os.Stat(name); err != nil {
				t.Error(err)
			} else if fi.Mode().Perm() != want {
				t.Errorf("mode %v, want %v", fi.Mode().Perm(), want)
			}
			checkOnly(t, dir, "report.txt")
		})
	}
}

// TestOutNotAFile: what is not a regular file is written to, not replaced.
func TestOutNotAFile(t *testing.T) {
	code, out, errOut := runCLI(t, "", "--out", os.DevNull, sample)
	if code != 0 || out != "" || errOut != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("%s is no longer a device: %v %v", os.DevNull, fi.Mode(), err)
	}
}

// umask is the process's umask, as the files it creates show it.
func umask(t *testing.T) os.FileMode {
	t.Helper()
	name := filepath.Join(t.TempDir(), "probe")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY, 0o777)
	must(t, err)
	must(t, f.Close())
	fi, err := os.Stat(name)
	must(t, err)
	return 0o777 &^ fi.Mode().Perm()
}

// checkOnly checks that dir holds only the named file: no temporary file
// was left.
func checkOnly(t *testing.T, dir, name string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	must(t, err)
	for _, e := range entries {
		if e.Name() != name {
			t.Errorf("%s left in %s", e.Name(), dir)
		}
	}
}

// TestOutOverFileSizeLimit runs logstat (this test binary, as main) under
// ulimit -f 1 (1 KiB): the report is larger, so writing it fails with
// EFBIG. logstat must not be killed by SIGXFSZ, must exit 1 saying so, and
// must leave the old report as it was and no temporary file.
func TestOutOverFileSizeLimit(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to set ulimit -f with")
	}
	exe, err := os.Executable()
	must(t, err)
	dir := t.TempDir()
	name := filepath.Join(dir, "report.txt")
	old := []byte("the old report\n")
	must(t, os.WriteFile(name, old, 0o644))

	cmd := exec.Command(bash, "-c", `ulimit -f 1 && exec "$0" "$@"`, exe, "--out", name, "-o", "json", sample)
	cmd.Env = append(os.Environ(), "LOGSTAT_TEST_MAIN=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()

	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("%v (%s), want exit 1; stderr: %s", err, cmd.ProcessState, stderr.String())
	}
	want := "logstat: writing the report: write " + name + ": file too large; " + name + " is unchanged\n"
	if stdout.Len() != 0 || stderr.String() != want {
		t.Errorf("stdout %q, stderr %q; want nothing and %q", stdout.String(), stderr.String(), want)
	}
	checkContent(t, name, old)
	checkOnly(t, dir, "report.txt")
}
