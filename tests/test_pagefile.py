"""files/pagefile.py: a page goes back as it came, or not at all, with the reason named.

The error paths are driven for real: the file is removed between reading and
writing, and a write fails because the kernel refuses it (RLIMIT_FSIZE in a
child process; permission bits would not stop the root user CI runs as).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from snippets_runner.errors import PageError, ReportError
from snippets_runner.files.pagefile import put_back, read, write
from snippets_runner.model import Location


def test_a_page_goes_back_with_its_bom_and_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_bytes("\ufeff# Title\r\n\r\nold\r\n".encode())
    page = read(path)
    assert page.text == "# Title\n\nold\n"
    write(page, page.text.replace("old", "new"))
    assert path.read_bytes() == "\ufeff# Title\r\n\r\nnew\r\n".encode()


def test_a_page_changed_since_it_was_read_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("one\n", encoding="utf-8")
    page = read(path)
    path.write_text("edited by the writer\n", encoding="utf-8")
    with pytest.raises(PageError, match="page changed since it was read") as caught:
        write(page, "two\n")
    assert caught.value.location == Location(path, 1)
    assert path.read_text(encoding="utf-8") == "edited by the writer\n"


def test_a_page_removed_since_it_was_read_is_named_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("one\n", encoding="utf-8")
    page = read(path)
    path.unlink()
    with pytest.raises(ReportError) as caught:
        write(page, "two\n")
    assert str(caught.value) == f"{path}:1: cannot read page again: No such file or directory"
    assert not path.exists()  # nothing was created in its place


def test_a_write_the_kernel_refuses_is_named_and_the_page_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("one\n", encoding="utf-8")
    child = textwrap.dedent(
        f"""
        import resource, signal
        from pathlib import Path
        from snippets_runner.errors import ReportError
        from snippets_runner.files.pagefile import read, write
        page = read(Path({str(path)!r}))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (2, 2))
        try:
            write(page, "a longer page than two bytes\\n")
        except ReportError as exc:
            print(exc)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout == f"{path}:1: cannot write page: File too large\n"
    assert path.read_text(encoding="utf-8") == "one\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]  # no temporary file left


def test_a_page_is_put_back_with_the_bytes_it_was_read_with(tmp_path: Path) -> None:
    """What `update.edits.apply` does to a language already written when another language
    of its lesson cannot be: the BOM and CRLF endings come back as they were."""
    path = tmp_path / "page.md"
    original = "\ufeff# Title\r\n\r\nold\r\n".encode()
    path.write_bytes(original)
    page = read(path)
    write(page, "# Title\n\nnew\n")
    put_back(page, "# Title\n\nnew\n")
    assert path.read_bytes() == original


def test_a_page_saved_again_after_update_wrote_it_is_never_put_back(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("one\n", encoding="utf-8")
    page = read(path)
    write(page, "two\n")
    path.write_text("the writer's save\n", encoding="utf-8")
    with pytest.raises(PageError, match="page changed again since update wrote it") as caught:
        put_back(page, "two\n")
    assert caught.value.location == Location(path, 1)
    assert path.read_text(encoding="utf-8") == "the writer's save\n"
