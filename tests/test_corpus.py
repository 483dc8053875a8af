"""`init` on five real MkDocs sites (the adoption corpus), against their ground truth.

For each site of ``../shared/corpus`` (see tests/corpus.py): copied, ``init``
run at the folder of its mkdocs.yml, then extracted and linted as ``list``
and ``lint`` do. The figures a site adopting the tool needs:

* at least 95% of the prompted sessions a reader sees are found;
* no lint problem outside the sessions (a listing or script is the site's
  business, not an error);
* no published page given up as a whole.

The corpus is a
prerequisite: missing, these tests skip, and fail under the test command
(``SNIPPETS_REQUIRE_ALL=1``).
"""

from __future__ import annotations

import pytest
from conftest import missing
from corpus import CORPUS, Figures, measure, sites

SITES = ("rook", "sveltos", "openfaas", "eksctl", "copilot-cli")
FOUND_AT_LEAST = 0.95

WRITTEN = {
    "rook": (("$ ", "[*]$ "), ("console", "bash")),
    "sveltos": (("$ ",), ("bash", "", "sh")),
    "openfaas": (("$ ",), ("bash", "", "sh")),
    "eksctl": (("$ ",), ("shell", "console", "bash", "")),
    "copilot-cli": (("$ ", "% "), ("console", "bash", "", "sh", "term")),
}
"""The prompts and fence languages init finds (every site also gets sessions = prompted)."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Figures]:
    if not (CORPUS / "sites.json").is_file():
        missing(f"the adoption corpus ({CORPUS})")
    work = tmp_path_factory.mktemp("corpus")
    return {entry["name"]: measure(entry, work) for entry in sites() if entry["name"] in SITES}


def figures(corpus: dict[str, Figures], name: str) -> Figures:
    if name not in corpus:
        missing(f"the corpus site {name} ({CORPUS / 'sites' / name})")
    return corpus[name]


@pytest.mark.parametrize("name", SITES)
def test_init_finds_the_prompted_sessions(corpus: dict[str, Figures], name: str) -> None:
    found = figures(corpus, name)
    missed = "\n".join(f"{file}:{line}: {why}" for file, line, why in found.missed)
    assert found.share >= FOUND_AT_LEAST, f"{found.found}/{found.prompted} found; missed:\n{missed}"


@pytest.mark.parametrize("name", SITES)
def test_no_lint_problem_outside_the_sessions(corpus: dict[str, Figures], name: str) -> None:
    assert figures(corpus, name).elsewhere == []


@pytest.mark.parametrize("name", SITES)
def test_no_published_page_is_dropped(corpus: dict[str, Figures], name: str) -> None:
    assert figures(corpus, name).dropped == []


@pytest.mark.parametrize("name", SITES)
def test_init_writes_the_site_dialect(corpus: dict[str, Figures], name: str) -> None:
    import tomllib

    table = tomllib.loads(figures(corpus, name).written)["tool"]["snippets-runner"]
    prompts, languages = WRITTEN[name]
    as_list = [table["prompt"]] if isinstance(table["prompt"], str) else table["prompt"]
    langs = table["fence-language"]
    assert (tuple(as_list), tuple([langs] if isinstance(langs, str) else langs)) == (
        prompts,
        languages,
    )
    assert table["sessions"] == "prompted"


def test_the_corpus_is_the_one_these_figures_are_for() -> None:
    if not (CORPUS / "sites.json").is_file():
        missing(f"the adoption corpus ({CORPUS})")
    assert set(SITES) <= {entry["name"] for entry in sites()}
    assert all((CORPUS / "ground-truth" / f"{name}.json").is_file() for name in SITES)
