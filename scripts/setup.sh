#!/usr/bin/env bash
# Install everything the project needs on a fresh Debian machine (as root):
# Debian packages for the browser tests, a virtualenv with the pinned Python
# packages, and the project itself in editable mode. Safe to run again: each
# step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium fonts-noto-cjk)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: need root to apt-get install ${missing[*]}" >&2
    exit 2
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
if [ ! -e "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e '.[dev]'
  rm -f .venv/.installed-* && touch "$stamp"
fi
echo "setup: ready (.venv, $(.venv/bin/python --version))"

# --- tools for the test suite (actionlint, the isolated ProperDocs venv) -------
# Kept in scripts/tools.sh; CI jobs that only verify pages skip them.
if [ "${SNIPPETS_SKIP_TOOLS:-0}" != "1" ]; then
  scripts/tools.sh
fi
