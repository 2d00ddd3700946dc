package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sgan-dev/sgan/train"
)

// smallDisk mounts a tmpfs of size bytes in a temporary directory and
// unmounts it at the end of the test; it skips the test where mounting is
// not allowed (not root, or a container without the capability).
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs to fill needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs",
		dir).CombinedOutput(); err != nil {
		t.Skipf("mount a tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// fillDisk writes a file into dir until the disk is full.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 4096)
	for {
		if _, err := f.Write(block); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill %s: %v", dir, err)
			}
			return path
		}
	}
}

// TestTrainDiskFull trains two iterations, fills the disk and resumes: the
// run stops with one line that says the disk is full and how to go on,
// exit status 2, and the checkpoint already saved stays complete; once
// space is freed the run resumes from it.
func TestTrainDiskFull(t *testing.T) {
	disk := smallDisk(t, "8m")
	args := append([]string{"train", "--checkpoint-every", "1", "--log-every", "1",
		"--sample-every", "1000", "--out", disk}, tiny...)
	if code, _, e := sgan(t, append(args, "--iterations", "2")...); code != 0 {
		t.Fatalf("first run: exit %d: %s", code, e)
	}
	dir := onlyRun(t, disk)
	ckpts := filepath.Join(dir, "checkpoints")
	saved, err := os.ReadFile(train.CheckpointPath(ckpts, 2))
	if err != nil {
		t.Fatal(err)
	}

	filler := fillDisk(t, disk)
	code, _, stderr := sgan(t, "train", "--resume", dir, "--iterations", "4")
	if code != exitUsage {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr)
	}
	last := lastLine(stderr)
	for _, want := range []string{"no space left on device", "is full",
		"sgan train --resume " + dir} {
		if !strings.Contains(last, want) {
			t.Errorf("last line lacks %q:\n%s", want, last)
		}
	}
	if strings.Contains(stderr, "goroutine ") {
		t.Fatalf("stack trace in stderr:\n%s", stderr)
	}
	if got, _ := os.ReadFile(train.CheckpointPath(ckpts, 2)); string(got) != string(saved) {
		t.Fatalf("checkpoint 2 changed after the failed write (%d bytes, was %d)", len(got),
			len(saved))
	}
	if newest, err := train.LatestCheckpoint(ckpts); err != nil ||
		newest != train.CheckpointPath(ckpts, 2) {
		t.Fatalf("newest complete checkpoint %q, %v: want iteration 2's", newest, err)
	}
	if tmp, _ := filepath.Glob(filepath.Join(ckpts, ".tmp-*")); len(tmp) > 0 {
		t.Errorf("temporary files left behind: %v", tmp)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if code, _, e := sgan(t, "train", "--resume", dir, "--iterations", "4"); code != 0 {
		t.Fatalf("resume after freeing space: exit %d: %s", code, e)
	}
	if _, err := os.Stat(train.CheckpointPath(ckpts, 4)); err != nil {
		t.Fatalf("no checkpoint at iteration 4 after the resume: %v", err)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
