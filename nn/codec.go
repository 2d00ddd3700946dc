package nn

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// The state format, all integers little-endian:
//
//	magic     8 bytes, "SGANNET\x00"
//	version   uint32, FormatVersion
//	spec      uint32 length, then the resolved Spec as JSON
//	counts    uint32 parameters, uint32 buffers
//	tensors   parameters then buffers, in the network's order, each:
//	          uint32 ndim, ndim int64 sizes, float32 values (row-major)
//	checksum  uint32, CRC-32 (IEEE) of every byte before it
//
// testdata/make_reference.py writes the same format from PyTorch.
const (
	magic = "SGANNET\x00"
	// FormatVersion is the version of the state format that Encode writes
	// and Decode reads.
	FormatVersion = 1

	maxSpecBytes = 1 << 16
	maxTensors   = 1 << 12
	maxDims      = 8
	chunkValues  = 1 << 18 // values read at a time, so a corrupt size
	// cannot allocate more than the stream holds
)

// Encode writes n's spec, parameters and buffers to w in the state format.
// Several networks may follow each other in one stream. Networks that
// share layers (NewShared) each write their own copy of the shared tensors.
func Encode(w io.Writer, n Network) error {
	spec, err := json.Marshal(n.Spec())
	if err != nil {
		return fmt.Errorf("nn: encode %s: %w", n.Spec(), err)
	}
	crc := crc32.NewIEEE()
	bw := bufio.NewWriter(io.MultiWriter(w, crc))
	params, buffers := n.Parameters(), n.Buffers()
	var head []byte
	head = append(head, magic...)
	head = binary.LittleEndian.AppendUint32(head, FormatVersion)
	head = binary.LittleEndian.AppendUint32(head, uint32(len(spec)))
	head = append(head, spec...)
	head = binary.LittleEndian.AppendUint32(head, uint32(len(params)))
	head = binary.LittleEndian.AppendUint32(head, uint32(len(buffers)))
	// bufio keeps the first write error; Flush reports it.
	bw.Write(head)
	for _, t := range append(params, buffers...) {
		bw.Write(encodeTensor(t))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("nn: encode %s: %w", n.Spec(), err)
	}
	sum := binary.LittleEndian.AppendUint32(nil, crc.Sum32())
	if _, err := w.Write(sum); err != nil {
		return fmt.Errorf("nn: encode %s: %w", n.Spec(), err)
	}
	return nil
}

// encodeTensor is t's shape and values in the state format.
func encodeTensor(t torch.Tensor) []byte {
	shape := t.Shape()
	values := torchx.Float32s(t)
	b := make([]byte, 0, 4+8*len(shape)+4*len(values))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(shape)))
	for _, d := range shape {
		b = binary.LittleEndian.AppendUint64(b, uint64(d))
	}
	for _, v := range values {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

// Decode reads one network's state from r into n, which must have the
// spec the stream was written with. It reads exactly one network's bytes,
// so several may be decoded from one stream in turn. n is changed only
// when the whole state was read and its checksum matched.
func Decode(r io.Reader, n Network) error {
	d := newDecoder(r)
	spec, err := d.spec()
	if err != nil {
		return err
	}
	if spec != n.Spec() {
		return fmt.Errorf("nn: decode: the stream holds a %s, the network is a %s", spec,
			n.Spec())
	}
	dst := state(n)
	values, err := d.tensors(shapesOf(n.Parameters()), shapesOf(n.Buffers()))
	if err != nil {
		return fmt.Errorf("nn: decode %s: %w", spec, err)
	}
	return load(dst, values)
}

// DecodeNew reads one network's state from r and returns a new network of
// the spec the stream holds, like Decode.
func DecodeNew(r io.Reader) (Network, error) {
	d := newDecoder(r)
	spec, err := d.spec()
	if err != nil {
		return nil, err
	}
	values, err := d.tensors(stateShapes(spec))
	if err != nil {
		return nil, fmt.Errorf("nn: decode %s: %w", spec, err)
	}
	n, err := New(spec)
	if err != nil {
		return nil, err
	}
	if err := load(state(n), values); err != nil {
		return nil, err
	}
	return n, nil
}

// load copies decoded values into the tensors dst.
func load(dst []torch.Tensor, values [][]float32) error {
	src := make([]torch.Tensor, len(dst))
	for i, t := range dst {
		src[i] = torchx.FromFloat32(values[i], t.Shape()...)
	}
	if err := torchx.Copy(dst, src); err != nil {
		return fmt.Errorf("nn: decode: %w", err)
	}
	return nil
}

func shapesOf(ts []torch.Tensor) [][]int64 {
	shapes := make([][]int64, len(ts))
	for i, t := range ts {
		shapes[i] = t.Shape()
	}
	return shapes
}

// decoder reads the state format, checksumming what it reads.
type decoder struct {
	r   io.Reader // the stream
	in  io.Reader // r, teed into crc
	crc hash.Hash32
}

func newDecoder(r io.Reader) *decoder {
	crc := crc32.NewIEEE()
	return &decoder{r: r, in: io.TeeReader(r, crc), crc: crc}
}

// errTruncated reports a stream that ends inside a network's state.
var errTruncated = errors.New("truncated state: the stream ends early")

func (d *decoder) full(p []byte) error {
	if _, err := io.ReadFull(d.in, p); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return errTruncated
		}
		return err
	}
	return nil
}

