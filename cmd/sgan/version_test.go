package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVersionCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"sgan", "version"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errb.String())
	}
	for _, want := range []string{"sgan:", "libtorch:", "cuda:", "intra-op threads:", "blas:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("version output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestBLASInUse(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, maps, want string
	}{
		{"openblas pthread",
			"7f00-7f01 r-xp 0 08:01 1 /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3\n",
			"OpenBLAS, pthread build"},
		{"reference",
			"7f00-7f01 r-xp 0 08:01 1 /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0\n",
			"reference BLAS, slow"},
		{"none", "7f00-7f01 r-xp 0 08:01 1 /usr/lib/libc.so.6\n", "none mapped"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name)
			if err := os.WriteFile(p, []byte(tc.maps), 0o644); err != nil {
				t.Fatal(err)
			}
			if got := blasInUse(p); !strings.Contains(got, tc.want) {
				t.Fatalf("blasInUse = %q, want it to contain %q", got, tc.want)
			}
		})
	}
}

func TestBadGlobalFlagsAreUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"sgan", "--log-level", "loud", "version"}, "--log-level"},
		{[]string{"sgan", "--log-format", "xml", "version"}, "--log-format"},
		{[]string{"sgan", "version", "--no-such-flag"}, "no-such-flag"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args[1:], " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tc.args, &out, &errb); code != exitUsage {
				t.Fatalf("exit %d, want %d; stderr %s", code, exitUsage, errb.String())
			}
			if !strings.Contains(errb.String(), tc.want) {
				t.Fatalf("stderr %q lacks %q", errb.String(), tc.want)
			}
		})
	}
}
