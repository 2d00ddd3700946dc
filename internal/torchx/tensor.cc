// tensor.cc: autograd, state copies, operations, threads and seeds.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <torch/version.h>
#include <ATen/core/Generator.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/generated/variable_factories.h>

#include <mutex>
#include <string>
#include <vector>

#include "errors.h"
#include "torchx.h"

namespace {

at::Tensor &T(TxTensor t) { return *static_cast<at::Tensor *>(t); }

TxTensor own(at::Tensor t) { return new at::Tensor(std::move(t)); }

std::vector<at::Tensor> list(TxTensor *ts, int64_t n) {
  std::vector<at::Tensor> v;
  v.reserve(n);
  for (int64_t i = 0; i < n; i++) v.push_back(T(ts[i]));
  return v;
}

void check_pairs(TxTensor *dst, TxTensor *src, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    TORCH_CHECK(T(dst[i]).sizes() == T(src[i]).sizes(), "tensor ", i,
                ": destination shape ", T(dst[i]).sizes(),
                " differs from source shape ", T(src[i]).sizes());
  }
}

// Operation codes, kept in step with ops.go.
enum Unary { kExp, kLog, kSqrt, kAbs, kNeg, kSquare, kSoftplus, kSum, kMean };
enum Scalar { kAddS, kMulS, kPowS };
enum Binary { kMaximum, kMinimum };

}  // namespace

char *tx_grad(TxTensor *outputs, int64_t n_out, TxTensor *inputs,
              int64_t n_in, TxTensor *grad_outputs, int64_t n_grad_out,
              int create_graph, int retain_graph, TxTensor *result) {
  TX_TRY
  auto g = torch::autograd::grad(list(outputs, n_out), list(inputs, n_in),
                                 list(grad_outputs, n_grad_out),
                                 static_cast<bool>(retain_graph),
                                 static_cast<bool>(create_graph),
                                 /*allow_unused=*/false);
  for (int64_t i = 0; i < n_in; i++) result[i] = own(g[i]);
  TX_CATCH
}

char *tx_backward(TxTensor loss, int retain_graph) {
  TX_TRY
  T(loss).backward({}, static_cast<bool>(retain_graph), false);
  TX_CATCH
}

char *tx_set_requires_grad(TxTensor t, int on) {
  TX_TRY
  T(t).requires_grad_(static_cast<bool>(on));
  TX_CATCH
}

char *tx_requires_grad(TxTensor t, int *on) {
  TX_TRY
  *on = T(t).requires_grad() ? 1 : 0;
  TX_CATCH
}

char *tx_zero_grad(TxTensor *ts, int64_t n) {
  TX_TRY
  for (int64_t i = 0; i < n; i++) {
    auto &g = T(ts[i]).mutable_grad();
    if (g.defined()) {
      g = at::Tensor();
    }
  }
  TX_CATCH
}

char *tx_copy(TxTensor *dst, TxTensor *src, int64_t n) {
  TX_TRY
  check_pairs(dst, src, n);
  at::NoGradGuard no_grad;
  for (int64_t i = 0; i < n; i++) T(dst[i]).copy_(T(src[i]));
  TX_CATCH
}

char *tx_ema(TxTensor *dst, TxTensor *src, int64_t n, double decay) {
  TX_TRY
  check_pairs(dst, src, n);
  at::NoGradGuard no_grad;
  // dst = decay * dst + (1 - decay) * src
  for (int64_t i = 0; i < n; i++) T(dst[i]).lerp_(T(src[i]), 1.0 - decay);
  TX_CATCH
}

char *tx_all_finite(TxTensor *ts, int64_t n, int *finite, int64_t *first_bad) {
  TX_TRY
  at::NoGradGuard no_grad;
  *finite = 1;
  *first_bad = -1;
  for (int64_t i = 0; i < n; i++) {
    const at::Tensor &t = T(ts[i]);
    if (!t.is_floating_point()) continue;
    if (!at::isfinite(t).all().item<bool>()) {
      *finite = 0;
      *first_bad = i;
      return nullptr;
    }
  }
  TX_CATCH
}

char *tx_finite_flag(TxTensor *ts, int64_t n, TxTensor *out) {
  TX_TRY
  at::NoGradGuard no_grad;
  TORCH_CHECK(n > 0, "finite_flag: no tensors");
  at::Tensor ok = at::ones({}, T(ts[0]).options().dtype(at::kBool));
  for (int64_t i = 0; i < n; i++) {
    const at::Tensor &t = T(ts[i]);
    if (t.is_floating_point()) ok = ok.logical_and(at::isfinite(t).all());
  }
  *out = new at::Tensor(ok.to(T(ts[0]).scalar_type()));
  TX_CATCH
}

char *tx_zero_unless(TxTensor x, TxTensor flag, TxTensor *out) {
  TX_TRY
  const at::Tensor &t = T(x);
  *out = new at::Tensor(at::where(T(flag).to(at::kBool), t, at::zeros_like(t)));
  TX_CATCH
}

char *tx_zero_unless_(TxTensor *ts, int64_t n, TxTensor flag) {
  TX_TRY
  at::NoGradGuard no_grad;
  at::Tensor keep = T(flag).to(at::kBool);
  for (int64_t i = 0; i < n; i++) {
    at::Tensor &t = T(ts[i]);
    if (t.is_floating_point()) t.copy_(at::where(keep, t, at::zeros_like(t)));
  }
  TX_CATCH
}

