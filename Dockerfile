# GPU image of sgan: the official libtorch 1.13.0 built for CUDA 11.7, with
# the same wrappers compiled with -DWITH_CUDA by scripts/setup.sh.
#
# Why 1.13.0 and not 1.13.1, Debian's CPU build that the tests use: the
# archive is pinned by its sha256, and the only published sha256 of a
# 1.13.x CUDA archive that these build machines (which cannot download it)
# could find is 1.13.0+cu117's, recorded by nixpkgs' libtorch-bin
# (binary-hashes.nix, as the SRI hash sha256-XwJnhRl0...). 1.13.1 is a
# bug-fix release with the same C++ API; Debian's 1.13.1 headers themselves
# say 1.13.0.
#
#   docker build -t sgan .
#   docker run --gpus all -v $PWD/runs:/runs sgan train --dataset cifar10 --pairs 5 --out /runs
#
# The CPU image is docker/cpu.Dockerfile.

ARG CUDA_DEVEL=nvidia/cuda:11.7.1-cudnn8-devel-ubuntu22.04
ARG CUDA_RUNTIME=nvidia/cuda:11.7.1-cudnn8-runtime-ubuntu22.04

FROM golang:1.26-bookworm AS go

FROM ${CUDA_DEVEL} AS build
ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/cu117/libtorch-cxx11-abi-shared-with-deps-1.13.0%2Bcu117.zip
ARG LIBTORCH_SHA256=5f02678519747f4813e812949c4badd57fb69915a5d6c200ea9ad4a1d1611697
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ca-certificates curl unzip g++ git && rm -rf /var/lib/apt/lists/*
COPY --from=go /usr/local/go /usr/local/go
ENV PATH=/usr/local/go/bin:$PATH
RUN curl -fsSL -o /tmp/libtorch.zip "$LIBTORCH_URL" \
    && sum=$(sha256sum /tmp/libtorch.zip | cut -d' ' -f1) \
    && echo "libtorch archive sha256: $sum" \
    && if [ "$sum" != "$LIBTORCH_SHA256" ]; then \
           echo "libtorch archive sha256 $sum, want $LIBTORCH_SHA256" >&2; exit 1; fi \
    && unzip -q /tmp/libtorch.zip -d /opt && rm /tmp/libtorch.zip
ENV LIBTORCH=/opt/libtorch CUDA_HOME=/usr/local/cuda
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN scripts/setup.sh \
    && . build/cgo.env \
    && go build -o /out/sgan ./cmd/sgan \
    && cp build/lib/libcgotorch.so /out/

FROM ${CUDA_RUNTIME}
COPY --from=build /opt/libtorch/lib /opt/libtorch/lib
COPY --from=build /out/libcgotorch.so /usr/local/lib/
COPY --from=build /out/sgan /usr/local/bin/sgan
RUN echo /opt/libtorch/lib > /etc/ld.so.conf.d/libtorch.conf && ldconfig
WORKDIR /runs
ENTRYPOINT ["/usr/local/bin/sgan"]
CMD ["help"]