func (d *decoder) uint32() (uint32, error) {
	var b [4]byte
	if err := d.full(b[:]); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b[:]), nil
}

// spec reads the magic, the version and the spec, and resolves the spec.
func (d *decoder) spec() (Spec, error) {
	var head [len(magic) + 8]byte
	if err := d.full(head[:]); err != nil {
		return Spec{}, fmt.Errorf("nn: decode: %w", err)
	}
	if string(head[:len(magic)]) != magic {
		return Spec{}, fmt.Errorf("nn: decode: not a network state (magic %q, want %q)",
			head[:len(magic)], magic)
	}
	version := binary.LittleEndian.Uint32(head[len(magic):])
	if version != FormatVersion {
		return Spec{}, fmt.Errorf("nn: decode: format version %d, this build reads "+
			"version %d: use the sgan version that wrote it", version, FormatVersion)
	}
	size := binary.LittleEndian.Uint32(head[len(magic)+4:])
	if size > maxSpecBytes {
		return Spec{}, fmt.Errorf("nn: decode: spec of %d bytes, at most %d", size,
			maxSpecBytes)
	}
	raw := make([]byte, size)
	if err := d.full(raw); err != nil {
		return Spec{}, fmt.Errorf("nn: decode: %w", err)
	}
	return parseSpec(raw)
}

// parseSpec decodes a spec from JSON, rejecting unknown options.
func parseSpec(raw []byte) (Spec, error) {
	var s Spec
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Spec{}, fmt.Errorf("nn: decode: spec %q: %w", raw, err)
	}
	if dec.More() {
		return Spec{}, fmt.Errorf("nn: decode: spec %q: data after the JSON object", raw)
	}
	s, err := s.Resolve()
	if err != nil {
		return Spec{}, fmt.Errorf("nn: decode: %w", err)
	}
	return s, nil
}

// tensors reads the counts, then tensors of the expected shapes, then
// checks the checksum.
func (d *decoder) tensors(params, buffers [][]int64) ([][]float32, error) {
	np, err := d.uint32()
	if err != nil {
		return nil, err
	}
	nb, err := d.uint32()
	if err != nil {
		return nil, err
	}
	if int(np) != len(params) || int(nb) != len(buffers) {
		return nil, fmt.Errorf("%d parameters and %d buffers, want %d and %d", np, nb,
			len(params), len(buffers))
	}
	shapes := append(append([][]int64{}, params...), buffers...)
	values := make([][]float32, len(shapes))
	for i, shape := range shapes {
		if values[i], err = d.tensor(shape); err != nil {
			return nil, fmt.Errorf("tensor %d: %w", i, err)
		}
	}
	want := d.crc.Sum32()
	var b [4]byte
	if _, err := io.ReadFull(d.r, b[:]); err != nil {
		return nil, errTruncated
	}
	if got := binary.LittleEndian.Uint32(b[:]); got != want {
		return nil, fmt.Errorf("checksum %08x, computed %08x: the state is corrupt", got, want)
	}
	return values, nil
}

// tensor reads one tensor, which must have the given shape.
func (d *decoder) tensor(shape []int64) ([]float32, error) {
	ndim, err := d.uint32()
	if err != nil {
		return nil, err
	}
	if ndim > maxDims {
		return nil, fmt.Errorf("%d dimensions, at most %d", ndim, maxDims)
	}
	dims := make([]byte, 8*ndim)
	if err := d.full(dims); err != nil {
		return nil, err
	}
	got := make([]int64, ndim)
	for i := range got {
		got[i] = int64(binary.LittleEndian.Uint64(dims[8*i:]))
	}
	if !equalShape(got, shape) {
		return nil, fmt.Errorf("shape %v, want %v", got, shape)
	}
	return d.values(numel(shape))
}

// values reads n float32 values, chunk by chunk.
func (d *decoder) values(n int64) ([]float32, error) {
	out := make([]float32, 0, min(n, chunkValues))
	buf := make([]byte, 4*min(n, chunkValues))
	for left := n; left > 0; {
		k := min(left, chunkValues)
		if err := d.full(buf[:4*k]); err != nil {
			return nil, err
		}
		for i := range k {
			out = append(out, math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:])))
		}
		left -= k
	}
	return out, nil
}

func equalShape(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
