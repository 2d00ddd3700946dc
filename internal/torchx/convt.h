// convt.h: a transposed convolution computed as conv2d's input gradient.
// Same conventions as torchx.h.
#ifndef SGAN_TORCHX_CONVT_H
#define SGAN_TORCHX_CONVT_H

#include <stdint.h>

#include "torchx.h"

#ifdef __cplusplus
extern "C" {
#endif

// tx_conv_transpose2d is torch.nn.functional.conv_transpose2d(x, w, b,
// stride, padding) (square stride and padding, no output padding, one
// group, no dilation) computed by conv2d's backward kernels; b may be NULL.
char *tx_conv_transpose2d(TxTensor x, TxTensor w, TxTensor b, int64_t stride,
                          int64_t padding, TxTensor *out);

#ifdef __cplusplus
}
#endif

#endif  // SGAN_TORCHX_CONVT_H
