package metrics

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func testStats(t testing.TB) *Stats {
	t.Helper()
	r := loadReference(t)
	s, err := NewStats(matrix(t, r.FID.A, r.FID.Dim))
	if err != nil {
		t.Fatal(err)
	}
	s.Model = strings.Repeat("ab", 32)
	s.Data = strings.Repeat("cd", 32)
	s.Source = "reference features a, 100 vectors"
	s.Sample = Matrix{Rows: 3, Cols: s.Dim(), Data: make([]float32, 3*s.Dim())}
	for i := range s.Sample.Data {
		s.Sample.Data[i] = float32(i) / 7
	}
	return s
}

func TestStatsFileRoundTrip(t *testing.T) {
	s := testStats(t)
	path := filepath.Join(t.TempDir(), "real.stats")
	if err := SaveStats(path, s); err != nil {
		t.Fatal(err)
	}
	got, err := LoadStats(path, StatsKey{Model: s.Model, Data: s.Data, Dim: s.Dim()})
	if err != nil {
		t.Fatal(err)
	}
	if got.N != s.N || got.Model != s.Model || got.Data != s.Data || got.Source != s.Source ||
		got.Dim() != s.Dim() {
		t.Fatalf("loaded N %d, model %q, data %q, source %q, dim %d; want %d, %q, %q, %q, %d",
			got.N, got.Model, got.Data, got.Source, got.Dim(), s.N, s.Model, s.Data, s.Source,
			s.Dim())
	}
	if got.Sample.Rows != 3 || got.Sample.Cols != s.Dim() {
		t.Fatalf("sample %dx%d, want 3x%d", got.Sample.Rows, got.Sample.Cols, s.Dim())
	}
	for i, v := range s.Sample.Data {
		if got.Sample.Data[i] != v {
			t.Fatalf("sample value %d = %v, want %v", i, got.Sample.Data[i], v)
		}
	}
	for i := range s.Mean {
		if got.Mean[i] != s.Mean[i] {
			t.Fatalf("mean[%d] = %v, want %v", i, got.Mean[i], s.Mean[i])
		}
		for j := range s.Mean {
			if got.Cov.At(i, j) != s.Cov.At(i, j) {
				t.Fatalf("cov[%d][%d] = %v, want %v", i, j, got.Cov.At(i, j), s.Cov.At(i, j))
			}
		}
	}
	// The header is readable text naming the network.
	raw, _ := os.ReadFile(path)
	if !bytes.HasPrefix(raw, []byte("sgan-fid-stats 2\nmodel-sha256 "+s.Model+"\n")) {
		t.Errorf("header %.80q does not name the network", raw)
	}
	// Unknown model, data and source survive as empty; no sample as none.
	s.Model, s.Data, s.Source, s.Sample = "", "", "", Matrix{}
	if err := SaveStats(path, s); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadStats(path, StatsKey{}); err != nil || got.Model != "" ||
		got.Data != "" || got.Source != "" || got.Sample.Rows != 0 {
		t.Errorf("unnamed statistics: model %q, data %q, source %q, %d sample rows, err %v",
			got.Model, got.Data, got.Source, got.Sample.Rows, err)
	}
}

// TestLoadStatsVersion1 reads a file of the first format (no data key, no
// sample), as sgan wrote before KID samples were kept.
func TestLoadStatsVersion1(t *testing.T) {
	s := &Stats{N: 3, Mean: []float64{1, 2}, Cov: mat.NewSymDense(2, []float64{2, 1, 1, 3})}
	var buf bytes.Buffer
	if err := writeStats(&buf, s); err != nil {
		t.Fatal(err)
	}
	v2 := buf.Bytes()
	values := v2[bytes.Index(v2, []byte("end\n"))+4:]
	v1 := append([]byte("sgan-fid-stats 1\nmodel-sha256 ab\nsource old\nn 3\ndim 2\nend\n"),
		values...)
	got, err := readStats(bufio.NewReader(bytes.NewReader(v1)))
	if err != nil {
		t.Fatal(err)
	}
	if got.Model != "ab" || got.Source != "old" || got.Data != "" || got.Sample.Rows != 0 ||
		got.Mean[1] != 2 || got.Cov.At(0, 1) != 1 {
		t.Errorf("version 1 read as %+v", got)
	}
}

func TestLoadStatsMismatch(t *testing.T) {
	s := testStats(t)
	path := filepath.Join(t.TempDir(), "real.stats")
	if err := SaveStats(path, s); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		want StatsKey
		msg  string
	}{
		{"other network", StatsKey{Model: strings.Repeat("cd", 32)}, "delete the file"},
		{"other dimension", StatsKey{Dim: 2048}, "dimension 24, want 2048"},
		{"other data", StatsKey{Data: "ef01"}, "other images"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadStats(path, tc.want)
			if !errors.Is(err, ErrStatsMismatch) || !strings.Contains(err.Error(), tc.msg) ||
				!strings.Contains(err.Error(), path) {
				t.Fatalf("err = %v, want ErrStatsMismatch naming %s and %q", err, path, tc.msg)
			}
		})
	}
}

