// device.h: placing tensors on a device (CPU or a CUDA device). Same
// conventions as torchx.h.
#ifndef SGAN_TORCHX_DEVICE_H
#define SGAN_TORCHX_DEVICE_H

#include <stdint.h>

#include "torchx.h"

#ifdef __cplusplus
extern "C" {
#endif

// tx_to_device returns a on dev ("cpu", "cuda", "cuda:1", "meta"), the
// same tensor when it is there already.
char *tx_to_device(TxTensor a, const char *dev, TxTensor *out);
// tx_move_to_device moves each of ts to dev in place: the at::Tensor that
// ts[i] points to becomes a leaf on dev with the same requires_grad.
char *tx_move_to_device(TxTensor *ts, int64_t n, const char *dev);
// tx_device_of writes the device of a ("cpu", "cuda:0") into *out, a
// malloc'ed string the caller frees.
char *tx_device_of(TxTensor a, char **out);
// tx_full_like is a tensor of a's shape, dtype and device filled with v.
char *tx_full_like(TxTensor a, double v, TxTensor *out);

#ifdef __cplusplus
}
#endif

#endif  // SGAN_TORCHX_DEVICE_H
