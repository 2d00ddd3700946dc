# CPU image of sgan: Debian bookworm with Debian's libtorch and OpenBLAS,
# installed by the same scripts/setup.sh as on a developer's machine.
#
#   docker build -f docker/cpu.Dockerfile -t sgan-cpu .
#   docker run -v $PWD/runs:/runs sgan-cpu train --dataset ring8 --pairs 5 --out /runs

FROM golang:1.26-bookworm AS go

FROM debian:bookworm AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ca-certificates g++ git && rm -rf /var/lib/apt/lists/*
COPY --from=go /usr/local/go /usr/local/go
ENV PATH=/usr/local/go/bin:$PATH
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN scripts/setup.sh \
    && . build/cgo.env \
    && go build -o /usr/local/bin/sgan ./cmd/sgan \
    && rm -rf /root/.cache/go-build

WORKDIR /runs
ENTRYPOINT ["/usr/local/bin/sgan"]
CMD ["help"]
