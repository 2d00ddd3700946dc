package torchx

// #include <stdlib.h>
// #include "metricops.h"
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"

	torch "github.com/wangkuiyi/gotorch"
)

// ResizeBilinear resizes a batch of images (N, C, H, W) to (N, C, height,
// width) by bilinear interpolation, as torch.nn.functional.interpolate with
// mode "bilinear" and no antialiasing. alignCorners false is what
// pytorch-fid uses to bring images to the Inception network's 299x299.
func ResizeBilinear(x torch.Tensor, height, width int64, alignCorners bool) (
	torch.Tensor, error) {
	h, err := handle("resize_bilinear", x)
	if err != nil {
		return torch.Tensor{}, err
	}
	var out C.TxTensor
	msg := C.tx_resize_bilinear(h, C.int64_t(height), C.int64_t(width),
		cbool(alignCorners), &out)
	if err := check("resize_bilinear", msg); err != nil {
		return torch.Tensor{}, err
	}
	return wrap(out), nil
}

// ImagePrep says how PrepareImages and ForwardImages turn images (N, C, H,
// W) with values in [-1, 1] into a network's input. The steps, in order:
// rows Start to Start+Length-1; float32 on Device; a single channel repeated
// to Channels; values clamped to [-1, 1]; a bilinear resize (align_corners
// false, no antialiasing) to Size x Size; values mapped linearly from
// [-1, 1] to [Low, High].
type ImagePrep struct {
	Start, Length int64   // the batch; Length 0 means to the last image
	Channels      int64   // channels the network takes; 0 keeps the images'
	Size          int64   // side of the square input; 0 keeps H x W
	Low, High     float64 // the network's input range; both 0 mean [-1, 1]
	Device        string  // the network's device; "" means "cpu"
}

// cPrep converts p for C; the caller frees the device string.
func (p ImagePrep) cPrep(images torch.Tensor) C.TxImagePrep {
	length := p.Length
	if length == 0 && len(images.Shape()) > 0 {
		length = images.Shape()[0] - p.Start
	}
	low, high := p.Low, p.High
	if low == 0 && high == 0 {
		low, high = -1, 1
	}
	device := p.Device
	if device == "" {
		device = "cpu"
	}
	return C.TxImagePrep{
		start: C.int64_t(p.Start), length: C.int64_t(length),
		channels: C.int64_t(p.Channels), size: C.int64_t(p.Size),
		low: C.double(low), high: C.double(high), device: C.CString(device),
	}
}

// PrepareImages returns the network input that ForwardImages would feed for
// images and p.
func PrepareImages(images torch.Tensor, p ImagePrep) (torch.Tensor, error) {
	h, err := handle("prepare_images", images)
	if err != nil {
		return torch.Tensor{}, err
	}
	cp := p.cPrep(images)
	defer C.free(unsafe.Pointer(cp.device))
	var out C.TxTensor
	if err := check("prepare_images", C.tx_prepare_images(h, &cp, &out)); err != nil {
		return torch.Tensor{}, err
	}
	return wrap(out), nil
}

// HostTensor is a float32 tensor copied to Go memory, in row-major order.
type HostTensor struct {
	Shape []int64
	Data  []float32
}

// ForwardImages prepares a batch of images as p says, runs the module's
// forward on it under no-grad and returns its tensors (flattened from a
// tuple or list) copied to Go memory. No tensor of the batch reaches Go, so
// memory stays flat over many batches without torch.GC: the loop of the
// Inception and classifier scores.
func (m *Module) ForwardImages(images torch.Tensor, p ImagePrep) ([]HostTensor, error) {
	if m.h == nil {
		return nil, &Error{Op: "forward_images", Msg: "module is closed"}
	}
	h, err := handle("forward_images", images)
	if err != nil {
		return nil, err
	}
	cp := p.cPrep(images)
	defer C.free(unsafe.Pointer(cp.device))
	var outs *C.TxHostTensor
	var n C.int64_t
	msg := C.tx_forward_images(m.h, h, &cp, &outs, &n)
	runtime.KeepAlive(m)
	if err := check("forward_images", msg); err != nil {
		e := err.(*Error)
		e.Msg = m.path + ": " + e.Msg
		return nil, e
	}
	defer C.tx_free_host_tensors(outs, n)
	return hostTensors(unsafe.Slice(outs, int(n))), nil
}

