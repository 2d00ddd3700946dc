// metricops.h: the image operations of the Inception and classifier scores
// (package metrics), in the conventions of torchx.h: NULL on success or a
// malloc'ed message the caller frees.
#ifndef SGAN_TORCHX_METRICOPS_H
#define SGAN_TORCHX_METRICOPS_H

#include <stdint.h>

#include "torchx.h"

#ifdef __cplusplus
extern "C" {
#endif

// TxImagePrep says how a batch of images (N, C, H, W) in [-1, 1] becomes a
// network's input: rows start to start+length-1, moved to device as float32,
// one channel repeated to channels (0 keeps C), clamped to [-1, 1], resized
// bilinearly (align_corners false) to size x size (0 keeps H x W), mapped
// linearly to [low, high].
typedef struct {
  int64_t start, length;
  int64_t channels;
  int64_t size;
  double low, high;
  const char *device;
} TxImagePrep;

// TxHostTensor is a float32 tensor copied to malloc'ed host memory.
typedef struct {
  float *data;
  int64_t *shape;
  int64_t ndim;
} TxHostTensor;

char *tx_resize_bilinear(TxTensor x, int64_t height, int64_t width,
                         int align_corners, TxTensor *out);
char *tx_prepare_images(TxTensor images, const TxImagePrep *prep,
                        TxTensor *out);
char *tx_forward_images(TxModule m, TxTensor images, const TxImagePrep *prep,
                        TxHostTensor **outs, int64_t *n_out);
void tx_free_host_tensors(TxHostTensor *ts, int64_t n);

// Float64 linear algebra on row-major host matrices, for FID and KID:
// eigenvalues (ascending) and, when vecs is not NULL, eigenvectors (columns)
// of the symmetric n x n matrix a; and c = op(a) op(b), where op transposes
// when the flag is set and a is ar x ac, b is br x bc as stored.
char *tx_sym_eig_f64(const double *a, int64_t n, double *vals, double *vecs);
char *tx_mm_f64(const double *a, int64_t ar, int64_t ac, int ta,
                const double *b, int64_t br, int64_t bc, int tb, double *c);

#ifdef __cplusplus
}
#endif

#endif  // SGAN_TORCHX_METRICOPS_H
