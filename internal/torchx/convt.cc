// convt.cc: a transposed convolution computed as conv2d's input gradient.
//
// y = conv_transpose2d(x, w) is the gradient, with respect to its input, of
// a conv2d whose output has x's shape and whose weight is w: libtorch's
// conv2d backward kernels (oneDNN on the CPU) compute it several times
// faster than its own conv_transpose2d on the build machines
// (BENCHMARKS.md). Its gradients are a conv2d (for x) and conv2d's weight
// gradient (for w), wrapped in an autograd function.
#include <ATen/ATen.h>
#include <torch/csrc/autograd/custom_function.h>

#include <array>

#include "convt.h"
#include "errors.h"

namespace {

at::Tensor &T(TxTensor t) { return *static_cast<at::Tensor *>(t); }

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

struct ConvTransposeByGrad
    : public torch::autograd::Function<ConvTransposeByGrad> {
  // forward maps x (N, Cin, H, W) with w (Cin, Cout, k, k), PyTorch's
  // ConvTranspose2d layout and conv2d's (out, in, k, k) layout of the conv2d
  // it differentiates, to (N, Cout, (H-1)s - 2p + k, ...).
  static at::Tensor forward(AutogradContext *ctx, const at::Tensor &x,
                            const at::Tensor &w, int64_t stride,
                            int64_t padding) {
    ctx->save_for_backward({x, w});
    ctx->saved_data["stride"] = stride;
    ctx->saved_data["padding"] = padding;
    return input_grad(x, w, stride, padding);
  }

  static variable_list backward(AutogradContext *ctx, variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const at::Tensor &x = saved[0], &w = saved[1];
    int64_t s = ctx->saved_data["stride"].toInt();
    int64_t p = ctx->saved_data["padding"].toInt();
    at::Tensor gy = grads[0].contiguous(), gx, gw;
    if (ctx->needs_input_grad(0)) {
      gx = at::conv2d(gy, w, {}, {s, s}, {p, p});
    }
    if (ctx->needs_input_grad(1)) {
      // w's gradient in conv2d(gy, w) -> x is conv2d's weight gradient with
      // gy as the input and x as the output gradient.
      gw = std::get<1>(at::convolution_backward(
          x, gy, w, c10::nullopt, {s, s}, {p, p}, {1, 1}, false, {0, 0}, 1,
          std::array<bool, 3>{false, true, false}));
    }
    return {gx, gw, at::Tensor(), at::Tensor()};
  }

  static at::Tensor input_grad(const at::Tensor &x, const at::Tensor &w,
                               int64_t s, int64_t p) {
    TORCH_CHECK(x.dim() == 4 && w.dim() == 4 && x.size(1) == w.size(0) &&
                    w.size(2) == w.size(3),
                "conv_transpose2d: input ", x.sizes(), " and weight ",
                w.sizes(), ": want (N, Cin, H, W) and (Cin, Cout, k, k)");
    int64_t k = w.size(2);
    std::vector<int64_t> size{x.size(0), w.size(1), (x.size(2) - 1) * s - 2 * p + k,
                              (x.size(3) - 1) * s - 2 * p + k};
    TORCH_CHECK(size[2] > 0 && size[3] > 0, "conv_transpose2d: output size ",
                size, " is empty");
    // Only the input's shape (and options) matter for its gradient.
    at::Tensor like = at::empty(size, x.options());
    return std::get<0>(at::convolution_backward(
        x.contiguous(), like, w, c10::nullopt, {s, s}, {p, p}, {1, 1}, false,
        {0, 0}, 1, std::array<bool, 3>{true, false, false}));
  }
};

}  // namespace

char *tx_conv_transpose2d(TxTensor x, TxTensor w, TxTensor b, int64_t stride,
                          int64_t padding, TxTensor *out) {
  TX_TRY
  at::Tensor y = ConvTransposeByGrad::apply(T(x), T(w), stride, padding);
  if (b != nullptr && T(b).defined()) {
    y = y + T(b).view({1, -1, 1, 1});
  }
  *out = new at::Tensor(std::move(y));
  TX_CATCH
}
