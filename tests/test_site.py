"""The built site as a reader uses it, in Debian's real Chromium.

Unit tests of the fence renderer cannot show that Material still adds its copy
button, that the copy button really puts only the commands on the clipboard,
that the CSS reaches the page, that search finds words in both languages or
that nothing on a page 404s: those depend on Material's JavaScript and on the
browser. So these tests build the site with `mkdocs build --strict`, serve it
under a sub-path (as a project site would be) and drive it with Playwright.

One browser serves the whole session; each test opens its own context.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, verify_report

from snippets_runner.extract.discover import extract
from snippets_runner.lab.manifests import load_objects
from snippets_runner.model import Page
from snippets_runner.report.fingerprint import page_fingerprint
from testcluster import settings

pytestmark = pytest.mark.browser

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
SUBPATH = "/docs/"
"""The site is served below this path; anything that escapes it fails as a 404."""
SCREENSHOTS = REPO / "test-output" / "screenshots"
KUBERNETES = settings.KUBERNETES_VERSION
"""The release the test cluster runs (testcluster.releases: the newest supported)."""
LESSON = {"ja": "statefulsets/", "en": "en/statefulsets/"}
FOLDER = {"ja": "", "en": "en/"}

# What readers must get from the lesson's copy buttons, written out by hand (not
# computed by the runner's lexer, which is what is being tested). Only the
# namespace comes from the lesson's manifest, which creates it.
NS = next(
    o.name
    for o in load_objects([REPO / "docs/manifests/catalog-mysql-emptydir.yaml"])
    if o.kind == "Namespace"
)
WAIT_COMMAND = (
    f"kubectl wait --for=condition=Ready pod -n {NS} \\\n"
    "-l app.kubernetes.io/component=mysql --timeout=120s"
)
LESSON_COPIES = [
    f"kubectl describe statefulset -n {NS} catalog-mysql",
    f'kubectl exec catalog-mysql-0 -n {NS} -- bash -c "echo 123 > /var/lib/mysql/test.txt"',
    f"kubectl exec catalog-mysql-0 -n {NS} -- ls -larth /var/lib/mysql/ | grep -i test",
    f"kubectl delete pods -n {NS} -l app.kubernetes.io/component=mysql",
    f"kubectl wait --for=create pod/catalog-mysql-0 -n {NS} --timeout=30s",
    WAIT_COMMAND,
    f"kubectl get pods -n {NS} -l app.kubernetes.io/component=mysql",
    f"kubectl exec catalog-mysql-0 -n {NS} -- cat /var/lib/mysql/test.txt",
    f"kubectl delete namespace {NS}",
]
FAILING_BLOCK_SELECTION = (
    f"kubectl exec catalog-mysql-0 -n {NS} -- cat /var/lib/mysql/test.txt\n"
    "cat: /var/lib/mysql/test.txt: No such file or directory\n"
    "command terminated with exit code 1"
)


def _require(reason: str) -> None:
    """A missing prerequisite fails under the test command, and is a visible skip elsewhere."""
    if os.environ.get("SNIPPETS_REQUIRE_ALL") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


# --- building and serving -----------------------------------------------------------


def _lesson_pages() -> list[Page]:
    """Every page with console blocks: the lessons, whatever the nav holds today."""
    return [p for p in extract([REPO / "docs"], REPO / "mkdocs.yml").pages if p.blocks]


def _url(page: Page) -> str:
    """The page's URL below the site root (use_directory_urls, suffix i18n layout)."""
    key = page.lesson.removesuffix(".md")
    key = key.removesuffix("index")
    return FOLDER[page.locale] + (key if key.endswith("/") or not key else key + "/")


def _passing_report(path: Path) -> None:
    """A report in which every lesson page, as it is now, passed on the test cluster's release."""
    pages = [
        {
            "file": str(page.path),
            "locale": page.locale,
            "lesson": page.lesson,
            "duration": 1.0,
            "content_hash": page_fingerprint(page),
            "commands": [
                {"file": str(page.path), "line": c.location.line, "result": "passed"}
                for c in page.commands
            ],
        }
        for page in _lesson_pages()
    ]
    report = verify_report(pages, kubernetes_version=KUBERNETES)
    path.write_text(json.dumps(report), encoding="utf-8")


