"""Masking: secrets never reach a report, but what a page publishes itself stays readable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from snippets_runner.extract.discover import extract
from snippets_runner.extract.frontmatter import published_text
from snippets_runner.lint import short_secrets
from snippets_runner.report import json_report
from snippets_runner.run.runner import RunOptions
from snippets_runner.secrets import MASK, Masker, describe, environment_secrets, published_in
from snippets_runner.verification import Verifier


def test_short_values_are_not_masked_and_longest_values_win() -> None:
    mask = Masker({"abc", "abcd", "abcdefg", ""})
    assert mask("abc abcd abcdefgh") == f"abc {MASK} {MASK}h"
    assert mask.values == {"abcd", "abcdefg"}


def test_multi_line_values_are_masked_line_by_line() -> None:
    mask = Masker({"line-one\nline-two\n"})
    assert mask("x line-two y") == f"x {MASK} y"


@pytest.mark.parametrize(
    "shown",
    [
        "password: dG9wc2VjcmV0NDI=",  # kubectl get secret -o yaml
        "dG9wc2VjcmV0NDIK",  # echo topsecret42 | base64
        "dG9wc2VjcmV0NDI",  # unpadded (a JWT-style encoder)
        '{"password":"dG9wc2VjcmV0NDI="}',  # -o json
    ],
)
def test_a_value_is_masked_in_base64_too(shown: str) -> None:
    mask = Masker({"topsecret42"})
    assert "dG9wc2VjcmV0NDI" not in mask(shown)
    assert MASK in mask(shown)


def test_base64_forms_follow_their_value_onto_the_page_that_publishes_it(tmp_path: Path) -> None:
    mine, other = tmp_path / "mine.md", tmp_path / "other.md"
    mask = Masker({"topsecret42"}, {mine: "the password is topsecret42\n", other: "prose\n"})
    line = "password: dG9wc2VjcmV0NDI="
    assert mask.for_page(mine)(line) == line, "the page tells its readers the value"
    assert mask.for_page(other)(line) == f"password: {MASK}"


def test_a_value_is_published_only_as_a_whole_word() -> None:
    assert published_in("catalog", "kubectl get pods -n catalog")
    assert published_in("catalog", "catalog-mysql-0")
    assert not published_in("abcd", "abcdef")
    assert not published_in("catalog", "catalog_user")


def test_published_text_leaves_out_the_front_matter_and_the_bom() -> None:
    page = "\ufeff---\nsnippets:\n  secrets: [s3cr3t-pw]\n---\n# T\ncatalog\n"
    assert published_text(page) == "# T\ncatalog\n"
    # Only a first line of dashes opens front matter; a later rule or an indented one does not.
    for kept in ("# T\n---\na: b\n---\nx\n", " ---\na: b\n---\nx\n", "x\n"):
        assert published_text(kept) == kept


def test_a_value_the_page_publishes_is_shown_in_that_page_only(tmp_path: Path) -> None:
    mine, other = tmp_path / "mine.md", tmp_path / "other.md"
    mask = Masker(
        {"catalog", "catalog-pw-7Hq2"},
        {mine: "~$ kubectl describe statefulset -n catalog catalog-mysql\n", other: "prose\n"},
    )
    command = "kubectl describe statefulset -n catalog catalog-mysql # catalog-pw-7Hq2"
    assert mask.for_page(mine)(command) == (
        f"kubectl describe statefulset -n catalog catalog-mysql # {MASK}"
    )
    assert (
        mask.for_page(other)(command)
        == f"kubectl describe statefulset -n {MASK} {MASK}-mysql # {MASK}"
    )
    assert mask(command) == mask.for_page(other)(command), "text of no page: everything masked"
    assert (mask | Masker({"zzzz"})).for_page(mine)("catalog zzzz") == f"catalog {MASK}"


MANIFEST = """apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: shop
stringData:
  password: Manifest-Only-Pw9
  short: abc
"""
PAGE = """---
snippets:
  lab: [lab.yaml]
---
# Shop

