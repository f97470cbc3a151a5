#!/usr/bin/env bash
# Checks the context switch outside Node: natively, and for AArch64 with a cross compiler under
# qemu when they are installed (Debian: g++-aarch64-linux-gnu qemu-user).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
src="test/native/switch-check.cc src/native/context.cc"
if [ "$(uname -m)" = aarch64 ]; then
  g++ -std=c++17 -O2 -Iinclude $src src/native/switch_aarch64.S -o "$out/check-native"
  echo "aarch64: $("$out/check-native" | tr '\n' ' ')"
  exit 0
fi
g++ -std=c++17 -O2 -Iinclude $src src/native/switch_x86_64.S -o "$out/check-x86_64"
echo "x86-64: $("$out/check-x86_64" | tr '\n' ' ')"
if command -v aarch64-linux-gnu-g++ >/dev/null && command -v qemu-aarch64 >/dev/null; then
  aarch64-linux-gnu-g++ -std=c++17 -O2 -static -Iinclude $src src/native/switch_aarch64.S -o "$out/check-aarch64"
  echo "aarch64 (qemu): $(qemu-aarch64 "$out/check-aarch64" | tr '\n' ' ')"
else
  echo "aarch64: skipped (install g++-aarch64-linux-gnu and qemu-user to run it)"
fi
