"""JUnit XML: one testsuite per page, one testcase per command.

CI systems (GitLab, Jenkins, GitHub annotations) read this format; the
testcase name starts with ``file:line`` so a failure links to the page line.
It is rendered from the JSON report document, so a merged shard report and
a single run give the same XML for the same results.

JUnit has no state for a command that ran with its output not compared
(``Result.RAN``): it is a passed testcase -- nothing failed -- that says so
twice, for people and for tools: its name ends with :data:`NOT_COMPARED_NAME`
and it carries the property :data:`OUTPUT_PROPERTY` = ``not-compared``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from ..files import write_atomic
from ..run.results import PageResult, Result
from ..secrets import Masker
from . import json_report
from .diff import render_plain
from .document import Report

OUTPUT_PROPERTY = "snippets.output"
"""A testcase property; ``not-compared`` on a command whose output was not compared."""
NOT_COMPARED_NAME = " (output not compared)"
"""The end of the name of a testcase whose output was not compared."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most control characters (colour codes, say): show them escaped."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render_document(report: Report) -> str:
    """The XML for a report document (already masked)."""
    root = ET.Element("testsuites", name="snippets-runner verify")
    several = len(report.releases) > 1
    for page in report.pages:
        commands = page.commands
        results = [c.result for c in commands]
        on = f" @ Kubernetes {page.release}" if several and page.release else ""
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_xml_safe(page.file + on),
            tests=str(len(commands)),
            failures=str(results.count(Result.FAILED)),
            skipped=str(results.count(Result.SKIPPED) + results.count(Result.NOT_RUN)),
            errors="0",
            time=f"{page.duration:.3f}",
        )
        for command in commands:
            first_line = command.command.splitlines()[0] if command.command else ""
            ran = command.result is Result.RAN
            suffix = NOT_COMPARED_NAME if ran else ""
            case = ET.SubElement(
                suite,
                "testcase",
                classname=_xml_safe(f"{page.lesson}[{page.locale or 'default'}]{on}"),
                name=_xml_safe(f"{command.file}:{command.line} {first_line}{suffix}"),
                file=_xml_safe(command.file),
                line=str(command.line),
                time=f"{command.duration:.3f}",
            )
            if ran:
                properties = ET.SubElement(case, "properties")
                ET.SubElement(properties, "property", name=OUTPUT_PROPERTY, value="not-compared")
            if command.result is Result.FAILED:
                failure = ET.SubElement(case, "failure", message=_xml_safe(command.note))
                failure.text = _xml_safe(render_plain(command.diff))
            elif command.result in (Result.SKIPPED, Result.NOT_RUN):
                ET.SubElement(case, "skipped", message=_xml_safe(command.note))
            if command.output:
                ET.SubElement(case, "system-out").text = _xml_safe(command.output)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def render(pages: Iterable[PageResult], mask: Masker) -> str:
    return render_document(json_report.document(pages, mask))


def write(path: Path, pages: Iterable[PageResult], mask: Masker) -> None:
    write_atomic(path, render(pages, mask))


def write_document(path: Path, report: Report) -> None:
    write_atomic(path, render_document(report))