def _build(config: Path, site: Path, report: Path) -> Path:
    """Build exactly as CI publishes: strict, and any warning at all fails the test."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SNIPPETS_REPORT": str(report)}
    env["SITE_URL"] = "https://snippets.example.org/docs/"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
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


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        if not path.startswith(SUBPATH):
            return "/nonexistent" + path  # a link that escapes the sub-path must 404
        return super().translate_path("/" + path[len(SUBPATH) :])

    def log_message(self, format: str, *args: Any) -> None:
        """Keep pytest output for failures, not for every asset request."""


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that cancels a prefetch closes the socket; that is not a site error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def _serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_SubPathHandler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{SUBPATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def verified_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built after a verification in which every lesson passed."""
    tmp = tmp_path_factory.mktemp("verified")
    _passing_report(tmp / "verify.json")
    with _serve(_build(REPO / "mkdocs.yml", tmp / "site", tmp / "verify.json")) as url:
        yield url


@pytest.fixture(scope="session")
def unverified_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built before any verification: there is no report."""
    tmp = tmp_path_factory.mktemp("unverified")
    with _serve(_build(REPO / "mkdocs.yml", tmp / "site", tmp / "missing.json")) as url:
        yield url


_BROWSER: list[Any] = []
"""The Chromium the `browser` fixture launched, while it runs."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the session, shared with the test_site_*.py modules that import this
    fixture (each module gets its own fixture instance, and Playwright's sync API refuses a
    second session in the same thread): the first instance launches it, the others reuse it."""
    if _BROWSER:
        yield _BROWSER[0]
        return
    if not CHROMIUM.exists():
        _require(f"{CHROMIUM} is missing: apt-get install -y chromium (never `playwright install`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _require(f"Playwright is not installed ({exc}); it is a dev dependency in pyproject.toml")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        _BROWSER.append(launched)
        try:
            yield launched
        finally:
            _BROWSER.clear()
            launched.close()


@contextmanager
def _tab(browser: Any, base_url: str, width: int = 1280, scheme: str = "light") -> Iterator[Any]:
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
        permissions=["clipboard-read", "clipboard-write"],
    )
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Any, verified_url: str) -> Iterator[Any]:
    with _tab(browser, verified_url) as tab:
        yield tab


# --- language, status ---------------------------------------------------------------


def test_root_is_japanese_and_en_is_english(page: Any) -> None:
    page.goto("./")
    assert page.get_attribute("html", "lang") == "ja"
    page.goto("en/")
    assert page.get_attribute("html", "lang") == "en"


@pytest.mark.parametrize(("start", "target"), [("ja", "en"), ("en", "ja")])
def test_language_switcher_opens_the_same_lesson(page: Any, start: str, target: str) -> None:
    page.goto(LESSON[start])
    page.hover(".md-header__option .md-select")
    page.click(f'.md-select__link[hreflang="{target}"]')
    page.wait_for_url(f"**{SUBPATH}{LESSON[target]}")
    assert page.get_attribute("html", "lang") == target
    assert "StatefulSet" in page.inner_text("h1")


def _status_text(tab: Any) -> str:
    return " ".join(tab.inner_text(".md-content .sr-status").split())


@pytest.mark.parametrize("lesson", _lesson_pages(), ids=lambda p: str(p.path.relative_to(REPO)))
def test_verified_status_names_date_version_and_commands(page: Any, lesson: Page) -> None:
    page.goto(_url(lesson))
    release = ".".join(KUBERNETES.lstrip("v").split(".")[:2])
    # what ran on the report's release: a variant for other releases does not count
    count = sum(len(b.commands) for b in lesson.blocks if b.options.covers(release))
    commands = "command" if count == 1 else "commands"
    expected = {
        "ja": f"✓ 2026-11-28 に Kubernetes {KUBERNETES} で検証済み（{count} 個のコマンド）",  # noqa: RUF001
        "en": f"✓ Verified on 2026-11-28 against Kubernetes {KUBERNETES} ({count} {commands})",
    }[lesson.locale]
    assert _status_text(page) == expected
    assert page.get_attribute(".sr-status time", "datetime") == "2026-11-28"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_without_a_report_lessons_say_not_verified(
    browser: Any, unverified_url: str, lang: str
) -> None:
    with _tab(browser, unverified_url) as tab:
        tab.goto(LESSON[lang])
        expected = {"ja": "? 未検証：", "en": "? Not verified:"}[lang]  # noqa: RUF001
        assert _status_text(tab).startswith(expected)
        tab.goto(FOLDER[lang] + "writing/console-blocks/")
        assert tab.locator(".sr-status").count() == 0, (
            "the writers' guide has no commands to verify"
        )


# --- console blocks: copy, select, marks --------------------------------------------


def _copied(tab: Any, block: Any) -> str:
    tab.evaluate("navigator.clipboard.writeText('')")
    block.hover()
    block.locator('button[data-md-type="copy"]').click()
    return str(tab.evaluate("navigator.clipboard.readText()"))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_copy_buttons_copy_exactly_the_commands(page: Any, lang: str) -> None:
    page.goto(LESSON[lang])
    blocks = page.locator(".sr-console")
    copied = [_copied(page, blocks.nth(i)) for i in range(blocks.count())]
    position = 0  # the hand-written blocks, in order (a lesson may gain more blocks)
    for text in copied:
        if position < len(LESSON_COPIES) and text == LESSON_COPIES[position]:
            position += 1
    assert position == len(LESSON_COPIES), copied
    for text in copied:
        assert "~$" not in text and "condition met" not in text, text


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
    block = page.locator(".sr-console", has_text="--for=condition=Ready")
    assert _copied(page, block) == WAIT_COMMAND


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_output_is_selectable_and_the_prompt_is_not(page: Any, lang: str) -> None:
    """A reader who drags over the failing block copies the command and its error, no prompt."""
    page.goto(LESSON[lang])
    code = page.locator(".sr-console", has_text="No such file").locator("code")
    code.scroll_into_view_if_needed()
    box = code.bounding_box()
    assert box is not None
    first = page.locator(".sr-console", has_text="No such file").locator(".sr-cmd")
    # The command's first line: a long command wraps, and its box then spans both lines.
    start = first.evaluate(
        "cmd => { const r = cmd.getClientRects()[0]; return {x: r.x, y: r.y, height: r.height}; }"
    )
    page.mouse.move(start["x"] + 1, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 2, box["y"] + box["height"] - 2, steps=10)
    page.mouse.up()
    page.evaluate("navigator.clipboard.writeText('')")
    page.keyboard.press("Control+C")
    assert page.evaluate("navigator.clipboard.readText()").rstrip("\n") == FAILING_BLOCK_SELECTION


@pytest.mark.parametrize(
    ("lang", "mark"),
    [("ja", "終了ステータス 1（想定どおりの失敗）"), ("en", "exit status 1 — expected")],  # noqa: RUF001
)
def test_expected_failure_is_marked_in_the_page_language(page: Any, lang: str, mark: str) -> None:
    page.goto(LESSON[lang])
    marks = page.evaluate(
        """() => [...document.querySelectorAll('.sr-console > pre')].map(
            pre => getComputedStyle(pre, '::before').content)"""
    )
    failing = page.locator(".sr-console > pre[data-sr-exit]")
    assert failing.count() == 1
    assert f'"{mark}"' in marks
    assert marks.count(f'"{mark}"') == 1, "only the block with exit=1 carries the mark"
    assert "No such file" in failing.inner_text()


def test_a_tab_in_a_command_is_copied_as_a_tab(browser: Any, tmp_path: Path) -> None:
    """Python-Markdown expands tabs; the copy button must still copy what the runner runs."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "# Tabs\n\n```console\n~$ printf '%s\\n' 'a\tb' | cut -f2\nb\n```\n\n"
        "- In a list:\n\n    ```console\n    ~$ cat <<-EOF\n    \tindented\n    \tEOF\n"
        "    indented\n    ```\n",
        encoding="utf-8",
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: tabs\n"
        f"theme: {{name: material, custom_dir: {REPO / 'overrides'},"
        " features: [content.code.copy]}\n"
        "plugins: [snippets]\nmarkdown_extensions: [pymdownx.superfences]\n",
        encoding="utf-8",
    )
    site = _build(config, tmp_path / "site", tmp_path / "none.json")
    with _serve(site) as url, _tab(browser, url) as tab:
        tab.goto("./")
        blocks = tab.locator(".sr-console")
        assert _copied(tab, blocks.nth(0)) == "printf '%s\\n' 'a\tb' | cut -f2"
        assert _copied(tab, blocks.nth(1)) == "cat <<-EOF\n\tindented\n\tEOF"


