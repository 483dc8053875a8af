"""How much the runner adds on top of bash, and how it compares with prysk.

Run: ``.venv/bin/python benchmarks/bench_runner.py [N]`` (default 500 commands).
The same N trivial ``echo`` commands run (1) through ``run_page`` (one bash
session, framing, matching), (2) as one bare bash script, (3) through prysk on
the equivalent transcript.  Each is timed ``REPEAT`` times and the best run
kept, so the figures measure our overhead rather than the machine's noise.
Goal: < 5 ms per command on top of bash, and faster than prysk.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from snippets_runner.extract.pages import extract_page
from snippets_runner.run.results import Result
from snippets_runner.run.runner import run_page

REPEAT = 3
PRYSK = Path(sys.executable).with_name("prysk")


def best(action: Callable[[], None]) -> float:
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        page_path = folder / "bench.md"
        lines = "".join(f"~$ echo line {i}\nline {i}\n" for i in range(n))
        page_path.write_text(f"# Bench\n\n```console\n{lines}```\n")
        script = folder / "bench.sh"
        script.write_text("".join(f"echo line {i}\n" for i in range(n)))
        transcript = folder / "bench.t"
        transcript.write_text("".join(f"  $ echo line {i}\n  line {i}\n" for i in range(n)))
        page = extract_page(page_path)

        def runner() -> None:
            result = run_page(page)
            assert all(c.verdict is Result.PASSED for c in result.commands)

        def bash() -> None:
            subprocess.run(["bash", str(script)], check=True, capture_output=True)

        def prysk() -> None:
            subprocess.run(
                [str(PRYSK), "-q", str(transcript)], check=True, capture_output=True, cwd=folder
            )

        t_runner, t_bash, t_prysk = best(runner), best(bash), best(prysk)
    per = (t_runner - t_bash) / n * 1000
    print(f"commands:                 {n} (best of {REPEAT})")
    print(f"runner (run_page):        {t_runner * 1000:8.1f} ms  {t_runner / n * 1000:.3f} ms/cmd")
    print(f"bare bash script:         {t_bash * 1000:8.1f} ms  {t_bash / n * 1000:.3f} ms/cmd")
    print(f"prysk transcript:         {t_prysk * 1000:8.1f} ms  {t_prysk / n * 1000:.3f} ms/cmd")
    print(f"runner overhead vs bash:  {per:.3f} ms per command (goal < 5 ms)")
    print(f"ratio runner / bash:      {t_runner / t_bash:.1f}x")
    print(f"ratio runner / prysk:     {t_runner / t_prysk:.2f}x (goal < 1)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
