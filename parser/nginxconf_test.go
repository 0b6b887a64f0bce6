package parser

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// nginxConf is shaped like a real nginx.conf: formats split over several
// strings and lines, both quote styles, escaped quotes, escape=json, and
// comments that mention log_format.
const nginxConf = `user  nginx;
worker_processes  auto;

events { worker_connections 1024; }

http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    # log_format old '$remote_addr $status';
    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    log_format timed "$remote_addr [$time_local] \"$request\" $status "
                     "$request_time $upstream_status";   # trailing comment

    log_format json escape=json '{"time":"$time_iso8601",'
        '"status":$status,'
        '"ua":"$http_user_agent"}';

    log_format	tabs	'$remote_addr\t$status';

    access_log  /var/log/nginx/access.log  main;
    server {
        listen 80;
        location / { return 200 "log_format x in a string;"; }
    }
}
`

func TestNginxLogFormat(t *testing.T) {
	tests := []struct{ name, want string }{
		{"main", `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"`},
		{"timed", `$remote_addr [$time_local] "$request" $status $request_time $upstream_status`},
		{"json", `{"time":"$time_iso8601","status":$status,"ua":"$http_user_agent"}`},
		{"tabs", "$remote_addr\t$status"},
		{"combined", NginxCombined}, // built in
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NginxLogFormat(strings.NewReader(nginxConf), tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if _, err := CompileNginx(tt.name, got); err != nil {
				t.Errorf("the format does not compile: %v", err)
			}
		})
	}
	// main read from nginx.conf is the main preset.
	if got, _ := NginxLogFormat(strings.NewReader(nginxConf), "main"); got != PresetFormat("main").Source() {
		t.Errorf("main from nginx.conf differs from the main preset")
	}
}

func TestNginxLogFormatErrors(t *testing.T) {
	tests := []struct{ name, conf, format, err string }{
		{"missing_lists_names", nginxConf, "old", `no log_format named "old" (found: json, main, tabs, timed)`},
		{"no_log_format", "http { access_log off; }", "main", "no log_format directive found"},
		{"unterminated_string", "log_format main '$status;\n", "main", "line 1: unterminated ' string"},
		{"unterminated_after_lines", "\n\nlog_format main \"$status\n\n", "main", "line 3: unterminated \" string"},
		{"duplicate_name", nginxConf + "log_format timed '$status';\n", "main",
			`line 30: duplicate log_format name "timed" (first defined at line 15): nginx refuses the configuration`},
		{"duplicate_name_asked_for", "log_format a\n  '$status';\n\nlog_format\n a '$remote_addr $status';", "a",
			`line 5: duplicate log_format name "a" (first defined at line 1): nginx refuses the configuration`},
		{"combined_redefined", "log_format combined '$status';", "combined",
			`line 1: duplicate log_format name "combined": combined is built into nginx, which refuses the configuration`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NginxLogFormat(strings.NewReader(tt.conf), tt.format)
			if err == nil || err.Error() != tt.err {
				t.Errorf("err = %v, want %q", err, tt.err)
			}
		})
	}
}

func TestNginxLogFormatParsesLines(t *testing.T) {
	format, err := NginxLogFormat(strings.NewReader(nginxConf), "json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := CompileNginx("json", format)
	if err != nil {
		t.Fatal(err)
	}
	var rec Record
	line := `{"time":"2023-07-18T13:44:16+00:00","status":404,"ua":"Mozilla \"x\""}`
	if err := f.NewParser().Parse([]byte(line), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Status != 404 || string(rec.UserAgent) != `Mozilla "x"` {
		t.Errorf("Status %d UserAgent %q", rec.Status, rec.UserAgent)
	}
}

// TestNginxLogFormatErrorLines: the errors are *ConfError with the line.
func TestNginxLogFormatErrorLines(t *testing.T) {
	tests := []struct {
		name, conf string
		line       int
	}{
		{"unterminated", "\n\nlog_format a '$status;\n", 3},
		{"duplicate", "log_format a '$status';\n# log_format a\nlog_format b '$status';\nlog_format a '$status';", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NginxLogFormat(strings.NewReader(tt.conf), "a")
			var ce *ConfError
			if !errors.As(err, &ce) || ce.Line != tt.line {
				t.Errorf("err = %#v, want a *ConfError at line %d", err, tt.line)
			}
		})
	}
}

// endless is an input that never ends, counting what is read from it.
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "log_format x '$status';\n"[(e.read+int64(i))%24]
	}
	e.read += int64(len(p))
	return len(p), nil
}

func TestNginxLogFormatSizeLimit(t *testing.T) {
	// Just at the limit it is read; a byte more is refused.
	pad := func(n int) io.Reader {
		head := "log_format x '$status';\n"
		return strings.NewReader(head + strings.Repeat("#", n-len(head)))
	}
	if got, err := NginxLogFormat(pad(MaxNginxConfSize), "x"); err != nil || got != "$status" {
		t.Errorf("%d bytes: %q, %v", MaxNginxConfSize, got, err)
	}
	_, err := NginxLogFormat(pad(MaxNginxConfSize+1), "x")
	if !errors.Is(err, ErrConfTooLarge) || err.Error() != "file is larger than 8 MiB: not an nginx configuration?" {
		t.Errorf("%d bytes: err = %v, want ErrConfTooLarge", MaxNginxConfSize+1, err)
	}
	// A never-ending input (a log, /dev/zero) is read only to the limit.
	src := &endless{}
	if _, err := NginxLogFormat(src, "x"); !errors.Is(err, ErrConfTooLarge) {
		t.Errorf("endless input: err = %v", err)
	}
	if src.read > MaxNginxConfSize+64<<10 {
		t.Errorf("read %d bytes of an endless input, want about %d", src.read, MaxNginxConfSize)
	}
	// An unterminated string running past the limit is still "too large".
	big := io.MultiReader(strings.NewReader("log_format x '"), bytes.NewReader(make([]byte, MaxNginxConfSize)))
	if _, err := NginxLogFormat(big, "x"); !errors.Is(err, ErrConfTooLarge) {
		t.Errorf("unterminated past the limit: err = %v", err)
	}
}
