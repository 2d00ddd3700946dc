package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/metrics"
	"github.com/sgan-dev/sgan/report"
	"github.com/sgan-dev/sgan/train"
)

// evalSeed and evalPoints are the noise and the number of samples of each
// generator that a run's toy metrics are computed on: those of sgan score's
// defaults (VEEGAN's and PacGAN's 2,500 samples), so the last record of a
// run agrees with sgan score of its last checkpoint.
const (
	evalSeed   = 1
	evalPoints = 2500
)

// evaluate appends the metrics of every generator at the current iteration
// to evals.jsonl and redraws plots/evals.png. For a Gaussian mixture they
// are the modes captured and the share of high-quality samples of each
// generator and the non-coverage of the local generators (paper Figure
// 2d); for text the n-gram JSDs and distinct characters of each generator
// (evaluateText); other data sets have no metric computed during training.
func (r *runDir) evaluate(tr *train.Trainer) error {
	if txt, ok := r.src.(*data.Text); ok {
		return r.evaluateText(tr, txt)
	}
	mix, ok := r.src.(*data.Mixture)
	if !ok {
		return nil
	}
	m := metrics.Mixture{Means: mix.Modes(), Std: mix.Std()}
	rec := report.EvalRecord{Iteration: tr.Iteration()}
	names, gens := tr.Generators()
	var local [][][2]float64
	for i, g := range gens {
		values, _, err := drawSamples(g, evalPoints, tr.Config().G.NZ, evalSeed)
		if err != nil {
			return fmt.Errorf("evaluate %s: %w", names[i], err)
		}
		pts, err := metrics.Points2D(values)
		if err != nil {
			return fmt.Errorf("evaluate %s: %w", names[i], err)
		}
		q, err := metrics.EvaluateToy(pts, m, metrics.ToyOptions{})
		if err != nil {
			return fmt.Errorf("evaluate %s: %w", names[i], err)
		}
		rec.Generators = append(rec.Generators, report.GeneratorEval{Name: names[i],
			Figures: map[string]float64{"modes_captured": float64(q.ModesCaptured),
				"high_quality": q.HighQualityShare}})
		if isLocal(names[i]) {
			local = append(local, pts)
		}
	}
	if len(local) > 0 {
		cov, err := metrics.NonCoverage(local, m, metrics.ToyOptions{})
		if err != nil {
			return fmt.Errorf("evaluate the local generators: %w", err)
		}
		rec.Ensemble = map[string]float64{"non_coverage": cov.NonCoverage}
	}
	if err := report.AppendEval(filepath.Join(r.dir, report.EvalsFile), rec); err != nil {
		return err
	}
	return r.drawEvals()
}

// isLocal reports whether a generator's name is a local generator's, G1..GN.
func isLocal(name string) bool {
	return strings.HasPrefix(name, "G") && name != "G0"
}

// drawEvals redraws plots/evals.png from evals.jsonl.
func (r *runDir) drawEvals() error {
	recs, err := report.ReadEvalsFile(filepath.Join(r.dir, report.EvalsFile))
	if err != nil {
		return err
	}
	c, err := report.EvalsCanvas(filepath.Base(r.dir)+": metrics of the generators", recs)
	if err != nil {
		return err
	}
	return report.SavePNG(filepath.Join(r.plots(), report.EvalsPlot), c)
}
