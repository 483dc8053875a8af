"""JUnit XML: one testsuite per page, one testcase per command.

CI systems (GitLab, Jenkins, GitHub annotations) read this format; the
testcase name starts with ``file:line`` so a failure links to the page line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from ..run.results import PageResult, Result
from .atomic import write_atomic
from .diff import plain
from .masker import Masker

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most control characters (colour codes, say): show them escaped."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render(pages: Iterable[PageResult], mask: Masker) -> str:
    root = ET.Element("testsuites", name="snippets-runner verify")
    for page in pages:
        shown = mask.for_page(page.page.path)  # a value the page publishes stays readable
        suite = ET.SubElement(
            root,
            "testsuite",
            name=str(page.page.path),
            tests=str(len(page.commands)),
            failures=str(page.count(Result.FAILED)),
            skipped=str(page.count(Result.SKIPPED) + page.count(Result.NOT_RUN)),
            errors="0",
            time=f"{page.duration:.3f}",
        )
        for result in page.commands:
            first_line = shown(result.command.text).splitlines()[0] if result.command.text else ""
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"{page.page.lesson}[{page.page.locale or 'default'}]",
                name=f"{result.command.location} {first_line}",
                file=str(result.command.location.path),
                line=str(result.command.location.line),
                time=f"{result.duration:.3f}",
            )
            if result.verdict is Result.FAILED:
                failure = ET.SubElement(case, "failure", message=shown(result.note))
                failure.text = _xml_safe(plain(result, shown))
            elif result.verdict in (Result.SKIPPED, Result.NOT_RUN):
                ET.SubElement(case, "skipped", message=shown(result.note))
            if result.output:
                ET.SubElement(case, "system-out").text = _xml_safe(shown(result.output))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write(path: Path, pages: Iterable[PageResult], mask: Masker) -> None:
    write_atomic(path, render(pages, mask))
