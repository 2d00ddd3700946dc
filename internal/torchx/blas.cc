// blas.cc: OpenBLAS's thread count, found at run time: Debian's libtorch
// calls whatever libblas.so.3 the system provides, OpenBLAS (which
// scripts/setup.sh selects) or the reference BLAS, which has no threads.
#include <dlfcn.h>

#include "blas.h"

namespace {

template <typename F>
F lookup(const char *name) {
  return reinterpret_cast<F>(dlsym(RTLD_DEFAULT, name));
}

}  // namespace

int tx_blas_set_threads(int n) {
  auto set = lookup<void (*)(int)>("openblas_set_num_threads");
  if (set == nullptr) return 0;
  set(n);
  return 1;
}

int tx_blas_threads(void) {
  auto get = lookup<int (*)(void)>("openblas_get_num_threads");
  return get == nullptr ? 0 : get();
}
