"""`gcmhub backup` and `gcmhub restore` (docs/operations.md, "Backups"): the database and the uploaded files
in one tar.gz with a manifest (format, release, date, engine, migrations, rows per table, SHA-256 of every
file).

- SQLite is copied with SQLite's online backup API: one consistent copy while the service runs.
- PostgreSQL is written with Django's `dumpdata` (JSON, primary keys kept, natural keys not used) inside one
  read-only REPEATABLE READ transaction, so it is one snapshot; no pg_dump of a matching version is needed.

A restore verifies every checksum before it changes anything, refuses a database that already holds data
(unless forced), then loads the database, brings it to this release's migrations, puts the files in place and
rebuilds the search index. The search index is derived data and is never in the archive."""

import datetime
import hashlib
import io
import json
import logging
import os
import shutil
import sqlite3
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import DomainError

logger = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
JSON_FILE = "database.json"
MEDIA = "media"
SECRET_KEY_FILE = "secret_key"
CHUNK = 1024 * 1024
# Tables `migrate` fills by itself (data migrations included): rows there do not make a database "in use".
# A new data migration adds its table here; the restore tests fail until it does.
FILLED_BY_MIGRATE = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "reference_thematicarea",
        "results_category",
        "results_dimension",
    }
)


class BackupError(DomainError):
    """A backup or restore that cannot go ahead; nothing was changed."""


@dataclass(frozen=True)
class RestoreOutcome:
    rows: int
    files: int
    moved_media: Path | None  # where media that was there before went (a forced restore)


def engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def release() -> str:
    try:
        return version("gcmhub")
    except PackageNotFoundError:  # running from a tree that was never installed
        return "unknown"


# Backup


def create_backup(out: Path) -> dict[str, Any]:
    """Write the archive to `out` (mode 600: it holds password hashes and the secret key); returns the
    manifest. The archive appears under its name only once complete."""
    out = out.resolve()
    with tempfile.TemporaryDirectory(prefix=".gcmhub-backup-", dir=out.parent) as work_dir:
        work = Path(work_dir)
        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            checksums: dict[str, str] = {}
            database_file, counts, migrations = _dump_database(work)
            checksums[database_file.name] = _add_file(archive, database_file, database_file.name)
            # After the database snapshot: a file uploaded meanwhile is kept (unreferenced, harmless).
            for path in _media_files():
                name = f"{MEDIA}/{path.relative_to(settings.MEDIA_ROOT).as_posix()}"
                checksums[name] = _add_file(archive, path, name)
            secret_key = Path(settings.DATA_DIR) / SECRET_KEY_FILE
            if secret_key.is_file():
                checksums[SECRET_KEY_FILE] = _add_file(archive, secret_key, SECRET_KEY_FILE)
            manifest = {
                "format": FORMAT,
                "release": release(),
                "created": timezone.now().isoformat(),
                "engine": engine(),
                "migrations": migrations,
                "rows": counts,
                "checksums": checksums,
            }
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
        partial.chmod(0o600)
        os.replace(partial, out)
    return manifest


def _dump_database(work: Path) -> tuple[Path, dict[str, int], list[str]]:
    if engine() == "sqlite":
        target = work / SQLITE_FILE
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as copy:
            # One step (all pages at once): a consistent copy even while others write.
            connection.connection.backup(copy)
        return target, _sqlite_counts(target), _sqlite_migrations(target)
    target = work / JSON_FILE
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        with target.open("w", encoding="utf-8") as out:
            call_command("dumpdata", all=True, stdout=out, verbosity=0)
        return target, table_counts(), applied_migrations()


def _media_files() -> Iterator[Path]:
    root = Path(settings.MEDIA_ROOT)
    if root.is_dir():
        yield from sorted(path for path in root.rglob("*") if path.is_file())


class _HashingReader:
    """Reads a file into the archive and hashes exactly the bytes written."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> str:
    with path.open("rb") as handle:
        info = archive.gettarinfo(fileobj=handle, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(handle)
        archive.addfile(info, reader)  # tarfile only calls read()
    return reader.digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _sqlite_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        return {table: int(db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]) for table in tables}


def _sqlite_migrations(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        try:
            rows = db.execute("SELECT app, name FROM django_migrations").fetchall()
        except sqlite3.OperationalError:  # a database that was never migrated
            return []
    return sorted(f"{app}.{name}" for app, name in rows)


def table_counts() -> dict[str, int]:
    """Rows per table of this instance's database."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = int(cursor.fetchone()[0])
    return counts


def applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


# Restore


def restore_backup(archive_path: Path, *, force: bool = False) -> RestoreOutcome:
    """Restore the archive into this instance; see the module's description for the order of things."""
    data_dir = Path(settings.DATA_DIR)
    with _unpacked(archive_path, data_dir) as (work, manifest):
        _check_compatible(manifest)
        if not force:
            _refuse_existing_data()
        _restore_database(work, manifest)
        moved = _put_media_in_place(work / MEDIA, Path(settings.MEDIA_ROOT))
        if (work / SECRET_KEY_FILE).is_file():
            shutil.copyfile(work / SECRET_KEY_FILE, data_dir / SECRET_KEY_FILE)
            (data_dir / SECRET_KEY_FILE).chmod(0o600)
        call_command("rebuild_index", verbosity=0)
    files = sum(1 for name in manifest["checksums"] if name.startswith(f"{MEDIA}/"))
    return RestoreOutcome(rows=sum(manifest["rows"].values()), files=files, moved_media=moved)


def _damaged(archive_path: Path, reason: str) -> BackupError:
    return BackupError(
        _("%(path)s is not a usable backup: %(reason)s Nothing was changed.")
        % {"path": archive_path, "reason": reason},
        code="bad_archive",
    )


