"""The site as readers of both languages use it, measured in Debian's Chromium.

What these tests hold the site to (issue "Readers, round 3"):

- commands and output in console blocks differ in colour (>= 1.5:1) in both
  colour schemes, output keeping AA contrast;
- no command is hidden past a block's edge at any width, and wrapped command
  lines break only between words (`--timeout` is never split after `--`);
- the copy button is visible without hovering: >= 3:1 against the bar it sits on;
- the 404 page serves readers of both languages, whatever the missing address;
- without SITE_URL no page or sitemap names any address (no placeholder
  domain); with it, every page's head carries absolute, reciprocal hreflang
  alternates, and Material requests no sitemap that does not exist;
- headings have anchors made of their words in both languages, and permalinks
  a title in the page's language;
- the language switch keeps the reader's place.

The site is built as the nightly publishes it: strict, with SITE_URL set to
the address it is served at (a sub-path, as a project's Pages site), and the
server answers missing addresses with /404.html and status 404, as GitHub
Pages does.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from conftest import REPO
from test_site import (
    FOLDER,
    LESSON,
    SUBPATH,
    _lesson_pages,
    _luminance,
    _over,
    _passing_report,
    _rgba,
    _Server,
    _SubPathHandler,
    _tab,
    _url,
    browser,
)

pytestmark = pytest.mark.browser

__all__ = ["browser"]  # the session's Chromium, a fixture of test_site

WIDTHS = [390, 1280]
LANGS = ["ja", "en"]
SCHEMES = ["light", "dark"]
PERMALINK_TITLE = {"ja": "この見出しへのリンク", "en": "Link to this section"}
NOT_FOUND_TITLE = {"ja": "ページが見つかりません", "en": "Page not found"}
SEARCH = {"ja": "検索", "en": "Search"}
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}
HEADINGS = ".md-content .md-typeset :is(h1, h2, h3, h4, h5, h6)[id]"
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


# --- building and serving as Pages does ---------------------------------------------


def _build_site(site: Path, report: Path, site_url: str | None) -> Path:
    """`mkdocs build --strict` of the project, with SITE_URL set or absent; no warning at all."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SNIPPETS_REPORT": str(report)}
    env.pop("SITE_URL", None)
    if site_url is not None:
        env["SITE_URL"] = site_url
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    proc = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    warnings = [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert not warnings, "\n".join(warnings)
    return site


class _PagesHandler(_SubPathHandler):
    """Missing addresses get the site's /404.html with status 404, as on GitHub Pages."""

    site: Path

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def _pages(site: Path) -> Iterator[str]:
    """Serve `site` (which may not exist yet) below SUBPATH; yields the site's address."""
    site.mkdir(parents=True, exist_ok=True)
    handler_class = type("Handler", (_PagesHandler,), {"site": site})
    server = _Server(("127.0.0.1", 0), functools.partial(handler_class, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{SUBPATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built with SITE_URL = where it is served, after a passing verification."""
    tmp = tmp_path_factory.mktemp("deployed")
    _passing_report(tmp / "verify.json")
    with _pages(tmp / "site") as url:
        _build_site(tmp / "site", tmp / "verify.json", site_url=url)
        yield url


@pytest.fixture(scope="session")
def addressless(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built without SITE_URL (a preview, a pull request's build)."""
    tmp = tmp_path_factory.mktemp("addressless")
    return _build_site(tmp / "site", tmp / "missing.json", site_url=None)


def _pages_of(lang: str) -> list[str]:
    """Every page of a language, below the site root."""
    lessons = [_url(p) for p in _lesson_pages() if p.locale == lang]
    guide = sorted({p.name.split(".")[0] for p in (REPO / "docs" / "writing").glob("*.md")})
    writing = [f"{FOLDER[lang]}writing/{name}/" for name in guide]
    return list(dict.fromkeys([FOLDER[lang], *lessons, *writing]))


def _translation(path: str, lang: str) -> str:
    """The same page in `lang` (suffix layout: the English tree is the Japanese one in en/)."""
    bare = path.removeprefix(FOLDER["en"])
    return FOLDER[lang] + bare


# --- colours ------------------------------------------------------------------------


def _solid(*layers: str) -> tuple[float, float, float]:
    """CSS colours composited bottom (first) to top, over a white canvas."""
    rgb = (255.0, 255.0, 255.0)
    for css in layers:
        rgb = _over(_rgba(css), (*rgb, 1))
    return rgb


def _ratio(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_compositing_matches_wcag_examples() -> None:
    assert round(_ratio(_solid("rgb(0, 0, 0)"), _solid("rgb(255, 255, 255)")), 2) == 21
    grey = _solid("rgb(0, 0, 0)", "rgba(255, 255, 255, 0.5)")
    assert grey == (127.5, 127.5, 127.5)


_COLOURS = """() => [...document.querySelectorAll('.sr-console')].map(block => {
    const code = block.querySelector('code');
    const colour = e => getComputedStyle(e).color;
    return {
        page: getComputedStyle(document.body).backgroundColor,
        code: getComputedStyle(code).backgroundColor,
        commands: [...block.querySelectorAll('.sr-cmd')].map(colour),
        outputs: [...block.querySelectorAll('.sr-out:not(.sr-elision)')].map(colour),
        opacity: [...block.querySelectorAll('.sr-cmd, .sr-out')]
            .map(e => getComputedStyle(e).opacity),
    };
})"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_commands_and_output_differ_in_colour(
    browser: Any, deployed: str, lang: str, scheme: str, width: int
) -> None:
    """Only the prompt told them apart in the dark scheme (1.03:1)."""
    with _tab(browser, deployed, width=width, scheme=scheme) as tab:
        tab.goto(LESSON[lang])
        assert tab.get_attribute("body", "data-md-color-scheme") == MATERIAL_SCHEME[scheme]
        blocks = tab.evaluate(_COLOURS)
        pairs = 0
        for block in blocks:
            back = _solid(block["page"], block["code"])
            assert set(block["opacity"]) <= {"1"}
            for command in block["commands"]:
                cmd = _solid(block["page"], block["code"], command)
                assert _ratio(cmd, back) >= 4.5, f"command {command}: {_ratio(cmd, back):.2f}:1"
                for output in block["outputs"]:
                    out = _solid(block["page"], block["code"], output)
                    assert _ratio(out, back) >= 4.5, f"output {output}: {_ratio(out, back):.2f}:1"
                    between = _ratio(cmd, out)
                    assert between >= 1.5, f"{command} vs {output}: {between:.2f}:1 in {scheme}"
                    pairs += 1
        assert pairs > 0, "no block with both a command and output: the test lost its subject"


# --- wrapping -----------------------------------------------------------------------

_LINES = """() => {
    const problems = {hidden: [], split: [], wrapped: 0, overlong: 0};
    for (const code of document.querySelectorAll('.sr-console code')) {
        const box = code.getBoundingClientRect();
        const style = getComputedStyle(code);
        const left = box.left + code.clientLeft + parseFloat(style.paddingLeft) - 1;
        const right = box.left + code.clientLeft + code.clientWidth
            - parseFloat(style.paddingRight) + 1;
        for (const cmd of code.querySelectorAll('.sr-cmd')) {
            const chars = [];
            const walker = document.createTreeWalker(cmd, NodeFilter.SHOW_TEXT);
            while (walker.nextNode())
                for (let i = 0; i < walker.currentNode.length; i++)
                    chars.push([walker.currentNode, i]);
            const text = chars.map(([node, i]) => node.data[i]).join('');
            const space = k => /\\s/.test(text[k]);
            const range = (a, b) => {
                const r = document.createRange();
                r.setStart(chars[a][0], chars[a][1]);
                r.setEnd(chars[b - 1][0], chars[b - 1][1] + 1);
                return r;
            };
            let lastTop = null, lines = 1;
            for (let k = 0; k < chars.length; k++) {
                if (space(k)) { if (text[k] === '\\n') lastTop = null; continue; }
                const rect = range(k, k + 1).getBoundingClientRect();
                if (rect.right > right || rect.left < left)
                    problems.hidden.push(text.slice(Math.max(0, k - 20), k + 1));
                if (lastTop !== null && rect.top > lastTop + 2) {
                    lines += 1;
                    if (!space(k - 1)) {
                        let a = k, b = k;
                        while (a > 0 && !space(a - 1)) a--;
                        while (b < text.length && !space(b)) b++;
                        const width = [...range(a, b).getClientRects()]
                            .reduce((sum, r) => sum + r.width, 0);
                        const indent = parseFloat(getComputedStyle(code).textIndent) || 0;
                        if (width > right - left - indent - 2) problems.overlong += 1;
                        else problems.split.push(
                            text.slice(Math.max(0, k - 15), k) + '|' + text.slice(k, k + 15));
                    }
                }
                lastTop = rect.top;
            }
            if (lines > 1) problems.wrapped += 1;
        }
    }
    return problems;
}"""
"""Per command: characters outside the code box (hidden), lines that start inside a word
(split) unless the word is longer than a whole wrapped line (overlong), commands on
more than one line (wrapped). Measured from layout, character by character."""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_command_is_hidden_and_lines_break_only_between_words(
    browser: Any, deployed: str, lang: str, width: int
) -> None:
    with _tab(browser, deployed, width=width) as tab:
        wrapped = 0
        for lesson in _lesson_pages():
            if lesson.locale != lang:
                continue
            tab.goto(_url(lesson))
            found = tab.evaluate(_LINES)
            assert found["hidden"] == [], f"{lesson.path}: past the edge at {width}px"
            assert found["split"] == [], f"{lesson.path}: a line starts inside a word"
            wrapped += found["wrapped"]
            codes = tab.evaluate(
                "() => [...document.querySelectorAll('.sr-console code')].map(c => c.scrollLeft)"
            )
            assert set(codes) <= {0}
        assert wrapped > 0, f"no command wraps at {width}px: the test lost its subject"


def test_lines_break_only_between_words_at_any_width(browser: Any, deployed: str) -> None:
    """Every width from a small phone to a wide screen, and the same page without the
    word boxes: there, the browser does split flags after `-` (what readers saw)."""
    with _tab(browser, deployed, width=1280) as tab:
        for lang in LANGS:
            tab.goto(LESSON[lang])
            for width in range(320, 1300, 20):
                tab.set_viewport_size({"width": width, "height": 900})
                found = tab.evaluate(_LINES)
                assert found["hidden"] == [], f"{lang} at {width}px"
                assert found["split"] == [], f"{lang} at {width}px"
        tab.goto(LESSON["en"])
        tab.evaluate(
            "() => document.querySelectorAll('.sr-word').forEach(w => w.replaceWith(w.textContent))"
        )
        splits = []
        for width in range(320, 1300, 20):
            tab.set_viewport_size({"width": width, "height": 900})
            splits += tab.evaluate(_LINES)["split"]
        assert any(re.search(r"-\|", split) for split in splits), splits


# --- the copy button ----------------------------------------------------------------

_BUTTON = """pre => {
    const button = pre.querySelector('button[data-md-type="copy"]');
    if (!button) return null;
    let opacity = 1;
    for (let e = button; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
    const rect = button.getBoundingClientRect();
    const code = pre.querySelector('code');
    return {
        colour: getComputedStyle(button).color,
        nav: getComputedStyle(button.parentElement).backgroundColor,
        bar: getComputedStyle(pre, '::before').backgroundColor,
        code: getComputedStyle(code).backgroundColor,
        page: getComputedStyle(document.body).backgroundColor,
        visible: getComputedStyle(button).visibility === 'visible'
            && rect.width > 0 && rect.height > 0,
        opacity,
        hovered: pre.matches(':hover'),
    };
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_copy_button_is_visible_without_hover(
    browser: Any, deployed: str, lang: str, scheme: str, width: int
) -> None:
    """Material's button was 1.17:1 (light) and 1.39:1 (dark) until hovered; phones cannot hover."""
    with _tab(browser, deployed, width=width, scheme=scheme) as tab:
        tab.goto(LESSON[lang])
        tab.mouse.move(1, 1)
        blocks = tab.locator(".md-typeset .highlight > pre")
        assert blocks.count() > 0
        for index in range(blocks.count()):
            block = blocks.nth(index)
            block.scroll_into_view_if_needed()
            block.locator('button[data-md-type="copy"]').wait_for(state="attached")
            seen = block.evaluate(_BUTTON)
            assert seen is not None
            assert not seen["hovered"] and seen["visible"] and seen["opacity"] == 1, seen
            under = _solid(seen["page"], seen["code"], seen["bar"], seen["nav"])
            icon = _solid(seen["page"], seen["code"], seen["bar"], seen["nav"], seen["colour"])
            block_background = _solid(seen["page"], seen["code"])
            assert _ratio(icon, under) >= 3, f"block {index + 1}: {_ratio(icon, under):.2f}:1"
            assert _ratio(icon, block_background) >= 3


# --- the 404 page -------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_not_found_page_serves_the_readers_language_and_links_into_each(
    browser: Any, deployed: str, lang: str, width: int
) -> None:
    with _tab(browser, deployed, width=width) as tab:
        failures: list[str] = []
        tab.on("requestfailed", lambda r: failures.append(f"failed {r.url}"))
        tab.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
        missing = [FOLDER[lang] + "no-such-page/", LESSON[lang] + "gone/deeper/page.html"]
        for address in missing:
            failures.clear()
            response = tab.goto(address)
            assert response is not None and response.status == 404
            tab.wait_for_load_state("networkidle")
            assert failures == [f"404 {deployed}{address}"], "only the page itself is missing"
            assert tab.get_attribute("html", "lang") == lang
            assert tab.title().startswith(NOT_FOUND_TITLE[lang])
            sections = tab.eval_on_selector_all(
                "[data-sr-notfound] section", "s => s.map(e => e.lang)"
            )
            assert sections[0] == lang and sorted(sections) == sorted(LANGS)
            assert tab.inner_text("[data-sr-notfound] section h1") == NOT_FOUND_TITLE[lang]
            assert tab.get_attribute(".md-search__input", "placeholder") == SEARCH[lang]
            search = tab.evaluate(
                "JSON.parse(document.getElementById('__config').textContent).search"
            )
            assert f"lang={FOLDER[lang].replace('/', '%2F')}&" in search
            selector = tab.eval_on_selector_all(
                ".md-select__link", "links => links.map(a => [a.hreflang, a.href])"
            )
            assert sorted(selector) == sorted([code, deployed + FOLDER[code]] for code in LANGS)
        for code in LANGS:  # each language's home link works
            tab.goto(missing[1])
            with tab.expect_navigation():
                tab.click(f'[data-sr-notfound] section[lang="{code}"] a[hreflang="{code}"]')
            assert tab.url == deployed + FOLDER[code]
            assert tab.get_attribute("html", "lang") == code
            assert tab.locator("[data-sr-notfound]").count() == 0


def test_not_found_page_without_javascript_shows_both_languages(
    browser: Any, deployed: str
) -> None:
    context = browser.new_context(base_url=deployed, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto("en/nothing-here/")
        sections = tab.eval_on_selector_all("[data-sr-notfound] section", "s => s.map(e => e.lang)")
        assert sections == ["ja", "en"]
        links = tab.eval_on_selector_all("[data-sr-notfound] a", "a => a.map(e => e.href)")
        assert links == [deployed + FOLDER["ja"], deployed + FOLDER["en"]]
    finally:
        context.close()


# --- canonical URL, hreflang, sitemaps ----------------------------------------------


def _sitemap_entries(xml: str) -> dict[str, dict[str, str]]:
    """loc -> {hreflang: href} of a sitemap's entries."""
    root = ET.fromstring(xml)
    assert root.tag == f"{{{SITEMAP_NS['s']}}}urlset"
    return {
        url.findtext("s:loc", namespaces=SITEMAP_NS) or "": {
            link.get("hreflang", ""): link.get("href", "")
            for link in url.findall("x:link", SITEMAP_NS)
        }
        for url in root.findall("s:url", SITEMAP_NS)
    }


def test_without_site_url_nothing_names_an_address(addressless: Path) -> None:
    pages = sorted(addressless.rglob("*.html"))
    assert len(pages) >= 9
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'rel="canonical"' not in html, page
        assert not re.search(r"<link[^>]*hreflang", html), page
        assert "example.org" not in html, page
    for sitemap in ("sitemap.xml", "en/sitemap.xml"):
        assert _sitemap_entries((addressless / sitemap).read_text(encoding="utf-8")) == {}


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_declares_absolute_reciprocal_hreflang_alternates(
    browser: Any, deployed: str, lang: str
) -> None:
    with _tab(browser, deployed) as tab:
        sitemap = _sitemap_entries(tab.request.get(deployed + "sitemap.xml").text())
        every = [deployed + path for code in LANGS for path in _pages_of(code)]
        assert sorted(sitemap) == sorted(every), "the root sitemap lists every language"
        ours = _sitemap_entries(tab.request.get(deployed + FOLDER[lang] + "sitemap.xml").text())
        if FOLDER[lang]:  # a language below the root: its own pages only
            assert sorted(ours) == sorted(deployed + path for path in _pages_of(lang))
        for path in _pages_of(lang):
            tab.goto(path)
            assert tab.get_attribute('link[rel="canonical"]', "href") == deployed + path
            alternates = dict(
                tab.eval_on_selector_all(
                    'head link[rel="alternate"][hreflang]',
                    "ls => ls.map(l => [l.hreflang, l.href])",
                )
            )
            expected = {code: deployed + _translation(path, code) for code in LANGS}
            assert alternates == {**expected, "x-default": expected["ja"]}, path
            assert sitemap[deployed + path] == expected, "the head and the sitemap agree"
            for code, href in expected.items():  # each alternate is that language's page, and back
                response = tab.goto(href)
                assert response is not None and response.status == 200
                assert tab.get_attribute("html", "lang") == code
                back = tab.get_attribute(f'head link[rel="alternate"][hreflang="{lang}"]', "href")
                assert back == deployed + path


def _sitemap_requests(tab: Any, path: str) -> tuple[list[str], list[str]]:
    requested: list[str] = []
    failures: list[str] = []
    tab.on("request", lambda r: r.url.endswith("sitemap.xml") and requested.append(r.url))
    tab.on("requestfailed", lambda r: failures.append(f"failed {r.url}"))
    tab.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
    tab.goto(path)
    tab.wait_for_load_state("networkidle")
    return requested, failures


@pytest.mark.parametrize("lang", LANGS)
def test_material_requests_only_sitemaps_that_exist(browser: Any, deployed: str, lang: str) -> None:
    roots = {deployed + folder + "sitemap.xml" for folder in FOLDER.values()}
    for path in _pages_of(lang):
        with _tab(browser, deployed) as tab:
            requested, failures = _sitemap_requests(tab, path)
            assert failures == [], path
            assert set(requested) <= roots, path


def test_the_cause_material_requests_a_sitemap_next_to_each_alternate(
    browser: Any, deployed: str
) -> None:
    """Why snippets-site.js keeps Material from sending those requests: without it, each
    page's hreflang alternates send Material to `<page>/sitemap.xml`. If a Material
    release stops doing so, this fails, and the workaround can go."""
    with _tab(browser, deployed) as tab:
        tab.route("**/snippets-site.js", lambda route: route.fulfill(body="", status=200))
        requested, _ = _sitemap_requests(tab, LESSON["ja"])
        assert deployed + LESSON["en"] + "sitemap.xml" in requested


# --- anchors and permalinks ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_headings_have_anchors_made_of_their_words(browser: Any, deployed: str, lang: str) -> None:
    with _tab(browser, deployed) as tab:
        for path in _pages_of(lang):
            tab.goto(path)
            headings = tab.eval_on_selector_all(
                HEADINGS,
                """hs => hs.map(h => ({id: h.id, text: h.textContent,
                    title: h.querySelector('a.headerlink')?.title,
                    href: h.querySelector('a.headerlink')?.getAttribute('href')}))""",
            )
            assert len(headings) >= 3, path
            ids = [h["id"] for h in headings]
            assert len(set(ids)) == len(ids), path
            for heading in headings:
                assert not re.fullmatch(r"_\d*", heading["id"]), heading
                if JAPANESE.search(heading["text"]):
                    assert JAPANESE.search(heading["id"]), heading
                assert heading["title"] == PERMALINK_TITLE[lang], heading
                assert unquote(heading["href"]) == "#" + heading["id"]
        # An anchor in the address takes the reader to its heading.
        tab.goto(LESSON[lang])
        target = tab.eval_on_selector_all(".md-typeset h2[id]", "hs => hs[3].id")
        tab.goto(LESSON[lang] + "#" + target)
        top = tab.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
        assert 0 < top < 200, top


# --- the language switch keeps the reader's place -----------------------------------

_PLACE = """() => {
    const hs = [...document.querySelectorAll('HEADINGS')];
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
    const line = Math.max(header, 3.6 * rem);
    const tops = hs.map(h => h.getBoundingClientRect().top);
    let index = -1;
    tops.forEach((top, i) => { if (top <= line + 1) index = i; });
    const end = index + 1 < tops.length
        ? tops[index + 1] : document.documentElement.scrollHeight - scrollY;
    const fraction = index < 0 ? 0 : (line - tops[index]) / (end - tops[index]);
    return {index, fraction, line, tops, ids: hs.map(h => h.id), scroll: scrollY,
            hash: decodeURIComponent(location.hash.slice(1)), path: location.pathname};
}""".replace("HEADINGS", HEADINGS)
"""Where the reader is: the section at the top line (below the header, where Material
puts an anchored heading) and how far into it, measured independently of the site's
own script."""


def _switch_language(tab: Any, target: str) -> None:
    """With the mouse, as a reader does (Playwright's click would scroll the page first)."""
    button = tab.locator(".md-header__option .md-select > button").bounding_box()
    assert button is not None
    x, y = button["x"] + button["width"] / 2, button["y"] + button["height"] / 2
    if tab.viewport_size["width"] < 600:
        tab.mouse.click(x, y)  # no hover on a phone: a tap opens the list
    else:
        tab.mouse.move(x, y)
    link = tab.locator(f'.md-select__link[hreflang="{target}"]')
    link.wait_for(state="visible")
    tab.wait_for_function(
        "l => getComputedStyle(l.closest('.md-select__inner')).opacity === '1'",
        arg=link.element_handle(),
    )
    box = link.bounding_box()
    assert box is not None
    with tab.expect_navigation():
        tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.wait_for_load_state("load")


def _scroll_into_section(tab: Any, index: int, fraction: float) -> dict[str, Any]:
    tab.evaluate(
        """([index, fraction]) => {
            const hs = [...document.querySelectorAll('HEADINGS')];
            const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
            const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
            const line = Math.max(header, 3.6 * rem);
            const top = h => h.getBoundingClientRect().top + scrollY;
            const y = top(hs[index]) + fraction * (top(hs[index + 1]) - top(hs[index])) - line;
            window.scrollTo({top: y, behavior: 'instant'});
        }""".replace("HEADINGS", HEADINGS),
        [index, fraction],
    )
    place: dict[str, Any] = tab.evaluate(_PLACE)
    return place


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("start", "target"), [("ja", "en"), ("en", "ja")])
def test_language_switch_keeps_the_readers_place(
    browser: Any, deployed: str, start: str, target: str, width: int
) -> None:
    with _tab(browser, deployed, width=width) as tab:
        # In the middle of a section: the same section, as far into it.
        tab.goto(LESSON[start])
        before = _scroll_into_section(tab, 4, 0.4)
        assert before["index"] == 4 and abs(before["fraction"] - 0.4) < 0.01
        _switch_language(tab, target)
        after = tab.evaluate(_PLACE)
        assert after["path"] == SUBPATH + LESSON[target]
        assert after["index"] == 4, after
        assert abs(after["fraction"] - 0.4) < 0.02, after["fraction"]
        assert after["hash"] == ""

        # At an anchor: the translation's matching anchor, its heading where the first was.
        tab.goto(LESSON[start])
        anchor = tab.evaluate(_PLACE)["ids"][3]
        tab.goto(LESSON[start] + "#" + anchor)
        before = tab.evaluate(_PLACE)
        assert before["index"] == 3 and before["hash"] == anchor
        _switch_language(tab, target)
        after = tab.evaluate(_PLACE)
        assert after["hash"] == after["ids"][3] != anchor
        assert abs(after["tops"][3] - before["tops"][3]) <= 2, (before["tops"][3], after["tops"][3])

        # At the top of the page: the top of the translation.
        tab.goto(LESSON[start])
        _switch_language(tab, target)
        assert tab.evaluate("scrollY") == 0
