// jit.cc: loading a TorchScript module and running its forward, for the
// Inception and classifier scores.
#include <torch/csrc/api/include/torch/types.h>
#include <torch/script.h>

#include <cstdlib>
#include <vector>

#include "errors.h"
#include "torchx.h"

namespace {

torch::jit::Module &M(TxModule m) { return *static_cast<torch::jit::Module *>(m); }

void collect(const c10::IValue &v, std::vector<at::Tensor> *out) {
  if (v.isTensor()) {
    out->push_back(v.toTensor());
  } else if (v.isTuple()) {
    for (const auto &e : v.toTupleRef().elements()) collect(e, out);
  } else if (v.isTensorList()) {
    for (const at::Tensor &t : v.toTensorVector()) out->push_back(t);
  } else if (v.isList()) {
    for (const auto &e : v.toListRef()) collect(e, out);
  } else {
    TORCH_CHECK(false, "forward returned a ", v.tagKind(),
                ", want tensors (a tensor, a tuple or a list of tensors)");
  }
}

}  // namespace

char *tx_jit_load(const char *path, const char *device, TxModule *out) {
  TX_TRY
  auto m = torch::jit::load(path, c10::Device(device));
  m.eval();
  *out = new torch::jit::Module(std::move(m));
  TX_CATCH
}

char *tx_jit_forward(TxModule m, TxTensor *inputs, int64_t n_in,
                     TxTensor **outputs, int64_t *n_out) {
  TX_TRY
  at::NoGradGuard no_grad;
  std::vector<c10::IValue> args;
  for (int64_t i = 0; i < n_in; i++) {
    args.emplace_back(*static_cast<at::Tensor *>(inputs[i]));
  }
  std::vector<at::Tensor> res;
  collect(M(m).forward(args), &res);
  *n_out = static_cast<int64_t>(res.size());
  *outputs = static_cast<TxTensor *>(std::malloc(sizeof(TxTensor) * res.size()));
  for (size_t i = 0; i < res.size(); i++) (*outputs)[i] = new at::Tensor(res[i]);
  TX_CATCH
}

void tx_jit_free(TxModule m) { delete static_cast<torch::jit::Module *>(m); }
