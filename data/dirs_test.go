package data

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDefaultDataDir(t *testing.T) {
	t.Setenv("SGAN_DATA_DIR", "")
	t.Setenv("XDG_CACHE_HOME", "/x/cache")
	if d, err := DefaultDataDir(); err != nil || d != "/x/cache/sgan" {
		t.Errorf("got %q, %v; want /x/cache/sgan", d, err)
	}
	t.Setenv("SGAN_DATA_DIR", "/data/here")
	if d, err := DefaultDataDir(); err != nil || d != "/data/here" {
		t.Errorf("got %q, %v; want SGAN_DATA_DIR's /data/here", d, err)
	}
}

func TestSharedDataDir(t *testing.T) {
	root := t.TempDir()
	shared := filepath.Join(root, "shared", "data")
	deep := filepath.Join(root, "main", "data")
	for _, d := range []string{shared, deep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("SGAN_SHARED_DATA", "")
	t.Chdir(deep)
	if got, err := SharedDataDir(); err != nil || got != shared {
		t.Errorf("walking up gave %q, %v; want %s", got, err, shared)
	}
	t.Setenv("SGAN_SHARED_DATA", root)
	if got, err := SharedDataDir(); err != nil || got != root {
		t.Errorf("with SGAN_SHARED_DATA got %q, %v; want %s", got, err, root)
	}
	t.Setenv("SGAN_SHARED_DATA", filepath.Join(root, "none"))
	_, err := SharedDataDir()
	wantErr(t, err, ErrNotFound, "SGAN_SHARED_DATA")
}
