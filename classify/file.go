package classify

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// A classifier file is the magic, the header's length (uint32 little
// endian), the header as JSON, then every tensor of Model.Parameters and
// then of Model.Buffers in order as little-endian float32 values. Version 1
// files (before architectures were named) hold an ArchCNN2 model.
const (
	fileMagic   = "SGANCLS1"
	fileVersion = 2
	maxHeader   = 1 << 20
)

// ErrFormat says a file is not a classifier file or is damaged.
var ErrFormat = errors.New("not a valid classifier file")

// header describes the model a classifier file holds.
type header struct {
	Version  int      `json:"version"`
	Arch     string   `json:"arch,omitempty"`
	Shape    [3]int64 `json:"shape"`
	Classes  []string `json:"classes"`
	Hidden   int64    `json:"hidden"`
	Dataset  string   `json:"dataset,omitempty"`
	Accuracy float64  `json:"test_accuracy,omitempty"`
}

// Info is what a classifier file records besides the weights.
type Info struct {
	Dataset  string  // the data set's name, e.g. "mnist"
	Accuracy float64 // test accuracy in [0, 1], 0 when unknown
}

// Save writes m and info to path atomically (a temporary file renamed).
func Save(path string, m *Model, info Info) error {
	var buf bytes.Buffer
	if err := Encode(&buf, m, info); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".classifier-*")
	if err != nil {
		return fmt.Errorf("classify: save %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(buf.Bytes())
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("classify: save %s: %w", path, err)
	}
	return nil
}

// Encode writes m and info to w in the classifier file format.
func Encode(w io.Writer, m *Model, info Info) error {
	h, err := json.Marshal(header{Version: fileVersion, Arch: m.Arch, Shape: m.Shape,
		Classes: m.Classes, Hidden: Hidden, Dataset: info.Dataset,
		Accuracy: info.Accuracy})
	if err != nil {
		return fmt.Errorf("classify: encode header: %w", err)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(fileMagic)
	binary.Write(bw, binary.LittleEndian, uint32(len(h)))
	bw.Write(h)
	for _, p := range append(m.Parameters(), m.Buffers()...) {
		for _, v := range torchx.Float32s(p) {
			binary.Write(bw, binary.LittleEndian, math.Float32bits(v))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("classify: encode: %w", err)
	}
	return nil
}

// Load reads a classifier that Save wrote to path.
func Load(path string) (*Model, Info, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Info{}, fmt.Errorf("classify: %w", err)
	}
	defer f.Close()
	m, info, err := Decode(bufio.NewReader(f))
	if err != nil {
		return nil, Info{}, fmt.Errorf("%w (file %s: train one with "+
			"`sgan classifier train`)", err, path)
	}
	return m, info, nil
}

// Decode reads a classifier in the format Encode writes.
func Decode(r io.Reader) (*Model, Info, error) {
	h, err := readHeader(r)
	if err != nil {
		return nil, Info{}, err
	}
	m, err := NewModelArch(h.Arch, h.Shape, h.Classes)
	if err != nil {
		return nil, Info{}, fmt.Errorf("classify: %w: %w", ErrFormat, err)
	}
	for i, p := range append(m.Parameters(), m.Buffers()...) {
		vals := make([]float32, torchx.Numel(p))
		if err := binary.Read(r, binary.LittleEndian, vals); err != nil {
			return nil, Info{}, fmt.Errorf("classify: %w: tensor %d: %w",
				ErrFormat, i, err)
		}
		src := torchx.FromFloat32(vals, p.Shape()...)
		if err := torchx.Copy([]torch.Tensor{p}, []torch.Tensor{src}); err != nil {
			return nil, Info{}, fmt.Errorf("classify: %w", err)
		}
	}
	var extra [1]byte
	if n, _ := r.Read(extra[:]); n != 0 {
		return nil, Info{}, fmt.Errorf("classify: %w: trailing bytes", ErrFormat)
	}
	return m, Info{Dataset: h.Dataset, Accuracy: h.Accuracy}, nil
}

func readHeader(r io.Reader) (header, error) {
	var h header
	magic := make([]byte, len(fileMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != fileMagic {
		return h, fmt.Errorf("classify: %w: bad magic", ErrFormat)
	}
	var n uint32
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil || n > maxHeader {
		return h, fmt.Errorf("classify: %w: bad header length", ErrFormat)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return h, fmt.Errorf("classify: %w: header: %w", ErrFormat, err)
	}
	if err := json.Unmarshal(b, &h); err != nil {
		return h, fmt.Errorf("classify: %w: header: %w", ErrFormat, err)
	}
	if h.Version < 1 || h.Version > fileVersion || h.Hidden != Hidden {
		return h, fmt.Errorf("classify: %w: version %d, hidden %d: want 1 to %d, %d",
			ErrFormat, h.Version, h.Hidden, fileVersion, Hidden)
	}
	if h.Version == 1 {
		h.Arch = ArchCNN2
	}
	return h, nil
}
