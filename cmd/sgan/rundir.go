package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/train"
)

// runDir is a run's directory: config.json, metrics.jsonl, samples/,
// plots/, checkpoints/ and index.html. It is numbered and never
// overwritten.
type runDir struct {
	dir string
	src data.Source
	z   map[int64]*torchx.Generator
}

// runFile is config.json: what made the run, to resume it and to read it.
type runFile struct {
	SGAN    string       `json:"sgan"`
	Created string       `json:"created"`
	Config  train.Config `json:"config"`
	Run     runOptions   `json:"run"`
}

// newRunDir makes out/NNNN-name, the first number not taken, and writes
// config.json into it.
func newRunDir(out, name string, cfg train.Config, opt runOptions, src data.Source) (
	*runDir, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, usageError{fmt.Errorf("--out %s: %w", out, err)}
	}
	var dir string
	for n := 1; ; n++ {
		dir = filepath.Join(out, fmt.Sprintf("%04d-%s", n, name))
		err := os.Mkdir(dir, 0o755)
		if err == nil {
			break
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("make run directory: %w", err)
		}
	}
	run := &runDir{dir: dir, src: src}
	for _, sub := range []string{"samples", "plots", "checkpoints"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("make run directory: %w", err)
		}
	}
	f := runFile{SGAN: version, Created: time.Now().UTC().Format(time.RFC3339), Config: cfg,
		Run: opt}
	raw, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "config.json")
	if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("write config: %w", err)
	}
	logrus.WithField("config", string(mustJSON(cfg))).Info("resolved configuration")
	return run, nil
}

// openRunDir opens an existing run directory for --resume.
func openRunDir(dir string) (*runDir, runOptions, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		return nil, runOptions{}, fmt.Errorf("--resume %s: not a run directory (%w)", dir, err)
	}
	var f runFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, runOptions{}, fmt.Errorf("--resume %s: config.json: %w", dir, err)
	}
	return &runDir{dir: dir}, f.Run, nil
}

func (r *runDir) checkpoints() string { return filepath.Join(r.dir, "checkpoints") }

func (r *runDir) checkpoint(tr *train.Trainer, keep int) error {
	path, err := tr.SaveCheckpoint(r.checkpoints(), keep)
	if err != nil {
		return fmt.Errorf("%w (earlier checkpoints in %s are intact)", err, r.checkpoints())
	}
	logrus.WithField("path", path).Debug("checkpoint")
	return nil
}

// record appends the figures to metrics.jsonl and logs one line.
func (r *runDir) record(f train.Figures, perIteration time.Duration) error {
	rec := map[string]any{"iteration": f.Iteration, "time": time.Now().UTC().Format(time.RFC3339),
		"ms_per_iteration": ms(perIteration), "rss_mb": rssMB(), "local": pairsJSON(f.Local)}
	fields := logrus.Fields{"iteration": f.Iteration}
	if f.Global != nil {
		rec["global"] = pairJSON(*f.Global)
		fields["G0"] = fmt.Sprintf("%.3f/%.3f", f.Global.LossD, f.Global.LossG)
	}
	for _, p := range f.Local {
		fields[p.Name] = fmt.Sprintf("%.3f/%.3f", p.LossD, p.LossG)
	}
	if f.Baseline != nil {
		rec["baseline"] = pairJSON(*f.Baseline)
		fields["baseline"] = fmt.Sprintf("%.3f/%.3f", f.Baseline.LossD, f.Baseline.LossG)
	}
	if len(f.Events) > 0 {
		rec["events"] = f.Events
	}
	fields["ms/it"], fields["rss_mb"] = fmt.Sprintf("%.0f", ms(perIteration)), rec["rss_mb"]
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encode metrics: %w", err)
	}
	fm, err := os.OpenFile(filepath.Join(r.dir, "metrics.jsonl"),
		os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("write metrics: %w", err)
	}
	if _, err := fm.Write(append(line, '\n')); err != nil {
		fm.Close()
		return fmt.Errorf("write metrics: %w", err)
	}
	if err := fm.Close(); err != nil {
		return fmt.Errorf("write metrics: %w", err)
	}
	logrus.WithFields(fields).Info("lossD/lossG")
	for _, e := range f.Events {
		logrus.Warn(e)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// pairJSON is a pair's figures with non-finite values as null.
func pairJSON(p train.PairFigures) map[string]any {
	m := map[string]any{"name": p.Name, "loss_d": finite(p.LossD), "loss_g": finite(p.LossG),
		"d_real": finite(p.DReal), "d_fake": finite(p.DFake)}
	if p.Quarantined {
		m["quarantined"] = true
	}
	return m
}

func pairsJSON(ps []train.PairFigures) []map[string]any {
	out := make([]map[string]any, len(ps))
	for i, p := range ps {
		out[i] = pairJSON(p)
	}
	return out
}

func finite(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// rssMB is the process's resident memory in MB, from /proc/self/statm.
func rssMB() float64 {
	raw, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(raw))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseFloat(f[1], 64)
	return math.Round(pages*float64(os.Getpagesize())/(1<<20)*10) / 10
}

func mustJSON(v any) []byte {
	raw, err := json.Marshal(v)
	if err != nil {
		return []byte(err.Error())
	}
	return raw
}
