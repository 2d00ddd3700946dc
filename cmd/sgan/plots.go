package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/sgan-dev/sgan/nn"
	"github.com/sgan-dev/sgan/report"
	"github.com/sgan-dev/sgan/train"
)

const (
	levelCells  = 80               // grid cells per side of the discriminators' levels
	pageRefresh = 10 * time.Second // how often a running run's index.html reloads
)

func isToy(cfg train.Config) bool { return cfg.G.Arch == nn.MLP && cfg.G.DataDim == 2 }

func (r *runDir) plots() string { return filepath.Join(r.dir, report.PlotsDir) }

// drawPlots redraws plots/: for 2-D data NNNNNNNN-levels.png, the samples
// over the discriminators' levels; for every run curves.png from
// metrics.jsonl.
func (r *runDir) drawPlots(tr *train.Trainer) error {
	if err := os.MkdirAll(r.plots(), 0o755); err != nil {
		return fmt.Errorf("make plots directory: %w", err)
	}
	if isToy(tr.Config()) {
		if err := r.drawLevels(tr); err != nil {
			return err
		}
	}
	return r.drawCurves()
}

// drawLevels draws the toy picture of the paper's Figures 3 and 4: the
// local generators over the mean of the local discriminators' levels, G0
// (and the baseline) over D0's.
func (r *runDir) drawLevels(tr *train.Trainer) error {
	cfg := tr.Config()
	names, gens := tr.Generators()
	ds := tr.Discriminators()
	real, points, err := r.toySamples(names, gens, cfg)
	if err != nil {
		return err
	}
	quarantined := map[string]bool{}
	for _, p := range tr.Figures().Local {
		quarantined[p.Name] = p.Quarantined
	}
	f := report.ToyFigure{Title: fmt.Sprintf("%s, iteration %d", filepath.Base(r.dir),
		tr.Iteration()), Real: real, Probabilities: report.Probabilities(cfg.Variant),
		LevelName: report.LevelName(cfg.Variant)}
	var local, global []nn.Network
	for i, name := range names {
		pts := report.Points{Name: name, XY: points[name]}
		switch {
		case name == "G0":
			f.Global = append([]report.Points{pts}, f.Global...)
			global = []nn.Network{ds[i]}
		case name == "baseline":
			f.Global = append(f.Global, pts)
			if cfg.NoGlobal {
				global = []nn.Network{ds[i]}
			}
		default:
			f.Local = append(f.Local, pts)
			if !quarantined[name] {
				local = append(local, ds[i])
			}
		}
	}
	f.Box = toyBox(real, points)
	if f.LocalLevels, err = levels(f.Box, local, cfg.Variant); err != nil {
		return err
	}
	if f.GlobalLevels, err = levels(f.Box, global, cfg.Variant); err != nil {
		return err
	}
	c, err := f.Canvas()
	if err != nil {
		return err
	}
	return report.SavePNG(filepath.Join(r.plots(), fmt.Sprintf("%08d-levels.png",
		tr.Iteration())), c)
}

// toyBox is the real data's bounding box, widened to show generated points
// that stray from it, up to twice its size.
func toyBox(real []float32, points map[string][]float32) report.Box {
	box := report.BoundingBox(real, 0.25)
	if len(real) == 0 {
		box = report.Box{XMin: -3, XMax: 3, YMin: -3, YMax: 3}
	}
	cx, cy := (box.XMin+box.XMax)/2, (box.YMin+box.YMax)/2
	limit := report.Box{XMin: cx + 2*(box.XMin-cx), XMax: cx + 2*(box.XMax-cx),
		YMin: cy + 2*(box.YMin-cy), YMax: cy + 2*(box.YMax-cy)}
	for _, xy := range points {
		box = box.Union(report.BoundingBox(xy, 0.05))
	}
	return box.Intersect(limit)
}

// levels are the mean levels of ds over box; nil for no discriminator.
func levels(box report.Box, ds []nn.Network, v train.Variant) (*report.Grid, error) {
	if len(ds) == 0 {
		return nil, nil
	}
	g := report.NewGrid(box, levelCells, levelCells)
	if err := report.Levels(g, ds, v); err != nil {
		return nil, err
	}
	return g, nil
}

// drawCurves redraws plots/curves.png from metrics.jsonl, when it has a
// record. A bad line is warned about, and the records before it drawn: the
// run goes on.
func (r *runDir) drawCurves() error {
	recs, err := report.ReadMetricsFile(filepath.Join(r.dir, "metrics.jsonl"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		logrus.WithError(err).Warn("curves drawn up to the bad line")
	}
	if len(recs) == 0 {
		return nil
	}
	c, err := report.CurvesCanvas(filepath.Base(r.dir), recs)
	if err != nil {
		return err
	}
	return report.SavePNG(filepath.Join(r.plots(), report.CurvesFile), c)
}

// writePage rewrites index.html; a running run's page reloads itself.
func (r *runDir) writePage(status string, running bool) error {
	o := report.IndexOptions{Status: status}
	if running {
		o.Refresh = pageRefresh
	}
	return report.WriteIndex(r.dir, o)
}

// drawPictures draws samples/ and plots/ of the current iteration and
// appends the generators' metrics to evals.jsonl.
func (r *runDir) drawPictures(tr *train.Trainer) error {
	start := time.Now()
	if err := r.drawSamples(tr); err != nil {
		return err
	}
	if err := r.drawPlots(tr); err != nil {
		return err
	}
	if err := r.evaluate(tr); err != nil {
		return err
	}
	logrus.WithField("ms", time.Since(start).Milliseconds()).Debug("samples, plots and " +
		"metrics drawn")
	return nil
}

// startPictures draws the pictures of the iteration a run starts (or
// resumes) at and writes a running index.html.
func (r *runDir) startPictures(tr *train.Trainer, opt runOptions) error {
	if err := r.drawPictures(tr); err != nil {
		return err
	}
	return r.writePage(runningStatus(tr, opt), true)
}

func runningStatus(tr *train.Trainer, opt runOptions) string {
	return fmt.Sprintf("running: iteration %d of %d", tr.Iteration(), opt.Iterations)
}

// finishPage writes the last index.html, which no longer reloads itself:
// done, stopped or failed with runErr. It returns runErr, or the page's
// own error after a run that went well.
//
// Known limitation: a second SIGINT or SIGTERM exits at once, without this
// page; the page left behind still says "running" and reloads itself until
// the run is resumed.
func (r *runDir) finishPage(tr *train.Trainer, opt runOptions, runErr error) error {
	status := fmt.Sprintf("done: %d iterations", tr.Iteration())
	if runErr != nil {
		status = fmt.Sprintf("ended at iteration %d of %d: %v", tr.Iteration(),
			opt.Iterations, runErr)
	}
	err := r.writePage(status, false)
	if runErr != nil {
		if err != nil {
			logrus.WithError(err).Warn("index.html not rewritten")
		}
		return runErr
	}
	return err
}
