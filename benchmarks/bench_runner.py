"""Whole-process speed of ``snippets-runner verify`` against prysk and bare bash, same commands.

Run: ``.venv/bin/python benchmarks/bench_runner.py [N] [REPEAT]`` (defaults 5000 and 7).

A writer waits for a whole process, imports and shell start included, so
that is what is compared: for a 1-command page and an N-command page of
``echo`` commands with their output,

* ``snippets-runner verify PAGE`` -- the installed console script, in a
  subprocess, importing this checkout (``PYTHONPATH``), byte-compiled first
  as ``pip install`` leaves an installed package (prysk's is): with
  ``PYTHONDONTWRITEBYTECODE`` set, every run would otherwise recompile it;
* ``prysk FILE.t`` -- the same commands and outputs as a prysk transcript;
* ``bash FILE.sh`` -- the same commands as one plain script (the floor).

The three run alternately, REPEAT rounds each, in a rotating order so that
none always runs on a warm or a cold cache; medians are reported.  Goals
(issue 11), as ratios measured in this run: a 1-command page at most 1.0x
prysk, an N-command page at most 2.0x prysk.  The in-process figures
(``run_page`` alone, no interpreter start) are printed separately.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from snippets_runner.extract.pages import extract_page
from snippets_runner.run.results import Result
from snippets_runner.run.runner import run_page

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parent.parent
GOALS = {1: 1.0}
"""Ratio goals against prysk by page size; any other size has the goal LONG_GOAL."""
LONG_GOAL = 2.0


def write_inputs(folder: Path, n: int) -> tuple[Path, Path, Path]:
    page = folder / f"page{n}.md"
    lines = "".join(f"~$ echo line {i}\nline {i}\n" for i in range(n))
    offline = "---\nsnippets: {cluster: false}\n---\n"  # plain shell: no cluster to check
    page.write_text(f"{offline}# Bench\n\n```console\n{lines}```\n")
    transcript = folder / f"page{n}.t"
    transcript.write_text("".join(f"  $ echo line {i}\n  line {i}\n" for i in range(n)))
    script = folder / f"page{n}.sh"
    script.write_text("".join(f"echo line {i}\n" for i in range(n)))
    return page, transcript, script


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{argv[0]} failed ({done.returncode}):\n{done.stdout!r}\n{done.stderr!r}")
    return elapsed


def whole_processes(folder: Path, n: int, repeat: int) -> dict[str, float]:
    page, transcript, script = write_inputs(folder, n)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    tools: dict[str, list[str]] = {
        "snippets-runner verify": [str(BIN / "snippets-runner"), "verify", page.name],
        "prysk": [str(BIN / "prysk"), "-q", transcript.name],
        "bash": ["bash", script.name],
    }
    times: dict[str, list[float]] = {name: [] for name in tools}
    names = list(tools)
    for round_ in range(repeat):
        for name in names[round_ % 3 :] + names[: round_ % 3]:
            times[name].append(timed(tools[name], folder, env))
    return {name: statistics.median(values) for name, values in times.items()}


def in_process(folder: Path, n: int, repeat: int) -> float:
    page = extract_page(write_inputs(folder, n)[0])

    def once() -> None:
        result = run_page(page)
        assert all(c.verdict is Result.PASSED for c in result.commands)

    return median_of(once, repeat)


def median_of(action: Callable[[], None], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main(n: int, repeat: int) -> int:
    met = True
    compileall.compile_dir(REPO / "snippets_runner", quiet=1)
    with tempfile.TemporaryDirectory(prefix="bench-runner-") as tmp:
        folder = Path(tmp)
        print(f"whole processes, median of {repeat} alternating runs")
        print(f"{'commands':>8}  {'verify':>9}  {'prysk':>9}  {'bash':>9}  ratio/prysk  goal")
        for size in (1, n):
            figures = whole_processes(folder, size, repeat)
            ours, prysk, bash = (
                figures["snippets-runner verify"],
                figures["prysk"],
                figures["bash"],
            )
            goal = GOALS.get(size, LONG_GOAL)
            ratio = ours / prysk
            met &= ratio <= goal
            print(
                f"{size:>8}  {ours * 1000:7.1f}ms  {prysk * 1000:7.1f}ms  {bash * 1000:7.1f}ms"
                f"  {ratio:10.2f}x  <= {goal:.1f}x {'met' if ratio <= goal else 'NOT MET'}"
            )
        t_page = in_process(folder, n, repeat)
        print(f"\nin process (run_page only, no interpreter start), {n} commands:")
        print(f"  run_page: {t_page * 1000:.1f} ms, {t_page / n * 1e6:.1f} us per command")
    return 0 if met else 1


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    sys.exit(main(size, rounds))
