package torchx

// #include "torchx.h"
import "C"

import (
	"fmt"
	"unsafe"

	torch "github.com/wangkuiyi/gotorch"
)

// Operation codes of tensor.cc; keep the two lists in step.
const (
	opExp = iota
	opLog
	opSqrt
	opAbs
	opNeg
	opSquare
	opSoftplus
	opSum
	opMean
)

const (
	opAddScalar = iota
	opMulScalar
	opPowScalar
)

const (
	opMaximum = iota
	opMinimum
)

var unaryNames = [...]string{"exp", "log", "sqrt", "abs", "neg", "square",
	"softplus", "sum", "mean"}

func unary(op int, a torch.Tensor) torch.Tensor {
	name := unaryNames[op]
	var out C.TxTensor
	must(name, C.tx_unary(C.int(op), mustHandle(name, a), &out))
	return wrap(out)
}

func scalar(op int, name string, a torch.Tensor, s float64) torch.Tensor {
	var out C.TxTensor
	must(name, C.tx_scalar(C.int(op), mustHandle(name, a), C.double(s), &out))
	return wrap(out)
}

func binary(op int, name string, a, b torch.Tensor) torch.Tensor {
	var out C.TxTensor
	must(name, C.tx_binary(C.int(op), mustHandle(name, a), mustHandle(name, b), &out))
	return wrap(out)
}

// Exp is e^a element-wise.
func Exp(a torch.Tensor) torch.Tensor { return unary(opExp, a) }

// Log is the natural logarithm element-wise.
func Log(a torch.Tensor) torch.Tensor { return unary(opLog, a) }

// Sqrt is the square root element-wise.
func Sqrt(a torch.Tensor) torch.Tensor { return unary(opSqrt, a) }

// Abs is |a| element-wise.
func Abs(a torch.Tensor) torch.Tensor { return unary(opAbs, a) }

// Neg is -a.
func Neg(a torch.Tensor) torch.Tensor { return unary(opNeg, a) }

// Square is a*a element-wise.
func Square(a torch.Tensor) torch.Tensor { return unary(opSquare, a) }

// Softplus is log(1 + e^a) element-wise (beta 1, linear above 20, as
// torch.nn.functional.softplus).
func Softplus(a torch.Tensor) torch.Tensor { return unary(opSoftplus, a) }

// Sum is the sum of all elements, a scalar tensor.
func Sum(a torch.Tensor) torch.Tensor { return unary(opSum, a) }

// Mean is the mean of all elements, a scalar tensor.
func Mean(a torch.Tensor) torch.Tensor { return unary(opMean, a) }

// AddScalar is a + s.
func AddScalar(a torch.Tensor, s float64) torch.Tensor {
	return scalar(opAddScalar, "add_scalar", a, s)
}

// MulScalar is a * s.
func MulScalar(a torch.Tensor, s float64) torch.Tensor {
	return scalar(opMulScalar, "mul_scalar", a, s)
}

// PowScalar is a^s element-wise.
func PowScalar(a torch.Tensor, s float64) torch.Tensor {
	return scalar(opPowScalar, "pow_scalar", a, s)
}

// Maximum is the element-wise maximum of a and b (broadcasting).
func Maximum(a, b torch.Tensor) torch.Tensor { return binary(opMaximum, "maximum", a, b) }

// Minimum is the element-wise minimum of a and b (broadcasting).
func Minimum(a, b torch.Tensor) torch.Tensor { return binary(opMinimum, "minimum", a, b) }

// Clamp limits a to [lo, hi] element-wise.
func Clamp(a torch.Tensor, lo, hi float64) torch.Tensor {
	var out C.TxTensor
	must("clamp", C.tx_clamp(mustHandle("clamp", a), C.double(lo), C.double(hi), &out))
	return wrap(out)
}

// ClampInPlace limits a to [lo, hi] in place under no-grad: WGAN's weight
// clipping.
func ClampInPlace(a torch.Tensor, lo, hi float64) {
	must("clamp_", C.tx_clamp_(mustHandle("clamp_", a), C.double(lo), C.double(hi)))
}

// Norm is the p-norm of a over dimension dim, keeping it as size 1 when
// keepDim is set.
func Norm(a torch.Tensor, p float64, dim int64, keepDim bool) torch.Tensor {
	var out C.TxTensor
	must("norm", C.tx_norm(mustHandle("norm", a), C.double(p), C.int64_t(dim),
		cbool(keepDim), &out))
	return wrap(out)
}

// Cat concatenates ts along dim.
func Cat(ts []torch.Tensor, dim int64) torch.Tensor {
	hs, err := handles("cat", ts)
	if err != nil {
		panic(err)
	}
	var out C.TxTensor
	must("cat", C.tx_cat(first(hs), C.int64_t(len(hs)), C.int64_t(dim), &out))
	return wrap(out)
}

// Reshape returns a with the given shape (a view where possible); one
// dimension may be -1.
func Reshape(a torch.Tensor, shape ...int64) torch.Tensor {
	if len(shape) == 0 {
		panic(&Error{Op: "reshape", Msg: "empty shape"})
	}
	var out C.TxTensor
	must("reshape", C.tx_reshape(mustHandle("reshape", a),
		(*C.int64_t)(unsafe.Pointer(&shape[0])), C.int64_t(len(shape)), &out))
	return wrap(out)
}

// BCEWithLogits is the mean binary cross-entropy of sigmoid(logits) against
// target, computed stably from the logits.
func BCEWithLogits(logits, target torch.Tensor) torch.Tensor {
	var out C.TxTensor
	must("bce_with_logits", C.tx_bce_with_logits(mustHandle("bce_with_logits", logits),
		mustHandle("bce_with_logits", target), &out))
	return wrap(out)
}

// MSE is the mean squared error between a and b.
func MSE(a, b torch.Tensor) torch.Tensor {
	var out C.TxTensor
	must("mse", C.tx_mse(mustHandle("mse", a), mustHandle("mse", b), &out))
	return wrap(out)
}

// FromFloat32 returns a new CPU float tensor of the given shape holding a
// copy of data. len(data) must equal the product of shape.
func FromFloat32(data []float32, shape ...int64) torch.Tensor {
	n := int64(1)
	for _, d := range shape {
		n *= d
	}
	if len(shape) == 0 || n != int64(len(data)) || n == 0 {
		panic(&Error{Op: "from_float32", Msg: fmt.Sprintf(
			"%d values for shape %v", len(data), shape)})
	}
	var out C.TxTensor
	must("from_float32", C.tx_from_float32((*C.float)(unsafe.Pointer(&data[0])),
		(*C.int64_t)(unsafe.Pointer(&shape[0])), C.int64_t(len(shape)), &out))
	return wrap(out)
}

// Float32s copies the values of a (any float dtype, any device) to a new
// slice in row-major order.
func Float32s(a torch.Tensor) []float32 {
	h := mustHandle("float32s", a)
	var n C.int64_t
	must("float32s", C.tx_numel(h, &n))
	if n == 0 {
		return nil
	}
	data := make([]float32, int(n))
	must("float32s", C.tx_to_float32(h, (*C.float)(unsafe.Pointer(&data[0])), n))
	return data
}

// Numel is the number of elements of a.
func Numel(a torch.Tensor) int64 {
	var n C.int64_t
	must("numel", C.tx_numel(mustHandle("numel", a), &n))
	return int64(n)
}
