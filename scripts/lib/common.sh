# Shared by scripts/run, scripts/test and scripts/bench. Sourced, not run.

# What building Tandem needs, all Debian 12 packages.
BUILD_PACKAGES=(
  g++ cmake ninja-build pkg-config
  libcaf-dev
  libgrpc++-dev libgrpc-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libhiredis-dev libssl-dev prometheus-cpp-dev libjemalloc-dev liburing-dev
  libspdlog-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libboost-dev
)
# What the tests and benchmarks add: test frameworks and the real peers they talk to.
TEST_PACKAGES=(
  libgtest-dev libgmock-dev libbenchmark-dev
  redis-server prometheus clang-format sip-tester baresip tshark
  clang-14 libclang-rt-14-dev
  iproute2 util-linux
)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "installing packages needs root: run as root, or install them yourself: $*"
  fi
}

# Installs the packages that are not installed yet; a second run installs nothing.
ensure_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: Tandem builds on Debian 12; missing: ${missing[*]}"
  log "installing ${missing[*]}"
  # redis-server and prometheus ship services that would start on install; Tandem's tests
  # start their own, so keep the packaged ones from starting (Debian's policy-rc.d hook).
  local guard=/usr/sbin/policy-rc.d
  local own_guard=0
  if [ ! -e "$guard" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$guard" >/dev/null
    as_root chmod +x "$guard"
    own_guard=1
  fi
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  [ "$own_guard" -eq 1 ] && as_root rm -f "$guard"
  return 0
}

# configure_build DIR CMAKE_ARGS...: configures once, then only rebuilds.
configure_build() {
  local dir="$1"; shift
  cmake -S "$REPO_ROOT" -B "$REPO_ROOT/$dir" -G Ninja "$@" >/dev/null \
    || die "cmake could not configure $dir (see the messages above)"
}
