# The project's commands. Every go command runs with the CGO flags that
# scripts/setup.sh wrote to build/cgo.env (libtorch and gotorch's wrapper).
SHELL := /bin/bash
GO ?= go
BUILD ?= build
RUN_GO = . $(BUILD)/cgo.env && $(GO)
GOFILES = $$(find . -name '*.go' -not -path './build/*')

.PHONY: setup build test lint demo bench clean

## setup: install libtorch and OpenBLAS, build gotorch's wrapper (idempotent)
setup:
	@scripts/setup.sh

## build: the sgan binary in build/bin/sgan
build: setup
	$(RUN_GO) build -o $(BUILD)/bin/sgan ./cmd/sgan

## test: gofmt, go vet and every test (setup --browser installs chromium for
## the run page's browser test)
test: lint
	@scripts/setup.sh --browser
	$(RUN_GO) test -count=1 ./...

## lint: gofmt and go vet
lint: setup
	@bad=$$(gofmt -l $(GOFILES)); if [ -n "$$bad" ]; then \
		echo "gofmt needed on:"; echo "$$bad"; exit 1; fi
	$(RUN_GO) vet ./...

## demo: the main job on data that needs no download: 5-S-GAN on the
## 8-mode ring, with a baseline pair and 10 messenger steps, then the modes
## each generator captured; a few minutes on 2 cores
demo: build
	$(BUILD)/bin/sgan version
	$(BUILD)/bin/sgan train --dataset ring8 --pairs 5 --baseline --iterations 3000 \
		--hidden 128 --lr 1e-3 --messenger-steps 10 --log-every 250 --sample-every 500 \
		--checkpoint-every 1000 --out runs
	$(BUILD)/bin/sgan score --run "$$(ls -d runs/*-ring8-5-S-gan | tail -n 1)"

## bench: the Go benchmarks of the libtorch layer and the networks, then
## the SGAN step and iteration side by side with PyTorch (installs
## python3-torch for nn/testdata/bench_pytorch.py and scripts/bench_sgan.py)
bench:
	@scripts/setup.sh --python
	$(RUN_GO) test -run '^$$' -bench . -benchtime 5x ./internal/torchx ./nn
	scripts/bench-sgan.sh 3

clean:
	rm -rf $(BUILD)
