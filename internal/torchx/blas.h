// blas.h: the thread count of the BLAS library libtorch calls, when it is
// OpenBLAS. Same conventions as torchx.h.
#ifndef SGAN_TORCHX_BLAS_H
#define SGAN_TORCHX_BLAS_H

#ifdef __cplusplus
extern "C" {
#endif

// tx_blas_set_threads sets OpenBLAS's thread count and returns 1, or
// returns 0 when the process's BLAS is not OpenBLAS.
int tx_blas_set_threads(int n);
// tx_blas_threads is OpenBLAS's thread count, or 0 without OpenBLAS.
int tx_blas_threads(void);

#ifdef __cplusplus
}
#endif

#endif  // SGAN_TORCHX_BLAS_H
