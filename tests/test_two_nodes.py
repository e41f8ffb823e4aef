"""Two web nodes on one PostgreSQL database, each with its own search index fed by the outbox, as
docs/production.md sets them up: real `gcmhub serve --no-worker` processes with the settings of
deploy/gcmhub.env, and the shipped nginx site in front of them over TLS.

Only what differs on a test machine is swapped: paths, ports, the test database, a self-signed certificate, no
SMTP server, and static files collected without WhiteNoise's compression (the same hashed names; compressing
them takes minutes on two shared cores)."""

import json
import os
import re
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from gcmhub.accounts.actions import create_api_token
from gcmhub.fund.tests.test_race import restore_shared_data
from gcmhub.knowledge.models import Resource, Status
from gcmhub.search.backends import forget_backends
from tests.deploy import SERVER_NAME, env_file_values, nginx, nginx_config

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

GCMHUB = Path(sys.executable).with_name("gcmhub")
DEADLINE_SECONDS = 60  # generous: how long a node may take to start, or a change to reach another node
POLL_SECONDS = 0.2
TITLE = "Interoperable consular registries for returning migrants"
QUERY = '"consular registries"'  # a phrase: the shipped work plan has each word on its own
# What nginx, or a monitoring probe talking to a node directly, sends with every request.
PROXY_HEADERS = {"Host": SERVER_NAME, "X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module", autouse=True)
def _restore_after_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Transactional tests empty every table when they end; the tests after this module need the data."""
    yield
    with django_db_blocker.unblock():
        restore_shared_data()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def eventually(check: Callable[[], bool], what: str) -> None:
    """Poll until `check` holds; fail after DEADLINE_SECONDS."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not check():
        assert time.monotonic() < deadline, f"not within {DEADLINE_SECONDS} s: {what}"
        time.sleep(POLL_SECONDS)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def fetch(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    context: ssl.SSLContext | None = None,
) -> Response:
    """One request; redirects are not followed, so a 301 stays a 301."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect(), urllib.request.HTTPSHandler(context=context))
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with opener.open(request, timeout=60) as answer:
            return Response(answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


@dataclass
class Node:
    """One `gcmhub serve --no-worker` on its own port, data directory and search index."""

    name: str
    port: int
    data_dir: Path
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, token: str | None = None) -> Response:
        headers = dict(PROXY_HEADERS)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return fetch(self.url + path, headers=headers)

    def post(self, path: str, payload: dict[str, Any], token: str) -> Response:
        headers = {**PROXY_HEADERS, "Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        return fetch(self.url + path, method="POST", body=json.dumps(payload).encode(), headers=headers)

    def titles(self, query: str) -> list[str]:
        answer = self.get("/api/v1/search?" + urllib.parse.urlencode({"q": query}))
        assert answer.status == 200, answer.body
        return [item["title"] for item in answer.json()["items"]]

    def health(self) -> tuple[int, dict[str, Any]]:
        answer = self.get("/healthz")
        return answer.status, answer.json()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@dataclass
class Cluster:
    """The nodes (and nginx) of one test, on the test database; everything is stopped when the test ends."""

    root: Path
    database_url: str
    static_root: Path
    secret_key_file: Path
    nodes: dict[str, Node] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def environment(self, data_dir: Path) -> dict[str, str]:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(("GCMHUB_", "DATABASE_"))}
        production = {k: v for k, v in env_file_values().items() if k != "EMAIL_HOST_PASSWORD_FILE"}
        return {
            **inherited,
            **production,
            "GCMHUB_DATA_DIR": str(data_dir),
            # As gcmhub-web@.service sets it: the node's own index.
            "GCMHUB_SEARCH_DIR": str(data_dir / "search"),
            "SECRET_KEY_FILE": str(self.secret_key_file),
            "DATABASE_URL": self.database_url,
            "STATIC_ROOT": str(self.static_root),
            "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            # Searches check the outbox this often; production's 2 s would only make the test slower.
            "GCMHUB_SEARCH_SYNC_SECONDS": "0.2",
            # No worker runs here (the nodes serve with --no-worker, as in production).
            "GCMHUB_HEALTH_REQUIRE_WORKER": "false",
            "GCMHUB_WORKERS": "1",
        }

    def gcmhub(self, data_dir: Path, *args: str) -> None:
        done = subprocess.run(
            [str(GCMHUB), *args], env=self.environment(data_dir), capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stdout + done.stderr

    def start(self, name: str, *, sync_first: bool = True) -> Node:
        """A node in a new data directory. `sync_first` as gcmhub-web@.service's ExecStartPre does it."""
        data_dir = self.root / name
        if sync_first:
            self.gcmhub(data_dir, "sync_index")
        log = self.root / f"{name}.log"
        port = free_port()
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(GCMHUB), "serve", "--no-worker", "--bind", f"127.0.0.1:{port}"],
                env=self.environment(data_dir),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        node = Node(name, port, data_dir, process, log)
        self.nodes[name] = node

        def answers() -> bool:
            assert process.poll() is None, f"node {name} stopped:\n{node.log_text()}"
            try:
                node.get("/healthz")
            except OSError:
                return False
            return True

        eventually(answers, f"node {name} answers on port {port}")
        return node

    def stop(self, process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout=DEADLINE_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            self.stop(process)


@pytest.fixture(scope="module")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Collected once, as `gcmhub collectstatic` does on installation, shared by every node and nginx."""
    root = tmp_path_factory.mktemp("static")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GCMHUB_", "DATABASE_"))}
    env.update(
        GCMHUB_DATA_DIR=str(root.parent / "collect"),
        STATIC_ROOT=str(root),
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    )
    done = subprocess.run(
        [str(GCMHUB), "collectstatic", "--noinput", "-v0"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def cluster(transactional_db: None, tmp_path: Path, static_root: Path, settings: Any) -> Iterator[Cluster]:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://… (docs/testing.md)")
    # This process writes too (restoring the data, the personas): its index goes here, not into var/.
    settings.GCMHUB_SEARCH_DIR = tmp_path / "pytest-search"
    forget_backends()
    restore_shared_data()
    # The database pytest-django created for this run (and this xdist worker).
    db = connection.settings_dict
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    url = f"postgres://{db['USER']}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    secret_key_file = tmp_path / "secret_key"
    secret_key_file.write_text(secrets.token_urlsafe(50))
    running = Cluster(tmp_path, url, static_root, secret_key_file)
    yield running
    # Before pytest-django empties the tables: no node may hold a connection then.
    running.stop_all()
    forget_backends()


@pytest.fixture
def token(secretariat: Any) -> str:
    return create_api_token(actor=secretariat, name="two nodes")[1]


def publish_through(node: Node, token: str, title: str) -> int:
    """Create a practice through the node's API, and publish it there once approved."""
    created = node.post(
        "/api/v1/knowledge/resources", {"kind": "practice", "title": title, "summary": "Records."}, token
    )
    assert created.status == 201, created.body
    resource_id: int = created.json()["id"]
    # Approval comes from peer review (tested with the knowledge app); here only publishing matters.
    Resource.objects.filter(pk=resource_id).update(status=Status.APPROVED)
    published = node.post(f"/api/v1/knowledge/resources/{resource_id}/publish", {"rationale": ""}, token)
    assert published.status == 200, published.body
    assert published.json()["status"] == "published"
    return resource_id


def test_a_resource_published_on_one_node_is_found_on_the_other(cluster: Cluster, token: str) -> None:
    a, b = cluster.start("a"), cluster.start("b")
    # sync_index before serving built each index, so both nodes are healthy from the start.
    for node in (a, b):
        status, health = node.health()
        assert status == 200, health
        assert health["checks"]["search_index"] == {
            "status": "ok",
            "detail": "The search index is 0 changes behind the database (at most 1000 allowed).",
            "lag": 0,
        }
    assert b.titles(QUERY) == []
    publish_through(a, token, TITLE)
    eventually(lambda: b.titles(QUERY) == [TITLE], "node b finds what node a published")
    eventually(lambda: a.titles(QUERY) == [TITLE], "node a finds what it published")
    assert (a.data_dir / "search").is_dir() and (b.data_dir / "search").is_dir()


def test_a_node_started_empty_catches_up_on_its_first_search(cluster: Cluster, token: str) -> None:
    a = cluster.start("a")
    publish_through(a, token, TITLE)
    # A new data directory, no index, and no sync_index before serving.
    c = cluster.start("c", sync_first=False)
    status, health = c.health()
    assert status == 503
    assert health["checks"]["search_index"]["status"] == "fail"
    eventually(lambda: c.titles(QUERY) == [TITLE], "the empty node builds its index and finds the practice")
    status, health = c.health()
    assert (status, health["checks"]["search_index"]["status"]) == (200, "ok"), health
    assert "Search index rebuilt" in c.log_text()


@pytest.fixture
def proxy(cluster: Cluster) -> Iterator["Proxy"]:
    binary = nginx()
    if binary is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light); .ci/run installs it")
    a, b = cluster.start("a"), cluster.start("b")
    directory = cluster.root / "nginx"
    directory.mkdir()
    https_port, http_port = free_port(), free_port()
    config = nginx_config(
        directory,
        node_ports=(a.port, b.port),
        https_port=https_port,
        http_port=http_port,
        static_root=cluster.static_root,
    )
    process = subprocess.Popen(
        [binary, "-c", str(config), "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    cluster.processes.append(process)
    running = Proxy(directory, https_port, http_port, (a, b))

    def answers() -> bool:
        assert process.poll() is None, process.communicate()[0].decode()
        try:
            running.get("/healthz")
        except OSError:
            return False
        return True

    eventually(answers, "nginx answers")
    yield running
    cluster.stop(process, signal.SIGQUIT)


@dataclass
class Proxy:
    directory: Path
    https_port: int
    http_port: int
    nodes: tuple[Node, Node]

    def request(self, path: str, **kwargs: Any) -> Response:
        context = ssl.create_default_context(cafile=self.directory / "fullchain.pem")
        context.check_hostname = False  # the certificate names hub.example.org; we connect to 127.0.0.1
        headers = {"Host": SERVER_NAME, **kwargs.pop("headers", {})}
        return fetch(f"https://127.0.0.1:{self.https_port}{path}", headers=headers, context=context, **kwargs)

    def get(self, path: str) -> Response:
        return self.request(path)

    def access_log(self) -> str:
        return (self.directory / "gcmhub.access.log").read_text()


def test_nginx_terminates_tls_and_passes_the_proxy_headers(proxy: Proxy) -> None:
    answer = proxy.get("/healthz")
    # 200, not a redirect to HTTPS: the application saw X-Forwarded-Proto: https (BEHIND_TLS_PROXY).
    assert answer.status == 200, answer.body
    assert answer.headers["strict-transport-security"] == "max-age=3600"
    # nginx's request id reached the application, which answers with it; nginx logged the same one.
    request_id = answer.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    eventually(lambda: f"request_id={request_id} " in proxy.access_log(), "nginx logs the request id")
    eventually(
        lambda: any(request_id in node.log_text() for node in proxy.nodes), "a node logs the request id"
    )
    plain = fetch(f"http://127.0.0.1:{proxy.http_port}/healthz", headers={"Host": SERVER_NAME})
    assert (plain.status, plain.headers["location"]) == (301, f"https://{SERVER_NAME}/healthz")


def test_nginx_serves_the_collected_static_files(proxy: Proxy, cluster: Cluster) -> None:
    manifest = json.loads((cluster.static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/gcmhub.css"]
    answer = proxy.get(f"/static/{hashed}")
    assert answer.status == 200
    assert answer.body == (cluster.static_root / hashed).read_bytes()
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert proxy.get("/static/css/no-such-file.css").status == 404


def test_an_oversized_request_gets_the_applications_413_and_an_absurd_one_nginxs(
    proxy: Proxy, token: str
) -> None:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    # Over MAX_UPLOAD_BYTES (10 MiB of JSON) but under nginx's limit: the application answers.
    over_app = proxy.request(
        "/api/v1/knowledge/resources", method="POST", body=b" " * (11 * 1024 * 1024), headers=headers
    )
    assert over_app.status == 413
    assert over_app.headers["content-type"] == "application/problem+json"
    # Over client_max_body_size (27 MiB): nginx refuses it before a node sees it.
    over_nginx = proxy.request(
        "/api/v1/knowledge/resources", method="POST", body=b" " * (28 * 1024 * 1024), headers=headers
    )
    assert over_nginx.status == 413
    assert over_nginx.headers["content-type"] == "text/html"
    assert Resource.objects.count() == 0


def test_requests_go_to_the_other_node_while_one_is_stopped(proxy: Proxy, cluster: Cluster) -> None:
    """A node-by-node restart (docs/production.md, "Upgrades") loses no request."""
    a, b = proxy.nodes
    cluster.stop(a.process)
    statuses = [proxy.get("/api/v1/search?q=migrants").status for _ in range(6)]
    assert statuses == [200] * 6
    assert b.process.poll() is None
