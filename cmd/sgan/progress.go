package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"
	"golang.org/x/term"
)

// progress is a one-line progress bar on a terminal: the iteration of the
// total, a bar, iterations per second since the bar started and the time
// left at that rate. Log lines written through it (it is an io.Writer for
// logrus) scroll above the bar, which is drawn again below them.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	total    int
	width    int // columns of the terminal
	start    time.Time
	startIt  int // iteration at start: a resumed run counts from it
	it       int
	drawn    time.Time
	interval time.Duration // least time between redraws
	stopped  bool
}

// newProgress is a bar for iterations from it to total on w, a terminal of
// width columns (80 when unknown).
func newProgress(w io.Writer, it, total, width int, now time.Time) *progress {
	if width <= 0 {
		width = 80
	}
	return &progress{w: w, total: total, width: width, start: now, startIt: it, it: it,
		interval: 100 * time.Millisecond}
}

// update moves the bar to iteration it, redrawing it at most every tenth of
// a second (and at the last iteration).
func (p *progress) update(it int, now time.Time) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.it = it
	if now.Sub(p.drawn) < p.interval && it < p.total {
		return
	}
	p.drawn = now
	fmt.Fprint(p.w, "\r"+p.render(now)+"\x1b[K")
}

// render is the bar's line at time now, at most p.width-1 columns:
//
//	iteration 1200/3000 [########........]  40%  85.3 it/s  ETA 0:21
func (p *progress) render(now time.Time) string {
	done := p.it - p.startIt
	rate := 0.0
	if s := now.Sub(p.start).Seconds(); s > 0 && done > 0 {
		rate = float64(done) / s
	}
	eta := "?"
	if rate > 0 {
		eta = clock(time.Duration(float64(p.total-p.it) / rate * float64(time.Second)))
	}
	frac := 0.0
	if p.total > 0 {
		frac = min(1, float64(p.it)/float64(p.total))
	}
	head := fmt.Sprintf("iteration %d/%d ", p.it, p.total)
	tail := fmt.Sprintf(" %3.0f%%  %.1f it/s  ETA %s", 100*frac, rate, eta)
	n := p.width - 1 - len(head) - len(tail) - 2
	if n < 5 {
		line := strings.TrimSpace(head) + tail
		return line[:min(len(line), max(0, p.width-1))]
	}
	filled := int(frac * float64(n))
	return head + "[" + strings.Repeat("#", filled) + strings.Repeat(".", n-filled) + "]" + tail
}

// clock is d as H:MM:SS, or M:SS under an hour.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Write clears the bar's line, writes b (whole log lines) and draws the
// bar again below it.
func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, err := fmt.Fprint(p.w, "\r\x1b[K"); err != nil {
		return 0, err
	}
	n, err := p.w.Write(b)
	if err != nil {
		return n, err
	}
	_, err = fmt.Fprint(p.w, p.render(time.Now())+"\x1b[K")
	return n, err
}

// finish ends the bar's line, leaving the last bar on the terminal.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r"+p.render(time.Now())+"\x1b[K\n")
}

// terminalProgress starts a bar for iterations from it to total on the
// log's output when that is a terminal and the log is text, and sends the
// log through it; nil (a bar that draws nothing) otherwise.
func terminalProgress(it, total int) *progress {
	l := logrus.StandardLogger()
	f, ok := l.Out.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	if _, text := l.Formatter.(*logrus.TextFormatter); !text {
		return nil
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		width = 0
	}
	p := newProgress(f, it, total, width, time.Now())
	logrus.SetOutput(p)
	return p
}

// stop ends the bar and gives the log its output back; a second call does
// nothing.
func (p *progress) stop() {
	if p == nil || p.stopped {
		return
	}
	p.stopped = true
	logrus.SetOutput(p.w)
	p.finish()
}
