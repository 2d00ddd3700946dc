package scripts

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// libSH runs script in bash after sourcing reproduce/lib.sh, with env
// added, and returns its stdout.
func libSH(t *testing.T, script string, env ...string) string {
	t.Helper()
	cmd := exec.Command("bash", "-c", "set -euo pipefail\n"+
		"say() { echo \"+ $*\" >&2; \"$@\"; }\n. reproduce/lib.sh\n"+script)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s: %v\n%s", script, err, stderr)
	}
	return strings.TrimSpace(string(out))
}

func TestFigureName(t *testing.T) {
	for _, c := range []struct{ args, want string }{
		{`mnist "gan dragan" 32 10 2`, "mnist-gan+dragan-w32-msg10-seed2"},
		{`mnist "gan wgan-gp dragan" 32 "" 1`, "mnist-gan+wgan-gp+dragan-w32-seed1"},
		{`cifar10 gan 64 "" 3`, "cifar10-gan-w64-seed3"},
	} {
		if got := libSH(t, "figure_name "+c.args); got != c.want {
			t.Errorf("figure_name %s = %q, want %q", c.args, got, c.want)
		}
	}
}

// TestTrainRun checks that train_run starts a run, resumes one without its
// last checkpoint, and leaves a finished one alone, with a fake sgan that
// logs its arguments and makes the run folder and checkpoint it was asked
// for.
func TestTrainRun(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "log")
	fake := filepath.Join(dir, "sgan")
	script := `#!/bin/bash
echo "$*" >> ` + log + `
if [[ $2 == --out ]]; then run=$3/0001-x; else run=$3; fi
mkdir -p "$run/checkpoints"
touch "$run/checkpoints/$(printf 'ckpt-%08d.sgan' "$ITERS")"
`
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	runs := filepath.Join(dir, "runs")
	call := `train_run "` + runs + `" --seed 7`
	env := []string{"SGAN=" + fake}
	if got, want := libSH(t, call, append(env, "ITERS=100")...), runs+"/0001-x"; got != want {
		t.Fatalf("train_run printed %q, want %q", got, want)
	}
	libSH(t, call, append(env, "ITERS=100")...) // done: no command
	libSH(t, call, append(env, "ITERS=200")...) // resumed to 200
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	want := "train --out " + runs + " --iterations 100 --seed 7\n" +
		"train --resume " + runs + "/0001-x --iterations 200\n"
	if string(b) != want {
		t.Errorf("sgan was called with\n%s\nwant\n%s", b, want)
	}
}
