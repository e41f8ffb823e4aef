"""A process killed with SIGKILL at any point leaves every committed change with its outbox row: the real
`gcmhub import_resources` killed inside its transaction, right after its commit, and while indexing; an
archive and a publish killed inside their transaction and between their commit and anything run after it.
Then `gcmhub check_index` reports what the index lacks, `gcmhub sync_index` brings it in step, and the check
agrees. Each test runs the real commands in a fresh data directory with its own SQLite database."""

import json
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gcmhub.core.tests.processes import (
    GCMHUB,
    database_write_lock_is_held,
    environment,
    gcmhub,
    kill_when,
    query,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with an empty, current index, copied by each test."""
    data_dir = tmp_path_factory.mktemp("template")
    for args in (["migrate", "--no-input", "-v0"], ["rebuild_index"]):
        done = gcmhub(data_dir, *args)
        assert done.returncode == 0, done.stderr
    return data_dir


@pytest.fixture
def data_dir(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(template, copy)
    return copy


def resources_file(data_dir: Path, count: int, status: str = "published") -> Path:
    path = data_dir / "resources.jsonl"
    with path.open("w") as out:
        for n in range(count):
            line = {
                "kind": "practice",
                "external_id": f"crash-{n}",
                "title": f"Practice {n} on safe and regular migration",
                "summary": f"What happened in place {n}.",
                "status": status,
            }
            out.write(json.dumps(line) + "\n")
    return path


def resource_ids(data_dir: Path) -> set[int]:
    return {int(pk) for (pk,) in query(data_dir, "SELECT id FROM knowledge_resource")}


def queued_ids(data_dir: Path) -> set[int]:
    rows = query(data_dir, "SELECT doc_id FROM search_searchoutbox WHERE doc_id LIKE 'knowledge.resource:%'")
    return {int(doc_id.split(":")[1]) for (doc_id,) in rows}


def assert_sync_brings_the_index_in_step(data_dir: Path, documents: int) -> None:
    synced = gcmhub(data_dir, "sync_index")
    assert synced.returncode == 0, synced.stderr
    checked = gcmhub(data_dir, "check_index")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"the index holds {documents}." in checked.stdout
    assert "The search index agrees with the database." in checked.stdout


LINES = 1000


def start_import(data_dir: Path, path: Path, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(GCMHUB), "import_resources", str(path)],
        env=environment(data_dir, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def test_an_import_killed_inside_its_transaction_leaves_nothing(data_dir: Path) -> None:
    importer = start_import(data_dir, resources_file(data_dir, LINES))
    kill_when(importer, lambda: database_write_lock_is_held(data_dir))
    assert resource_ids(data_dir) == set()
    assert queued_ids(data_dir) == set()
    checked = gcmhub(data_dir, "check_index")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_an_import_killed_right_after_its_commit_has_every_outbox_row(data_dir: Path) -> None:
    # Not applied on commit: whatever the kill interrupts, the index has none of the new resources yet.
    importer = start_import(data_dir, resources_file(data_dir, LINES), GCMHUB_SEARCH_APPLY_ON_COMMIT="false")
    kill_when(importer, lambda: bool(query(data_dir, "SELECT 1 FROM knowledge_resource LIMIT 1")))
    committed = resource_ids(data_dir)
    assert len(committed) == LINES  # one transaction: all or nothing
    assert committed <= queued_ids(data_dir)

    checked = gcmhub(data_dir, "check_index")
    assert checked.returncode == 1
    assert f"Missing from the index: {LINES}, e.g. knowledge.resource:" in checked.stdout
    assert f"{LINES} of them are queued in the outbox" in checked.stdout
    assert "not queued" not in checked.stdout
    assert_sync_brings_the_index_in_step(data_dir, LINES)


def test_an_import_killed_while_indexing_after_its_commit_is_caught_up_by_sync(data_dir: Path) -> None:
    importer = start_import(data_dir, resources_file(data_dir, LINES))
    kill_when(importer, lambda: bool(query(data_dir, "SELECT 1 FROM knowledge_resource LIMIT 1")))
    committed = resource_ids(data_dir)
    assert len(committed) == LINES
    # However far the indexing got, the rest is in the outbox.
    assert committed <= queued_ids(data_dir)
    assert_sync_brings_the_index_in_step(data_dir, LINES)


# Archives the first published resource and publishes the draft, in one transaction, stopping (to be
# killed) at the point named on the command line: "inside" the transaction, or "committed" — after the
# commit, before any other on-commit work (the index update, e-mails) has run.
ACTIONS = textwrap.dedent(
    """
    import io, sys
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from gcmhub.knowledge.actions import archive_resource, import_resources, publish_resource
    from gcmhub.knowledge.models import Resource, Status

    stop_at = sys.argv[1]
    import_resources(actor=None, stream=io.BytesIO(sys.stdin.buffer.readline()), source="published")
    import_resources(actor=None, stream=io.BytesIO(sys.stdin.buffer.readline()), source="draft")
    operator = get_user_model().objects.create_superuser("operator", "operator@example.org", None)
    published = Resource.objects.get(status=Status.PUBLISHED)
    draft = Resource.objects.get(status=Status.DRAFT)
    print("ready", published.pk, draft.pk, flush=True)


    def stop(point):
        print(point, flush=True)
        sys.stdin.readline()  # the test kills the process here


    with transaction.atomic():
        if stop_at == "committed":
            transaction.on_commit(lambda: stop("committed"))  # the first thing to run after the commit
        archive_resource(actor=operator, resource_id=published.pk, rationale="Withdrawn.")
        Resource.objects.filter(pk=draft.pk).update(status=Status.APPROVED)
        publish_resource(actor=operator, resource_id=draft.pk)
        if stop_at == "inside":
            stop("inside")
    """
)


def run_actions_until(data_dir: Path, stop_at: str) -> tuple[int, int]:
    """Run ACTIONS until it stops at `stop_at`, kill it there, return (archived pk, published pk)."""
    script = data_dir / "actions.py"
    script.write_text(ACTIONS)
    process = subprocess.Popen(
        [sys.executable, str(script), stop_at],
        env=environment(data_dir, DJANGO_SETTINGS_MODULE="gcmhub.config.settings"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    line = {"kind": "practice", "summary": "Kept as evidence."}
    published = {**line, "external_id": "a", "title": "Withdrawn practice", "status": "published"}
    draft = {**line, "external_id": "b", "title": "Newly published practice", "status": "draft"}
    process.stdin.write(json.dumps(published) + "\n" + json.dumps(draft) + "\n")
    process.stdin.flush()
    words: list[str] = []
    ready = (0, 0)
    for output in process.stdout:
        words = output.split()
        if words and words[0] == "ready":
            ready = (int(words[1]), int(words[2]))
        if words == [stop_at]:
            break
    assert words == [stop_at], "the script ended before its stopping point"
    process.send_signal(signal.SIGKILL)
    process.wait()
    return ready


def status_of(data_dir: Path, pk: int) -> str:
    return str(query(data_dir, f"SELECT status FROM knowledge_resource WHERE id = {pk}")[0][0])


def test_an_archive_and_publish_killed_inside_their_transaction_change_nothing(data_dir: Path) -> None:
    archived, published = run_actions_until(data_dir, "inside")
    assert (status_of(data_dir, archived), status_of(data_dir, published)) == ("published", "draft")
    checked = gcmhub(data_dir, "check_index")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "the index holds 1." in checked.stdout  # the resource to withdraw, still published


def test_an_archive_and_publish_killed_right_after_their_commit_reach_the_index(data_dir: Path) -> None:
    archived, published = run_actions_until(data_dir, "committed")
    assert (status_of(data_dir, archived), status_of(data_dir, published)) == ("archived", "published")
    cursor = json.loads((data_dir / "search" / "tantivy" / "cursor.json").read_text())["seq"]
    pending = query(data_dir, f"SELECT doc_id FROM search_searchoutbox WHERE seq > {cursor}")
    assert {f"knowledge.resource:{archived}", f"knowledge.resource:{published}"} <= {d for (d,) in pending}

    checked = gcmhub(data_dir, "check_index")
    assert checked.returncode == 1
    assert f"Missing from the index: 1, e.g. knowledge.resource:{published}" in checked.stdout
    assert (
        f"In the index although unpublished or deleted: 1, e.g. knowledge.resource:{archived}"
        in checked.stdout
    )
    assert "2 of them are queued in the outbox" in checked.stdout

    assert_sync_brings_the_index_in_step(data_dir, 1)
