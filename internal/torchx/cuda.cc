// cuda.cc: CUDA availability and streams. Built with -DWITH_CUDA (set by
// scripts/setup.sh for a CUDA libtorch) it uses c10's CUDA streams; without
// it every stream call fails with a message saying how to get CUDA.
#include <torch/cuda.h>

#ifdef WITH_CUDA
#include <c10/cuda/CUDAStream.h>
#endif

#include "errors.h"
#include "torchx.h"

namespace {

const char *kNoCUDABuild =
    "this sgan was built without CUDA: Debian's libtorch is CPU-only; use the "
    "Docker image, or run scripts/setup.sh with LIBTORCH=<a CUDA libtorch>, "
    "or choose --device cpu";

#ifdef WITH_CUDA
c10::cuda::CUDAStream &S(TxStream s) {
  return *static_cast<c10::cuda::CUDAStream *>(s);
}
#endif

}  // namespace

int tx_cuda_compiled(void) {
#ifdef WITH_CUDA
  return 1;
#else
  return 0;
#endif
}

int tx_cuda_available(void) { return torch::cuda::is_available() ? 1 : 0; }

int tx_cuda_device_count(void) {
  return static_cast<int>(torch::cuda::device_count());
}

char *tx_stream_new(int device, TxStream *out) {
  TX_TRY
#ifdef WITH_CUDA
  int n = static_cast<int>(torch::cuda::device_count());
  TORCH_CHECK(n > 0,
              "CUDA requested but no CUDA device is visible (check nvidia-smi, "
              "and docker run --gpus all), or choose --device cpu");
  TORCH_CHECK(device >= 0 && device < n, "CUDA device ", device,
              " requested but only ", n, " visible (cuda:0 to cuda:", n - 1,
              ")");
  *out = new c10::cuda::CUDAStream(
      c10::cuda::getStreamFromPool(/*isHighPriority=*/false, device));
#else
  (void)device;
  *out = nullptr;
  TORCH_CHECK(false, kNoCUDABuild);
#endif
  TX_CATCH
}

char *tx_stream_enter(TxStream s, TxStream *previous) {
  TX_TRY
#ifdef WITH_CUDA
  *previous = new c10::cuda::CUDAStream(
      c10::cuda::getCurrentCUDAStream(S(s).device_index()));
  c10::cuda::setCurrentCUDAStream(S(s));
#else
  (void)s;
  *previous = nullptr;
  TORCH_CHECK(false, kNoCUDABuild);
#endif
  TX_CATCH
}

char *tx_stream_exit(TxStream previous) {
  TX_TRY
#ifdef WITH_CUDA
  c10::cuda::setCurrentCUDAStream(S(previous));
  delete &S(previous);
#else
  (void)previous;
  TORCH_CHECK(false, kNoCUDABuild);
#endif
  TX_CATCH
}

char *tx_stream_synchronize(TxStream s) {
  TX_TRY
#ifdef WITH_CUDA
  S(s).synchronize();
#else
  (void)s;
  TORCH_CHECK(false, kNoCUDABuild);
#endif
  TX_CATCH
}

void tx_stream_free(TxStream s) {
#ifdef WITH_CUDA
  delete static_cast<c10::cuda::CUDAStream *>(s);
#else
  (void)s;
#endif
}
