#!/usr/bin/env bash
# On the lent GPU machine (docs/deviceKit.md): `unpack` opens each archive of the kit whose pieces have all come
# (.devkit/p1, p2, … each carried by one call, kept there between calls while the machine stays warm) into
# .devkit/root; `bench [args]` runs bench/device.ts with the kit's node and Chromium, args going to the bench
# (--gpu=h200, --smoke, --pairs=N), its table going to $OUT. `unpack bench …` does both in one call.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=.devkit/root

unpack() {
  mkdir -p "$ROOT"
  local names
  names=$(ls .devkit/p*/ 2>/dev/null | grep -E '\.tar\.xz\.[0-9]+-of-[0-9]+$' | sed -E 's/\.[0-9]+-of-[0-9]+$//' | sort -u)
  [ -n "$names" ] || echo "device kit: no pieces here yet (carry .devkit/p1, then p2, …)" >&2
  for name in $names; do
    local done_mark="$ROOT/.$name.done"
    if [ -f "$done_mark" ]; then echo "device kit: $name already unpacked" >&2; continue; fi
    local first total pieces=() i
    first=$(ls .devkit/p*/"$name".1-of-* 2>/dev/null | head -n 1)
    [ -n "$first" ] || { echo "device kit: $name: its first piece has not come yet" >&2; continue; }
    total=${first##*-of-}
    for ((i = 1; i <= total; i++)); do
      local piece
      piece=$(ls .devkit/p*/"$name.$i-of-$total" 2>/dev/null | head -n 1)
      [ -n "$piece" ] && pieces+=("$piece")
    done
    if [ "${#pieces[@]}" -lt "$total" ]; then
      echo "device kit: $name: ${#pieces[@]} of $total pieces here, the rest come with the next parts" >&2
      continue
    fi
    # Python's tarfile reads the pieces as one stream: xz-utils may be missing there, python3 is not.
    # fully_trusted: the kit's own archives, extracted as tar would (Python 3.14 would otherwise apply its data filter).
    cat "${pieces[@]}" | python3 -c '
import sys, tarfile
trusted = {"filter": "fully_trusted"} if hasattr(tarfile, "fully_trusted_filter") else {}
tarfile.open(fileobj=sys.stdin.buffer, mode="r|xz").extractall(sys.argv[1], **trusted)' "$ROOT" ||
      { echo "device kit: could not unpack $name" >&2; exit 1; }
    touch "$done_mark"
    echo "device kit: unpacked $name" >&2
  done
}

bench() {
  local missing=0
  for f in bin/node chromium/chromium bench/device.mjs site/index.html; do
    [ -e "$ROOT/$f" ] || { echo "device kit: $ROOT/$f is missing: unpack every part first" >&2; missing=1; }
  done
  [ "$missing" = 0 ] || exit 1
  local here
  here=$(pwd)
  # The kit's libraries, then the NVIDIA driver's, where the machine mounts it.
  local libs="$here/$ROOT/lib:$here/$ROOT/lib/nss:$here/$ROOT/chromium"
  for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [ -d "$d" ] && libs="$libs:$d"; done
  export LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  local icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  [ -f "$icd" ] && export VK_DRIVER_FILES="${VK_DRIVER_FILES:-$icd}" VK_ICD_FILENAMES="${VK_ICD_FILENAMES:-$icd}"
  export CHROMIUM_PATH="$here/$ROOT/chromium/chromium"
  export DEVICE_SITE="$here/$ROOT/site" DEVICE_TABLE="${OUT:-$here/bench/out}/device.md"
  export HOME="${HOME:-/tmp}"
  echo "device kit: $(nproc) cores; $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || echo 'no nvidia-smi')" >&2
  "$ROOT/bin/node" --version >&2 || { echo "device kit: the kit's node does not start here" >&2; exit 1; }
  "$ROOT/bin/node" "$ROOT/bench/device.mjs" "$@"
}

case "${1:-}" in
  unpack)
    shift
    unpack
    if [ "${1:-}" = bench ]; then shift; bench "$@"; fi
    ;;
  bench)
    shift
    bench "$@"
    ;;
  *)
    echo "usage: scripts/deviceRun.sh unpack [bench [args]] | bench [args]" >&2
    exit 2
    ;;
esac
