"""`python -m testcluster up | down | status | env | build`.

Why a CLI at all: CI and people use the same entry points (`up` before the
tests, `down` in a trap), and `env` lets a shell pick our kubectl 1.33 and
kubeconfig with one `eval`.
"""

from __future__ import annotations

import argparse
import sys

from . import build, cluster, deps, images, lifecycle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m testcluster",
        description="Single-node Kubernetes from upstream components, for tests.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("up", help="build if needed, start the cluster, print the kubeconfig path")
    sub.add_parser("down", help="stop everything and undo host changes")
    sub.add_parser(
        "status", help="health of each component, with log paths; exit 1 if any is unhealthy"
    )
    sub.add_parser("env", help="print export lines for KUBECONFIG and PATH (eval them)")
    sub.add_parser("setup", help="install packages, build binaries and images; start nothing")
    args = parser.parse_args(argv)
    try:
        if args.command == "up":
            print(lifecycle.up())
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
            deps.ensure_packages()
            print(build.build())
            for name, path in images.ensure_built().items():
                print(f"{name}: {path}")
    except cluster.ClusterError as err:
        print(f"testcluster: error: {err}", file=sys.stderr)
        return 1
    return 0
