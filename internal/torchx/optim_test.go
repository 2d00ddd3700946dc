package torchx

import (
	"encoding/json"
	"os"
	"testing"

	torch "github.com/wangkuiyi/gotorch"
)

// trainReference is testdata/train_reference.json, made by
// make_train_reference.py with python3-torch 1.13.1.
type trainReference struct {
	Generator struct {
		Seed     uint64 `json:"seed"`
		RandN    array  `json:"randn"`
		Rand     array  `json:"rand"`
		StateLen int    `json:"state_len"`
	} `json:"generator"`
	Adam, RMSProp trajectory
}

type trajectory struct {
	X     array `json:"x"`
	W0    array `json:"w0"`
	B0    array `json:"b0"`
	After []struct {
		W, B array
	} `json:"after"`
}

func loadTrainReference(t *testing.T) trainReference {
	t.Helper()
	raw, err := os.ReadFile("testdata/train_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref trainReference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatalf("testdata/train_reference.json: %v", err)
	}
	return ref
}

// TestOptimizersMatchPyTorch runs three steps of each optimizer on
// sum((x w + b)^2) and compares the parameters after every step.
func TestOptimizersMatchPyTorch(t *testing.T) {
	ref := loadTrainReference(t)
	tests := []struct {
		name string
		traj trajectory
		make func(params []torch.Tensor) (Optimizer, error)
	}{
		{"adam", ref.Adam, func(p []torch.Tensor) (Optimizer, error) {
			return NewAdam(p, AdamOptions{LR: 0.01, Beta1: 0.5, Beta2: 0.999, Eps: 1e-8,
				WeightDecay: 0.01})
		}},
		{"rmsprop", ref.RMSProp, func(p []torch.Tensor) (Optimizer, error) {
			return NewRMSProp(p, RMSPropOptions{LR: 0.01, Alpha: 0.99, Eps: 1e-8})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x, w, b := tc.traj.X.tensor(), tc.traj.W0.tensor(), tc.traj.B0.tensor()
			for _, p := range []torch.Tensor{w, b} {
				if err := SetRequiresGrad(p, true); err != nil {
					t.Fatal(err)
				}
			}
			opt, err := tc.make([]torch.Tensor{w, b})
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range tc.traj.After {
				if err := opt.ZeroGrad(); err != nil {
					t.Fatal(err)
				}
				loss := Sum(Square(torch.Add(torch.MM(x, w), b, 1)))
				if err := Backward(loss, false); err != nil {
					t.Fatal(err)
				}
				if err := opt.Step(); err != nil {
					t.Fatal(err)
				}
				assertClose(t, "w", w, want.W, 1e-6)
				assertClose(t, "b", b, want.B, 1e-6)
				if opt.Steps() != int64(i+1) {
					t.Fatalf("Steps = %d, want %d", opt.Steps(), i+1)
				}
			}
		})
	}
}

// TestOptimizerStateResumes checks that copying an optimizer's state and
// step count into a fresh one continues the same trajectory bit for bit:
// what a checkpoint and a messenger copy rely on.
func TestOptimizerStateResumes(t *testing.T) {
	ref := loadTrainReference(t)
	run := func(opt Optimizer, x, w torch.Tensor, steps int) {
		for i := 0; i < steps; i++ {
			if err := opt.ZeroGrad(); err != nil {
				t.Fatal(err)
			}
			if err := Backward(Sum(Square(torch.MM(x, w))), false); err != nil {
				t.Fatal(err)
			}
			if err := opt.Step(); err != nil {
				t.Fatal(err)
			}
		}
	}
	x := ref.Adam.X.tensor()
	newW := func() torch.Tensor {
		w := ref.Adam.W0.tensor()
		if err := SetRequiresGrad(w, true); err != nil {
			t.Fatal(err)
		}
		return w
	}
	adam := AdamOptions{LR: 0.01, Beta1: 0.5, Beta2: 0.999, Eps: 1e-8}

	// Uninterrupted: four steps.
	w1 := newW()
	o1, _ := NewAdam([]torch.Tensor{w1}, adam)
	run(o1, x, w1, 4)

	// Interrupted after two: copy weights, moments and step count.
	w2 := newW()
	o2, _ := NewAdam([]torch.Tensor{w2}, adam)
	run(o2, x, w2, 2)
	w3 := newW()
	o3, _ := NewAdam([]torch.Tensor{w3}, adam)
	if err := Copy(append([]torch.Tensor{w3}, o3.State()...),
		append([]torch.Tensor{w2}, o2.State()...)); err != nil {
		t.Fatal(err)
	}
	o3.SetSteps(o2.Steps())
	if got := o3.ParamState(0); len(got) != 2 || !torch.Equal(got[0], o2.State()[0]) ||
		!torch.Equal(got[1], o2.State()[1]) {
		t.Fatal("ParamState(0) is not the copied first and second moments")
	}
	if len(o3.Params()) != 1 || !torch.Equal(o3.Params()[0], w3) {
		t.Fatal("Params is not the optimized parameter")
	}
	run(o3, x, w3, 2)
	if !torch.Equal(w1, w3) {
		t.Fatalf("resumed weights differ:\n%v\nwant\n%v", Float32s(w3), Float32s(w1))
	}
}

func TestOptimizerOptionErrors(t *testing.T) {
	w := FromFloat32([]float32{1}, 1)
	p := []torch.Tensor{w}
	errs := map[string]error{}
	_, errs["adam lr 0"] = NewAdam(p, AdamOptions{Beta1: 0.5, Beta2: 0.9, Eps: 1e-8})
	_, errs["adam beta 1"] = NewAdam(p, AdamOptions{LR: 1, Beta1: 1, Beta2: 0.9, Eps: 1e-8})
	_, errs["adam eps 0"] = NewAdam(p, AdamOptions{LR: 1, Beta1: 0.5, Beta2: 0.9})
	_, errs["rmsprop lr -1"] = NewRMSProp(p, RMSPropOptions{LR: -1, Alpha: 0.99, Eps: 1e-8})
	_, errs["rmsprop alpha 1"] = NewRMSProp(p, RMSPropOptions{LR: 1, Alpha: 1, Eps: 1e-8})
	for name, err := range errs {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
