"""`gcmhub backup` and `gcmhub restore` for real, as separate processes on SQLite data directories: an
instance with a work plan, fund deposits and a published resource with an attachment is backed up, restored
into a fresh data directory, and found again there — rows, the file, and the resource through search. A
damaged archive changes nothing; a database that already holds data is refused unless forced."""

import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path
from typing import Any

import pytest

from gcmhub.knowledge.tests.factories import pdf_bytes

GCMHUB = Path(sys.executable).with_name("gcmhub")
REPOSITORY = Path(__file__).resolve().parents[4]
WORKPLAN = REPOSITORY / "data" / "draft-multi-annual-work-plan.txt"
TITLE = "Firewall practice between labour inspection and immigration enforcement"
ATTACHMENT_TEXT = "Quarterly caseload of the Oaxaca migrant legal clinic"

# Publishes one resource (imported as published) and attaches a PDF to it, as the secretariat.
ADD_RESOURCE = textwrap.dedent(
    """
    import io, json, sys
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from gcmhub.knowledge.actions import add_attachment, import_resources
    from gcmhub.knowledge.models import Resource

    line = {"kind": "practice", "external_id": "backup-1", "title": sys.argv[1], "summary": "Kept apart.",
            "status": "published"}
    import_resources(actor=None, stream=io.BytesIO(json.dumps(line).encode()), source="backup test")
    operator = get_user_model().objects.create_superuser("operator", "operator@example.org", None)
    resource = Resource.objects.get(external_id="backup-1")
    with open(sys.argv[2], "rb") as upload:
        add_attachment(actor=operator, resource_id=resource.pk, upload=upload, name="caseload.pdf")
    """
)


def environment(data_dir: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "GCMHUB_SEARCH_DIR", "SECRET_KEY"}
    }
    return {
        **env,
        "GCMHUB_DATA_DIR": str(data_dir),
        "GCMHUB_SEARCH_SYNC_SECONDS": "0",
        "DJANGO_SETTINGS_MODULE": "gcmhub.config.settings",
    }


