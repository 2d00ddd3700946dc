package train

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestResumeIsBitIdentical: k iterations, a checkpoint, a resume and k more
// give the same networks as 2k iterations without interruption, for every
// variant, with the baseline, a shared real stream and weight sharing.
func TestResumeIsBitIdentical(t *testing.T) {
	const k = 3
	options := []struct {
		name string
		set  func(*Config)
	}{
		{"sgan+baseline", func(c *Config) { c.Baseline = true }},
		{"shared real", func(c *Config) { c.SharedReal = true }},
		{"no global", func(c *Config) { c.NoGlobal = true }},
		{"shared weights", func(c *Config) { c.ShareWeights = true }},
		{"messenger steps", func(c *Config) { c.MessengerSteps = 7; c.Baseline = true }},
	}
	for _, v := range Variants {
		for _, o := range options {
			t.Run(string(v)+"/"+o.name, func(t *testing.T) {
				c := tinyConfig(v)
				o.set(&c)
				whole := train(t, c, 2*k)

				half := train(t, c, k)
				path := filepath.Join(t.TempDir(), "ck.sgan")
				if err := half.Save(path); err != nil {
					t.Fatal(err)
				}
				half.Close()
				resumed, err := Resume(path, ring(t))
				if err != nil {
					t.Fatal(err)
				}
				defer resumed.Close()
				if resumed.Iteration() != k {
					t.Fatalf("resumed at iteration %d, want %d", resumed.Iteration(), k)
				}
				for i := 0; i < k; i++ {
					if err := resumed.Iterate(); err != nil {
						t.Fatal(err)
					}
				}
				assertEqualTensors(t, "all networks", allState(resumed), allState(whole))
			})
		}
	}
}

func TestCheckpointDamage(t *testing.T) {
	tr := train(t, tinyConfig(GAN), 1)
	dir := t.TempDir()
	path, err := tr.SaveCheckpoint(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), raw...)
	flipped[len(flipped)/2] ^= 0xff
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", raw[:len(raw)-3], "no completion mark"},
		{"flipped byte", flipped, "checksum mismatch"},
		{"not a checkpoint", []byte("hello, world, this is text"), "not an sgan checkpoint"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "bad.sgan")
			if err := os.WriteFile(p, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Resume(p, ring(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if tc.name != "not a checkpoint" && !errors.Is(err, ErrIncomplete) {
				t.Fatalf("err = %v, want ErrIncomplete", err)
			}
		})
	}
}

func TestKeepLastCheckpoints(t *testing.T) {
	tr := train(t, tinyConfig(GAN), 0)
	dir := t.TempDir()
	for i := 0; i < 4; i++ {
		if err := tr.Iterate(); err != nil {
			t.Fatal(err)
		}
		if _, err := tr.SaveCheckpoint(dir, 2); err != nil {
			t.Fatal(err)
		}
	}
	all, err := Checkpoints(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || filepath.Base(all[0]) != "ckpt-00000003.sgan" ||
		filepath.Base(all[1]) != "ckpt-00000004.sgan" {
		t.Fatalf("checkpoints %v, want iterations 3 and 4", all)
	}
	// A damaged newest checkpoint is skipped in favour of the one before.
	if err := os.WriteFile(all[1], []byte("SGANCKP1junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	latest, err := LatestCheckpoint(dir)
	if err != nil || latest != all[0] {
		t.Fatalf("LatestCheckpoint = %q, %v; want %q", latest, err, all[0])
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Fatalf("temporary file %s left behind", e.Name())
		}
	}
}

func TestResumeWithOtherData(t *testing.T) {
	tr := train(t, tinyConfig(GAN), 1)
	path := filepath.Join(t.TempDir(), "ck.sgan")
	if err := tr.Save(path); err != nil {
		t.Fatal(err)
	}
	// MNIST-shaped data cannot feed the 2-D toy networks.
	_, err := Resume(path, fakeImages{})
	if err == nil || !strings.Contains(err.Error(), "data dimension is 2") {
		t.Fatalf("err = %v, want a data shape error", err)
	}
}

// TestCheckpointOnAFullDisk: a checkpoint that does not fit fails with
// ENOSPC, leaves no temporary file and loses nothing: the checkpoint
// already saved is intact and, although only one is to be kept, not
// removed.
func TestCheckpointOnAFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs to fill needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
		dir).CombinedOutput(); err != nil {
		t.Skipf("mount a tmpfs: %v: %s", err, out)
	}
	defer exec.Command("umount", dir).Run()

	tr := train(t, tinyConfig(GAN), 1)
	first, err := tr.SaveCheckpoint(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		_, err = filler.Write(make([]byte, 4096))
	}
	filler.Close()

	if err := tr.Iterate(); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.SaveCheckpoint(dir, 1); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("SaveCheckpoint on a full disk: %v, want ENOSPC", err)
	}
	if got, err := os.ReadFile(first); err != nil || !bytes.Equal(got, saved) {
		t.Fatalf("checkpoint saved before: %d bytes, %v; want its %d bytes unchanged",
			len(got), err, len(saved))
	}
	all, _ := Checkpoints(dir)
	if len(all) != 1 || all[0] != first {
		t.Fatalf("checkpoints %v, want only %s", all, first)
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, ".tmp-*")); len(tmp) > 0 {
		t.Fatalf("temporary files left behind: %v", tmp)
	}
}
