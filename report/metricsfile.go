package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// Record is one line of a run's metrics.jsonl: the figures of one logged
// iteration.
type Record struct {
	Iteration      int     `json:"iteration"`
	Time           string  `json:"time"`
	MsPerIteration float64 `json:"ms_per_iteration"`
	RSSMB          float64 `json:"rss_mb"`
	// Global is G0/D0's, nil without a global pair.
	Global *PairRecord `json:"global,omitempty"`
	// Local are the local pairs', G1..GN.
	Local []PairRecord `json:"local"`
	// Baseline is the baseline pair's, nil without one.
	Baseline *PairRecord `json:"baseline,omitempty"`
	Events   []string    `json:"events,omitempty"`
}

// PairRecord is one pair's figures; a value metrics.jsonl holds as null
// (it was not finite) reads as NaN.
type PairRecord struct {
	Name        string
	LossD       float64
	LossG       float64
	DReal       float64
	DFake       float64
	Quarantined bool
}

// UnmarshalJSON reads a pair's object, null figures as NaN.
func (p *PairRecord) UnmarshalJSON(raw []byte) error {
	var v struct {
		Name        string   `json:"name"`
		LossD       *float64 `json:"loss_d"`
		LossG       *float64 `json:"loss_g"`
		DReal       *float64 `json:"d_real"`
		DFake       *float64 `json:"d_fake"`
		Quarantined bool     `json:"quarantined"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return err
	}
	orNaN := func(f *float64) float64 {
		if f == nil {
			return math.NaN()
		}
		return *f
	}
	*p = PairRecord{Name: v.Name, LossD: orNaN(v.LossD), LossG: orNaN(v.LossG),
		DReal: orNaN(v.DReal), DFake: orNaN(v.DFake), Quarantined: v.Quarantined}
	return nil
}

// Pairs are the record's pairs in the order of the curves' legends: G0,
// G1..GN, then the baseline.
func (r Record) Pairs() []PairRecord {
	var ps []PairRecord
	if r.Global != nil {
		ps = append(ps, *r.Global)
	}
	ps = append(ps, r.Local...)
	if r.Baseline != nil {
		ps = append(ps, *r.Baseline)
	}
	return ps
}

// ReadMetrics reads the records of a metrics.jsonl stream. A last line
// without its newline that does not parse is a record being written, and
// is left out; any other bad line is an error naming it.
func ReadMetrics(r io.Reader) ([]Record, error) {
	var recs []Record
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return recs, fmt.Errorf("report: read metrics: %w", err)
		}
		complete := err == nil
		if len(bytes.TrimSpace(line)) > 0 {
			var rec Record
			if jerr := json.Unmarshal(line, &rec); jerr != nil {
				if !complete {
					return recs, nil
				}
				return recs, fmt.Errorf("report: metrics line %d: %w", n, jerr)
			}
			recs = append(recs, rec)
		}
		if !complete {
			return recs, nil
		}
	}
}

// ReadMetricsFile is ReadMetrics of the file at path.
func ReadMetricsFile(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	recs, err := ReadMetrics(f)
	if err != nil {
		return recs, fmt.Errorf("%w (in %s)", err, path)
	}
	return recs, nil
}
