"""What a page's fingerprint covers: a report must stop vouching once the lab it ran in changes.

The fingerprint is the only link between a report and the page as it is now
(status.py compares them), so anything that can make the published output
wrong must change it: the blocks, and the lab the commands ran in -- which
manifest files, and what is in them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from snippets_runner.extract.pages import parse_page
from snippets_runner.model import Page
from snippets_runner.report.fingerprint import page_fingerprint

BODY = "\n# Lab\n\n```console\n~$ kubectl get cm x -o jsonpath='{.data.k}'\nv1\n```\n"
MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {k: v1}\n"


def _page(docs: Path, *lab: str, text: str = BODY) -> Page:
    """The page `docs/a/index.md` with `lab` in its front matter, as the extractor reads it."""
    front = f"---\nsnippets:\n  lab: [{', '.join(lab)}]\n---\n" if lab else ""
    return parse_page(front + text, docs / "a" / "index.md", "ja", "a/index.md")


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """Two lab folders whose manifests share a file name, as lessons' labs often do."""
    for folder in ("m1", "m2"):
        (tmp_path / "docs" / folder).mkdir(parents=True)
        (tmp_path / "docs" / folder / "lab.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "docs" / "a").mkdir()
    return tmp_path / "docs"


def test_editing_the_lab_manifest_changes_the_fingerprint(docs: Path) -> None:
    """The manifest decides what the commands print (here: `v1`), so its bytes count."""
    before = page_fingerprint(_page(docs, "../m1/lab.yaml"))
    (docs / "m1" / "lab.yaml").write_text(MANIFEST.replace("k: v1", "k: v2"), encoding="utf-8")
    assert page_fingerprint(_page(docs, "../m1/lab.yaml")) != before


def test_another_folders_manifest_of_the_same_name_changes_the_fingerprint(docs: Path) -> None:
    """Same name, same bytes, other file: the page now runs in another lab."""
    assert page_fingerprint(_page(docs, "../m1/lab.yaml")) != page_fingerprint(
        _page(docs, "../m2/lab.yaml")
    )


def test_a_missing_manifest_changes_the_fingerprint(docs: Path) -> None:
    """A lab that cannot be set up any more must not keep an old "verified"."""
    before = page_fingerprint(_page(docs, "../m1/lab.yaml"))
    (docs / "m1" / "lab.yaml").unlink()
    missing = page_fingerprint(_page(docs, "../m1/lab.yaml"))
    assert missing != before
    (docs / "m1" / "lab.yaml").write_text("", encoding="utf-8")
    assert page_fingerprint(_page(docs, "../m1/lab.yaml")) != missing, "empty is not missing"


def test_the_order_of_the_manifests_counts(docs: Path) -> None:
    """Manifests are applied in order; a reordered lab is another lab."""
    (docs / "m2" / "lab.yaml").write_text(MANIFEST.replace("x", "y"), encoding="utf-8")
    one = page_fingerprint(_page(docs, "../m1/lab.yaml", "../m2/lab.yaml"))
    assert one != page_fingerprint(_page(docs, "../m2/lab.yaml", "../m1/lab.yaml"))


def test_the_fingerprint_does_not_depend_on_where_the_docs_are_read_from(
    docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """verify may name pages by absolute path and the site by a relative one: same page, same hash.

    The report is written on a CI machine from one checkout and read by the
    site build in another, so neither the absolute location nor the current
    directory may leak into the hash.
    """
    absolute = page_fingerprint(_page(docs, "../m1/lab.yaml"))
    monkeypatch.chdir(docs.parent)
    relative = page_fingerprint(_page(Path("docs"), "../m1/lab.yaml"))
    assert relative == absolute
    moved = docs.parent / "elsewhere"
    os.rename(docs.parent / "docs", moved)
    assert page_fingerprint(_page(moved, "../m1/lab.yaml")) == absolute


def test_pages_without_a_lab_keep_their_fingerprint(tmp_path: Path) -> None:
    """Pinned: reports written before labs were hashed by content still vouch for shell pages."""
    page = parse_page("```console\n~$ echo hi\nhi\n```\n", tmp_path / "p.md", "en", "p.md")
    assert page_fingerprint(page) == (
        "sha256:e0e45228ad63b0fe91859bf076fc7cebd323070507b7bddfa0a1564157814c8d"
    )


def test_output_that_is_not_compared_changes_the_fingerprint(tmp_path: Path) -> None:
    """A report that says "passed, prints nothing" does not vouch for "ran, output not
    compared", nor the other way round; a command that publishes output hashes as before."""
    path = tmp_path / "p.md"
    silent = parse_page("```console\n~$ true\n```\n", path, "en", "p.md")
    unpublished = parse_page('```console output="not-published"\n~$ true\n```\n', path, "", "p")
    assert page_fingerprint(silent) != page_fingerprint(unpublished)
    printed = parse_page('```console output="not-published"\n~$ echo hi\nhi\n```\n', path, "", "")
    assert page_fingerprint(printed) == (
        "sha256:e0e45228ad63b0fe91859bf076fc7cebd323070507b7bddfa0a1564157814c8d"
    )


def test_placeholder_values_change_the_fingerprint(tmp_path: Path) -> None:
    """A report of ``<name>`` run as ``a`` does not vouch for the page that types ``b``."""
    body = "```console\n~$ echo <name>\n```\n"

    def fingerprint(value: str) -> str:
        front = f'---\nsnippets: {{placeholders: {{"<name>": {value}}}}}\n---\n'
        return page_fingerprint(parse_page(front + body, tmp_path / "p.md", "", "p.md"))

    assert fingerprint("a") != fingerprint("b")
    plain = page_fingerprint(parse_page(body, tmp_path / "p.md", "", "p.md"))
    assert plain not in (fingerprint("a"), fingerprint("b"))
