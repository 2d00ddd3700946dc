package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image/color"
	"io"
	"os"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Evaluation files and pictures of a run directory.
const (
	EvalsFile = "evals.jsonl" // one EvalRecord a line
	EvalsPlot = "evals.png"   // in PlotsDir, drawn by EvalsCanvas
)

// EvalRecord is one line of a run's evals.jsonl: how good each generator's
// samples were at one iteration, by figures named by keys (see EvalTitles),
// and figures of the ensemble of local generators.
type EvalRecord struct {
	Iteration  int                `json:"iteration"`
	Generators []GeneratorEval    `json:"generators"`
	Ensemble   map[string]float64 `json:"ensemble,omitempty"`
}

// GeneratorEval is one generator's figures at an iteration.
type GeneratorEval struct {
	Name    string             `json:"name"`
	Figures map[string]float64 `json:"figures"`
}

// EvalTitles are the panel titles of the figures EvalsCanvas knows, in the
// order of its panels; a figure of another key gets a panel titled by its
// key, after these.
var EvalTitles = []struct{ Key, Title string }{
	{"modes_captured", "modes captured"},
	{"high_quality", "share of high-quality samples"},
	{"non_coverage", "modes no local generator covers (share)"},
	{"jsd1", "character 1-gram JSD (nats)"},
	{"jsd2", "character 2-gram JSD (nats)"},
	{"jsd3", "character 3-gram JSD (nats)"},
	{"jsd4", "character 4-gram JSD (nats)"},
	{"distinct_chars", "distinct characters in the samples"},
}

// ReadEvals reads evals.jsonl records from r; a line that is not a record
// is an error naming it, with the records before it.
func ReadEvals(r io.Reader) ([]EvalRecord, error) {
	var recs []EvalRecord
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var rec EvalRecord
		if err := json.Unmarshal(line, &rec); err != nil {
			return recs, fmt.Errorf("line %d: %w", n, err)
		}
		recs = append(recs, rec)
	}
	return recs, sc.Err()
}

// ReadEvalsFile is ReadEvals of the file at path.
func ReadEvalsFile(path string) ([]EvalRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := ReadEvals(f)
	if err != nil {
		return recs, fmt.Errorf("report: read %s: %w", path, err)
	}
	return recs, nil
}

// AppendEval appends rec to the evals.jsonl file at path as one line.
func AppendEval(path string, rec EvalRecord) error {
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("report: %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = f.Write(append(line, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("report: append to %s: %w", path, err)
	}
	return nil
}

// EvalsCanvas draws one panel per figure of recs against the iteration:
// a line per generator (G0 red and thick, the baseline dashed blue, local
// generators in their colours) and a black line for each ensemble figure.
// Records that a resumed run wrote again are dropped, as in CurvesCanvas.
func EvalsCanvas(title string, recs []EvalRecord) (*vgimg.Canvas, error) {
	recs = superseded(recs, func(r EvalRecord) int { return r.Iteration })
	keys := evalKeys(recs)
	if len(keys) == 0 {
		return nil, errors.New("report: evals: no figures")
	}
	names := evalNames(recs)
	cols := min(len(keys), 2)
	rows := (len(keys) + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
	}
	for k, key := range keys {
		p, err := evalPanel(recs, key, names)
		if err != nil {
			return nil, err
		}
		plots[k/cols][k%cols] = p
	}
	for k := len(keys); k < rows*cols; k++ {
		plots[k/cols][k%cols] = plot.New() // an empty tile
		plots[k/cols][k%cols].HideAxes()
	}
	height := vg.Length(rows)*330*vg.Inch/dpi + 60*vg.Inch/dpi
	return drawPanels(title, names, plots, height), nil
}

// evalPanel is the panel of one figure: a line per generator that has it,
// or the ensemble's line.
func evalPanel(recs []EvalRecord, key string, names []string) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = evalTitle(key)
	p.X.Label.Text = "iteration"
	p.Add(plotter.NewGrid())
	for i, name := range names {
		recsOf := evalSeries(recs, name, func(r EvalRecord) (float64, bool) {
			for _, g := range r.Generators {
				if g.Name == name {
					v, ok := g.Figures[key]
					return v, ok
				}
			}
			return 0, false
		})
		lines, err := curve(recsOf, name, func(p PairRecord) float64 { return p.LossD },
			lineStyle(name, i))
		if err != nil {
			return nil, fmt.Errorf("report: evals %s of %s: %w", key, name, err)
		}
		p.Add(lines...)
	}
	ens := evalSeries(recs, "ensemble", func(r EvalRecord) (float64, bool) {
		v, ok := r.Ensemble[key]
		return v, ok
	})
	lines, err := curve(ens, "ensemble", func(p PairRecord) float64 { return p.LossD },
		draw.LineStyle{Color: color.Black, Width: vg.Points(1.5)})
	if err != nil {
		return nil, fmt.Errorf("report: evals %s: %w", key, err)
	}
	p.Add(lines...)
	return p, nil
}

// evalSeries turns one series of figures into the Records that curve
// reads: a pair of the series' name holding the value in LossD; iterations
// without the figure are gaps.
func evalSeries(recs []EvalRecord, name string, value func(EvalRecord) (float64, bool)) []Record {
	out := make([]Record, len(recs))
	for i, r := range recs {
		out[i].Iteration = r.Iteration
		if v, ok := value(r); ok {
			out[i].Local = []PairRecord{{Name: name, LossD: v}}
		}
	}
	return out
}

func evalTitle(key string) string {
	for _, t := range EvalTitles {
		if t.Key == key {
			return t.Title
		}
	}
	return key
}

// evalKeys are the figures of recs: the known ones in EvalTitles' order,
// then the others by name.
func evalKeys(recs []EvalRecord) []string {
	seen := map[string]bool{}
	for _, r := range recs {
		for _, g := range r.Generators {
			for k := range g.Figures {
				seen[k] = true
			}
		}
		for k := range r.Ensemble {
			seen[k] = true
		}
	}
	var keys []string
	for _, t := range EvalTitles {
		if seen[t.Key] {
			keys = append(keys, t.Key)
			delete(seen, t.Key)
		}
	}
	var rest []string
	for k := range seen {
		rest = append(rest, k)
	}
	slices.Sort(rest)
	return append(keys, rest...)
}

// evalNames are the generators' names in the order of first appearance.
func evalNames(recs []EvalRecord) []string {
	var names []string
	for _, r := range recs {
		for _, g := range r.Generators {
			if !slices.Contains(names, g.Name) {
				names = append(names, g.Name)
			}
		}
	}
	return names
}
