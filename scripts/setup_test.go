package scripts

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runSetup runs setup.sh with env added to a minimal environment and
// returns its exit status and stderr.
func runSetup(t *testing.T, env []string, prefix ...string) (int, string) {
	t.Helper()
	args := append(prefix, "./setup.sh")
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append([]string{"HOME=" + os.Getenv("HOME"), "PATH=" + os.Getenv("PATH"),
		"GOFLAGS=-mod=mod", "SGAN_BUILD=" + t.TempDir()}, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, stderr.String()
}

func assertOneLineFailure(t *testing.T, code int, stderr string, wants ...string) {
	t.Helper()
	if code == 0 {
		t.Fatalf("setup.sh succeeded, want a failure; stderr:\n%s", stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "setup: ") {
		t.Fatalf("last line %q does not start with \"setup: \"", last)
	}
	for _, w := range wants {
		if !strings.Contains(last, w) {
			t.Errorf("last line %q lacks %q", last, w)
		}
	}
}

func TestSetupRejectsBadLIBTORCH(t *testing.T) {
	empty := t.TempDir()
	tests := []struct {
		name, dir string
		wants     []string
	}{
		{"missing", "/nonexistent/libtorch", []string{"LIBTORCH=/nonexistent/libtorch",
			"not a directory", "unset it"}},
		{"not libtorch", empty, []string{"LIBTORCH=" + empty, "lib/libtorch.so",
			"unpacked archive"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stderr := runSetup(t, []string{"LIBTORCH=" + tc.dir})
			assertOneLineFailure(t, code, stderr, tc.wants...)
		})
	}
}

func TestSetupRejectsUnknownArgument(t *testing.T) {
	code, stderr := runSetup(t, nil, "bash", "-c", `exec ./setup.sh --bogus`, "_")
	if code != 2 || !strings.Contains(stderr, "--bogus") {
		t.Fatalf("exit %d, stderr %q; want 2 naming --bogus", code, stderr)
	}
}

// fakePath returns a PATH directory holding every command of /usr/bin and
// /bin except those named in drop, plus fake scripts.
func fakePath(t *testing.T, drop []string, fakes map[string]string) string {
	t.Helper()
	dir := openTempDir(t)
	for _, src := range []string{"/usr/local/go/bin", "/usr/bin", "/bin"} {
		entries, _ := os.ReadDir(src)
		for _, e := range entries {
			name := e.Name()
			if dropped(name, drop) {
				continue
			}
			target := filepath.Join(dir, name)
			if _, err := os.Lstat(target); err == nil {
				continue
			}
			_ = os.Symlink(filepath.Join(src, name), target)
		}
	}
	for name, body := range fakes {
		p := filepath.Join(dir, name)
		_ = os.Remove(p)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// dropped reports whether a command name is one of drop or a versioned or
// target-prefixed variant of one (g++-12, x86_64-linux-gnu-g++).
func dropped(name string, drop []string) bool {
	for _, d := range drop {
		if name == d || strings.HasPrefix(name, d+"-") ||
			strings.HasPrefix(name, "x86_64-linux-gnu-"+d) {
			return true
		}
	}
	return false
}

// openTempDir is a temporary directory that another user may enter.
func openTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "sgan-setup-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSetupExplainsMissingPieces(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run setup.sh as another user")
	}
	if _, err := exec.LookPath("setpriv"); err != nil {
		t.Skip("needs setpriv (util-linux) to drop root")
	}
	nobody := []string{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"}
	notInstalled := map[string]string{"dpkg-query": "exit 1"} // every package missing
	tests := []struct {
		name  string
		path  string
		wants []string
	}{
		{"no compiler", fakePath(t, []string{"g++", "c++"}, nil),
			[]string{"no C++ compiler", "apt-get install g++"}},
		{"no root for apt", fakePath(t, nil, notInstalled),
			[]string{"libtorch-dev", "not root", "sudo scripts/setup.sh"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := []string{"PATH=" + tc.path, "HOME=" + openTempDir(t),
				"GOMODCACHE=" + os.Getenv("GOMODCACHE")}
			code, stderr := runSetup(t, env, nobody...)
			assertOneLineFailure(t, code, stderr, tc.wants...)
		})
	}
}
