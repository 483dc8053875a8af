"""Property tests of masking: a secret's bytes cannot be recovered from a masked text,
whatever the encoding, offset or wrapping, and text without the secret is left alone.

The oracle here is independent of the masker: it decodes what is left of a
masked text (each base64 run at each of its four alignments, in both
alphabets; each hex run at both parities; the text with JSON and URL
escapes undone) and looks for the secret's bytes.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import urllib.parse
from collections.abc import Callable
from contextlib import suppress

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from snippets_runner.secrets import MASK, MIN_LENGTH, Masker

# --- the oracle ---------------------------------------------------------------------------

_B64_RUN = re.compile(r"[A-Za-z0-9+/=_-]+")
_HEX_RUN = re.compile(r"[0-9A-Fa-f]+")
_JSON_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|[\"\\/bfnrt])")
_SHORT = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _json_unescaped(text: str) -> str:
    def one(found: re.Match[str]) -> str:
        code = found.group(1)
        if code[0] == "u":
            return chr(int(code[1:], 16))
        return _SHORT.get(code, code)

    unescaped = _JSON_ESCAPE.sub(one, text)
    return unescaped.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _decodings(text: str) -> list[bytes]:
    """Everything the text's base64 and hex runs decode to, at every alignment."""
    joined = re.sub(r"\s*\n\s*", "", text)
    out: list[bytes] = []
    for run in _B64_RUN.findall(joined):
        body = run.replace("=", "")
        for offset in range(4):
            part = body[offset:]
            part = part[: len(part) - len(part) % 4]
            for alphabet in (base64.b64decode, base64.urlsafe_b64decode):
                with suppress(binascii.Error, ValueError):
                    out.append(alphabet(part.translate(str.maketrans("-_", "+/"))))
    for run in _HEX_RUN.findall(joined):
        for parity in (0, 1):
            part = run[parity:]
            out.append(bytes.fromhex(part[: len(part) - len(part) % 2]))
    return out


def recoverable(secret: str, text: str) -> bool:
    """Whether ``text`` gives ``secret`` away, in any encoding the oracle knows."""
    data = secret.encode("utf-8")
    plain = (
        text,
        _json_unescaped(text),
        urllib.parse.unquote(text, errors="replace"),
        urllib.parse.unquote_plus(text, errors="replace"),
    )
    return any(secret in p for p in plain) or any(data in d for d in _decodings(text))


# --- encodings a page's command can print ------------------------------------------------


def _b64(alphabet: str, padded: bool) -> Callable[[bytes], str]:
    def encode(data: bytes) -> str:
        text = base64.b64encode(data).decode()
        if alphabet == "url":
            text = text.translate(str.maketrans("+/", "-_"))
        return text if padded else text.rstrip("=")

    return encode


WRAPPABLE: dict[str, Callable[[bytes], str]] = {
    "base64": _b64("std", True),
    "base64-unpadded": _b64("std", False),
    "base64url": _b64("url", True),
    "base64url-unpadded": _b64("url", False),
    "hex": bytes.hex,
    "HEX": lambda data: data.hex().upper(),
}
TEXTUAL: dict[str, Callable[[str], str]] = {
    "plain": lambda text: text,
    "json": lambda text: json.dumps(text)[1:-1],
    "json-ascii-slashes": lambda text: json.dumps(text).replace("/", "\\/")[1:-1],
    "json-raw": lambda text: json.dumps(text, ensure_ascii=False)[1:-1],
    "url": lambda text: urllib.parse.quote(text, safe=""),
    "url-plus": lambda text: urllib.parse.quote_plus(text),
    "url-lower": lambda text: re.sub(
        r"%[0-9A-F]{2}", lambda m: m.group().lower(), urllib.parse.quote(text, safe="")
    ),
}


def wrapped(text: str, width: int) -> str:
    """A newline every ``width`` characters, as ``base64 -w WIDTH`` prints."""
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
SECRET_CHARS = st.one_of(
    st.characters(min_codepoint=0x21, max_codepoint=0x7E),
    st.sampled_from("éü日本語€✓"),
    st.characters(min_codepoint=0x1F600, max_codepoint=0x1F64F),  # beyond the BMP
)
secrets_ = st.text(SECRET_CHARS.filter(lambda c: c != MASK[0]), min_size=MIN_LENGTH, max_size=40)
"""Secrets (without ``*``: a masked text shows ``******`` in their place)."""
padding = st.text(PRINTABLE, max_size=24)


@settings(max_examples=400)
@given(
    secret=secrets_,
    before=padding,
    after=padding,
    encoding=st.sampled_from(sorted(WRAPPABLE)),
    width=st.one_of(st.none(), st.integers(1, 100)),
)
@example(secret="Hidden-Pw-77", before="user:", after="", encoding="base64", width=None)
@example(secret="topsecret42", before="ab", after="\n", encoding="base64", width=76)
@example(secret="x" * 60, before="", after="", encoding="base64", width=76)
@example(secret="s3cr3t-value", before="", after="", encoding="hex", width=None)
def test_an_encoded_secret_cannot_be_recovered_at_any_offset_or_width(
    secret: str, before: str, after: str, encoding: str, width: int | None
) -> None:
    """The secret inside a longer encoded string, at each of the 3 byte alignments."""
    for shift in range(3):  # every alignment, whatever the drawn prefix's length
        data = (before + "." * shift).encode() + secret.encode() + after.encode()
        encoded = WRAPPABLE[encoding](data)
        shown = encoded if width is None else wrapped(encoded, width)
        for text in (shown, f"value: {shown}\nnext line", f'{{"auth":"{shown}"}}'):
            masked = Masker({secret})(text)
            assert not recoverable(secret, masked), (text, masked)


