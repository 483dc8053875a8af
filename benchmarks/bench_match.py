"""Matching speed and memory on huge output, as ratios to merely reading that output.

Run: `.venv/bin/python benchmarks/bench_match.py [--lines 100000]`. A 40-line
published page (20 `describe`-like lines with volatile values, one `[...]`,
19 closing lines) is matched against N real lines written to a file.  In one
run it measures:
  baseline: reading the file's bytes, decoding and splitting them into lines
            (what any consumer of the output pays);
  pass:     `match` on output that matches (the elision absorbs N lines);
  fail:     `match` on the same output with its last line changed (a diff);
  garbage:  `match` of a page without elision against it (N extra lines);
  wide:     one 3,000-word line against a line with four inline `[...]`;
  near:     the same, with a last word that is not there (once: minutes).
Each scenario's peak memory is measured in a child process of its own
(`ru_maxrss`, the whole interpreter included).  Goals (issue 9): pass at most
2x the baseline, every scenario under 500 MB.  Exit status 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from snippets_runner.match import match
from snippets_runner.model import ELISION, ExpectedOutput, Location

GOAL_RATIO = 2.0
GOAL_MB = 500


def head(ip: str, start: str) -> list[str]:
    return [
        "Name:             catalog-mysql-0",
        "Namespace:        catalog",
        "Priority:         0",
        "Service Account:  default",
        f"Node:             testcluster/{ip}",
        f"Start Time:       {start}",
        "Labels:           app.kubernetes.io/component=mysql",
        "                  controller-revision-hash=catalog-mysql-7d4b9c8f5",
        "Annotations:      <none>",
        "Status:           Running",
        f"IP:               {ip}",
        "IPs:",
        f"  IP:           {ip}",
        "Controlled By:  StatefulSet/catalog-mysql",
        "Containers:",
        "  mysql:",
        "    Image:          public.ecr.aws/docker/library/mysql:8.0",
        "    Port:           3306/TCP",
        "    Host Port:      0/TCP",
        "    State:          Running",
    ]


TAIL = [f"  Normal  Event{i}  {i}s  kubelet  message number {i}" for i in range(18)] + ["end"]


def published() -> ExpectedOutput:
    lines = (*head("10.244.0.5", "Mon, 18 Oct 2023 13:38:00 +0000"), ELISION, *TAIL)
    assert len(lines) == 40
    return ExpectedOutput(lines, Location(Path("bench.md"), 1))


def real(lines: int) -> str:
    body = [f"      line {i}: key-{i % 97}=value {i * 7919 % 100003}" for i in range(lines)]
    return "\n".join([*head("10.244.1.17", "Sat, 28 Nov 2026 21:00:00 +0000"), *body, *TAIL]) + "\n"


def best_of(runs: int, *funcs: Callable[[], object]) -> list[float]:
    """Best time of each function, runs interleaved so that load on a shared machine
    hits baseline and scenario alike."""
    times: list[list[float]] = [[] for _ in funcs]
    for _ in range(runs):
        for func, took in zip(funcs, times, strict=True):
            start = time.perf_counter()
            func()
            took.append(time.perf_counter() - start)
    return [min(took) for took in times]


def scenario(name: str, path: Path) -> Callable[[], object]:
    """The work of one scenario, reading the output from ``path`` as the baseline does."""
    wanted = published()

    def read() -> list[str]:
        return path.read_bytes().decode().split("\n")

    def run(expected: ExpectedOutput, text: str, matched: bool) -> None:
        assert match(expected, text).matched is matched, name

    if name == "baseline":
        return read
    text = path.read_bytes().decode()
    if name == "pass":
        return lambda: run(wanted, text, True)
    if name == "fail":
        changed = text.rstrip("\n")[: -len("end")] + "END\n"
        return lambda: run(wanted, changed, False)
    if name == "garbage":
        flat = ExpectedOutput(tuple(x for x in wanted.lines if x != ELISION), wanted.location)
        return lambda: run(flat, text, False)
    words = " ".join(f"w{i}" for i in range(3000))
    if name == "wide":
        line = ("w0 [...] w700 [...] w1400 [...] w2100 [...] w2999",)
        return lambda: run(ExpectedOutput(line, wanted.location), words, True)
    # Almost matches: a backtracking regex tries every placement of the four wildcards.
    line = ("w0 [...] w1 [...] w2 [...] w3 [...] w3000",)
    return lambda: run(ExpectedOutput(line, wanted.location), words, False)


def child(name: str, path: Path) -> None:
    """Runs in its own process: one scenario, then its peak memory as JSON.

    ``rss``: the whole process at its peak (interpreter and output text included);
    ``traced``: the peak of what the scenario itself allocated (tracemalloc).
    """
    work = scenario(name, path)
    tracemalloc.start()
    work()
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rss": rss_kb / 1024, "traced": traced / 2**20}))


def peak_mb(name: str, path: Path) -> tuple[float, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", name, "--file", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(proc.stdout)
    return float(found["rss"]), float(found["traced"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--child")
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.file)
        return 0
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "output.txt"
        path.write_text(real(args.lines))
        size = path.stat().st_size / 1e6
        print(f"{args.lines} real lines ({size:.1f} MB) against a 40-line page with one [...]")
        baseline = scenario("baseline", path)
        [base] = best_of(args.runs, baseline)
        rss, traced = peak_mb("baseline", path)
        print(
            f"{'baseline':9} {base * 1000:9.1f} ms   1.00x   rss {rss:6.1f} MB"
            f"   own {traced:6.1f} MB"
        )
        for name in ("pass", "fail", "garbage", "wide", "near"):
            runs = 1 if name == "garbage" else args.runs
            base, took = best_of(runs, baseline, scenario(name, path))
            rss, traced = peak_mb(name, path)
            ratio = took / base
            goal = (name != "pass" or ratio <= GOAL_RATIO) and rss < GOAL_MB
            ok = ok and goal
            note = "" if goal else "   <- goal missed"
            print(
                f"{name:9} {took * 1000:9.1f} ms {ratio:6.2f}x   rss {rss:6.1f} MB"
                f"   own {traced:6.1f} MB{note}"
            )
    print(
        f"goals: pass <= {GOAL_RATIO}x baseline, peak < {GOAL_MB} MB: {'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
