package metrics

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// ErrStatsMismatch is wrapped by the errors of LoadStats and FID when
// statistics come from another network or have another dimension: the cache
// is stale, and recomputing it is the fix.
var ErrStatsMismatch = errors.New("statistics do not match")

// statsMagic opens every statistics file; the number is the format
// version. Version 1 files (no data key, no sample) are still read.
const (
	statsMagic   = "sgan-fid-stats 2"
	statsMagicV1 = "sgan-fid-stats 1"
)

// maxStatsDim bounds the dimension a statistics file may declare.
const maxStatsDim = 1 << 14

// The statistics file. A text header, one "key value" line each, then the
// values, little-endian, and a CRC-32 (IEEE) of them:
//
//	sgan-fid-stats 2
//	model-sha256 <64 hex digits, or ->
//	data <one word: e.g. the sha256 of the images, or ->
//	source <one line, or ->
//	n <number of feature vectors>
//	dim <D>
//	sample <K, the feature vectors kept, 0 <= K <= n>
//	end
//	<mean: D float64><covariance, upper triangle row by row: D(D+1)/2 float64>
//	<sample: K rows of D float32>
//	<crc32 of those values: 4 bytes>
//
// Version 1 has neither the data nor the sample line, nor sample values.

// SaveStats writes s to path atomically (a temporary file in the same
// folder, synced, then renamed), replacing any file there.
func SaveStats(path string, s *Stats) error {
	if err := validStats(s); err != nil {
		return fmt.Errorf("metrics: save statistics %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("metrics: save statistics: %w", err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	werr := tmp.Chmod(0o644) // a cache others may read, not CreateTemp's 0600
	if werr == nil {
		werr = writeStats(w, s)
	}
	if werr == nil {
		werr = w.Flush()
	}
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		return fmt.Errorf("metrics: save statistics %s: %w", path, werr)
	}
	return nil
}

func validStats(s *Stats) error {
	if s == nil || s.Cov == nil || s.Cov.SymmetricDim() != s.Dim() || s.Dim() == 0 {
		return fmt.Errorf("incomplete statistics")
	}
	if s.N < 2 {
		return fmt.Errorf("statistics of %d vectors, want at least 2", s.N)
	}
	if strings.ContainsAny(s.Source, "\r\n") || strings.ContainsAny(s.Model, " \r\n") ||
		strings.ContainsAny(s.Data, " \r\n") {
		return fmt.Errorf("model %q, data %q or source %q spans lines or words",
			s.Model, s.Data, s.Source)
	}
	if k := s.Sample; k.Rows > 0 && (k.Cols != s.Dim() || k.Rows > s.N ||
		len(k.Data) != k.Rows*k.Cols) {
		return fmt.Errorf("sample of %dx%d features for %d vectors of dimension %d",
			k.Rows, k.Cols, s.N, s.Dim())
	}
	return nil
}

func writeStats(w io.Writer, s *Stats) error {
	_, err := fmt.Fprintf(w, "%s\nmodel-sha256 %s\ndata %s\nsource %s\nn %d\ndim %d\n"+
		"sample %d\nend\n", statsMagic, orDash(s.Model), orDash(s.Data), orDash(s.Source),
		s.N, s.Dim(), s.Sample.Rows)
	if err != nil {
		return err
	}
	crc := crc32.NewIEEE()
	out := io.MultiWriter(w, crc)
	if err := binary.Write(out, binary.LittleEndian, s.Mean); err != nil {
		return err
	}
	for i := 0; i < s.Dim(); i++ {
		row := make([]float64, s.Dim()-i)
		for j := range row {
			row[j] = s.Cov.At(i, i+j)
		}
		if err := binary.Write(out, binary.LittleEndian, row); err != nil {
			return err
		}
	}
	if s.Sample.Rows > 0 {
		if err := binary.Write(out, binary.LittleEndian, s.Sample.Data); err != nil {
			return err
		}
	}
	return binary.Write(w, binary.LittleEndian, crc.Sum32())
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// StatsKey is what cached statistics must match: the sha256 of the network
// file, the data's key (Stats.Data) and the features' dimension. Empty
// fields are not checked.
type StatsKey struct {
	Model string
	Data  string
	Dim   int
}

// LoadStats reads statistics written by SaveStats and checks them against
// want. A file made by another network or of another dimension is an error
// wrapping ErrStatsMismatch that says to delete the file; a damaged file is
// an error naming what is wrong.
func LoadStats(path string, want StatsKey) (*Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("metrics: load statistics: %w", err)
	}
	defer f.Close()
	s, err := readStats(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("metrics: load statistics %s: %w", path, err)
	}
	if want.Model != "" && s.Model != want.Model {
		return nil, fmt.Errorf("metrics: load statistics %s: made by the network with "+
			"sha256 %s, not %s; delete the file to recompute them: %w",
			path, s.Model, want.Model, ErrStatsMismatch)
	}
	if want.Data != "" && s.Data != want.Data {
		return nil, fmt.Errorf("metrics: load statistics %s: made from other images "+
			"(data %.16s, %s), not %.16s; delete the file to recompute them: %w",
			path, orDash(s.Data), orDash(s.Source), want.Data, ErrStatsMismatch)
	}
	if want.Dim != 0 && s.Dim() != want.Dim {
		return nil, fmt.Errorf("metrics: load statistics %s: features of dimension %d, "+
			"want %d; delete the file to recompute them: %w",
			path, s.Dim(), want.Dim, ErrStatsMismatch)
	}
	return s, nil
}

// readStats parses a statistics file.
func readStats(r *bufio.Reader) (*Stats, error) {
	s, dim, sample, err := readStatsHeader(r)
	if err != nil {
		return nil, err
	}
	crc := crc32.NewIEEE()
	in := io.TeeReader(r, crc)
	s.Mean = make([]float64, dim)
	if err := readFloats(in, s.Mean); err != nil {
		return nil, fmt.Errorf("mean: %w", err)
	}
	// Rows are read before the matrix is made, so that a damaged header
	// declaring a huge dimension fails at the end of the file instead of
	// allocating for it.
	rows := make([][]float64, dim)
	for i := range rows {
		rows[i] = make([]float64, dim-i)
		if err := readFloats(in, rows[i]); err != nil {
			return nil, fmt.Errorf("covariance row %d: %w", i, err)
		}
	}
	s.Cov = mat.NewSymDense(dim, nil)
	for i, row := range rows {
		for j, v := range row {
			s.Cov.SetSym(i, i+j, v)
		}
	}
	if err := readSample(in, s, sample, dim); err != nil {
		return nil, err
	}
	var sum uint32
	if err := binary.Read(r, binary.LittleEndian, &sum); err != nil {
		return nil, fmt.Errorf("checksum: %w", unexpected(err))
	}
	if sum != crc.Sum32() {
		return nil, fmt.Errorf("checksum %08x, computed %08x: the file is damaged",
			sum, crc.Sum32())
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return nil, fmt.Errorf("data after the checksum")
	}
	return s, nil
}

// readSample reads the k feature rows of dimension dim of s, row by row so
// that a damaged header declaring a huge k fails at the end of the file.
func readSample(r io.Reader, s *Stats, k, dim int) error {
	if k == 0 {
		return nil
	}
	data := make([]float32, 0, dim)
	buf := make([]byte, 4*dim)
	for i := range k {
		if _, err := io.ReadFull(r, buf); err != nil {
			return fmt.Errorf("sample row %d: %w", i, unexpected(err))
		}
		for j := range dim {
			v := math.Float32frombits(binary.LittleEndian.Uint32(buf[4*j:]))
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("sample row %d: value %d is %g", i, j, v)
			}
			data = append(data, v)
		}
	}
	s.Sample = Matrix{Rows: k, Cols: dim, Data: data}
	return nil
}

