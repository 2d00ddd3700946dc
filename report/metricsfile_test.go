package report

import (
	"math"
	"strings"
	"testing"
)

const twoRecords = `{"iteration":50,"time":"2026-01-01T00:00:00Z","ms_per_iteration":3.5,` +
	`"rss_mb":200,"global":{"name":"G0","loss_d":1.2,"loss_g":0.8,"d_real":0.6,` +
	`"d_fake":0.4},"local":[{"name":"G1","loss_d":null,"loss_g":0.7,"d_real":0.5,` +
	`"d_fake":0.5,"quarantined":true}],"baseline":{"name":"baseline","loss_d":1.3,` +
	`"loss_g":0.9,"d_real":0.55,"d_fake":0.45}}` + "\n" +
	`{"iteration":100,"ms_per_iteration":3,"rss_mb":201,"local":[{"name":"G1",` +
	`"loss_d":1,"loss_g":1,"d_real":0.5,"d_fake":0.5}],"events":["G1 reinitialised"]}` + "\n"

func TestReadMetrics(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		iterations []int
		err        string
	}{
		{"two records", twoRecords, []int{50, 100}, ""},
		{"blank lines", "\n" + twoRecords + "\n\n", []int{50, 100}, ""},
		{"record being written", twoRecords + `{"iteration":150,"loc`, []int{50, 100}, ""},
		{"complete last line without newline", strings.TrimSuffix(twoRecords, "\n"),
			[]int{50, 100}, ""},
		{"bad line", "{\"iteration\":1}\n{bad\n" + twoRecords, []int{1}, "metrics line 2"},
		{"empty", "", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := ReadMetrics(strings.NewReader(tc.in))
			if tc.err == "" && err != nil {
				t.Fatal(err)
			}
			if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("error %v, want one containing %q", err, tc.err)
			}
			var its []int
			for _, r := range recs {
				its = append(its, r.Iteration)
			}
			if len(its) != len(tc.iterations) {
				t.Fatalf("iterations %v, want %v", its, tc.iterations)
			}
			for i := range its {
				if its[i] != tc.iterations[i] {
					t.Fatalf("iterations %v, want %v", its, tc.iterations)
				}
			}
		})
	}
}

func TestReadMetricsFigures(t *testing.T) {
	recs, err := ReadMetrics(strings.NewReader(twoRecords))
	if err != nil {
		t.Fatal(err)
	}
	ps := recs[0].Pairs()
	if len(ps) != 3 || ps[0].Name != "G0" || ps[1].Name != "G1" || ps[2].Name != "baseline" {
		t.Fatalf("pairs %+v, want G0, G1, baseline", ps)
	}
	if !math.IsNaN(ps[1].LossD) || !ps[1].Quarantined {
		t.Errorf("G1 = %+v, want lossD NaN (null) and quarantined", ps[1])
	}
	if ps[0].LossD != 1.2 || ps[0].DFake != 0.4 || recs[0].MsPerIteration != 3.5 {
		t.Errorf("record %+v, pair %+v: figures misread", recs[0], ps[0])
	}
	if len(recs[1].Events) != 1 || recs[1].Global != nil {
		t.Errorf("record 2 = %+v, want one event and no global pair", recs[1])
	}
}

func FuzzReadMetrics(f *testing.F) {
	f.Add([]byte(twoRecords))
	f.Add([]byte("{\"local\":[{\"loss_d\":\"x\"}]}\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		recs, err := ReadMetrics(strings.NewReader(string(raw)))
		if err == nil {
			for _, r := range recs {
				_ = r.Pairs()
			}
		}
	})
}
