"""Secrets in every common encoding: masked in every report and diff, never written by update.

Each case here leaked before (a secret at an offset inside a longer base64
string, wrapped base64, hex, URL and JSON escapes); the property tests in
test_secrets_properties.py try them at every offset and width.
"""

from __future__ import annotations

import base64
import json
import urllib.parse
from pathlib import Path

import pytest

from snippets_runner.extract.discover import extract
from snippets_runner.extract.frontmatter import read_published
from snippets_runner.extract.pages import extract_page
from snippets_runner.match import match
from snippets_runner.model import Command, ExpectedOutput, Location
from snippets_runner.report import diff, json_report, junit
from snippets_runner.run.results import CommandResult, Result
from snippets_runner.run.runner import RunOptions, run_page
from snippets_runner.secrets import HIDDEN_DIFFERENCE, MASK, Masker
from snippets_runner.update.edits import apply
from snippets_runner.update.planning import plan_update
from snippets_runner.verification import Verifier

SECRET = "Hidden-Pw-77"
LONG = "Long-Secret-" + "x" * 60  # over 57 bytes: GNU base64 wraps its encoding


def b64(data: str) -> str:
    return base64.b64encode(data.encode()).decode()


def wrapped(text: str, width: int = 76) -> str:
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


DOCKERCONFIG = json.dumps({"auths": {"registry.example": {"auth": b64(f"docs:{SECRET}")}}})
SHOWN = {
    "HTTP Basic, offset 5": f"Authorization: Basic {b64('docs:' + SECRET)}",
    "HTTP Basic, offset 4": f"Authorization: Basic {b64('doc:' + SECRET)}",
    "HTTP Basic, offset 3": f"Authorization: Basic {b64('do:' + SECRET)}",
    ".dockerconfigjson": f"  .dockerconfigjson: {b64(DOCKERCONFIG)}",
    "URL-safe, unpadded": b64("xy" + SECRET).replace("+", "-").replace("/", "_").rstrip("="),
    "echo | base64": b64(SECRET + "\n"),
    "wrapped at 76": wrapped(b64(LONG + "\n")),
    "wrapped at 76, offset 1": wrapped(b64("a" + LONG)),
    "wrapped and indented": "tls.key: |\n    " + wrapped(b64(LONG), 64).replace("\n", "\n    "),
    "hex": SECRET.encode().hex(),
    "HEX inside a longer string": ("x" + SECRET + "y").encode().hex().upper(),
    "xxd -p": wrapped(("pre " + LONG).encode().hex(), 60),
    "URL-encoded": "https://proxy/?pw=" + urllib.parse.quote("p@ss " + SECRET, safe=""),
    "form-encoded": "pw=" + urllib.parse.quote_plus(SECRET + " !"),
    "JSON \\u escapes": json.dumps({"pw": "é/" + SECRET}),
    "JSON escaped slash": '{"auth":"' + b64("ab:" + SECRET).replace("/", "\\/") + '"}',
}


@pytest.mark.parametrize("shown", SHOWN.values(), ids=SHOWN.keys())
def test_a_secret_is_masked_in_every_common_encoding(shown: str) -> None:
    masked = Masker({SECRET, LONG})(shown)
    assert MASK in masked
    for value in (SECRET, LONG):
        data = value.encode()
        assert value not in masked and data.hex() not in masked.lower()
        for shift in range(3):
            core = base64.b64encode(bytes(shift) + data).decode()[3:-4]
            assert core not in masked.replace("\n", "").replace("    ", "")


def test_what_surrounds_an_encoded_secret_stays_readable() -> None:
    mask = Masker({SECRET})
    assert mask(SHOWN["HTTP Basic, offset 5"]) == f"Authorization: Basic {MASK}"
    assert mask(f'{{"auth":"{b64("u:" + SECRET)}","email":"x@y"}}') == (
        f'{{"auth":"{MASK}","email":"x@y"}}'
    )
    listing = f"data:\n  password: {b64(SECRET)}\nkind: Secret\nmetadata:\n  name: db"
    assert mask(listing) == f"data:\n  password: {MASK}\nkind: Secret\nmetadata:\n  name: db"


def test_masking_keeps_every_line_break() -> None:
    text = "before\n" + wrapped(b64(LONG), 10) + "\nafter"
    masked = Masker({LONG})(text)
    assert masked.count("\n") == text.count("\n")
    assert masked.startswith("before\n") and masked.endswith("\nafter")
    assert set(masked.split("\n")[1:-1]) == {MASK}


