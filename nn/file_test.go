package nn

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.net")
	s := Spec{Arch: DCGAN28, Role: Discriminator, NDF: 4}
	for round := range 2 { // the second save replaces the first file
		saved := mustNew(t, s)
		saved.Forward(input(saved.Spec(), 2))
		if err := Save(path, saved); err != nil {
			t.Fatal(err)
		}
		loaded := mustNew(t, s)
		if err := Load(path, loaded); err != nil {
			t.Fatal(err)
		}
		fresh, err := LoadNew(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range []Network{loaded, fresh} {
			if !equalSnapshots(snapshot(state(got)), snapshot(state(saved))) {
				t.Fatalf("round %d: the loaded state differs from the saved one", round)
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("%d files in the folder after saving, want 1 (no temporary file)",
			len(entries))
	}
}

func TestSaveLoadErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "g.net")
	g := mustNew(t, Spec{Arch: DCGAN32, Role: Generator, NZ: 8, NGF: 4})
	if err := Save(path, g); err != nil {
		t.Fatal(err)
	}
	d := mustNew(t, Spec{Arch: DCGAN32, Role: Discriminator, NDF: 4})
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"other architecture", Load(path, d), []string{path, g.Spec().String(),
			d.Spec().String()}},
		{"missing file", Load(filepath.Join(dir, "none.net"), d), []string{"none.net"}},
		{"missing folder", Save(filepath.Join(dir, "no", "d.net"), d),
			[]string{"nn: save", "no/d.net"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(tc.err.Error(), w) {
					t.Errorf("err = %v, want it to contain %q", tc.err, w)
				}
			}
		})
	}
	if _, err := LoadNew(filepath.Join(dir, "none.net")); err == nil {
		t.Error("LoadNew of a missing file: no error")
	}
}

func TestSaveKeepsTheOldFileOnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.net")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := writeAtomic(path, func(w io.Writer) error {
		w.Write([]byte("partial"))
		return errors.New("disk full")
	})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the writer's error", err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "old" {
		t.Errorf("file holds %q (%v) after a failed save, want %q", got, err, "old")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the folder, want 1 (temporary file removed)", len(entries))
	}
}
