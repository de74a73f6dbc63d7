#!/usr/bin/env bash
# The e2e suite drives Debian's Chromium (browser downloads fail on these machines). Install it when missing.
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
echo "e2e: /usr/bin/chromium is missing; installing Debian's chromium with apt-get…"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium fonts-dejavu-core
