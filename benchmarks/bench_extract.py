"""Extraction + lint speed, as a ratio to markdown-it-py's bare parse of the same pages.

Run: `.venv/bin/python benchmarks/bench_extract.py [--pages 1000]`. It writes
N realistic bilingual pages (prose, lists, an admonition, six console blocks,
like the StatefulSets lesson) to a temporary site, then times, in one run:
  baseline: markdown-it-py parsing every page's text (what any tool pays),
  ours:     snippets_runner's extract + lint of the same files (read included).
The goal is well under a second per 1,000 pages; the ratio says what our own
code costs on top of the parser.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

from snippets_runner.extract.discover import extract
from snippets_runner.lint import lint

PROSE = (
    "StatefulSets keep a stable identity for each pod. " * 6 + "\n\n"
    "- stable network identity\n- stable storage\n- ordered rollout\n\n"
)
BLOCK = """```console{opts}
~$ kubectl get pods -n catalog -l app.kubernetes.io/component=mysql
NAME              READY   STATUS    RESTARTS   AGE
catalog-mysql-0   1/1     Running   0          29s
[...]
~$ kubectl wait --for=condition=Ready pod -n catalog \\
-l app.kubernetes.io/component=mysql --timeout=30s
pod/catalog-mysql-0 condition met
```
"""


def write_site(root: Path, pages: int) -> None:
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(
        "site_name: bench\nplugins:\n  - i18n:\n      docs_structure: suffix\n"
        "      languages:\n        - {locale: ja, default: true}\n        - {locale: en}\n"
    )
    for i in range(pages // 2):
        body = "".join(
            PROSE + BLOCK.format(opts=' timeout="60"' if b % 2 else "") for b in range(6)
        )
        note = '!!! note "Nested"\n\n    ```console exit="1"\n    ~$ cat x\n    nope\n    ```\n'
        for locale in ("ja", "en"):
            (root / "docs" / f"page{i}.{locale}.md").write_text(f"# Page {i}\n\n{body}{note}")


def best_of(runs: int, func: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_site(root, args.pages)
        files = sorted((root / "docs").glob("*.md"))
        texts = [f.read_text() for f in files]
        md = MarkdownIt("commonmark")

        def baseline() -> None:
            for text in texts:
                md.parse(text)

        def ours() -> None:
            problems = lint(extract([root / "docs"], root / "mkdocs.yml"))
            assert not problems, problems[:3]

        base = best_of(args.runs, baseline)
        mine = best_of(args.runs, ours)
        size = statistics.mean(len(t) for t in texts)
    n = len(files)
    print(f"pages: {n} (mean {size / 1024:.1f} KiB, 7 console blocks each)")
    print(f"markdown-it-py bare parse: {base:.3f} s  ({n / base:,.0f} pages/s)")
    print(f"snippets_runner extract+lint: {mine:.3f} s  ({n / mine:,.0f} pages/s)")
    print(f"ratio to bare parse: {mine / base:.2f}x")
    print(f"per 1,000 pages: {mine / n * 1000:.3f} s (goal: well under 1 s)")


if __name__ == "__main__":
    main()