# --- layout and contrast ------------------------------------------------------------

_OVERLAPS = """pre => {
    const button = pre.querySelector('button[data-md-type="copy"]');
    if (!button) return ['no copy button'];
    const b = button.getBoundingClientRect();
    const code = pre.querySelector('code');
    const range = document.createRange();
    range.selectNodeContents(code);
    return [...range.getClientRects()]
        .filter(r => r.width > 0 && r.height > 0)
        .filter(r => r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top)
        .map(() => code.innerText.slice(0, 60));
}"""

_WRAPPED_COMMANDS = """() => [...document.querySelectorAll('.sr-console .sr-cmd')].flatMap(cmd => {
    const rects = [...cmd.getClientRects()];
    if (rects.length < 2) return [];
    const code = cmd.closest('code');
    const padding = parseFloat(getComputedStyle(code).paddingLeft);
    const start = code.getBoundingClientRect().left + padding;
    const em = parseFloat(getComputedStyle(cmd).fontSize);
    return [{text: cmd.textContent, indented: rects.slice(1).every(r => r.left >= start + em)}];
})"""
"""Commands that wrap, and whether every wrapped part starts at least 1em (2ch) in."""

_COMMANDS_OVERFLOW = """() => [...document.querySelectorAll('.sr-console code')].flatMap(code => {
    const edge = code.getBoundingClientRect().right;
    return [...code.querySelectorAll('.sr-cmd')]
        .filter(cmd => [...cmd.getClientRects()].some(r => r.right > edge + 1))
        .map(cmd => cmd.textContent);
})"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_copy_button_never_covers_text(
    browser: Any, verified_url: str, width: int, lang: str
) -> None:
    with _tab(browser, verified_url, width=width) as tab:
        for lesson in _lesson_pages():
            if lesson.locale == lang:
                tab.goto(_url(lesson))
                blocks = tab.locator(".md-typeset .highlight > pre")
                assert blocks.count() >= len(lesson.blocks)
                for index in range(blocks.count()):
                    block = blocks.nth(index)
                    block.scroll_into_view_if_needed()
                    block.hover()  # Material adds the button to blocks it has shown
                    block.locator('button[data-md-type="copy"]').wait_for()
                    assert block.evaluate(_OVERLAPS) == [], f"{lesson.path}, block {index + 1}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_long_commands_wrap_on_a_phone_and_output_scrolls_with_a_cue(
    browser: Any, verified_url: str, lang: str
) -> None:
    with _tab(browser, verified_url, width=390) as tab:
        tab.goto(LESSON[lang])
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390, "page scrolls sideways"
        assert tab.evaluate(_COMMANDS_OVERFLOW) == []
        wrapped = tab.evaluate(_WRAPPED_COMMANDS)
        assert wrapped, "no command wraps at 390 px: the test lost its subject"
        assert [w["text"] for w in wrapped if not w["indented"]] == [], "wrapped part not indented"
        wide = tab.locator(".sr-console code", has_text="Volume Claims")
        assert wide.evaluate("c => c.scrollWidth > c.clientWidth"), "describe output fits?"
        style = wide.evaluate(
            "c => { const s = getComputedStyle(c);"
            " return {image: s.backgroundImage, attachment: s.backgroundAttachment}; }"
        )
        assert style["image"].count("radial-gradient") == 2, "no scroll shadow"
        assert "local" in style["attachment"]


def _rgba(css: str) -> tuple[float, float, float, float]:
    found = re.fullmatch(r"rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)", css)
    assert found, css
    red, green, blue, alpha = found.groups()
    return float(red), float(green), float(blue), float(alpha or 1)


def _over(top: tuple[float, ...], bottom: tuple[float, ...]) -> tuple[float, float, float]:
    alpha = top[3]
    return (
        top[0] * alpha + bottom[0] * (1 - alpha),
        top[1] * alpha + bottom[1] * (1 - alpha),
        top[2] * alpha + bottom[2] * (1 - alpha),
    )


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str, page: str) -> float:
    """WCAG 2 contrast ratio of computed colours, alpha composited over the page colour."""
    base = _over(_rgba(page), (255, 255, 255, 1))
    back = _over(_rgba(background), (*base, 1))
    fore = _over(_rgba(foreground), (*back, 1))
    light, dark = sorted((_luminance(fore), _luminance(back)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_wcag_examples() -> None:
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgb(255, 255, 255)"), 2) == 21
    assert round(contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)", "rgb(0, 0, 0)"), 2) == 4.54


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_output_contrast_is_at_least_aa(
    browser: Any, verified_url: str, scheme: str, lang: str
) -> None:
    with _tab(browser, verified_url, scheme=scheme) as tab:
        tab.goto(LESSON[lang])
        expected_scheme = {"light": "default", "dark": "slate"}[scheme]
        assert tab.get_attribute("body", "data-md-color-scheme") == expected_scheme
        colours = tab.evaluate(
            """() => [...document.querySelectorAll('.sr-console .sr-out')].map(span => ({
                text: span.textContent,
                fg: getComputedStyle(span).color,
                opacity: getComputedStyle(span).opacity,
                bg: getComputedStyle(span.closest('code')).backgroundColor,
                page: getComputedStyle(document.body).backgroundColor,
            }))"""
        )
        assert any(c["text"].strip() == "[...]" for c in colours)
        for c in colours:
            assert c["opacity"] == "1", c
            ratio = contrast(c["fg"], c["bg"], c["page"])
            assert ratio >= 4.5, f"{ratio:.2f}:1 for {c['text']!r} in {scheme}"


def test_dark_mode_toggle_switches_the_scheme(page: Any) -> None:
    page.goto(LESSON["en"])
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.click('label[title="Switch to dark mode"]')
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.goto(LESSON["ja"])  # the choice is remembered, and the toggle is translated
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert page.locator('label[title="ライトモードに切り替え"]').is_visible()


# --- search -------------------------------------------------------------------------

SEARCHES = {
    "ja": ["ボリューム構成", "初期化", "削除", "データベース", "ボリューム", "MySQL"],
    "en": ["deleted", "pods", "database", "created", "volumeClaimTemplates", "persistent storage"],
}


def _await_search_index(tab: Any) -> None:
    """Wait for the worker's index: the meta line says "Initializing search" in the served HTML
    and switches to the placeholder only once the index answers, so a query typed before then
    finds nothing (a race that failed CI once)."""
    tab.wait_for_function(
        "/^(Type to start searching|検索キーワードを入力してください)$/"
        ".test(document.querySelector('.md-search-result__meta')?.textContent.trim() ?? '')"
    )


def _search(tab: Any, query: str) -> list[str]:
    """Result links (page paths below the site root) once Material has shown the results."""
    field = tab.locator("input.md-search__input")
    field.click()
    field.fill("")
    field.press("End")
    tab.wait_for_function("document.querySelector('.md-search-result__list').children.length === 0")
    field.fill(query)
    field.press("End")  # Material searches on keyup (IME input fires it); fill() does not
    tab.wait_for_function(
        "document.querySelector('.md-search-result__list').children.length > 0"
        " || /(No matching|見つかりません)/.test("
        "document.querySelector('.md-search-result__meta').textContent)"
    )
    hrefs = tab.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link",
        "links => links.map(a => new URL(a.href).pathname)",
    )
    return [h.removeprefix(SUBPATH) for h in hrefs]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_search_finds_words_in_the_readers_language_only(page: Any, lang: str) -> None:
    page.goto(FOLDER[lang] or "./")
    # The index is built in a web worker; searching before it is ready finds nothing.
    _await_search_index(page)
    for query in SEARCHES[lang]:
        found = _search(page, query)
        assert LESSON[lang] in found, f"{query!r} found {found}"
        others = [h for h in found if h.startswith("en/") != (lang == "en")]
        assert not others, f"{query!r} found pages in another language: {others}"
        missing = page.evaluate(
            """(lesson) => [...document.querySelectorAll('.md-search-result__item > a')]
                .filter(a => new URL(a.href).pathname.endsWith(lesson))
                .map(a => a.querySelector('.md-search-result__terms')?.textContent ?? '')""",
            LESSON[lang],
        )
        assert missing and not any(missing), f"{query!r}: the lesson lists {missing}"


def test_full_width_punctuation_separates_words(page: Any) -> None:
    """The ja home page has `emptyDir` and `MySQL` joined by a full-width colon (U+FF1A)."""
    page.goto("./")
    _await_search_index(page)
    assert "" in _search(page, "MySQL"), "the home page (link '') is missing"


# --- every page: requests, screenshots ----------------------------------------------


def _all_pages() -> list[str]:
    guide = sorted({p.name.split(".")[0] for p in (REPO / "docs" / "writing").glob("*.md")})
    writing = [f"{folder}writing/{name}/" for folder in FOLDER.values() for name in guide]
    return ["./", "en/", *[_url(p) for p in _lesson_pages()], *writing]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_request_fails_on_any_page(browser: Any, verified_url: str, scheme: str) -> None:
    with _tab(browser, verified_url, scheme=scheme) as tab:
        failures: list[str] = []
        tab.on("requestfailed", lambda r: failures.append(f"failed {r.url}: {r.failure}"))
        tab.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
        tab.on("console", lambda m: m.type == "error" and failures.append(f"console: {m.text}"))
        visited = 0
        for url in dict.fromkeys(_all_pages()):
            tab.goto(url)
            tab.wait_for_load_state("networkidle")
            visited += 1
        tab.goto(LESSON["en"])  # search loads the worker, lunr and its languages
        _await_search_index(tab)
        _search(tab, "pods")
        tab.wait_for_load_state("networkidle")
        assert visited >= 6
        assert failures == []


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_lesson_screenshots(browser: Any, verified_url: str, width: int, lang: str) -> None:
    """Saved for a human to look at; what can be measured is asserted here."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with _tab(browser, verified_url, width=width) as tab:
        for lesson in _lesson_pages():
            if lesson.locale != lang:
                continue
            tab.goto(_url(lesson))
            height = tab.evaluate("document.documentElement.scrollHeight")
            slug = lesson.lesson.removesuffix("/index.md").replace("/", "-")
            path = SCREENSHOTS / f"{slug}-{lang}-{width}.png"
            tab.screenshot(path=str(path), full_page=True)
            assert _png_size(path) == (width, height), "the page is wider than the screen"
            boxes = tab.evaluate(
                "() => [...document.querySelectorAll('.sr-console, .sr-status')].map(e => {"
                " const r = e.getBoundingClientRect(); return [r.left, r.right, r.height]; })"
            )
            assert len(boxes) == len(lesson.blocks) + 1
            for left, right, box_height in boxes:
                assert left >= 0 and right <= width and box_height > 0