```console
~$ echo "Manifest-Only-""Pw9"
wrong
```
"""


def test_lab_manifest_secrets_are_masked_without_the_front_matter_repeating_them(
    tmp_path: Path,
) -> None:
    (tmp_path / "lab.yaml").write_text(MANIFEST)
    (tmp_path / "p.md").write_text(PAGE)
    extraction = extract([tmp_path], None)
    [lesson] = extraction.lessons
    assert lesson.primary.lab.secrets == (), "the front matter names no secret"
    run = Verifier(None, RunOptions()).run_lesson(lesson)
    [result] = run.results[0].commands
    assert result.output == "Manifest-Only-Pw9\n", "the page really printed it"
    report = json.dumps(json_report.render(run.results, run.mask))
    assert "Manifest-Only-Pw9" not in report and f'"output": "{MASK}\\n"' in report


def test_short_secrets_get_a_lint_warning_that_names_them_not_their_value(
    tmp_path: Path,
) -> None:
    (tmp_path / "lab.yaml").write_text(MANIFEST)
    (tmp_path / "p.md").write_text(
        PAGE.replace("lab: [lab.yaml]", "lab: [lab.yaml]\n  secrets: [pw]")
    )
    warnings = [str(w) for w in short_secrets(extract([tmp_path], None))]
    assert warnings == [
        f"{tmp_path / 'lab.yaml'}:1: warning: secret Secret shop/creds stringData.short is "
        "shorter than 4 characters, so reports do NOT mask it",
        f"{tmp_path / 'p.md'}:2: warning: secret front matter snippets.secrets[0] is shorter "
        "than 4 characters, so reports do NOT mask it",
    ]


def test_a_crash_prints_a_masked_traceback_without_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp-env-token-value")
    try:
        raise RuntimeError("boom with s3cr3t-value and ghp-env-token-value")
    except RuntimeError as exc:
        text = describe(exc, Masker({"s3cr3t-value"}))
    assert text.startswith("internal error (a bug in snippets-runner, please report it):")
    assert "Traceback (most recent call last)" in text and "RuntimeError: boom with" in text
    assert "s3cr3t-value" not in text and "ghp-env-token-value" not in text
    assert "ghp-env-token-value" in environment_secrets()


def test_lessons_share_one_namespace_answer(tmp_path: Path) -> None:
    from snippets_runner.lab.namespaces import lesson_namespaces

    (tmp_path / "lab.yaml").write_text(
        MANIFEST + "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: store\n"
    )
    (tmp_path / "p.md").write_text(
        PAGE.replace('echo "Manifest-Only-""Pw9"', "kubectl get pods -n web")
    )
    [lesson] = extract([tmp_path], None).lessons
    assert lesson_namespaces(lesson, "dflt") == {"shop", "store", "web", "dflt"}
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "q.md").write_text(
        "---\nsnippets: {cluster: false}\n---\n```console\n~$ echo hi\nhi\n```\n"
    )
    [shell_only] = extract([plain], None).lessons
    assert lesson_namespaces(shell_only) == frozenset(), "no cluster, no namespace"


def test_secrets_that_cannot_be_read_are_an_error_not_an_empty_mask(tmp_path: Path) -> None:
    import socket

    import yaml

    from snippets_runner.errors import ClusterError
    from snippets_runner.kube.access import ClusterTarget, secret_values

    with socket.socket() as sock:  # bound, never listening: connections are refused
        sock.bind(("127.0.0.1", 0))
        server = f"https://127.0.0.1:{sock.getsockname()[1]}"
        config = tmp_path / "kubeconfig"
        config.write_text(
            yaml.safe_dump(
                {
                    "apiVersion": "v1",
                    "kind": "Config",
                    "current-context": "lab",
                    "clusters": [{"name": "c", "cluster": {"server": server}}],
                    "users": [{"name": "u", "user": {"token": "x"}}],
                    "contexts": [{"name": "lab", "context": {"cluster": "c", "user": "u"}}],
                }
            )
        )
        target = ClusterTarget("lab", config, server, "default")
        with pytest.raises(ClusterError, match=r"cannot read the Secrets .* shop: "):
            secret_values(target, {"shop"})


def test_reports_show_what_the_page_publishes_and_mask_the_rest(tmp_path: Path) -> None:
    from snippets_runner.report import junit

    (tmp_path / "p.md").write_text(
        "---\nsnippets:\n  secrets: [shop-admin, Hidden-Pw-77]\n---\n# Shop\n\n"
        '```console\n~$ echo shop-admin "Hidden-Pw-""77"\nwrong\n```\n'
    )
    [lesson] = extract([tmp_path], None).lessons
    run = Verifier(None, RunOptions()).run_lesson(lesson)
    document = json_report.document(run.results, run.mask)
    [command] = document.pages[0].commands
    assert command.command == 'echo shop-admin "Hidden-Pw-""77"'
    assert command.output == f"shop-admin {MASK}\n"
    xml = junit.render_document(document)
    assert "shop-admin" in xml and "Hidden-Pw-77" not in xml


def test_a_secret_a_command_prints_in_base64_is_masked_in_every_report(tmp_path: Path) -> None:
    from snippets_runner.report import junit

    (tmp_path / "p.md").write_text(
        "---\nsnippets:\n  secrets: [Hidden-Pw-77]\n---\n# Shop\n\n"
        '```console\n~$ echo "Hidden-Pw-""77" | base64\nwrong\n```\n'
    )
    [lesson] = extract([tmp_path], None).lessons
    run = Verifier(None, RunOptions()).run_lesson(lesson)
    [command] = run.results[0].commands
    assert command.output == "SGlkZGVuLVB3LTc3Cg==\n", "the page really printed it encoded"
    document = json_report.document(run.results, run.mask)
    assert document.pages[0].commands[0].output == f"{MASK}\n"
    assert "SGlkZGVuLVB3LTc3" not in junit.render_document(document)


def test_credentials_among_the_variables_a_site_passes_are_known_by_name_or_url() -> None:
    from snippets_runner.secrets import named_secrets

    found = named_secrets(
        {
            "AWS_SECRET_ACCESS_KEY": "Aws-Secret-1",
            "AWS_SESSION_TOKEN": "Aws-Session-2",
            "DOCS_API_KEY": "Docs-Key-3",
            "AWS_EC2_METADATA_DISABLED": "true",  # a switch, not a credential
            "AWS_REGION": "eu-west-1",
            "HTTPS_PROXY": "http://docs:Proxy-Pw-4@proxy.example:3128",
        }
    )
    assert found == {"Aws-Secret-1", "Aws-Session-2", "Docs-Key-3", "Proxy-Pw-4"}
