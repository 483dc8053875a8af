#!/usr/bin/env bash
# The nightly verification loop, one subcommand per CI step, so that what
# .github/workflows/nightly.yml runs is exactly what runs on a laptop:
#
#   scripts/nightly.sh plan N         the CI matrix: `shards=[1,...,N]` and the supported
#                                     Kubernetes releases `releases=[{kubernetes, go, default}]`
#   scripts/nightly.sh cluster        bring up the cluster to verify against; prints
#                                     `export` lines to eval (KUBECONFIG, PATH, context)
#   scripts/nightly.sh shard K/N      verify shard K of N -> $OUT/shards/shard-[R-]K-of-N.json
#                                     (+ .junit.xml; R: $TESTCLUSTER_KUBERNETES, the release);
#                                     on the release the pages publish (NIGHTLY_DRIFT=1, the
#                                     default), lessons whose only fault is drifted output
#                                     (none with a command that failed its exit status, timed
#                                     out or did not run: those are a person's) ->
#                                     $OUT/shards/drift-[R-]K-of-N.patch (update --patch)
#   scripts/nightly.sh releases       `testcluster versions --check --write-table`: rewrite the
#                                     release table for new patches (the bump pull request)
#   scripts/nightly.sh merge          merge $OUT/shards/*.json -> $OUT/verify.json,
#                                     verify.junit.xml, summary.md (appended to
#                                     $GITHUB_STEP_SUMMARY), and keep it in $OUT/history/
#   scripts/nightly.sh site           build the site with $OUT/verify.json -> site/
#   scripts/nightly.sh drift          apply every drift patch to the work tree (git apply)
#   scripts/nightly.sh status         exit 1 if the merged report has failures
#   scripts/nightly.sh local N        all of it on this machine: shards 1..N one after
#                                     the other (N=0: one unsharded run), merge, site
#
# Environment: NIGHTLY_OUT (default test-output), NIGHTLY_CONTEXT (kubeconfig
# context; default testcluster), NIGHTLY_KUBECONFIG (a kubeconfig file: use that
# cluster instead of bringing up testcluster; NIGHTLY_KUBECONFIG_DATA: the same
# as text, e.g. from a CI secret, written to a private file), NIGHTLY_HISTORY (reports to keep,
# default 14), SNIPPETS_PYTHON (default .venv/bin/python). The context must be
# allowed like any other (SNIPPETS_ALLOWED_CONTEXTS or pyproject.toml); only the
# testcluster that `cluster` itself starts is allowed here.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${NIGHTLY_OUT:-test-output}
PY=${SNIPPETS_PYTHON:-.venv/bin/python}
KEEP=${NIGHTLY_HISTORY:-14}
runner() { "$PY" -m snippets_runner "$@"; }
die() { echo "nightly: $*" >&2; exit 2; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }

cmd_plan() {
  local total=${1:?usage: nightly.sh plan N}
  [[ $total =~ ^[1-9][0-9]*$ ]] || die "plan $total: N must be a positive number"
  local list k
  list=$(for ((k = 1; k <= total; k++)); do printf '%s,' "$k"; done)
  echo "shards=[${list%,}]"
  echo "total=$total"
  # testcluster needs only the standard library: the plan job has no venv.
  python3 -m testcluster versions --matrix
}

cmd_cluster() {
  if [ -n "${NIGHTLY_KUBECONFIG_DATA:-}" ]; then
    NIGHTLY_KUBECONFIG=${NIGHTLY_KUBECONFIG:-${RUNNER_TEMP:-/tmp}/nightly-kubeconfig}
    (umask 077 && printf '%s\n' "$NIGHTLY_KUBECONFIG_DATA" >"$NIGHTLY_KUBECONFIG")
  fi
  if [ -n "${NIGHTLY_KUBECONFIG:-}" ]; then
    [ -r "$NIGHTLY_KUBECONFIG" ] || die "NIGHTLY_KUBECONFIG=$NIGHTLY_KUBECONFIG is not readable"
    [ -n "${NIGHTLY_CONTEXT:-}" ] || die "NIGHTLY_KUBECONFIG needs NIGHTLY_CONTEXT (the context to verify)"
    printf 'export KUBECONFIG=%q\n' "$NIGHTLY_KUBECONFIG"
    return
  fi
  scripts/cluster.sh up >&2
  scripts/cluster.sh env
  # testcluster is built here to be thrown away: the one context allowed without asking.
  echo "export NIGHTLY_CONTEXT=testcluster SNIPPETS_ALLOWED_CONTEXTS=testcluster"
}