@settings(max_examples=300)
@given(
    secret=secrets_,
    before=padding,
    after=padding,
    encoding=st.sampled_from(sorted(TEXTUAL)),
)
@example(secret='p@ss/w"rd é', before="", after="", encoding="json")
@example(secret="pass word!", before="u=", after="&x", encoding="url-plus")
def test_a_secret_in_a_text_form_cannot_be_recovered(
    secret: str, before: str, after: str, encoding: str
) -> None:
    text = TEXTUAL[encoding](before + secret + after)
    masked = Masker({secret})(text)
    assert not recoverable(secret, masked), (text, masked)


# --- the bound on masking what is no secret ---------------------------------------------


def stable_cores(secret: str) -> set[str]:
    """The test's own account of the documented bound: the base64 characters made of the
    secret's bits alone, at each alignment, both alphabets; and its hex."""
    data = secret.encode()
    cores = {data.hex(), data.hex().upper()}
    for shift in range(3):
        encoded = base64.b64encode(bytes(shift) + data).decode()
        first = {0: 0, 1: 2, 2: 3}[shift]
        last = (8 * (shift + len(data))) // 6
        cores |= {encoded[first:last], encoded[first:last].translate(str.maketrans("+/", "-_"))}
    return cores


def holds_a_form(secret: str, text: str) -> bool:
    joined = re.sub(r"[ \t\r]*\n[ \t]*", "", text).replace("\\/", "/")
    joined = re.sub(r"%2[Bb]", "+", re.sub(r"%2[Ff]", "/", re.sub(r"%3[Dd]", "=", joined)))
    return recoverable(secret, text) or any(core in joined for core in stable_cores(secret))


def _near_miss(secret: str, data: st.DataObject) -> str:
    """The secret with one inner character changed: its encodings differ from the
    secret's inside the stable core at every alignment."""
    at = data.draw(st.integers(1, len(secret) - 2))
    other = data.draw(SECRET_CHARS.filter(lambda c: c != secret[at]))
    return secret[:at] + other + secret[at + 1 :]


@settings(max_examples=300)
@given(secret=secrets_, text=st.text(PRINTABLE, max_size=200))
@example(secret="catalog-pw", text="kubectl get pods -n shop\nNAME  READY\nweb-0  1/1")
def test_text_without_the_secret_in_any_form_is_left_alone(secret: str, text: str) -> None:
    assume(not holds_a_form(secret, text))
    assert Masker({secret})(text) == text


@settings(max_examples=300)
@given(
    data=st.data(),
    secret=secrets_,
    text=st.text(PRINTABLE, max_size=80),
    encoding=st.sampled_from(sorted(WRAPPABLE)),
    width=st.one_of(st.none(), st.integers(1, 100)),
    textual=st.sampled_from(sorted(TEXTUAL)),
)
def test_a_near_miss_of_the_secret_is_left_alone(
    data: st.DataObject,
    secret: str,
    text: str,
    encoding: str,
    width: int | None,
    textual: str,
) -> None:
    """The encodings of the secret with one inner character changed are no secret."""
    miss = _near_miss(secret, data)
    encoded = WRAPPABLE[encoding](data.draw(padding).encode() + miss.encode())
    for sample in (
        f"{text}\n{encoded if width is None else wrapped(encoded, width)}",
        TEXTUAL[textual](miss),
    ):
        assume(not holds_a_form(secret, sample))
        assert Masker({secret})(sample) == sample


@settings(max_examples=200)
@given(
    secret=secrets_,
    before=st.text(PRINTABLE, max_size=30),
    after=st.text(PRINTABLE, max_size=30),
    encoding=st.sampled_from(sorted(WRAPPABLE)),
)
def test_masking_an_encoded_secret_stops_at_its_run(
    secret: str, before: str, after: str, encoding: str
) -> None:
    """Text on the same line, apart from the encoded string, stays as printed."""
    head, tail = f"{before} ", f" {after}"
    assume(not holds_a_form(secret, head) and not holds_a_form(secret, tail))
    text = head + WRAPPABLE[encoding](b"user:" + secret.encode()) + tail
    assert Masker({secret})(text) == f"{head}{MASK}{tail}"


@settings(max_examples=200)
@given(
    secret=secrets_,
    before=st.lists(st.text(PRINTABLE, max_size=20), max_size=3),
    after=st.lists(st.text(PRINTABLE, max_size=20), max_size=3),
    width=st.integers(1, 100),
    shift=st.integers(0, 2),
)
def test_one_line_of_many_is_masked_as_masking_all_of_them_would(
    secret: str, before: list[str], after: list[str], width: int, shift: int
) -> None:
    """Reports mask diff rows one at a time: in context, never weaker than the whole."""
    encoded = base64.b64encode(b"." * shift + secret.encode()).decode()
    lines = [*before, *wrapped(encoded, width).split("\n"), *after]
    mask = Masker({secret})
    whole = mask.lines(lines)
    one = mask.context(lines)
    assert [one(i) for i in range(len(lines))] == whole
    assert not recoverable(secret, "\n".join(whole))
