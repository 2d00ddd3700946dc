package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgan-dev/sgan/data"
)

// needMNIST skips the test when MNIST cannot be found offline.
func needMNIST(t *testing.T) {
	t.Helper()
	if _, err := data.Open("mnist", data.OpenOptions{Test: true}); err != nil {
		t.Skipf("MNIST is absent (%v): `sgan data fetch mnist`", err)
	}
}

func TestClassifierTrainEval(t *testing.T) {
	needMNIST(t)
	file := filepath.Join(t.TempDir(), "mnist.cls")
	code, out, e := sgan(t, "classifier", "train", "--dataset", "mnist", "--limit", "500",
		"--epochs", "1", "--out", file)
	if code != 0 || !strings.Contains(out, "test accuracy") {
		t.Fatalf("train: exit %d, stdout %q, stderr %s", code, out, e)
	}
	if !strings.Contains(e, "classifier epoch") {
		t.Errorf("no epoch log line in %s", e)
	}
	code, out, e = sgan(t, "classifier", "eval", "--classifier", file, "--class", "3")
	if code != 0 {
		t.Fatalf("eval: exit %d: %s", code, e)
	}
	// Class 3 of MNIST's test set has 1010 images.
	if !strings.Contains(out, "images 1010 ") || !strings.Contains(out, "trained on mnist") {
		t.Errorf("eval printed %q, want 1010 images of a classifier trained on mnist", out)
	}
}

func TestClassifierBadInput(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "none.cls")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"toy data", []string{"classifier", "train", "--dataset", "ring8", "--out",
			filepath.Join(dir, "x.cls")}, "not labelled images"},
		{"missing out", []string{"classifier", "train", "--dataset", "mnist"}, "out"},
		{"missing classifier file", []string{"classifier", "eval", "--classifier", missing},
			"none.cls"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, e := sgan(t, tc.args...)
			if code != exitUsage || !strings.Contains(e, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d mentioning %q", code, e, exitUsage,
					tc.want)
			}
		})
	}
}
