"""A language's sitemap cut from a root sitemap without entries (a build without site_url)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from snippets_runner.integrations.site.sitemap import language_sitemap, write_language_sitemap

EMPTY = """\
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
</urlset>"""


def test_an_empty_sitemap_stays_one_well_formed_empty_sitemap() -> None:
    cut = language_sitemap(EMPTY, "en/")
    assert cut == EMPTY.removesuffix("</urlset>") + "</urlset>\n"
    root = ET.fromstring(cut)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert list(root) == []


def test_written_without_a_site_url(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text(EMPTY, encoding="utf-8")
    written = write_language_sitemap(tmp_path, "en", "")
    assert written is not None
    assert list(ET.fromstring(written.read_text(encoding="utf-8"))) == []
