// train.cc: per-stream random generators, no-grad mode and optimizer steps.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/Generator.h>
#include <c10/core/GradMode.h>

#include <cmath>
#include <cstring>
#include <mutex>

#include "errors.h"
#include "train.h"

namespace {

at::Tensor &T(TxTensor t) { return *static_cast<at::Tensor *>(t); }
at::Generator &G(TxGenerator g) { return *static_cast<at::Generator *>(g); }

}  // namespace

char *tx_generator_new(uint64_t seed, TxGenerator *out) {
  TX_TRY
  *out = new at::Generator(at::make_generator<at::CPUGeneratorImpl>(seed));
  TX_CATCH
}

void tx_generator_free(TxGenerator g) { delete static_cast<at::Generator *>(g); }

char *tx_generator_state(TxGenerator g, uint8_t **data, int64_t *len) {
  TX_TRY
  at::Tensor state;
  {
    std::lock_guard<std::mutex> lock(G(g).mutex());
    state = G(g).get_state();
  }
  *len = state.numel();
  *data = static_cast<uint8_t *>(std::malloc(*len));
  std::memcpy(*data, state.data_ptr<uint8_t>(), *len);
  TX_CATCH
}

char *tx_generator_set_state(TxGenerator g, const uint8_t *data, int64_t len) {
  TX_TRY
  at::Tensor state = at::empty({len}, at::kByte);
  std::memcpy(state.data_ptr<uint8_t>(), data, len);
  std::lock_guard<std::mutex> lock(G(g).mutex());
  G(g).set_state(state);
  TX_CATCH
}

char *tx_randn(TxGenerator g, int64_t *shape, int64_t n, TxTensor *out) {
  TX_TRY
  *out = new at::Tensor(at::randn(at::IntArrayRef(shape, n), G(g)));
  TX_CATCH
}

char *tx_rand(TxGenerator g, int64_t *shape, int64_t n, TxTensor *out) {
  TX_TRY
  *out = new at::Tensor(at::rand(at::IntArrayRef(shape, n), G(g)));
  TX_CATCH
}

int tx_grad_enabled(void) { return c10::GradMode::is_enabled() ? 1 : 0; }

void tx_set_grad_enabled(int on) { c10::GradMode::set_enabled(on != 0); }

// tx_adam_step is torch.optim.Adam's single-tensor step of PyTorch 1.13
// (amsgrad off, maximize off): L2 weight decay added to the gradient, bias
// corrections from the step count, eps added after the square root.
char *tx_adam_step(TxTensor *params, TxTensor *exp_avg, TxTensor *exp_avg_sq,
                   int64_t n, int64_t step, double lr, double beta1,
                   double beta2, double eps, double weight_decay) {
  TX_TRY
  at::NoGradGuard no_grad;
  const double bc1 = 1 - std::pow(beta1, static_cast<double>(step));
  const double bc2 = 1 - std::pow(beta2, static_cast<double>(step));
  const double step_size = lr / bc1;
  const double bc2_sqrt = std::sqrt(bc2);
  for (int64_t i = 0; i < n; i++) {
    at::Tensor &p = T(params[i]);
    if (!p.grad().defined()) continue;
    at::Tensor grad = p.grad();
    if (weight_decay != 0) grad = grad.add(p, weight_decay);
    T(exp_avg[i]).mul_(beta1).add_(grad, 1 - beta1);
    T(exp_avg_sq[i]).mul_(beta2).addcmul_(grad, grad, 1 - beta2);
    at::Tensor denom = (T(exp_avg_sq[i]).sqrt() / bc2_sqrt).add_(eps);
    p.addcdiv_(T(exp_avg[i]), denom, -step_size);
  }
  TX_CATCH
}

// tx_rmsprop_step is torch.optim.RMSprop's step of PyTorch 1.13 (no
// momentum, not centered).
char *tx_rmsprop_step(TxTensor *params, TxTensor *square_avg, int64_t n,
                      double lr, double alpha, double eps,
                      double weight_decay) {
  TX_TRY
  at::NoGradGuard no_grad;
  for (int64_t i = 0; i < n; i++) {
    at::Tensor &p = T(params[i]);
    if (!p.grad().defined()) continue;
    at::Tensor grad = p.grad();
    if (weight_decay != 0) grad = grad.add(p, weight_decay);
    T(square_avg[i]).mul_(alpha).addcmul_(grad, grad, 1 - alpha);
    at::Tensor avg = T(square_avg[i]).sqrt().add_(eps);
    p.addcdiv_(grad, avg, -lr);
  }
  TX_CATCH
}

char *tx_zeros_like(TxTensor a, TxTensor *out) {
  TX_TRY
  *out = new at::Tensor(at::zeros_like(T(a)));
  TX_CATCH
}
