"""Each language's sitemap: the root one cut down to that language's pages."""

from __future__ import annotations

from pathlib import Path

from snippets_runner.integrations.site.sitemap import language_sitemap, write_language_sitemap

ROOT = """\
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
    <url>
        <loc>https://s.example/</loc>
        <xhtml:link rel="alternate" hreflang="en" href="https://s.example/en/"/>
    </url>
    <url>
        <loc>https://s.example/lesson/</loc>
    </url>
    <url>
        <loc>https://s.example/en/</loc>
        <xhtml:link rel="alternate" hreflang="ja" href="https://s.example/"/>
    </url>
    <url>
        <loc>https://s.example/en/lesson/</loc>
    </url>
</urlset>
"""


def test_keeps_only_the_language_urls_with_their_alternates() -> None:
    cut = language_sitemap(ROOT, "https://s.example/en/")
    assert cut == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        "    <url>\n"
        "        <loc>https://s.example/en/</loc>\n"
        '        <xhtml:link rel="alternate" hreflang="ja" href="https://s.example/"/>\n'
        "    </url>\n"
        "    <url>\n"
        "        <loc>https://s.example/en/lesson/</loc>\n"
        "    </url>\n"
        "</urlset>\n"
    )


def test_writes_below_the_root_and_not_for_the_default_language(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text(ROOT, encoding="utf-8")
    assert write_language_sitemap(tmp_path, "", "https://s.example/") is None
    written = write_language_sitemap(tmp_path, "en", "https://s.example/")
    assert written == tmp_path / "en" / "sitemap.xml"
    assert "<loc>https://s.example/lesson/</loc>" not in written.read_text(encoding="utf-8")
    assert "<loc>https://s.example/en/lesson/</loc>" in written.read_text(encoding="utf-8")


def test_nothing_to_cut_without_a_root_sitemap(tmp_path: Path) -> None:
    assert write_language_sitemap(tmp_path, "en", "https://s.example/") is None