# --- diffs ------------------------------------------------------------------------------

AT = Location(Path("p.md"), 3)


def result(published: str, real: str) -> CommandResult:
    expected = ExpectedOutput(tuple(published.split("\n")), AT)
    command = Command("cmd", ("~$ cmd",), Location(Path("p.md"), 2), expected, 0)
    return CommandResult(command, Result.FAILED, 0, 0, real, 0.1, match=match(expected, real))


def test_a_secret_wrapped_over_diff_rows_is_masked_on_each_row() -> None:
    real = "token:\n" + wrapped(b64("user:" + LONG), 20) + "\nend"
    rows = diff.rows(result("token:\nold\nend", real), Masker({LONG}))
    encoded = [row.text for row in rows if row.sign == "+"]
    assert encoded and set(encoded) == {MASK}
    assert rows[0].text == "token:" and rows[-1].text == "end"


def test_a_difference_inside_a_masked_secret_is_named_without_showing_it() -> None:
    old, new = b64("user:" + SECRET), b64("user:" + SECRET.replace("77", "78"))
    mask = Masker({SECRET, SECRET.replace("77", "78")})
    rows = diff.rows(result(f"auth: {old}\nsame", f"auth: {new}\nsame"), mask)
    assert [(row.sign, row.text) for row in rows] == [
        ("-", f"auth: {MASK}"),
        ("+", f"auth: {MASK}  ({HIDDEN_DIFFERENCE})"),
        (" ", "same"),
    ]
    visible = diff.rows(result(f"auth: {old}\nsame", f"auth: {new} (rotated)\nsame"), mask)
    assert HIDDEN_DIFFERENCE not in "".join(row.text for row in visible), "the rest shows it"


# --- reports, end to end ----------------------------------------------------------------


def test_every_report_masks_a_secret_printed_inside_a_longer_base64_string(
    tmp_path: Path,
) -> None:
    (tmp_path / "p.md").write_text(
        f"---\nsnippets:\n  secrets: [{SECRET}]\n---\n# Shop\n\n"
        "```console\n"
        "~$ printf 'docs:%s' \"Hidden-Pw\"-77 | base64\nwrong\n"
        "~$ printf '%s' \"Hidden-Pw\"-77 | od -An -tx1 | tr -d ' '\nwrong\n"
        "```\n"
    )
    [lesson] = extract([tmp_path], None).lessons
    run = Verifier(None, RunOptions()).run_lesson(lesson)
    assert [c.output for c in run.results[0].commands] == [
        f"{b64('docs:' + SECRET)}\n",
        f"{SECRET.encode().hex()}\n",
    ], "the page really printed them"
    document = json_report.document(run.results, run.mask)
    texts = [json.dumps(json_report.to_json(document)), junit.render_document(document)]
    for text in texts:
        assert b64("docs:" + SECRET)[4:] not in text and SECRET.encode().hex() not in text


# --- update -----------------------------------------------------------------------------

PAGE = """# {title}

```console
~$ {command}
old
```
"""


def page(folder: Path, name: str, command: str) -> Path:
    path = folder / name
    path.write_text(PAGE.format(title=name, command=command))
    return path


@pytest.mark.parametrize(
    "command",
    [
        "printf 'docs:%s' \"Hidden-Pw\"-77 | base64",
        "printf '%s' \"Hidden-Pw\"-77 | od -An -tx1 | tr -d ' '",
        "printf 'x%s' \"Long-Secret-\"" + "x" * 60 + " | base64",
        "printf '%s' \"Hidden-Pw\"-77 | jq -sRr @uri 2>/dev/null || printf 'Hidden%%2DPw%%2D77\\n'",
    ],
    ids=["base64 at an offset", "hex", "wrapped base64", "url-encoded"],
)
def test_update_refuses_to_write_a_secret_in_any_encoding_and_writes_the_other_pages(
    tmp_path: Path, command: str
) -> None:
    leaking = page(tmp_path, "leak.md", command)
    fine = page(tmp_path, "fine.md", "echo new")
    results = [run_page(extract_page(path)) for path in (leaking, fine)]
    mask = Masker({SECRET, LONG}, {p: read_published(p) for p in (leaking, fine)})
    plan = plan_update(results, mask)
    assert [str(c.command.location) for c in plan.leaks] == [f"{leaking}:4"]
    apply(plan.edits)
    assert "~$ echo new\nnew\n" in fine.read_text(), "the other page is still written"
    written = leaking.read_text()
    assert written == PAGE.format(title="leak.md", command=command), "not a byte of the secret"
