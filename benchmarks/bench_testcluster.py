"""Measure the local test cluster: cold build, warm `up`, `down`, idle memory.

Run as root: `python3 benchmarks/bench_testcluster.py [--rounds N]`. It
prints figures, it does not assert them. The cold build time is the one the
build recorded on this machine (rebuilding from nothing takes 15-30 min, so
this script only does it with --cold). Goals: warm `up` to node Ready
< 20 s, `down` < 10 s, idle memory < 1.5 GiB.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from testcluster import cluster, processes, settings  # noqa: E402


def cli(*args: str) -> float:
    """Run `python3 -m testcluster ARGS` as CI does and return its wall time."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "testcluster", *args],
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return kids


def cluster_pids() -> dict[str, list[int]]:
    """Component PIDs, plus containerd shims and everything running under them."""
    groups: dict[str, list[int]] = {}
    for comp in cluster.current_components():
        proc = processes.running(cluster.LAYOUT.pids, comp.name)
        if proc:
            groups[comp.name] = [proc.pid]
    pods: list[int] = []
    todo = processes.pids_with_cmdline(str(cluster.LAYOUT.containerd_state))
    while todo:
        pid = todo.pop()
        if pid not in pods:
            pods.append(pid)
            todo += _children(pid)
    groups["shims and pods"] = pods
    return groups


def memory_report() -> float:
    """Print RSS per group; return the total in MiB."""
    total = 0
    for name, pids in cluster_pids().items():
        kib = sum(processes.rss_kib(p) for p in pids)
        total += kib
        print(f"  {name:<26} {kib / 1024:8.1f} MiB ({len(pids)} processes)")
    print(f"  {'total':<26} {total / 1024:8.1f} MiB")
    return total / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--cold", action="store_true", help="delete the cached binaries and time a full rebuild"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=15.0,
        help="seconds to let the cluster settle before measuring memory",
    )
    args = parser.parse_args()

    if args.cold:
        shutil.rmtree(settings.BIN_DIR, ignore_errors=True)
        shutil.rmtree(settings.GO_BUILDCACHE, ignore_errors=True)
        print(f"cold build: {cli('setup') / 60:.1f} min")
    record = settings.VERSION_DIR / "build-seconds.txt"
    if record.is_file():
        print("recorded builds on this machine (binaries, seconds):")
        print("  " + record.read_text().strip().replace("\n", "\n  "))

    cli("up")  # make sure everything is built and imported before timing
    ups, downs = [], []
    for _ in range(args.rounds):
        downs.append(cli("down"))
        ups.append(cli("up"))
    print(
        f"warm up (to node Ready + default ServiceAccount): "
        f"{', '.join(f'{t:.1f}' for t in ups)} s; best {min(ups):.1f} s"
    )
    print(f"down: {', '.join(f'{t:.1f}' for t in downs)} s; best {min(downs):.1f} s")
    time.sleep(args.settle)
    print(f"idle memory (RSS) after {args.settle:.0f} s, no workload:")
    memory_report()


if __name__ == "__main__":
    main()