char *tx_unary(int op, TxTensor a, TxTensor *out) {
  TX_TRY
  const at::Tensor &x = T(a);
  at::Tensor y;
  switch (op) {
    case kExp: y = x.exp(); break;
    case kLog: y = x.log(); break;
    case kSqrt: y = x.sqrt(); break;
    case kAbs: y = x.abs(); break;
    case kNeg: y = x.neg(); break;
    case kSquare: y = x.square(); break;
    case kSoftplus: y = at::softplus(x, 1, 20); break;
    case kSum: y = x.sum(); break;
    case kMean: y = x.mean(); break;
    default: TORCH_CHECK(false, "unknown unary operation ", op);
  }
  *out = own(y);
  TX_CATCH
}

char *tx_scalar(int op, TxTensor a, double s, TxTensor *out) {
  TX_TRY
  const at::Tensor &x = T(a);
  at::Tensor y;
  switch (op) {
    case kAddS: y = x.add(s); break;
    case kMulS: y = x.mul(s); break;
    case kPowS: y = x.pow(s); break;
    default: TORCH_CHECK(false, "unknown scalar operation ", op);
  }
  *out = own(y);
  TX_CATCH
}

char *tx_binary(int op, TxTensor a, TxTensor b, TxTensor *out) {
  TX_TRY
  at::Tensor y;
  switch (op) {
    case kMaximum: y = at::maximum(T(a), T(b)); break;
    case kMinimum: y = at::minimum(T(a), T(b)); break;
    default: TORCH_CHECK(false, "unknown binary operation ", op);
  }
  *out = own(y);
  TX_CATCH
}

char *tx_clamp(TxTensor a, double lo, double hi, TxTensor *out) {
  TX_TRY
  *out = own(T(a).clamp(lo, hi));
  TX_CATCH
}

char *tx_clamp_(TxTensor a, double lo, double hi) {
  TX_TRY
  at::NoGradGuard no_grad;
  T(a).clamp_(lo, hi);
  TX_CATCH
}

char *tx_norm(TxTensor a, double p, int64_t dim, int keepdim, TxTensor *out) {
  TX_TRY
  *out = own(at::norm(T(a), p, {dim}, static_cast<bool>(keepdim)));
  TX_CATCH
}

char *tx_cat(TxTensor *ts, int64_t n, int64_t dim, TxTensor *out) {
  TX_TRY
  *out = own(at::cat(list(ts, n), dim));
  TX_CATCH
}

char *tx_reshape(TxTensor a, int64_t *shape, int64_t n, TxTensor *out) {
  TX_TRY
  *out = own(T(a).reshape(at::IntArrayRef(shape, n)));
  TX_CATCH
}

char *tx_bce_with_logits(TxTensor logits, TxTensor target, TxTensor *out) {
  TX_TRY
  *out = own(at::binary_cross_entropy_with_logits(T(logits), T(target)));
  TX_CATCH
}

char *tx_mse(TxTensor a, TxTensor b, TxTensor *out) {
  TX_TRY
  *out = own(at::mse_loss(T(a), T(b)));
  TX_CATCH
}

char *tx_from_float32(const float *data, int64_t *shape, int64_t n,
                      TxTensor *out) {
  TX_TRY
  auto sizes = at::IntArrayRef(shape, n);
  at::Tensor t = at::empty(sizes, at::kFloat);
  std::memcpy(t.data_ptr<float>(), data, t.numel() * sizeof(float));
  *out = own(t);
  TX_CATCH
}

char *tx_to_float32(TxTensor a, float *data, int64_t numel) {
  TX_TRY
  at::NoGradGuard no_grad;
  at::Tensor t = T(a).detach().to(at::kCPU, at::kFloat).contiguous();
  TORCH_CHECK(t.numel() == numel, "tensor has ", t.numel(),
              " elements, buffer ", numel);
  std::memcpy(data, t.data_ptr<float>(), numel * sizeof(float));
  TX_CATCH
}

char *tx_numel(TxTensor a, int64_t *numel) {
  TX_TRY
  *numel = T(a).numel();
  TX_CATCH
}

void tx_set_num_threads(int n) { at::set_num_threads(n); }

int tx_get_num_threads(void) { return at::get_num_threads(); }

void tx_manual_seed(uint64_t seed) {
  // Seeds the CPU generator and, where CUDA is present, every CUDA one.
  at::manual_seed(seed);
}

char *tx_cpu_rng_state(uint8_t **data, int64_t *len) {
  TX_TRY
  auto gen = at::detail::getDefaultCPUGenerator();
  at::Tensor state;
  {
    std::lock_guard<std::mutex> lock(gen.mutex());
    state = gen.get_state();
  }
  *len = state.numel();
  *data = static_cast<uint8_t *>(std::malloc(*len));
  std::memcpy(*data, state.data_ptr<uint8_t>(), *len);
  TX_CATCH
}

char *tx_set_cpu_rng_state(const uint8_t *data, int64_t len) {
  TX_TRY
  at::Tensor state = at::empty({len}, at::kByte);
  std::memcpy(state.data_ptr<uint8_t>(), data, len);
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(state);
  TX_CATCH
}

char *tx_version(char **out) {
  TX_TRY
  *out = torchx::message(TORCH_VERSION);
  TX_CATCH
}

char *tx_config(char **out) {
  TX_TRY
  *out = torchx::message(at::show_config() + at::get_parallel_info());
  TX_CATCH
}
