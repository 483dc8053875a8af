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
        "exposure",
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


# --- which names and values are credentials: one rule -------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "GITHUB_TOKEN",
        "GH_TOKEN",
        "ACTIONS_RUNTIME_TOKEN",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        "SYSTEM_ACCESSTOKEN",  # Azure Pipelines
        "CI_JOB_TOKEN",
        "CI_JOB_JWT_V2",
        "CI_REGISTRY_PASSWORD",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "DOCS_API_KEY",
        "HEROKU_APIKEY",
        "NPM_CONFIG__AUTH",
        "DOCKER_AUTH_CONFIG",
        "DB_PASS",
        "DB_PWD",
        "GITHUB_PAT",
        "SENTRY_DSN",
        "SLACK_WEBHOOK_URL",
        "SESSION_COOKIE",
        "GOOGLE_CREDENTIALS",
        "TWINE_PASSWORD",
        "SIGNING_KEY",
        "client-secret",  # an auth-provider config key
        "refresh-token",
        "apiKey",
        "clientSecret",
        "oidc-client-secret",  # a flag of kubelogin
    ],
)
def test_a_name_saying_credential_is_one(name: str) -> None:
    assert secrets.credential_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "PATH",
        "PWD",
        "OLDPWD",
        "HOME",
        "KEYMAP",
        "GNOME_KEYRING_CONTROL",
        "PYTHON_KEYRING_BACKEND",
        "XDG_SESSION_TYPE",  # wayland: masking it would garble every report
        "XDG_SESSION_CLASS",  # user
        "DESKTOP_SESSION",
        "SSH_AUTH_SOCK",  # a socket's path, no credential
        "GIT_AUTHOR_NAME",  # a person's name, shown by git log
        "GIT_AUTHOR_EMAIL",
        "GIT_ASKPASS",
        "AWS_REGION",
        "AWS_PROFILE",  # default
        "COOKIE_DOMAIN",
        "PRIVATE_REGISTRY",
        "oidc-client-id",
        "oidc-issuer-url",
        "",
        "--",
    ],
)
def test_a_name_that_says_nothing_of_a_credential_is_none(name: str) -> None:
    assert not secrets.credential_name(name)


def test_the_runners_environment_and_passed_variables_follow_the_same_rule() -> None:
    environ = {
        "GITHUB_TOKEN": "ghp-Runner-Token-1",
        "AWS_ACCESS_KEY_ID": "AKIA-Key-Id-2",
        "XDG_SESSION_TYPE": "wayland",
        "GIT_AUTHOR_NAME": "Jane Writer",
        "TOKENIZERS_PARALLELISM": "false",  # a switch, though its name holds TOKEN
    }
    assert secrets.environment_secrets(environ) == secrets.named_secrets(environ)
    assert secrets.environment_secrets(environ) == {"ghp-Runner-Token-1", "AKIA-Key-Id-2"}


def test_credentials_are_also_known_by_their_form_whatever_the_name() -> None:
    github = "ghp_" + "A1b2C3d4" * 5
    found = secrets.named_secrets(
        {
            "MY_GH": github,
            "UPLOAD": "https://bot:Url-Pw-3@example.com/x",
            "GIT_CONFIG_VALUE_0": "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hz",
            "AWS_ID": "AKIAIOSFODNN7EXAMPLE",
            "NOTE": "the basic idea, a token of thanks, get-token --cluster-name prod",
        }
    )
    assert found == {github, "Url-Pw-3", "eC1hY2Nlc3MtdG9rZW46Z2hz", "AKIAIOSFODNN7EXAMPLE"}


def test_a_credentials_file_path_is_no_credential(tmp_path: Path) -> None:
    """The path names where the credential is; masking it would only garble reports."""
    key = tmp_path / "key.json"
    key.write_text("{}")
    found = secrets.named_secrets(
        {"GOOGLE_APPLICATION_CREDENTIALS": str(key), "API_KEY": "/not/a/file/but/a-Key-4"}
    )
    assert found == {"/not/a/file/but/a-Key-4"}


# --- kubeconfig credentials ---------------------------------------------------------------


def _exec_user(**plugin: object) -> dict[str, object]:
    exec_ = {"apiVersion": "client.authentication.k8s.io/v1beta1", "command": "kubectl"}
    return {"users": [{"name": "oidc", "user": {"exec": {**exec_, **plugin}}}]}


def test_kubeconfig_exec_plugin_arguments_holding_credentials_are_masked() -> None:
    """Review round 3: kubelogin's documented OIDC setup puts the client secret in the
    exec plugin's arguments (``kubectl config view`` does not redact them)."""
    secret = "Zk8sOidcClientSecret42"
    config = _exec_user(
        args=[
            "oidc-login",
            "get-token",
            "--oidc-issuer-url=https://issuer.example.com",
            "--oidc-client-id=kubernetes",
            f"--oidc-client-secret={secret}",
        ]
    )
    assert secret in secrets.kubeconfig_values(config)


def test_exec_plugin_credentials_in_every_shape_of_argument_and_environment() -> None:
    config = _exec_user(
        args=[
            "oidc-login",
            "get-token",
            "--oidc-client-secret",  # the value as the next argument
            "Two-Word-Secret-5",
            "--token=Eq-Token-6",
            "-password=One-Dash-Pw-7",
            "--api-key",
            "--verbose",  # another flag, not the key's value
            "--header=Authorization: Bearer Header-Bearer-8",
            "--proxy=https://u:Proxy-Pw-9@proxy:3128",
            "--oidc-client-id=kubernetes",
            "--oidc-issuer-url=https://issuer.example.com",
            "--token-cache-storage=none",  # a switch
            "--client-secret",  # the last argument: no value
        ],
        env=[
            {"name": "AWS_SECRET_ACCESS_KEY", "value": "Aws-Secret-10"},
            {"name": "AWS_SECRET_ACCESS_KEY", "value": "Aws-Secret-Again-11"},
            {"name": "AWS_PROFILE", "value": "default"},
            {"name": "AWS_SESSION_TOKEN", "value": None},
            "not a mapping",
        ],
    )
    assert secrets.kubeconfig_values(config) == {
        "Two-Word-Secret-5",
        "Eq-Token-6",
        "One-Dash-Pw-7",
        "Header-Bearer-8",
        "Proxy-Pw-9",
        "Aws-Secret-10",
        "Aws-Secret-Again-11",
    }


@pytest.mark.parametrize(
    "plugin",
    [{"args": "--token=x"}, {"args": None, "env": {"a": "b"}}, {"args": [1, None, {"a": 1}]}],
)
def test_a_malformed_exec_plugin_is_no_crash(plugin: dict[str, object]) -> None:
    assert secrets.kubeconfig_values(_exec_user(**plugin)) <= {"1", "None", "{'a': 1}"}


def test_auth_provider_config_follows_the_same_rule() -> None:
    config = {
        "users": [
            {
                "name": "u",
                "user": {
                    "auth-provider": {
                        "name": "oidc",
                        "config": {
                            "client-id": "kubernetes",
                            "client-secret": "Provider-Secret-12",
                            "id-token": "Provider-Id-Token-13",
                            "idp-issuer-url": "https://issuer.example.com",
                        },
                    }
                },
            }
        ]
    }
    assert secrets.kubeconfig_values(config) == {"Provider-Secret-12", "Provider-Id-Token-13"}
