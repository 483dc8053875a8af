"""Which values are secret, decided in one place; and crash reports without module state."""

from __future__ import annotations

import base64
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from snippets_runner import secrets
from snippets_runner.errors import PageError
from snippets_runner.extract.discover import extract
from snippets_runner.lab.manifests import load_objects
from snippets_runner.lint import short_secrets
from snippets_runner.secrets import (
    MASK,
    KnownSecrets,
    Masker,
    describe,
    manifest_fields,
    manifest_secrets,
)

MANIFEST = """apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: shop}
stringData:
  password: String-Pw-1
  pin: "12"
data:
  token: %s
  binary: %s
  odd: "not base64!"
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data:
  colour: not-a-secret-value
"""


def lab(tmp_path: Path, manifest: str) -> Path:
    (tmp_path / "lab.yaml").write_text(manifest)
    (tmp_path / "p.md").write_text(
        "---\nsnippets:\n  lab: [lab.yaml]\n---\n# P\n\n```console\n~$ echo hi\nhi\n```\n"
    )
    return tmp_path


def test_one_reading_of_a_manifests_secrets_serves_masking_and_lint(tmp_path: Path) -> None:
    token = base64.b64encode(b"Data-Token-2").decode()
    binary = base64.b64encode(b"\xff\xfe\x00raw").decode()
    lab(tmp_path, MANIFEST % (token, binary))
    fields = list(manifest_fields(load_objects([tmp_path / "lab.yaml"])))
    assert [(f.name, f.value, f.encoded) for f in fields] == [
        ("Secret shop/creds stringData.password", "String-Pw-1", None),
        ("Secret shop/creds stringData.pin", "12", None),
        ("Secret shop/creds data.token", "Data-Token-2", token),
        ("Secret shop/creds data.binary", binary, binary),  # not text: as written
        ("Secret shop/creds data.odd", "not base64!", "not base64!"),
    ]
    [page] = extract([tmp_path], None).pages
    assert manifest_secrets(page) == {f.value for f in fields} | {token, binary, "not base64!"}
    assert "not-a-secret-value" not in manifest_secrets(page), "a ConfigMap is no Secret"
    [warning] = short_secrets(extract([tmp_path], None))
    assert "Secret shop/creds stringData.pin is shorter than 4" in str(warning)


def test_a_malformed_secret_is_an_error_for_verify_and_no_crash_for_lint(tmp_path: Path) -> None:
    lab(tmp_path, "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: [a, b]\n")
    [page] = extract([tmp_path], None).pages
    with pytest.raises(PageError, match="Secret s: data and stringData must be mappings"):
        manifest_secrets(page)
    assert short_secrets(extract([tmp_path], None)) == []


def test_the_package_has_one_public_face() -> None:
    names = {n for n in dir(secrets) if n.isidentifier() and not n.startswith("_")}
    assert set(secrets.__all__) == names - {
        "crash",
        "forms",
        "gather",
        "mask",
        "published",
    }


# --- crash reports -----------------------------------------------------------------------


def test_known_secrets_are_an_object_per_command_not_module_state() -> None:
    first, second = KnownSecrets(), KnownSecrets()
    first.learn({"First-Run-Secret"})
    first.learn(Masker({"Learnt-Later-9"}))
    try:
        raise RuntimeError("boom: First-Run-Secret Learnt-Later-9")
    except RuntimeError as exc:
        shown, other = first.describe(exc, environ={}), second.describe(exc, environ={})
    assert "First-Run-Secret" not in shown and "Learnt-Later-9" not in shown and MASK in shown
    assert "First-Run-Secret" in other, "another command's secrets are not this one's"
    from snippets_runner.secrets import crash

    assert not [n for n, v in vars(crash).items() if isinstance(v, Masker | KnownSecrets)]


def test_a_crash_masks_the_environment_in_every_form(monkeypatch: pytest.MonkeyPatch) -> None:
    token = "ghp-Env-Token-77"
    try:
        raise ValueError(f"bad header {base64.b64encode(b'x:' + token.encode()).decode()}")
    except ValueError as exc:
        text = describe(exc, environ={"GITHUB_TOKEN": token})
    assert "internal error" in text and f"bad header {MASK}" in text


def test_the_command_line_describes_a_crash_with_what_verification_learnt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """verify hands its KnownSecrets down; a crash after a lesson learnt its secret masks it."""
    from snippets_runner import verification
    from snippets_runner.commands import verify as verify_cmd

    (tmp_path / "p.md").write_text(
        "---\nsnippets:\n  cluster: false\n  secrets: [Lesson-Secret-42]\n---\n# P\n\n"
        "```console\n~$ echo hi\nhi\n```\n"
    )
    learnt: list[KnownSecrets] = []
    real = verification.Verifier.run_lesson

    def crash(self: verification.Verifier, *args: object, **kwargs: object) -> object:
        real(self, *args, **kwargs)  # type: ignore[arg-type]
        learnt.append(self.known)
        raise RuntimeError("crashed holding Lesson-Secret-42")

    monkeypatch.setattr(verification.Verifier, "run_lesson", crash)
    monkeypatch.chdir(tmp_path)
    command = verify_cmd.verify
    assert isinstance(command, click.Command)
    result = CliRunner().invoke(command, [str(tmp_path / "p.md")])
    assert result.exit_code != 0 and learnt
    assert "internal error" in result.output and "crashed holding" in result.output
    assert "Lesson-Secret-42" not in result.output
