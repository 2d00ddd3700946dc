// device.cc: placing tensors on a device. Nothing here needs CUDA headers:
// a CPU build of libtorch parses "cuda:0" and fails only when a tensor is
// moved there, with a message that the Go side replaces by a clearer one.
#include <ATen/ATen.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "device.h"
#include "errors.h"

namespace {

at::Tensor &T(TxTensor t) { return *static_cast<at::Tensor *>(t); }

}  // namespace

char *tx_to_device(TxTensor a, const char *dev, TxTensor *out) {
  TX_TRY
  *out = new at::Tensor(T(a).to(c10::Device(std::string(dev))));
  TX_CATCH
}

char *tx_move_to_device(TxTensor *ts, int64_t n, const char *dev) {
  TX_TRY
  c10::Device d{std::string(dev)};
  at::NoGradGuard no_grad;
  // The at::Tensor that every Go holder points to is replaced by a new leaf
  // on d with the same requires_grad (set_data would keep the TensorImpl,
  // but refuses some moves, CPU to meta among them: one path for all
  // devices is the one the tests run). Tensors are moved before anything
  // (an optimizer's state) keeps a reference of its own.
  for (int64_t i = 0; i < n; i++) {
    at::Tensor &t = T(ts[i]);
    if (t.device() == d) continue;
    bool rg = t.requires_grad();
    t = t.to(d).detach().set_requires_grad(rg);
  }
  TX_CATCH
}

char *tx_device_of(TxTensor a, char **out) {
  TX_TRY
  *out = torchx::message(T(a).device().str());
  TX_CATCH
}

char *tx_full_like(TxTensor a, double v, TxTensor *out) {
  TX_TRY
  *out = new at::Tensor(at::full_like(T(a), v));
  TX_CATCH
}
