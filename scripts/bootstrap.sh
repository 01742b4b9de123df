#!/usr/bin/env bash
# Set up Prism in ./.venv on a fresh Debian/Ubuntu machine with Python 3.11+.
#   bash scripts/bootstrap.sh        # runtime only
#   bash scripts/bootstrap.sh --dev  # plus test tools: pytest, grpcio-tools, buf and openid-client from npm, Debian chromium
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || {
  echo "Prism needs Python 3.11 or newer as python3 (found: $(python3 --version 2>&1 || echo none))" >&2
  exit 1
}

apt_packages=()
python3 -c 'import ensurepip, venv' 2>/dev/null || apt_packages+=(python3-venv)
if [ "$dev" = 1 ] && ! command -v npm >/dev/null 2>&1; then apt_packages+=(nodejs npm); fi
# the browser tests drive Debian's Chromium through its ChromeDriver
if [ "$dev" = 1 ] && ! command -v chromedriver >/dev/null 2>&1; then apt_packages+=(chromium chromium-driver); fi
# the SAML tests' identity provider (pysaml2) signs with the xmlsec1 binary
if [ "$dev" = 1 ] && ! command -v xmlsec1 >/dev/null 2>&1; then apt_packages+=(xmlsec1); fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing Debian packages: ${apt_packages[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "creating .venv" >&2
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
if [ "$dev" = 1 ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
  # buf is pinned exactly in package.json; the npm mirror here cannot lock other platforms' binaries
  npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null
else
  .venv/bin/python -m pip install -q --disable-pip-version-check -e .
fi
echo "Prism is installed in .venv ($(.venv/bin/prism --version))" >&2
