"""Security settings: the Content Security Policy on pages (scripts only from the site itself), and HTTPS
settings from the environment, so that `gcmhub check --deploy` has nothing to say about HSTS or redirects."""

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

GCMHUB = Path(sys.executable).with_name("gcmhub")


def policy(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/fr/plan/", "/api/reference/"])
def test_pages_have_a_policy_that_allows_only_our_own_scripts(client: Client, db: None, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]


# A JSON data block (type="application/json") is never run, so it is not an inline script.
INLINE_SCRIPT = re.compile(
    r'<script(?![^>]*\b(?:src=|type="application/json"))[^>]*>|\son[a-z]+=|javascript:', re.IGNORECASE
)


def test_the_templates_have_no_inline_scripts_or_event_handlers() -> None:
    templates = Path(__file__).resolve().parents[2] / "templates"
    offending = [
        f"{template.relative_to(templates)}: {match.group(0)}"
        for template in templates.rglob("*.html")
        for match in INLINE_SCRIPT.finditer(template.read_text(encoding="utf-8"))
    ]
    assert offending == []


def deploy_check(**env: str) -> str:
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60 + "-a-long-random-looking-secret-for-the-check",
        "ALLOWED_HOSTS": "hub.example.org",
        "SECURE_COOKIES": "true",
        **env,
    }
    result = subprocess.run(
        [str(GCMHUB), "check", "--deploy"], env=environment, capture_output=True, text=True, timeout=120
    )
    return result.stdout + result.stderr


def test_check_deploy_is_quiet_about_https_with_the_tls_settings_on() -> None:
    output = deploy_check(
        BEHIND_TLS_PROXY="true",
        SECURE_SSL_REDIRECT="true",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
    )
    for warning in ("security.W004", "security.W005", "security.W008", "security.W021"):
        assert warning not in output, output


def test_check_deploy_warns_without_them() -> None:
    # The same check run with the defaults: proof that the previous test can fail.
    output = deploy_check()
    assert "security.W004" in output
    assert "security.W008" in output


def test_https_redirect_and_hsts_follow_the_settings(client: Client, db: None, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    secure = client.get("/accounts/login/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=3600"


def test_every_environment_variable_of_the_settings_is_documented() -> None:
    root = Path(__file__).resolve().parents[4]
    settings_file = (root / "src" / "gcmhub" / "config" / "settings.py").read_text(encoding="utf-8")
    documented = (root / "docs" / "settings.md").read_text(encoding="utf-8")
    read = set(
        re.findall(r'(?:envbool|envint|envlist|envsecret|os\.environ\.get)\(\s*"([A-Z0-9_]+)"', settings_file)
    )
    assert {"BEHIND_TLS_PROXY", "SECURE_HSTS_SECONDS", "LOGIN_FAILURE_LIMIT", "EMAIL_HOST"} <= read
    assert sorted(name for name in read if f"| `{name}`" not in documented) == []
