"""The production configuration under deploy/, made runnable on a test machine: the same files with only the
machine's paths, ports and certificate swapped in (each swap must find what it replaces, so the shipped file
cannot drift away from what the tests check)."""

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
ENV_FILE = DEPLOY / "gcmhub.env"
NGINX_SITE = DEPLOY / "nginx" / "gcmhub.conf"
SYSTEMD_DIR = DEPLOY / "systemd"
SERVER_NAME = "hub.example.org"
SHIPPED_NODE_PORTS = (8001, 8002)


def env_file_values(path: Path = ENV_FILE) -> dict[str, str]:
    """KEY=value lines of an environment file, as systemd's EnvironmentFile= reads the simple ones."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, separator, value = line.partition("=")
            assert separator, f"not KEY=value: {line!r}"
            values[key] = value
    return values


def replaced(text: str, swaps: dict[str, str]) -> str:
    for old, new in swaps.items():
        assert old in text, f"{old!r} is no longer in the shipped file"
        text = text.replace(old, new)
    return text


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "fullchain.pem", directory / "privkey.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", f"/CN={SERVER_NAME}", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_config(
    directory: Path, *, node_ports: tuple[int, ...], https_port: int, http_port: int, static_root: Path
) -> Path:
    """deploy/nginx/gcmhub.conf in a minimal nginx.conf of its own (pid, logs and ports in `directory`)."""
    cert, key = self_signed_certificate(directory)
    upstream = "".join(
        f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n" for port in node_ports
    ).rstrip("\n")
    shipped_upstream = "\n".join(
        f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in SHIPPED_NODE_PORTS
    )
    site = replaced(
        NGINX_SITE.read_text(),
        {
            shipped_upstream: upstream,
            f"/etc/letsencrypt/live/{SERVER_NAME}/fullchain.pem": str(cert),
            f"/etc/letsencrypt/live/{SERVER_NAME}/privkey.pem": str(key),
            "/var/log/nginx/": f"{directory}/",
            "/var/www/gcmhub/static/": f"{static_root}/",
            "/var/www/letsencrypt": str(directory / "acme"),
            "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
            "listen [::]:443 ssl http2;\n": "",
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen [::]:80;\n": "",
        },
    )
    (directory / "site.conf").write_text(site)
    main = directory / "nginx.conf"
    main.write_text(
        # As root (CI), the workers stay root so they can read static files under pytest's private tmp.
        f"user root;\npid {directory}/nginx.pid;\nerror_log {directory}/error.log;\n"
        "events {}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    client_body_temp_path {directory}/body;\n"
        f"    proxy_temp_path {directory}/proxy;\n    include {directory}/site.conf;\n}}\n"
    )
    return main


def nginx() -> str | None:
    return shutil.which("nginx") or next(
        (str(path) for path in (Path("/usr/sbin/nginx"),) if path.exists()), None
    )


def systemd_analyze() -> str | None:
    return shutil.which("systemd-analyze")
