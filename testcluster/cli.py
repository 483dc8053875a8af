"""`python -m testcluster up | down | status | env | setup | versions`.

Why a CLI at all: CI and people use the same entry points (`up` before the
tests, `down` in a trap), and `env` lets a shell pick our kubectl (the
running release's) and kubeconfig with one `eval`.

The cluster modules are imported inside `main`: selecting the release
(TESTCLUSTER_KUBERNETES) happens when `settings` is imported, and a refused
release must be a one-line error, not a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from . import releases


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m testcluster",
        description="Single-node Kubernetes from upstream components, for tests.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    kubernetes_help = (
        f"the Kubernetes minor, e.g. 1.36 (default: ${releases.ENV_VAR}, else the running "
        "cluster's, else the newest supported; see `versions`)"
    )
    up = sub.add_parser(
        "up",
        help="build if needed, start the cluster, print the kubeconfig path; a cluster "
        "of another release is taken down first",
    )
    up.add_argument("--kubernetes", metavar="MINOR", help=kubernetes_help)
    sub.add_parser("down", help="stop everything and undo host changes")
    sub.add_parser(
        "status", help="health of each component, with log paths; exit 1 if any is unhealthy"
    )
    sub.add_parser(
        "env", help="print export lines for KUBECONFIG, PATH and kubectl's transport (eval them)"
    )
    setup = sub.add_parser(
        "setup", help="install packages, build binaries and images; start nothing"
    )
    setup.add_argument("--kubernetes", metavar="MINOR", help=kubernetes_help)
    versions = sub.add_parser(
        "versions",
        help="print the release table; --check: what changed upstream, exit 1 if the "
        "table should change",
    )
    versions.add_argument(
        "--check",
        action="store_true",
        help="compare with the Go module proxy, the support window and this host",
    )
    versions.add_argument(
        "--write-table",
        action="store_true",
        help="with --check: rewrite testcluster/releases.py and README.md for new patches",
    )
    versions.add_argument(
        "--matrix",
        action="store_true",
        help="print the supported releases as a CI matrix line "
        '(releases=[{"kubernetes": "1.37", "go": "1.26.0", "default": true}, ...])',
    )
    versions.add_argument(
        "--today", type=date.fromisoformat, metavar="YYYY-MM-DD", help="judge support as of"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "versions" and args.write_table and not args.check:
        print("testcluster: error: --write-table needs --check", file=sys.stderr)
        return 2
    try:
        return _run(args)
    except releases.ReleaseError as err:
        print(f"testcluster: error: {err}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    # Imported here: importing settings selects the release and may refuse it.
    from . import build, cluster, deps, images, lifecycle, settings, versions

    try:
        release = (
            releases.select(args.kubernetes, releases.today())
            if getattr(args, "kubernetes", None)
            else None
        )
        if args.command == "up":
            print(lifecycle.up(release))
        elif args.command == "down":
            lifecycle.down()
        elif args.command == "status":
            healthy, lines = lifecycle.status_report()
            print("\n".join(lines))
            return 0 if healthy else 1
        elif args.command == "env":
            print("\n".join(lifecycle.env_lines()))
        elif args.command == "setup":
            cluster.require_root_linux()
            if release is not None:
                settings.use(release)
            deps.ensure_packages()
            print(build.build())
            for name, path in images.ensure_built().items():
                print(f"{name}: {path}")
        elif args.command == "versions" and args.matrix:
            print(f"releases={releases.matrix(args.today or releases.today())}")
        elif args.command == "versions":
            return versions.run(args.check, args.write_table, args.today)
    except (cluster.ClusterError, versions.VersionsError) as err:
        print(f"testcluster: error: {err}", file=sys.stderr)
        return 1
    return 0
