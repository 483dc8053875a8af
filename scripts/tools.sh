#!/usr/bin/env bash
# Tools the test command needs besides .venv, each kept apart from it:
#   * actionlint (a Go module, pinned), built with the machine's Go from the
#     Go module proxy into ~/.cache/snippets-tools/bin, to lint .github/workflows;
#   * .venv-properdocs: ProperDocs, the continuation of MkDocs 1.6, in its own
#     virtualenv *without* MkDocs, so tests can check the site still builds
#     with it and it can never replace the mkdocs that .venv pins.
# Called by scripts/setup.sh; safe to run again (each step checks its result).
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_VERSION=v1.7.12
PROPERDOCS_VERSION=1.6.7
TOOLS=${SNIPPETS_TOOLS_DIR:-$HOME/.cache/snippets-tools}
GO=${SNIPPETS_GO:-/usr/local/go/bin/go}

# --- actionlint ---------------------------------------------------------------
actionlint=$TOOLS/bin/actionlint
if ! { [ -x "$actionlint" ] && [ "$("$actionlint" -version | head -1)" = "$ACTIONLINT_VERSION" ]; }; then
  if [ ! -x "$GO" ]; then
    echo "tools: Go not found at $GO (set SNIPPETS_GO); cannot build actionlint" >&2
    exit 2
  fi
  echo "tools: building actionlint $ACTIONLINT_VERSION"
  GOBIN=$TOOLS/bin GOMODCACHE=$TOOLS/go/mod GOCACHE=$TOOLS/go/build GOFLAGS=-mod=mod \
    "$GO" install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi

# --- ProperDocs, isolated -----------------------------------------------------
PYTHON=${PYTHON:-python3}
if [ ! -x .venv-properdocs/bin/python ]; then
  "$PYTHON" -m venv .venv-properdocs
fi
stamp=.venv-properdocs/.installed-$(cat pyproject.toml constraints.txt scripts/tools.sh | sha256sum | cut -c1-16)
if [ ! -e "$stamp" ]; then
  pip=(.venv-properdocs/bin/python -m pip install -q -c constraints.txt)
  # The site's plugins and theme, minus mkdocs itself: mkdocs-material and
  # mkdocs-static-i18n declare mkdocs as a dependency, so they (and this
  # project) go in with --no-deps after their other dependencies.
  "${pip[@]}" "properdocs==$PROPERDOCS_VERSION" babel backrefs colorama paginate pygments \
    pymdown-extensions requests mkdocs-material-extensions markdown-it-py mdit-py-plugins \
    click rich PyYAML pydantic
  "${pip[@]}" --no-deps mkdocs-material mkdocs-static-i18n
  "${pip[@]}" --no-deps -e .
  if .venv-properdocs/bin/python -m pip show -q mkdocs >/dev/null 2>&1; then
    echo "tools: mkdocs got into .venv-properdocs; the ProperDocs check would prove nothing" >&2
    exit 2
  fi
  rm -f .venv-properdocs/.installed-* && touch "$stamp"
fi
echo "tools: ready (actionlint $ACTIONLINT_VERSION, properdocs $PROPERDOCS_VERSION)"
