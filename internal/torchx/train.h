// train.h: per-stream random generators, no-grad mode and the optimizers
// whose state the trainer checkpoints. Same conventions as torchx.h.
#ifndef SGAN_TORCHX_TRAIN_H
#define SGAN_TORCHX_TRAIN_H

#include <stdint.h>

#include "torchx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void *TxGenerator;  // at::Generator*, a CPU generator

char *tx_generator_new(uint64_t seed, TxGenerator *out);
void tx_generator_free(TxGenerator g);
char *tx_generator_state(TxGenerator g, uint8_t **data, int64_t *len);
char *tx_generator_set_state(TxGenerator g, const uint8_t *data, int64_t len);
char *tx_randn(TxGenerator g, int64_t *shape, int64_t n, TxTensor *out);
char *tx_rand(TxGenerator g, int64_t *shape, int64_t n, TxTensor *out);

int tx_grad_enabled(void);
void tx_set_grad_enabled(int on);

// Optimizer steps over parameter lists, with the state tensors held by the
// caller (zeros of each parameter's shape at the start). Parameters whose
// gradient is undefined are skipped, as in torch.optim.
char *tx_adam_step(TxTensor *params, TxTensor *exp_avg, TxTensor *exp_avg_sq,
                   int64_t n, int64_t step, double lr, double beta1,
                   double beta2, double eps, double weight_decay);
char *tx_rmsprop_step(TxTensor *params, TxTensor *square_avg, int64_t n,
                      double lr, double alpha, double eps,
                      double weight_decay);
char *tx_zeros_like(TxTensor a, TxTensor *out);

#ifdef __cplusplus
}
#endif

#endif  // SGAN_TORCHX_TRAIN_H
