#!/usr/bin/env bash
# Installs every build, test and run-time dependency of newswatch from Debian 12
# packages. Idempotent: installs only what is missing. Run as root (or with sudo).
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache git
  # libraries the daemon links
  libcurl4-openssl-dev libxml2-dev libzmq3-dev cppzmq-dev libprotobuf-dev protobuf-compiler
  libspdlog-dev libyaml-cpp-dev libsqlite3-dev libcli11-dev nlohmann-json3-dev
  libopencc-dev opencc libuchardet-dev libhyperscan-dev libsystemd-dev libssl-dev zlib1g-dev
  # tests and benchmarks (systemd for systemd-analyze verify of the units; clang and its
  # runtime for the libFuzzer targets in fuzz/)
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev sqlite3 systemd
  clang-14 libclang-rt-14-dev
  # Python subscribers, and the peers the benchmarks compare against
  python3 python3-zmq python3-protobuf python3-feedparser python3-readability time
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
