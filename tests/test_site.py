"""The built site as a reader uses it, in Debian's real Chromium.

Unit tests of the fence renderer cannot show that Material still adds its copy
button, that the copy button really puts only the commands on the clipboard,
that the CSS reaches the page or that Japanese search finds Japanese words:
those depend on Material's JavaScript and on the browser. So this test builds
the site with `mkdocs build --strict`, serves it on 127.0.0.1 and drives it.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from snippets_runner.extract.pages import extract_page

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("SNIPPETS_CHROMIUM", "/usr/bin/chromium"))
"""Debian's Chromium; the variable exists so the missing-browser path can be exercised."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO / "test-output" / "screenshots"
LESSON = {"ja": "/statefulsets/", "en": "/en/statefulsets/"}
LESSON_SOURCE = {
    "ja": REPO / "docs" / "statefulsets" / "index.ja.md",
    "en": REPO / "docs" / "statefulsets" / "index.en.md",
}
WAIT_COMMAND = (
    "kubectl wait --for=condition=Ready pod -n catalog \\\n"
    "-l app.kubernetes.io/component=mysql --timeout=30s"
)


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's Chromium; in CI its absence is a broken runner, not a reason to skip."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install -y chromium (never `playwright install`)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build exactly as CI publishes: strict, and any warning at all fails the test."""
    site = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    warnings = [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert not warnings, "\n".join(warnings)
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep pytest output for failures, not for every asset request."""


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh tab that may read the clipboard, as the copy test must."""
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": 1280, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def _commands_per_block(lang: str) -> list[str]:
    """What each block's copy button must copy, according to the runner's own parser."""
    parsed = extract_page(LESSON_SOURCE[lang])
    return ["\n".join(c.text for c in block.commands) for block in parsed.blocks]


def test_root_is_japanese_and_en_is_english(page: Any) -> None:
    page.goto("/")
    assert page.get_attribute("html", "lang") == "ja"
    page.goto("/en/")
    assert page.get_attribute("html", "lang") == "en"


@pytest.mark.parametrize(("start", "target"), [("ja", "en"), ("en", "ja")])
def test_language_switcher_opens_the_same_lesson(page: Any, start: str, target: str) -> None:
    page.goto(LESSON[start])
    page.hover(".md-header__option .md-select")
    page.click(f'.md-select__link[hreflang="{target}"]')
    page.wait_for_url(f"**{LESSON[target]}")
    assert page.get_attribute("html", "lang") == target
    assert "StatefulSet" in page.inner_text("h1")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_prompt_and_output_are_styled_and_unselectable(page: Any, lang: str) -> None:
    page.goto(LESSON[lang])
    styles = page.evaluate(
        """() => {
            const pick = (sel) => {
                const s = getComputedStyle(document.querySelector(`.sr-console ${sel}`));
                return {color: s.color, opacity: s.opacity, userSelect: s.userSelect,
                        fontWeight: s.fontWeight};
            };
            return {prompt: pick('.sr-prompt'), cmd: pick('.sr-cmd'), out: pick('.sr-out')};
        }"""
    )
    prompt, cmd, out = styles["prompt"], styles["cmd"], styles["out"]
    assert prompt["userSelect"] == "none"
    assert out["userSelect"] == "none"
    assert cmd["userSelect"] != "none"
    assert (out["color"], out["opacity"]) != (cmd["color"], cmd["opacity"]), "output not dimmed"
    assert float(out["opacity"]) < 1
    assert (prompt["color"], prompt["fontWeight"]) != (cmd["color"], cmd["fontWeight"])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_copy_button_copies_exactly_the_commands(page: Any, lang: str) -> None:
    expected = _commands_per_block(lang)
    assert WAIT_COMMAND in expected, "the lesson lost its two-line kubectl wait"
    page.goto(LESSON[lang])
    blocks = page.locator(".sr-console")
    assert blocks.count() == len(expected)
    for index, commands in enumerate(expected):
        page.evaluate("navigator.clipboard.writeText('')")
        block = blocks.nth(index)
        block.hover()
        block.locator('button[data-md-type="copy"]').click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == commands, f"block {index + 1}"


@pytest.mark.parametrize(
    "disable",
    [
        "document.querySelectorAll('[data-copy]').forEach(e => e.removeAttribute('data-copy'))",
        "document.querySelector('link[href*=\"snippets-console.css\"]').remove()",
    ],
    ids=["css-fallback-alone", "data-copy-alone"],
)
def test_each_copy_mechanism_works_on_its_own(page: Any, disable: str) -> None:
    """`data-copy` and the `[data-md-copying]` CSS both rely on Material internals;
    a Material upgrade that breaks one must show up here, not on readers' clipboards."""
    page.goto(LESSON["en"])
    page.evaluate(disable)
    block = page.locator(".sr-console").nth(_commands_per_block("en").index(WAIT_COMMAND))
    page.evaluate("navigator.clipboard.writeText('')")
    block.hover()
    block.locator('button[data-md-type="copy"]').click()
    assert page.evaluate("navigator.clipboard.readText()") == WAIT_COMMAND


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_mouse_selection_over_a_block_skips_prompt_and_output(page: Any, lang: str) -> None:
    """A reader who drags over the whole wait block and presses Ctrl+C gets a runnable command."""
    page.goto(LESSON[lang])
    index = _commands_per_block(lang).index(WAIT_COMMAND)
    code = page.locator(".sr-console code").nth(index)
    code.scroll_into_view_if_needed()
    box = code.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 1, box["y"] + 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 2, box["y"] + box["height"] - 2, steps=10)
    page.mouse.up()
    page.evaluate("navigator.clipboard.writeText('')")
    page.keyboard.press("Control+C")
    assert page.evaluate("navigator.clipboard.readText()").rstrip("\n") == WAIT_COMMAND


def test_japanese_query_finds_the_lesson(page: Any) -> None:
    page.goto("/")
    # The index is built in a web worker; searching before it is ready finds nothing.
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta')?.textContent.trim() !== ''"
    )
    search = page.locator("input.md-search__input")
    search.click()
    search.fill("永続")
    # Material searches on keydown (IME input fires it); fill() only fires `input`.
    search.press("End")
    hits = page.locator(".md-search-result__item > .md-search-result__link")
    hits.first.wait_for()
    hrefs = [hits.nth(i).get_attribute("href") or "" for i in range(hits.count())]
    assert any("/statefulsets/" in h and "/en/" not in h for h in hrefs), hrefs


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_manifest_link_downloads_the_lab(page: Any, lang: str) -> None:
    page.goto(LESSON[lang])
    href = page.get_attribute('a[href$="catalog-mysql-emptydir.yaml"]', "href")
    assert href
    response = page.request.get(page.evaluate("(h) => new URL(h, location.href).href", href))
    assert response.ok
    lab = REPO / "docs" / "manifests" / "catalog-mysql-emptydir.yaml"
    assert response.text() == lab.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_lesson_screenshot(page: Any, lang: str) -> None:
    """Saved for a human to look at: fonts, dimming and layout are judged by eye."""
    page.goto(LESSON[lang])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"statefulsets-{lang}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