@contextmanager
def _unpacked(archive_path: Path, data_dir: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Unpack into a private directory beside the data (so files can be moved in place) and verify it."""
    with tempfile.TemporaryDirectory(prefix=".gcmhub-restore-", dir=data_dir) as work_dir:
        work = Path(work_dir)
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                # The "data" filter refuses links, devices and paths that leave the directory.
                archive.extractall(work, filter="data")
        except FileNotFoundError as exc:
            raise BackupError(
                _("There is no file %(path)s.") % {"path": archive_path}, code="no_archive"
            ) from exc
        except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
            raise _damaged(archive_path, _("it is damaged or incomplete, or not a tar.gz archive.")) from exc
        manifest = _verified_manifest(archive_path, work)
        yield work, manifest


def _verified_manifest(archive_path: Path, work: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
        checksums: dict[str, str] = manifest["checksums"]
        rows: dict[str, int] = manifest["rows"]
        if not isinstance(checksums, dict) or not isinstance(rows, dict):
            raise TypeError
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _damaged(archive_path, _("it has no readable manifest.")) from exc
    if manifest.get("format") != FORMAT:
        raise _damaged(
            archive_path,
            _("its format %(format)s is not one this release reads (%(supported)d).")
            % {"format": manifest.get("format"), "supported": FORMAT},
        )
    present = {path.relative_to(work).as_posix() for path in work.rglob("*") if path.is_file()} - {MANIFEST}
    if present != set(checksums):
        raise _damaged(archive_path, _("its files do not match its manifest."))
    for name, expected in checksums.items():
        if _sha256(work / name) != expected:
            raise _damaged(
                archive_path, _("%(name)s does not match its checksum in the manifest.") % {"name": name}
            )
    if (SQLITE_FILE in checksums) == (JSON_FILE in checksums):
        raise _damaged(archive_path, _("it holds no database."))
    return dict(manifest)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_compatible(manifest: dict[str, Any]) -> None:
    if manifest.get("engine") != engine():
        raise BackupError(
            _(
                "This backup was made from a %(archive)s database and this instance uses %(here)s; "
                "restore it into the same kind of database. Nothing was changed."
            )
            % {"archive": manifest.get("engine"), "here": engine()},
            code="other_engine",
        )
    known = {
        f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    archive = set(manifest.get("migrations", []))
    # SQLite: the copy is migrated forward after the restore. JSON rows load only into the same schema.
    compatible = archive <= known if engine() == "sqlite" else archive == known
    if not compatible:
        raise BackupError(
            _(
                "This backup was made by release %(release)s, whose database differs from this release's. "
                "Restore it with release %(release)s, then upgrade. Nothing was changed."
            )
            % {"release": manifest.get("release", "?")},
            code="other_release",
        )


def existing_data() -> dict[str, int]:
    """Tables holding rows that `migrate` did not put there, and the uploaded files (as "media")."""
    try:
        counts = table_counts()
    except DatabaseError:  # no database yet
        counts = {}
    found = {table: rows for table, rows in counts.items() if rows and table not in FILLED_BY_MIGRATE}
    media = sum(1 for _path in _media_files())
    if media:
        found[MEDIA] = media
    return found


def _refuse_existing_data() -> None:
    found = existing_data()
    if found:
        examples = ", ".join(f"{table} ({rows})" for table, rows in sorted(found.items())[:5])
        raise BackupError(
            _(
                "This instance already holds data (%(examples)s). Restore into an empty data directory, or "
                "pass --force to replace its database and files. Nothing was changed."
            )
            % {"examples": examples},
            code="not_empty",
        )


def _restore_database(work: Path, manifest: dict[str, Any]) -> None:
    if engine() == "sqlite":
        source = work / SQLITE_FILE
        if _sqlite_counts(source) != manifest["rows"]:
            raise BackupError(_("The database in the backup does not hold the rows its manifest lists."))
        connection.ensure_connection()
        with closing(sqlite3.connect(source)) as backup:
            backup.backup(connection.connection)  # replaces the whole database in one step
        call_command("migrate", interactive=False, verbosity=0)
        return
    call_command("migrate", interactive=False, verbosity=0)
    with transaction.atomic():
        # Everything goes, content types and permissions too: the rows come back with their own keys.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        with _model_signals_muted():
            call_command("loaddata", str(work / JSON_FILE), verbosity=0)
        if table_counts() != manifest["rows"]:
            raise BackupError(_("The database in the backup does not hold the rows its manifest lists."))


MODEL_SIGNALS = (pre_save, post_save, pre_delete, post_delete, m2m_changed)


@contextmanager
def _model_signals_muted() -> Iterator[None]:
    """Rows come back exactly as they were: while loading, no handler may add rows of its own (audit
    entries, search outbox rows; `loaddata` sends m2m_changed without a `raw` flag to tell them)."""
    saved = {signal: signal.receivers for signal in MODEL_SIGNALS}
    try:
        for signal in MODEL_SIGNALS:
            signal.receivers = []
            signal.sender_receivers_cache.clear()
        yield
    finally:
        for signal, receivers in saved.items():
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


def _put_media_in_place(restored: Path, media_root: Path) -> Path | None:
    """Swap the restored files in; files that were there (a forced restore) are kept aside, not deleted."""
    restored.mkdir(exist_ok=True)
    moved = None
    if media_root.exists():
        if any(media_root.iterdir()):
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            moved = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
            os.replace(media_root, moved)
        else:
            media_root.rmdir()
    media_root.parent.mkdir(parents=True, exist_ok=True)
    os.replace(restored, media_root)
    return moved
