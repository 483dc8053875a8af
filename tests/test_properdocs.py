"""The site builds unchanged with ProperDocs, the continuation of MkDocs 1.6.

MkDocs 1.x is unmaintained; if it stops installing, ProperDocs is the way
forward, so both build the site strictly here and must produce the same
pages with the same content (only the generator tag may differ). ProperDocs
lives in its own venv without MkDocs (scripts/tools.sh), so it cannot be
MkDocs answering under another name.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, missing

PROPERDOCS = REPO / ".venv-properdocs" / "bin" / "properdocs"
GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')
LASTMOD = re.compile(r"<lastmod>[^<]*</lastmod>")


def build(command: list[str], site: Path) -> dict[str, bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [*command, "build", "--strict", "--site-dir", str(site)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def comparable(name: str, data: bytes) -> bytes:
    """Content minus what legitimately differs: the generator tag and sitemap dates."""
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    if name.endswith((".html", ".xml", ".gz")):
        text = GENERATOR.sub("", data.decode("utf-8"))
        return LASTMOD.sub("", text).encode("utf-8")
    return data


def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    if not PROPERDOCS.is_file():
        missing(f"{PROPERDOCS}: run scripts/tools.sh")
    show = [str(PROPERDOCS.parent / "python"), "-m", "pip", "show", "-q", "mkdocs"]
    isolated = subprocess.run(show, capture_output=True, check=False, timeout=120)
    assert isolated.returncode != 0, "MkDocs is installed in .venv-properdocs"

    mkdocs = build([sys.executable, "-m", "mkdocs"], tmp_path / "mkdocs")
    proper = build([str(PROPERDOCS)], tmp_path / "properdocs")
    assert sorted(proper) == sorted(mkdocs), "the same pages and assets"
    assert {"index.html", "en/index.html", "statefulsets/index.html"} <= set(proper)
    differing = [n for n in mkdocs if comparable(n, mkdocs[n]) != comparable(n, proper[n])]
    assert differing == []
    page = proper["statefulsets/index.html"].decode()
    assert 'content="mkdocs-ProperDocs' in page or "ProperDocs" in page
    assert "kubectl" in page, "the console blocks are rendered"
