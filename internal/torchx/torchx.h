// torchx.h is the C interface of sgan's own libtorch layer: what gotorch
// lacks. Tensors are gotorch's: a pointer to a heap-allocated at::Tensor.
// Every function that can fail returns NULL on success or an error message
// allocated with malloc, which the caller frees.
#ifndef SGAN_TORCHX_H
#define SGAN_TORCHX_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void *TxTensor;  // at::Tensor*, the same pointer gotorch holds
typedef void *TxModule;  // torch::jit::Module*

// Autograd.
char *tx_grad(TxTensor *outputs, int64_t n_out, TxTensor *inputs,
              int64_t n_in, TxTensor *grad_outputs, int64_t n_grad_out,
              int create_graph, int retain_graph, TxTensor *result);
char *tx_backward(TxTensor loss, int retain_graph);
char *tx_set_requires_grad(TxTensor t, int on);
char *tx_requires_grad(TxTensor t, int *on);
char *tx_zero_grad(TxTensor *ts, int64_t n);

// State copies under no-grad.
char *tx_copy(TxTensor *dst, TxTensor *src, int64_t n);
char *tx_ema(TxTensor *dst, TxTensor *src, int64_t n, double decay);
char *tx_all_finite(TxTensor *ts, int64_t n, int *finite, int64_t *first_bad);
char *tx_finite_flag(TxTensor *ts, int64_t n, TxTensor *out);
char *tx_zero_unless(TxTensor x, TxTensor flag, TxTensor *out);
char *tx_zero_unless_(TxTensor *ts, int64_t n, TxTensor flag);

// Element-wise and reduction operations (see ops.go for the codes).
char *tx_unary(int op, TxTensor a, TxTensor *out);
char *tx_scalar(int op, TxTensor a, double s, TxTensor *out);
char *tx_binary(int op, TxTensor a, TxTensor b, TxTensor *out);
char *tx_clamp(TxTensor a, double lo, double hi, TxTensor *out);
char *tx_clamp_(TxTensor a, double lo, double hi);
char *tx_norm(TxTensor a, double p, int64_t dim, int keepdim, TxTensor *out);
char *tx_cat(TxTensor *ts, int64_t n, int64_t dim, TxTensor *out);
char *tx_reshape(TxTensor a, int64_t *shape, int64_t n, TxTensor *out);
char *tx_bce_with_logits(TxTensor logits, TxTensor target, TxTensor *out);
char *tx_mse(TxTensor a, TxTensor b, TxTensor *out);
char *tx_from_float32(const float *data, int64_t *shape, int64_t n,
                      TxTensor *out);
char *tx_to_float32(TxTensor a, float *data, int64_t numel);
char *tx_numel(TxTensor a, int64_t *numel);

// Threads, seeds and random state.
void tx_set_num_threads(int n);
int tx_get_num_threads(void);
void tx_manual_seed(uint64_t seed);
char *tx_cpu_rng_state(uint8_t **data, int64_t *len);
char *tx_set_cpu_rng_state(const uint8_t *data, int64_t len);
char *tx_version(char **out);
char *tx_config(char **out);

// CUDA.
int tx_cuda_compiled(void);
int tx_cuda_available(void);
int tx_cuda_device_count(void);

// TorchScript.
char *tx_jit_load(const char *path, const char *device, TxModule *out);
char *tx_jit_forward(TxModule m, TxTensor *inputs, int64_t n_in,
                     TxTensor **outputs, int64_t *n_out);
void tx_jit_free(TxModule m);

#ifdef __cplusplus
}
#endif

#endif  // SGAN_TORCHX_H
