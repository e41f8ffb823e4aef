"""The production configuration in deploy/ is complete and valid as shipped: the environment file names every
setting, reads the same in sh and systemd, and passes Django's deployment checks; nginx accepts the site and
its body limit leaves oversized requests to the application; systemd accepts the units. docs/production.md
describes them; tests/test_two_nodes.py runs them."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy import (
    ENV_FILE,
    NGINX_SITE,
    REPO,
    SYSTEMD_DIR,
    env_file_values,
    nginx,
    nginx_config,
    replaced,
    systemd_analyze,
)

SETTINGS_FILE = REPO / "src" / "gcmhub" / "config" / "settings.py"
# Set for each process by its unit (Environment=); a value in the shared file would override the unit's.
SET_BY_UNITS = {"GCMHUB_BIND", "GCMHUB_SEARCH_DIR", "GCMHUB_SERVE_WORKER"}
# Read from a file named by NAME_FILE in production (envsecret in settings.py).
SECRETS = {"SECRET_KEY", "EMAIL_HOST_PASSWORD"}
# Django's deployment checks that the shipped file fails on purpose (docs/production.md, "HTTPS").
ACCEPTED_DEPLOY_WARNINGS = {"security.W005", "security.W021"}
GCMHUB = Path(sys.executable).with_name("gcmhub")


def settings_read_from_environment() -> set[str]:
    source = SETTINGS_FILE.read_text()
    pattern = r"(?:envbool|envint|envlist|envsecret|os\.environ\.get)\(\s*\"([A-Z][A-Z0-9_]+)\""
    return set(re.findall(pattern, source))


def named_in_env_file() -> set[str]:
    """Variables the file sets, or shows commented out with their default (`#NAME=value`)."""
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", ENV_FILE.read_text(), flags=re.MULTILINE))


def test_the_env_file_names_every_setting_the_settings_read() -> None:
    read = settings_read_from_environment()
    assert {"DATABASE_URL", "ALLOWED_HOSTS", "BEHIND_TLS_PROXY", "SECRET_KEY"} <= read  # the parse works
    named = named_in_env_file()
    missing = {
        name
        for name in read - SET_BY_UNITS
        if name not in named and not (name in SECRETS and f"{name}_FILE" in named)
    }
    assert not missing, f"add these to deploy/gcmhub.env (set, or as #NAME=default): {sorted(missing)}"


def test_the_env_file_leaves_per_process_settings_to_the_units() -> None:
    assert not SET_BY_UNITS & set(env_file_values())
    assert {"SECRET_KEY", "EMAIL_HOST_PASSWORD"}.isdisjoint(env_file_values()), "secrets belong in files"


def test_the_env_file_reads_the_same_in_sh_and_systemd() -> None:
    """gcmhub-manage sources it with sh; the units read it with EnvironmentFile=."""
    script = f'set -a; . "{ENV_FILE}"; set +a; env -0'
    done = subprocess.run(["sh", "-c", script], env={}, capture_output=True, check=True)
    from_sh = dict(item.split("=", 1) for item in done.stdout.decode().split("\0") if "=" in item)
    expected = env_file_values()
    assert {key: from_sh.get(key) for key in expected} == expected


def test_the_env_file_passes_djangos_deployment_checks(tmp_path: Path) -> None:
    secret_key, smtp_password = tmp_path / "secret_key", tmp_path / "smtp_password"
    secret_key.write_text(secrets.token_urlsafe(50))
    smtp_password.write_text("not-used")
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "GCMHUB_SEARCH_DIR"}},
        **env_file_values(),
        # Only where this machine differs: paths, and SQLite instead of the production PostgreSQL.
        "GCMHUB_DATA_DIR": str(tmp_path / "data"),
        "SECRET_KEY_FILE": str(secret_key),
        "EMAIL_HOST_PASSWORD_FILE": str(smtp_password),
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    done = subprocess.run(
        [str(GCMHUB), "check", "--deploy"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    warnings = set(re.findall(r"\((security\.[WE]\d+)\)", done.stdout + done.stderr))
    assert warnings == ACCEPTED_DEPLOY_WARNINGS, done.stdout + done.stderr


def test_nginx_lets_the_application_answer_oversized_requests() -> None:
    """client_max_body_size is MAX_REQUEST_BYTES plus 1 MiB: the application's 413 is the one people see."""
    (size,) = re.findall(r"^\s*client_max_body_size (\d+)m;", NGINX_SITE.read_text(), flags=re.MULTILINE)
    request_bytes = int(env_file_values()["MAX_REQUEST_BYTES"])
    assert int(size) * 1024 * 1024 == request_bytes + 1024 * 1024
    assert request_bytes > int(env_file_values()["ATTACHMENT_MAX_BYTES"])


def test_nginx_accepts_the_site(tmp_path: Path) -> None:
    binary = nginx()
    if binary is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light); .ci/run installs it")
    config = nginx_config(
        tmp_path, node_ports=(8001, 8002), https_port=8443, http_port=8080, static_root=tmp_path / "static"
    )
    done = subprocess.run([binary, "-t", "-c", str(config)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    binary = systemd_analyze()
    if binary is None:
        pytest.skip("systemd-analyze is not installed (apt-get install systemd); .ci/run installs it")
    units = []
    for unit in sorted(SYSTEMD_DIR.iterdir()):
        # The checkout's own gcmhub stands in for /srv/gcmhub's, which `verify` wants to find executable.
        copy = tmp_path / unit.name
        text = unit.read_text()
        if unit.suffix == ".service":
            text = replaced(text, {"/srv/gcmhub/.venv/bin/gcmhub": str(GCMHUB)})
        copy.write_text(text)
        units.append(str(copy))
    assert {Path(u).name for u in units} >= {"gcmhub-web@.service", "gcmhub-worker.service"}
    done = subprocess.run([binary, "verify", *units], capture_output=True, text=True)
    # `verify` exits 0 on unknown keys and bad values: its warnings are the failures.
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
