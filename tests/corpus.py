"""The adoption corpus (``../shared/corpus``): `init` on each real site, against its ground truth.

The corpus holds five public MkDocs sites and, for each, the ground truth of
every shell-like fence a reader sees (``ground-truth/NAME.json``, made by the
corpus' ``measure.py``). This module does what a maintainer adopting the tool
does: copy the site, run ``init`` at the folder of its mkdocs.yml, then
``list`` and ``lint`` (the library calls behind them), and compares with the
ground truth by file and opening line, as the corpus' ``asis.py`` matches.

Run it as a script for the table (``python tests/corpus.py [NAME ...]``).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

PAGE_LEVEL = (
    # what makes the extractor give up a whole page (extract/pages.py, extract/markdown.py)
    "cannot read page",
    "not a text file",
    "not valid UTF-8",
    "mixed line endings",
    "Markdown parser failed",
    "page is empty",
)


@dataclass
class Figures:
    site: str
    prompted: int = 0
    """Prompted sessions of the ground truth (shown, shell-like, prompted, not included)."""
    found: int = 0
    """Of them, those `list` lists a block for after init."""
    missed: list[tuple[str, int, str]] = field(default_factory=list)
    """(file, line, why) of each prompted session not found."""
    in_sessions: list[str] = field(default_factory=list)
    """Lint problems inside a prompted session (it is a session the page wrote wrongly)."""
    elsewhere: list[str] = field(default_factory=list)
    """Lint problems anywhere else: fences that are no session, unpublished pages."""
    dropped: list[str] = field(default_factory=list)
    """Published pages the tool gave up as a whole."""
    written: str = ""
    """The pyproject.toml init wrote."""

    @property
    def share(self) -> float:
        return self.found / self.prompted if self.prompted else 1.0


def sites() -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads((CORPUS / "sites.json").read_text(encoding="utf-8"))
    return list(data["sites"])


def ground_truth(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (CORPUS / "ground-truth" / f"{name}.json").read_text(encoding="utf-8")
    )
    return data


def prompted_sessions(truth: dict[str, Any]) -> list[dict[str, Any]]:
    """The sessions asis.py counts: shown, shell-like or text with a prompt, not included."""
    return [
        f
        for f in truth["fences"]
        if f["line"] is not None
        and f["shown"]
        and f["prompted"]
        and f["category"] != "other"
        and not f["from_include"]
    ]


def measure(entry: dict[str, Any], work: Path) -> Figures:
    """Copy the site to ``work``, run init there, then extraction and lint; the figures."""
    from snippets_runner.adopt import plan_init
    from snippets_runner.config.site import load_site
    from snippets_runner.extract.discover import extract
    from snippets_runner.lint import lint

    name = entry["name"]
    copy = work / name
    shutil.copytree(CORPUS / "sites" / name, copy, symlinks=True)
    config = copy / entry["config"]
    plan = plan_init(load_site(config))
    plan.path.write_text(plan.after, encoding="utf-8")
    extraction = extract([], config)
    problems = lint(extraction)

    def rel(path: Path) -> str:
        return path.resolve().relative_to(copy.resolve()).as_posix()

    blocks = {
        (rel(page.path), block.location.line) for page in extraction.pages for block in page.blocks
    }
    truth = ground_truth(name)
    sessions = prompted_sessions(truth)
    figures = Figures(name, prompted=len(sessions), written=plan.after)
    problems_at = [(rel(p.location.path), p.location.line, p.message) for p in problems]
    for f in sessions:
        if (f["file"], f["line"]) in blocks:
            figures.found += 1
            continue
        inside = [
            m
            for file, line, m in problems_at
            if file == f["file"] and f["line"] <= line <= f["end_line"]
        ]
        why = inside[0] if inside else f"language {f['language']!r}, prompts {sorted(f['prompts'])}"
        figures.missed.append((f["file"], f["line"], why))
    for file, line, message in problems_at:
        shown = f"{file}:{line}: {message}"
        if any(f["file"] == file and f["line"] <= line <= f["end_line"] for f in sessions):
            figures.in_sessions.append(shown)
        else:
            figures.elsewhere.append(shown)
    read = {rel(page.path) for page in extraction.pages}
    for page in truth["pages"]:
        page_level = [m for file, _, m in problems_at if file == page and m.startswith(PAGE_LEVEL)]
        if page not in read or page_level:
            figures.dropped.append(page)
    return figures


def main(names: list[str]) -> None:
    rows = []
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        for entry in sites():
            if names and entry["name"] not in names:
                continue
            figures = measure(entry, Path(tmp))
            rows.append(figures)
            print(f"== {figures.site}", file=sys.stderr)
            for file, line, why in figures.missed:
                print(f"   missed {file}:{line}: {why}", file=sys.stderr)
            for problem in figures.elsewhere:
                print(f"   lint (no session): {problem}", file=sys.stderr)
            for problem in figures.in_sessions:
                print(f"   lint (session): {problem}", file=sys.stderr)
            for page in figures.dropped:
                print(f"   dropped: {page}", file=sys.stderr)
    columns = ("prompted sessions", "found after init", "lint, not sessions", "lint, in sessions")
    print(f"| site | {' | '.join(columns)} | pages dropped |")
    print("|---|---|---|---|---|---|")
    for f in rows:
        print(
            f"| {f.site} | {f.prompted} | {f.found} ({100 * f.share:.0f}%) | {len(f.elsewhere)} | "
            f"{len(f.in_sessions)} | {len(f.dropped)} |"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main(sys.argv[1:])