def gcmhub(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GCMHUB), *args], env=environment(data_dir), capture_output=True, text=True, timeout=300
    )


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def rows(data_dir: Path) -> dict[str, int]:
    with sqlite3.connect(data_dir / "gcmhub.sqlite3") as db:
        tables = [
            t
            for (t,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def stored_rows(data_dir: Path) -> dict[str, int]:
    """Row counts of every table but the search outbox, which a restore's index rebuild writes to."""
    return {table: count for table, count in rows(data_dir).items() if table != "search_searchoutbox"}


def query(data_dir: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(data_dir / "gcmhub.sqlite3") as db:
        return db.execute(sql).fetchall()


def media_files(data_dir: Path) -> dict[str, str]:
    root = data_dir / "media"
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def search_doc_ids(data_dir: Path, words: str) -> list[str]:
    found = json.loads(ok(gcmhub(data_dir, "search", words, "--json")))
    return [item["doc_id"] for item in found["items"]]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly migrated, empty data directory, copied by each test that needs one."""
    data_dir = tmp_path_factory.mktemp("migrated")
    ok(gcmhub(data_dir, "migrate", "--no-input", "-v0"))
    return data_dir


@pytest.fixture(scope="module")
def source(migrated: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An instance in use: reference data, the work plan, the sample fund's deposits, a published resource
    with a PDF attachment, and a current search index."""
    data_dir = tmp_path_factory.mktemp("source") / "data"
    shutil.copytree(migrated, data_dir)
    ok(gcmhub(data_dir, "load_reference"))
    ok(gcmhub(data_dir, "import_workplan", str(WORKPLAN)))
    ok(gcmhub(data_dir, "load_demo"))
    pdf = data_dir.parent / "caseload.pdf"
    pdf.write_bytes(pdf_bytes(ATTACHMENT_TEXT))
    script = data_dir.parent / "add_resource.py"
    script.write_text(ADD_RESOURCE)
    done = subprocess.run(
        [sys.executable, str(script), TITLE, str(pdf)],
        env=environment(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    ok(done)
    ok(gcmhub(data_dir, "rebuild_index"))
    return data_dir


@pytest.fixture(scope="module")
def archive(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("backups") / "gcmhub.tar.gz"
    printed = ok(gcmhub(source, "backup", "--out", str(out)))
    assert f"uploaded files to {out}" in printed
    return out


@pytest.fixture
def empty(migrated: Path, tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(migrated, data_dir)
    return data_dir


def read_manifest(path: Path) -> dict[str, Any]:
    with tarfile.open(path, "r:gz") as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return dict(json.load(member))


def test_the_archive_has_a_manifest_of_rows_and_checksums(source: Path, archive: Path) -> None:
    manifest = read_manifest(archive)
    assert manifest["format"] == 1
    assert manifest["engine"] == "sqlite"
    assert manifest["created"]
    assert "workplan.0001_initial" in manifest["migrations"]
    assert manifest["rows"] == rows(source)
    assert manifest["rows"]["fund_deposit"] == 7
    assert manifest["rows"]["knowledge_attachment"] == 1
    [attachment] = [name for name in manifest["checksums"] if name.startswith("media/knowledge/")]
    assert manifest["checksums"][attachment] == media_files(source)[attachment.removeprefix("media/")]
    assert {"database.sqlite3", "secret_key"} <= set(manifest["checksums"])
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds password hashes and the secret key


def test_a_restore_into_an_empty_data_directory_finds_everything_again(
    source: Path, archive: Path, empty: Path
) -> None:
    assert search_doc_ids(empty, "firewall labour inspection") == []
    printed = ok(gcmhub(empty, "restore", str(archive)))
    assert "the search index is rebuilt" in printed

    assert stored_rows(empty) == stored_rows(source)
    # The restore's index rebuild asks every node to reload its vectors: one outbox row more than the source.
    assert rows(empty)["search_searchoutbox"] == rows(source)["search_searchoutbox"] + 1
    assert query(empty, "SELECT COUNT(*) FROM fund_deposit") == [(7,)]
    assert query(empty, "SELECT COUNT(*) FROM workplan_workplanversion WHERE is_current") == [(1,)]
    [(resource_id, title, status)] = query(
        empty, "SELECT id, title, status FROM knowledge_resource WHERE external_id = 'backup-1'"
    )
    assert (title, status) == (TITLE, "published")
    [(stored_name, sha256)] = query(empty, "SELECT file, sha256 FROM knowledge_attachment")
    assert media_files(empty) == media_files(source)
    assert hashlib.sha256((empty / "media" / stored_name).read_bytes()).hexdigest() == sha256
    assert (empty / "secret_key").read_text() == (source / "secret_key").read_text()

    assert search_doc_ids(empty, "firewall labour inspection")[0] == f"knowledge.resource:{resource_id}"
    assert search_doc_ids(empty, '"Oaxaca migrant legal clinic"') == [f"knowledge.resource:{resource_id}"]
    checked = gcmhub(empty, "check_index")
    assert "The search index agrees with the database." in ok(checked)


def test_a_database_that_holds_data_is_refused_unless_forced(
    source: Path, archive: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(source, data_dir)
    ok(gcmhub(data_dir, "ensure_admin"))  # something the archive does not have
    before = rows(data_dir)

    refused = gcmhub(data_dir, "restore", str(archive))
    assert refused.returncode == 1
    assert "This instance already holds data (" in refused.stderr
    assert "pass --force" in refused.stderr
    assert rows(data_dir) == before

    forced = ok(gcmhub(data_dir, "restore", str(archive), "--force"))
    assert stored_rows(data_dir) == stored_rows(source)
    assert media_files(data_dir) == media_files(source)
    assert "kept in" in forced  # the files that were there are set aside, not deleted
    [kept] = data_dir.glob("media.before-restore-*")
    assert {p.name for p in kept.rglob("*.pdf")} == {Path(n).name for n in media_files(source)}


def truncated(archive: Path, to: Path) -> Path:
    data = archive.read_bytes()
    to.write_bytes(data[: len(data) // 2])
    return to


def flipped(archive: Path, to: Path) -> Path:
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    to.write_bytes(bytes(data))
    return to


def tampered(archive: Path, to: Path) -> Path:
    """A well-formed archive whose database is not the one the manifest's checksum names."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(to, "w:gz") as copy:
        for member in source.getmembers():
            content = source.extractfile(member)
            assert content is not None
            data = content.read()
            if member.name == "database.sqlite3":
                data = data[:-1] + bytes([data[-1] ^ 1])
            copy.addfile(member, io.BytesIO(data))
    return to


def not_an_archive(archive: Path, to: Path) -> Path:
    to.write_bytes(gzip.compress(b"just some text"))
    return to


@pytest.mark.parametrize("damage", [truncated, flipped, tampered, not_an_archive])
def test_a_damaged_archive_is_refused_and_changes_nothing(
    archive: Path, empty: Path, tmp_path: Path, damage: Any
) -> None:
    bad = damage(archive, tmp_path / "bad.tar.gz")
    before, files_before = rows(empty), media_files(empty) if (empty / "media").exists() else {}
    done = gcmhub(empty, "restore", str(bad))
    assert done.returncode == 1
    assert "is not a usable backup" in done.stderr
    assert "Nothing was changed." in done.stderr
    assert "Traceback" not in done.stderr
    assert rows(empty) == before
    assert (media_files(empty) if (empty / "media").exists() else {}) == files_before
    assert not list(empty.glob(".gcmhub-restore-*"))  # no unpacked leftovers


def test_a_missing_archive_is_a_clear_error(empty: Path, tmp_path: Path) -> None:
    done = gcmhub(empty, "restore", str(tmp_path / "nowhere.tar.gz"))
    assert done.returncode == 1
    assert "There is no file" in done.stderr