// readFloats reads len(dst) little-endian float64 values, all finite.
func readFloats(r io.Reader, dst []float64) error {
	buf := make([]byte, 8*len(dst))
	if _, err := io.ReadFull(r, buf); err != nil {
		return unexpected(err)
	}
	for i := range dst {
		dst[i] = math.Float64frombits(binary.LittleEndian.Uint64(buf[8*i:]))
		if math.IsNaN(dst[i]) || math.IsInf(dst[i], 0) {
			return fmt.Errorf("value %d is %g", i, dst[i])
		}
	}
	return nil
}

func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// readStatsHeader parses the text header and returns the statistics without
// their values, the dimension and the number of sample rows. It takes only
// the form SaveStats writes (or wrote, in version 1).
func readStatsHeader(r *bufio.Reader) (*Stats, int, int, error) {
	first, _ := r.ReadString('\n')
	keys := []string{"model-sha256", "data", "source", "n", "dim", "sample"}
	switch strings.TrimSuffix(first, "\n") {
	case statsMagic:
	case statsMagicV1:
		keys = []string{"model-sha256", "source", "n", "dim"}
	default:
		return nil, 0, 0, fmt.Errorf("first line %.40q, want %q: not a statistics file "+
			"of this version", first, statsMagic)
	}
	vals := map[string]string{"data": "-", "sample": "0"}
	for _, key := range keys {
		l, err := headerLine(r)
		if err != nil {
			return nil, 0, 0, fmt.Errorf("header line %q: %w", key, err)
		}
		v, ok := strings.CutPrefix(l, key+" ")
		if !ok || v == "" {
			return nil, 0, 0, fmt.Errorf("header line %.40q, want %q", l, key+" ...")
		}
		vals[key] = v
	}
	if l, err := headerLine(r); err != nil || l != "end" {
		return nil, 0, 0, fmt.Errorf("header line %.40q, want \"end\" (%v)", l, err)
	}
	n, err := strconv.Atoi(vals["n"])
	dim, err2 := strconv.Atoi(vals["dim"])
	k, err3 := strconv.Atoi(vals["sample"])
	if err != nil || err2 != nil || n < 2 || dim < 1 || dim > maxStatsDim ||
		strconv.Itoa(n) != vals["n"] || strconv.Itoa(dim) != vals["dim"] {
		return nil, 0, 0, fmt.Errorf("n %q and dim %q, want n >= 2 and 1 <= dim <= %d",
			vals["n"], vals["dim"], maxStatsDim)
	}
	if err3 != nil || k < 0 || k > n || strconv.Itoa(k) != vals["sample"] {
		return nil, 0, 0, fmt.Errorf("sample %q, want 0 to n = %d", vals["sample"], n)
	}
	if strings.Contains(vals["data"], " ") {
		return nil, 0, 0, fmt.Errorf("data %.40q, want one word", vals["data"])
	}
	s := &Stats{N: n, Model: fromDash(vals["model-sha256"]), Data: fromDash(vals["data"]),
		Source: fromDash(vals["source"])}
	return s, dim, k, nil
}

// headerLine reads one line without its newline.
func headerLine(r *bufio.Reader) (string, error) {
	l, err := r.ReadString('\n')
	if err != nil {
		return l, unexpected(err)
	}
	return strings.TrimSuffix(l, "\n"), nil
}

func fromDash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// FileSHA256 is the sha256 of the file at path in hex: the Model of Stats
// made with that network.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("metrics: sha256 of network file: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("metrics: sha256 of %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
