"""The modification date of ``ls -l``: when the file was written, so each run has its own.

Only in the date columns of a line shaped like ``ls -l`` output (mode, links,
owner, group, size, date, name); mode, owner, size and name stay literal.
"""

from __future__ import annotations

import re

from .base import Rule, constant
from .context import Line

_MON = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_DATE = rf"{_MON} +\d{{1,2}} +(?:\d{{1,2}}:\d{{2}}|\d{{4}})"
_LS_LINE = re.compile(
    r"[-dlcbps?][rwxsStT-]{9}[.+@]? +\d+ +\S+ +\S+ +(?:\d+, +)?[\d.,]+[KMGTPEZY]? +"
    rf"(?P<value>{_DATE}) +.*"
)

RULE = Rule(
    name="date",
    find=re.compile(_DATE),
    accept=constant(_DATE),
    contexts=(Line(_LS_LINE),),
    same=(
        (
            "-rw-r--r-- 1 root root 0 Oct 18 13:38 a.txt",
            "-rw-r--r-- 1 root root 0 Nov  2  2023 a.txt",
        ),
        (
            "-rw-r--r-- 1 root  root     4 Oct 18 13:38 test.txt",
            "-rw-r--r-- 1 root root 4 Nov 28 21:30 test.txt",
        ),
        (
            "drwxr-xr-x. 2 mysql mysql 4.0K Oct 18 13:38 data",
            "drwxr-xr-x. 2 mysql mysql 4.0K Jan  1 00:00 data",
        ),
    ),
    different=(
        (
            "-rw-r--r-- 1 root root 0 Oct 18 13:38 a.txt",
            "-rw-r--r-- 1 root root 0 Nov  2  2023 b.txt",
        ),
        (
            "-rw-r--r-- 1 root root 0 Oct 18 13:38 a.txt",
            "-rwxr-xr-x 1 root root 0 Oct 18 13:38 a.txt",
        ),
        (
            "-rw-r--r-- 1 root root 0 Oct 18 13:38 a.txt",
            "-rw-r--r-- 1 root root 7 Oct 18 13:38 a.txt",
        ),
        ("-rw-r--r-- 1 root root 0 Oct 18 13:38 a.txt", "-rw-r--r-- 1 root root 0 yesterday a.txt"),
        ("release date: Oct 18 13:38", "release date: Nov  2 09:00"),
    ),
)
