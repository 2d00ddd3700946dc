package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressRender(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name             string
		start, it, total int
		width            int
		elapsed          time.Duration
		want             string
	}{
		{"start", 0, 0, 3000, 60, 0,
			"iteration 0/3000 [..................]   0%  0.0 it/s  ETA ?"},
		{"40%", 0, 1200, 3000, 70, 20 * time.Second,
			"iteration 1200/3000 [########.............]  40%  60.0 it/s  ETA 0:30"},
		{"resumed: rate since the start of the bar", 1000, 1100, 2000, 70, 10 * time.Second,
			"iteration 1100/2000 [###########..........]  55%  10.0 it/s  ETA 1:30"},
		{"hours", 0, 1, 10000, 70, 2 * time.Second,
			"iteration 1/10000 [.....................]   0%  0.5 it/s  ETA 5:33:18"},
		{"narrow terminal: no bar, cut", 0, 5, 10, 30, time.Second,
			"iteration 5/10  50%  5.0 it/s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newProgress(&bytes.Buffer{}, tc.start, tc.total, tc.width, t0)
			p.it = tc.it
			got := p.render(t0.Add(tc.elapsed))
			if got != tc.want {
				t.Errorf("render =\n%q\nwant\n%q", got, tc.want)
			}
			if len(got) > tc.width-1 {
				t.Errorf("%d columns, want at most %d", len(got), tc.width-1)
			}
		})
	}
}

func TestProgressRedrawsAndKeepsLogLinesAbove(t *testing.T) {
	var buf bytes.Buffer
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProgress(&buf, 0, 10, 60, t0)
	p.update(1, t0.Add(time.Second))
	p.update(2, t0.Add(time.Second+time.Millisecond)) // too soon: not drawn
	if n := strings.Count(buf.String(), "\r"); n != 1 {
		t.Errorf("%d redraws after two quick updates, want 1:\n%q", n, buf.String())
	}
	buf.Reset()
	if _, err := p.Write([]byte("level=info msg=lossD/lossG\n")); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	if !strings.HasPrefix(got, "\r\x1b[Klevel=info msg=lossD/lossG\niteration 2/10 [") {
		t.Errorf("log line through the bar = %q: want the line cleared, the log line, "+
			"then the bar", got)
	}
	buf.Reset()
	p.update(10, t0.Add(time.Second+2*time.Millisecond)) // the last: always drawn
	p.finish()
	if out := buf.String(); !strings.Contains(out, "iteration 10/10") ||
		!strings.HasSuffix(out, "\n") {
		t.Errorf("final bar %q: want iteration 10/10 and a newline", buf.String())
	}
}

func TestNilProgressDrawsNothing(t *testing.T) {
	var p *progress
	p.update(1, time.Now())
	p.stop()
}
