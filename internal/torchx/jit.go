package torchx

// #include <stdlib.h>
// #include "torchx.h"
import "C"

import (
	"fmt"
	"os"
	"runtime"
	"unsafe"

	torch "github.com/wangkuiyi/gotorch"
)

// Module is a TorchScript module loaded from a file made by torch.jit.save:
// the Inception network of the IS and FID scores, or a classifier.
type Module struct {
	h    C.TxModule
	path string
}

// LoadModule loads the TorchScript file at path onto device ("cpu",
// "cuda:0") in evaluation mode.
func LoadModule(path, device string) (*Module, error) {
	if st, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("torchx: load TorchScript module: %w", err)
	} else if st.IsDir() {
		return nil, &Error{Op: "jit load", Msg: path + " is a directory, want a TorchScript file"}
	}
	cpath, cdev := C.CString(path), C.CString(device)
	defer C.free(unsafe.Pointer(cpath))
	defer C.free(unsafe.Pointer(cdev))
	var h C.TxModule
	if err := check("jit load", C.tx_jit_load(cpath, cdev, &h)); err != nil {
		e := err.(*Error)
		e.Msg = path + ": " + e.Msg
		return nil, e
	}
	m := &Module{h: h, path: path}
	runtime.SetFinalizer(m, (*Module).Close)
	return m, nil
}

// Forward runs the module's forward on inputs under no-grad and returns its
// tensors: one for a tensor result, all of them, flattened, for a tuple or a
// list.
func (m *Module) Forward(inputs ...torch.Tensor) ([]torch.Tensor, error) {
	if m.h == nil {
		return nil, &Error{Op: "jit forward", Msg: "module is closed"}
	}
	hs, err := handles("jit forward", inputs)
	if err != nil {
		return nil, err
	}
	var outs *C.TxTensor
	var n C.int64_t
	msg := C.tx_jit_forward(m.h, first(hs), C.int64_t(len(hs)), &outs, &n)
	runtime.KeepAlive(m)
	if err := check("jit forward", msg); err != nil {
		e := err.(*Error)
		e.Msg = m.path + ": " + e.Msg
		return nil, e
	}
	defer C.free(unsafe.Pointer(outs))
	res := make([]torch.Tensor, int(n))
	for i, h := range unsafe.Slice(outs, int(n)) {
		res[i] = wrap(h)
	}
	return res, nil
}

// Close frees the module; it is also freed when garbage-collected.
func (m *Module) Close() {
	if m.h != nil {
		C.tx_jit_free(m.h)
		m.h = nil
	}
}
