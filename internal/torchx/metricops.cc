// metricops.cc: preparing image batches for a scoring network and running it
// without handing intermediate tensors to Go.
#include "metricops.h"

#include <ATen/ATen.h>
#include <torch/script.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "errors.h"

namespace {

at::Tensor &T(TxTensor t) { return *static_cast<at::Tensor *>(t); }

at::Tensor prepare(const at::Tensor &images, const TxImagePrep &p) {
  TORCH_CHECK(images.dim() == 4, "images of shape ", images.sizes(),
              ", want 4 dimensions (N, C, H, W)");
  TORCH_CHECK(p.length > 0 && p.start >= 0 && p.start + p.length <= images.size(0),
              "rows ", p.start, " to ", p.start + p.length, " of ",
              images.size(0), " images");
  TORCH_CHECK(p.low < p.high, "range [", p.low, ", ", p.high, "] is empty");
  at::Tensor x = images.narrow(0, p.start, p.length);
  x = x.to(c10::Device(p.device), at::kFloat);
  if (p.channels > 0 && x.size(1) != p.channels) {
    TORCH_CHECK(x.size(1) == 1, "images have ", x.size(1),
                " channels, the network takes ", p.channels,
                " (only 1 channel can be repeated)");
    x = x.expand({-1, p.channels, -1, -1});
  }
  x = x.clamp(-1, 1);
  if (p.size > 0 && (x.size(2) != p.size || x.size(3) != p.size)) {
    x = at::upsample_bilinear2d(x, {p.size, p.size}, false);
  }
  // [-1, 1] -> [low, high]
  double scale = (p.high - p.low) / 2;
  return x.mul(scale).add(p.low + scale).contiguous();
}

void collect(const c10::IValue &v, std::vector<at::Tensor> *out) {
  if (v.isTensor()) {
    out->push_back(v.toTensor());
  } else if (v.isTuple()) {
    for (const auto &e : v.toTupleRef().elements()) collect(e, out);
  } else if (v.isList()) {
    for (const auto &e : v.toListRef()) collect(e, out);
  } else {
    TORCH_CHECK(false, "forward returned a ", v.tagKind(),
                ", want tensors (a tensor, a tuple or a list of tensors)");
  }
}

// to_host copies t, already a contiguous CPU float tensor, to malloc'ed
// memory; it throws nothing.
TxHostTensor to_host(const at::Tensor &t) {
  TxHostTensor h;
  h.ndim = t.dim();
  h.shape = static_cast<int64_t *>(std::malloc(sizeof(int64_t) * (h.ndim + 1)));
  for (int64_t i = 0; i < h.ndim; i++) h.shape[i] = t.size(i);
  h.data = static_cast<float *>(std::malloc(sizeof(float) * (t.numel() + 1)));
  std::memcpy(h.data, t.data_ptr<float>(), sizeof(float) * t.numel());
  return h;
}

}  // namespace

char *tx_resize_bilinear(TxTensor x, int64_t height, int64_t width,
                         int align_corners, TxTensor *out) {
  TX_TRY
  const at::Tensor &in = T(x);
  TORCH_CHECK(in.dim() == 4, "images of shape ", in.sizes(),
              ", want 4 dimensions (N, C, H, W)");
  TORCH_CHECK(height > 0 && width > 0, "output size ", height, "x", width,
              ", want positive");
  *out = new at::Tensor(at::upsample_bilinear2d(in, {height, width},
                                                static_cast<bool>(align_corners)));
  TX_CATCH
}

char *tx_prepare_images(TxTensor images, const TxImagePrep *prep,
                        TxTensor *out) {
  TX_TRY
  at::NoGradGuard no_grad;
  *out = new at::Tensor(prepare(T(images), *prep));
  TX_CATCH
}

char *tx_forward_images(TxModule m, TxTensor images, const TxImagePrep *prep,
                        TxHostTensor **outs, int64_t *n_out) {
  TX_TRY
  at::NoGradGuard no_grad;
  std::vector<c10::IValue> args{prepare(T(images), *prep)};
  std::vector<at::Tensor> res;
  collect(static_cast<torch::jit::Module *>(m)->forward(args), &res);
  for (at::Tensor &t : res) t = t.detach().to(at::kCPU, at::kFloat).contiguous();
  *outs = static_cast<TxHostTensor *>(
      std::calloc(res.size() + 1, sizeof(TxHostTensor)));
  for (size_t i = 0; i < res.size(); i++) (*outs)[i] = to_host(res[i]);
  *n_out = static_cast<int64_t>(res.size());
  TX_CATCH
}

void tx_free_host_tensors(TxHostTensor *ts, int64_t n) {
  if (ts == nullptr) return;
  for (int64_t i = 0; i < n; i++) {
    std::free(ts[i].data);
    std::free(ts[i].shape);
  }
  std::free(ts);
}

char *tx_sym_eig_f64(const double *a, int64_t n, double *vals, double *vecs) {
  TX_TRY
  at::NoGradGuard no_grad;
  at::Tensor m = at::from_blob(const_cast<double *>(a), {n, n}, at::kDouble);
  at::Tensor values, vectors;
  if (vecs == nullptr) {
    values = at::linalg_eigvalsh(m, "L");
  } else {
    std::tie(values, vectors) = at::linalg_eigh(m, "L");
    vectors = vectors.contiguous();
    std::memcpy(vecs, vectors.data_ptr<double>(), sizeof(double) * n * n);
  }
  values = values.contiguous();
  std::memcpy(vals, values.data_ptr<double>(), sizeof(double) * n);
  TX_CATCH
}

char *tx_mm_f64(const double *a, int64_t ar, int64_t ac, int ta,
                const double *b, int64_t br, int64_t bc, int tb, double *c) {
  TX_TRY
  at::NoGradGuard no_grad;
  at::Tensor x = at::from_blob(const_cast<double *>(a), {ar, ac}, at::kDouble);
  at::Tensor y = at::from_blob(const_cast<double *>(b), {br, bc}, at::kDouble);
  at::Tensor z = at::mm(ta ? x.t() : x, tb ? y.t() : y).contiguous();
  std::memcpy(c, z.data_ptr<double>(), sizeof(double) * z.numel());
  TX_CATCH
}