// TestLoadStatsDamaged checks that every kind of damage is an error naming
// the file, never a panic or wrong statistics.
func TestLoadStatsDamaged(t *testing.T) {
	var buf bytes.Buffer
	if err := writeStats(&buf, testStats(t)); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	header := bytes.Index(good, []byte("end\n")) + 4
	flip := append([]byte(nil), good...)
	flip[header+100] ^= 1
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a statistics file"},
		{"truncated header", good[:bytes.Index(good, []byte("source"))+3],
			"header line \"source\": unexpected EOF"},
		{"padded number", bytes.Replace(good, []byte("n 100"), []byte("n 0100"), 1),
			"n \"0100\""},
		{"other format", []byte("PK\x03\x04 zip"), "not a statistics file"},
		{"bad dim", bytes.Replace(good, []byte("dim 24"), []byte("dim -3"), 1), "dim \"-3\""},
		{"missing key", bytes.Replace(good, []byte("source "), []byte("origin "), 1),
			"want \"source ...\""},
		{"truncated values", good[:header+50], "mean: unexpected EOF"},
		{"truncated sample", good[:len(good)-10], "sample row 2: unexpected EOF"},
		{"sample above n", bytes.Replace(good, []byte("sample 3"), []byte("sample 101"), 1),
			"sample \"101\""},
		{"truncated checksum", good[:len(good)-2], "checksum: unexpected EOF"},
		{"flipped bit", flip, "damaged"},
		{"trailing data", append(append([]byte(nil), good...), 0), "after the checksum"},
	}
	dir := t.TempDir()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_"))
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadStats(path, StatsKey{})
			if err == nil || !strings.Contains(err.Error(), tc.want) ||
				!strings.Contains(err.Error(), path) {
				t.Fatalf("err = %v, want it to name %s and contain %q", err, path, tc.want)
			}
		})
	}
	if _, err := LoadStats(filepath.Join(dir, "none"), StatsKey{}); err == nil ||
		!strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestSaveStatsErrors(t *testing.T) {
	s := testStats(t)
	dir := t.TempDir()
	if err := SaveStats(filepath.Join(dir, "no", "such", "dir", "x"), s); err == nil {
		t.Error("save into a missing folder: no error")
	}
	s.Source = "two\nlines"
	if err := SaveStats(filepath.Join(dir, "x"), s); err == nil ||
		!strings.Contains(err.Error(), "spans lines") {
		t.Errorf("source of two lines: err = %v", err)
	}
	if err := SaveStats(filepath.Join(dir, "x"), &Stats{N: 5}); err == nil {
		t.Error("save of empty statistics: no error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed saves left %d files behind", len(entries))
	}
}

func TestFileSHA256(t *testing.T) {
	path := filepath.Join(t.TempDir(), "abc")
	if err := os.WriteFile(path, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := FileSHA256(path)
	// sha256("abc") from FIPS 180-2, appendix B.1.
	want := "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	if err != nil || got != want {
		t.Errorf("FileSHA256 = %q, %v; want %q", got, err, want)
	}
}

// FuzzReadStats feeds arbitrary bytes to the statistics parser: it must
// return statistics or an error, never panic, and what it returns must
// save back to the same bytes.
func FuzzReadStats(f *testing.F) {
	s := &Stats{N: 3, Mean: []float64{1, 2}, Cov: mat.NewSymDense(2, []float64{2, 1, 1, 3}),
		Model: "ab12", Source: "two vectors"}
	var buf bytes.Buffer
	if err := writeStats(&buf, s); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("sgan-fid-stats 1\nmodel-sha256 -\nsource -\nn 2\ndim 1\nend\n"))
	f.Add([]byte("sgan-fid-stats 2\nmodel-sha256 -\ndata -\nsource -\nn 2\ndim 1\n" +
		"sample 1\nend\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := readStats(bufio.NewReader(bytes.NewReader(data)))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := writeStats(&out, s); err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(data, []byte(statsMagicV1)) {
			// A version 1 file is written back as version 2: that must read.
			if _, err := readStats(bufio.NewReader(&out)); err != nil {
				t.Fatalf("version 1 written back as version 2 does not read: %v", err)
			}
			return
		}
		if !bytes.Equal(out.Bytes(), data) {
			t.Fatalf("read then written back differs:\n%q\n%q", data, out.Bytes())
		}
	})
}
