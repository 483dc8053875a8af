"""The verification report the site reads, loaded and checked before any value is used.

The report is untrusted input: the Kubernetes version is whatever the
cluster's /version answered, and nightly builds merge artifacts of other
jobs. Its values end up in the page's HTML, so the site loads it with the
runner's own validation (report.document.load): a report the runner refuses
is refused here too, naming the file and the field.

No MkDocs here. The runner never imports this module.
"""

from __future__ import annotations

from pathlib import Path

from ...report.document import Report, load


def load_report(path: Path) -> Report | None:
    """The report, or None when there is none yet (a site built before any run).

    A report that exists but cannot be used is an error (ReportError), not
    "not verified": the build should say which file is broken instead of
    quietly hiding the status of every page.
    """
    if not path.exists():
        return None
    return load(path)
