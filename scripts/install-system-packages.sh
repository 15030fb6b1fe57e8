#!/usr/bin/env bash
# Installs the Debian packages NeuroPrior needs, if they are missing:
#   libmujoco-dev      MuJoCo 2.2.2 headers and library (the physics)
#   libmujoco-samples  mujoco-testspeed, the C reference for './neuroprior bench'
#   fontconfig, fonts-dejavu-core  text in the plots (JFreeChart draws with the system's fonts)
#   maven, a JDK 17    the build
# With --tests (./run-tests passes it), also what only the tests need:
#   python3-torch      the PyTorch twins the benchmark tests run beside ours (Debian's PyTorch, CPU)
# As root it installs them with apt-get; otherwise it says what to run and fails.
set -euo pipefail

missing=()
[ -f /usr/include/mujoco/mujoco.h ] && [ -e /usr/lib/x86_64-linux-gnu/libmujoco.so ] || missing+=(libmujoco-dev)
command -v mujoco-testspeed >/dev/null 2>&1 || missing+=(libmujoco-samples)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
if [ "${1:-}" = "--tests" ]; then
  /usr/bin/python3 -c 'import torch' >/dev/null 2>&1 || missing+=(python3-torch)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "NeuroPrior needs these Debian packages: ${missing[*]}" >&2
  echo "Install them as root:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
