"""A sitemap at the root of every language, as Material's JavaScript expects.

Material fetches `sitemap.xml` next to the site's base URL for instant
navigation and previews. mkdocs-static-i18n writes one sitemap, at the root,
listing every language; an English page's base is `/en/`, so each English
page load asked for `/en/sitemap.xml` and got a 404 in the reader's console.
The root sitemap already holds each page with its hreflang alternates, so a
language's sitemap is the root one cut down to that language's URLs.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...files import write_atomic

_URL = re.compile(r"[ \t]*<url>.*?</url>\n?", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>", re.S)


def language_sitemap(root_sitemap: str, url_prefix: str) -> str:
    """Keep the `<url>` entries whose location starts with `url_prefix`.

    A sitemap without entries (a site built without `site_url` has none) keeps
    its head, up to its closing tag.
    """
    start = root_sitemap.find("<url>")
    if start < 0:
        end = root_sitemap.rfind("</urlset>")
        head = root_sitemap if end < 0 else root_sitemap[:end]
    else:
        head = root_sitemap[: root_sitemap.rfind("\n", 0, start) + 1]
    kept = []
    for entry in _URL.findall(root_sitemap):
        loc = _LOC.search(entry)
        if loc and loc.group(1).strip().startswith(url_prefix):
            kept.append(entry)
    return head + "".join(kept) + "</urlset>\n"


def write_language_sitemap(root_site: Path, folder: str, site_url: str) -> Path | None:
    """Write `<root_site>/<folder>/sitemap.xml` from the root one; None if nothing to cut.

    `folder` is the language's link without slashes (`en`); the default
    language lives at the root and already has the full sitemap.
    """
    source = root_site / "sitemap.xml"
    if not folder or not source.is_file():
        return None
    prefix = site_url + folder + "/"
    target = root_site / folder / "sitemap.xml"
    write_atomic(target, language_sitemap(source.read_text(encoding="utf-8"), prefix))
    return target