durations_args() {
  local reports=("$OUT"/history/*.json)
  if [ -f "${reports[-1]}" ]; then echo "--durations"; echo "${reports[-1]}"; fi
}

cmd_shard() {
  local spec=${1:?usage: nightly.sh shard K/N}
  [[ $spec =~ ^([0-9]+)/([0-9]+)$ ]] || die "shard $spec: expected K/N"
  local num=${BASH_REMATCH[1]} total=${BASH_REMATCH[2]}
  local release=${TESTCLUSTER_KUBERNETES:-}
  local name="shard-${release:+$release-}$num-of-$total"
  local context=${NIGHTLY_CONTEXT:-testcluster}
  mkdir -p "$OUT/shards"
  local shard_args=(--shard "$spec")
  mapfile -t -O 2 shard_args < <(durations_args)
  local status=0
  runner verify --context "$context" "${shard_args[@]}" \
    --json "$OUT/shards/$name.json" --junit "$OUT/shards/$name.junit.xml" || status=$?
  # Pages publish the default release's output: an older release that prints
  # something else is a variant for a writer to declare, never a page to rewrite.
  # `report drifted` names only lessons whose every fault is drifted output: a lesson
  # with a command that failed otherwise gets no patch, its failure stays in the report.
  if [ "$status" -eq 1 ] && [ "${NIGHTLY_DRIFT:-1}" = 1 ]; then
    mapfile -t drifted < <(runner report drifted "$OUT/shards/$name.json")
    if ((${#drifted[@]})); then
      echo "nightly: output drifted in ${drifted[*]}; writing a patch"
      runner update --context "$context" \
        --patch "$OUT/shards/drift-${release:+$release-}$num-of-$total.patch" \
        "${drifted[@]}" || echo "nightly: update left some commands for a person (see above)"
    fi
  fi
  return "$status"
}

cmd_merge() {
  shopt -s nullglob
  local reports=("$OUT"/shards/shard-*.json)
  ((${#reports[@]})) || die "no shard reports in $OUT/shards"
  local history=() h earlier=("$OUT"/history/*.json)  # sorted: names are start times
  local from=$((${#earlier[@]} - KEEP + 1))
  for h in "${earlier[@]:$((from > 0 ? from : 0))}"; do history+=(--history "$h"); done
  runner report merge "${reports[@]}" "${history[@]}" --json "$OUT/verify.json" \
    --junit "$OUT/verify.junit.xml" --markdown "$OUT/summary.md"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$OUT/summary.md" >>"$GITHUB_STEP_SUMMARY"; fi
  local drifted=false patch
  for patch in "$OUT"/shards/drift-*.patch; do [ -s "$patch" ] && drifted=true; done
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "drifted=$drifted" >>"$GITHUB_OUTPUT"; fi
  local started
  started=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["run"]["started"])' \
    "$OUT/verify.json")
  mkdir -p "$OUT/history"
  cp "$OUT/verify.json" "$OUT/history/${started//:/}.json"
  local kept=("$OUT"/history/*.json)
  if ((${#kept[@]} > KEEP)); then rm -f "${kept[@]:0:${#kept[@]}-KEEP}"; fi
}

cmd_site() {
  [ -f "$OUT/verify.json" ] || die "no merged report at $OUT/verify.json (run merge first)"
  grep -q "report:" mkdocs.yml || echo "nightly: warning: mkdocs.yml sets no snippets 'report' option" >&2
  "$PY" -m mkdocs build --strict --site-dir site
}

cmd_drift() {
  shopt -s nullglob
  local patches=("$OUT"/shards/drift-*.patch) patch
  ((${#patches[@]})) || { echo "nightly: no drift"; return 0; }
  for patch in "${patches[@]}"; do
    [ -s "$patch" ] || continue
    git apply --verbose "$patch"
  done
  git status --short
}

cmd_releases() {
  # Exit 1 from --check means "the table should change"; the pull request shows how.
  python3 -m testcluster versions --check --write-table || true
  git status --short testcluster/ README.md
}

cmd_status() {
  "$PY" - "$OUT/verify.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print(f"nightly: {s['passed']} passed, {s['failed']} failed, {s['skipped']} skipped, {s['not_run']} not run")
sys.exit(1 if s["failed"] or s["not_run"] else 0)
PY
}

cmd_local() {
  local total=${1:?usage: nightly.sh local N (0: unsharded)}
  rm -rf "$OUT/shards"
  local k t0 status=0
  if [ "$total" -eq 0 ]; then
    mkdir -p "$OUT/shards"
    t0=$EPOCHREALTIME
    runner verify --context "${NIGHTLY_CONTEXT:-testcluster}" --json "$OUT/shards/shard-all.json" || status=$?
    echo "nightly: unsharded verify took $(since "$t0")"
  else
    for ((k = 1; k <= total; k++)); do
      t0=$EPOCHREALTIME
      cmd_shard "$k/$total" || status=$?
      echo "nightly: shard $k/$total took $(since "$t0")"
    done
  fi
  cmd_merge
  cmd_site
  return "$status"
}

sub=${1:-}
shift || true
case "$sub" in
  plan | cluster | shard | merge | site | drift | releases | status | local) "cmd_$sub" "$@" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