// hostTensors copies C's host tensors into Go memory.
func hostTensors(cs []C.TxHostTensor) []HostTensor {
	res := make([]HostTensor, len(cs))
	for i, c := range cs {
		shape := make([]int64, int(c.ndim))
		numel := 1
		for j, d := range unsafe.Slice(c.shape, int(c.ndim)) {
			shape[j] = int64(d)
			numel *= int(d)
		}
		data := make([]float32, numel)
		copy(data, unsafe.Slice((*float32)(unsafe.Pointer(c.data)), numel))
		res[i] = HostTensor{Shape: shape, Data: data}
	}
	return res
}

// Float64Matrix is a row-major float64 matrix in Go memory.
type Float64Matrix struct {
	Rows, Cols int
	Data       []float64 // Rows*Cols values, row after row
}

func (m Float64Matrix) valid() bool {
	return m.Rows > 0 && m.Cols > 0 && len(m.Data) == m.Rows*m.Cols
}

// SymEigFloat64 returns the eigenvalues of the symmetric matrix a in
// ascending order and, when withVectors is set, its eigenvectors as the
// columns of a matrix, by libtorch's LAPACK (torch.linalg.eigh, lower
// triangle). It is 50-100 times faster than gonum's pure-Go solver at the
// Inception features' 2048 dimensions.
func SymEigFloat64(a Float64Matrix, withVectors bool) ([]float64, Float64Matrix, error) {
	if !a.valid() || a.Rows != a.Cols {
		return nil, Float64Matrix{}, &Error{Op: "sym_eig", Msg: fmt.Sprintf(
			"%d values for a %dx%d matrix, want a square one", len(a.Data), a.Rows, a.Cols)}
	}
	n := a.Rows
	vals := make([]float64, n)
	var vecs Float64Matrix
	var pvecs *C.double
	if withVectors {
		vecs = Float64Matrix{Rows: n, Cols: n, Data: make([]float64, n*n)}
		pvecs = (*C.double)(unsafe.Pointer(&vecs.Data[0]))
	}
	msg := C.tx_sym_eig_f64((*C.double)(unsafe.Pointer(&a.Data[0])), C.int64_t(n),
		(*C.double)(unsafe.Pointer(&vals[0])), pvecs)
	if err := check("sym_eig", msg); err != nil {
		return nil, Float64Matrix{}, err
	}
	return vals, vecs, nil
}

// MatMulFloat64 returns op(a) op(b), where op transposes its matrix when the
// flag that follows it is set: a float64 matrix product by libtorch's BLAS.
func MatMulFloat64(a Float64Matrix, transA bool, b Float64Matrix, transB bool) (
	Float64Matrix, error) {
	rows, inner := a.Rows, a.Cols
	if transA {
		rows, inner = inner, rows
	}
	innerB, cols := b.Rows, b.Cols
	if transB {
		innerB, cols = cols, innerB
	}
	if !a.valid() || !b.valid() || inner != innerB {
		return Float64Matrix{}, &Error{Op: "mm", Msg: fmt.Sprintf(
			"product of %dx%d (transposed %v) and %dx%d (transposed %v) matrices "+
				"holding %d and %d values", a.Rows, a.Cols, transA, b.Rows, b.Cols, transB,
			len(a.Data), len(b.Data))}
	}
	c := Float64Matrix{Rows: rows, Cols: cols, Data: make([]float64, rows*cols)}
	msg := C.tx_mm_f64((*C.double)(unsafe.Pointer(&a.Data[0])), C.int64_t(a.Rows),
		C.int64_t(a.Cols), cbool(transA), (*C.double)(unsafe.Pointer(&b.Data[0])),
		C.int64_t(b.Rows), C.int64_t(b.Cols), cbool(transB),
		(*C.double)(unsafe.Pointer(&c.Data[0])))
	if err := check("mm", msg); err != nil {
		return Float64Matrix{}, err
	}
	return c, nil
}
