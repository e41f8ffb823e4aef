"""Killed with SIGKILL, the real commands leave the database consistent and the index rebuildable:
`gcmhub rebuild_index` killed mid-rebuild (a second rebuild succeeds and search finds everything), and
`gcmhub import_workplan` killed inside its transaction (the old version stays, whole) or right after its
commit (the new version is there, whole) — never half of one. Each test works on its own copy of a SQLite data
directory. (The search outbox's own kill tests are in search/tests/test_crash.py.)"""

import fcntl
import json
import shutil
import subprocess
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

WORKPLAN = Path(__file__).resolve().parents[4] / "data" / "draft-multi-annual-work-plan.txt"
RESOURCES = 1000


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def start(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(GCMHUB), *args],
        env=environment(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def index_write_lock_is_held(data_dir: Path) -> bool:
    """Whether another process holds this node's index write lock (a rebuild holds it throughout)."""
    with open(data_dir / "search" / "tantivy" / "write.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def copy_of(template: Path, tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(template, data_dir)
    return data_dir


# rebuild_index


@pytest.fixture(scope="module")
def resources_not_indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with RESOURCES published resources and an index that has none of them yet."""
    data_dir = tmp_path_factory.mktemp("rebuild")
    ok(gcmhub(data_dir, "migrate", "--no-input", "-v0"))
    ok(gcmhub(data_dir, "rebuild_index"))
    path = data_dir / "resources.jsonl"
    with path.open("w") as out:
        for n in range(RESOURCES):
            line = {
                "kind": "practice",
                "external_id": f"kill-{n}",
                "title": f"Practice {n} on consular protection",
                "summary": f"What the consulate in place {n} did.",
                "status": "published",
            }
            out.write(json.dumps(line) + "\n")
    ok(gcmhub(data_dir, "import_resources", str(path), GCMHUB_SEARCH_APPLY_ON_COMMIT="false"))
    return data_dir


def test_a_rebuild_killed_midway_leaves_an_index_that_a_second_rebuild_completes(
    resources_not_indexed: Path, tmp_path: Path
) -> None:
    data_dir = copy_of(resources_not_indexed, tmp_path)
    rebuild = start(data_dir, "rebuild_index")
    kill_when(rebuild, lambda: index_write_lock_is_held(data_dir))

    # Killed: the index is whatever it was, or the new one, and can be read and compared.
    checked = gcmhub(data_dir, "check_index")
    assert checked.returncode in (0, 1), checked.stderr
    assert "Traceback" not in checked.stderr

    printed = ok(gcmhub(data_dir, "rebuild_index"))  # the dead process's locks went with it
    assert printed.startswith(f"Indexed {RESOURCES} document(s)")
    checked = gcmhub(data_dir, "check_index")
    assert f"the index holds {RESOURCES}." in ok(checked)
    assert "The search index agrees with the database." in checked.stdout
    found = json.loads(ok(gcmhub(data_dir, "search", '"Practice 737"', "--json")))
    assert [item["title"] for item in found["items"]] == ["Practice 737 on consular protection"]
    assert json.loads(ok(gcmhub(data_dir, "search", "consular", "--json")))["count"] == RESOURCES


# import_workplan


@pytest.fixture(scope="module")
def plan_imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the reference data and version 1 of the shipped work plan."""
    data_dir = tmp_path_factory.mktemp("workplan")
    ok(gcmhub(data_dir, "migrate", "--no-input", "-v0"))
    ok(gcmhub(data_dir, "load_reference"))
    ok(gcmhub(data_dir, "import_workplan", str(WORKPLAN)))
    return data_dir


def changed_plan(data_dir: Path) -> Path:
    """The shipped plan with one expected result renamed: it imports as version 2 of the same shape."""
    text = WORKPLAN.read_text(encoding="utf-8")
    old = "2. Enhance evidence base concerning transnational crime on key migration routes"
    assert text.count(old) == 1
    path = data_dir / "plan-v2.txt"
    path.write_text(text.replace(old, old + " and corridors"), encoding="utf-8")
    return path


def versions(data_dir: Path) -> list[tuple[int, int, int, int, int]]:
    """Per version: number, current?, and its sections, expected results and activities."""
    return [
        tuple(row)
        for row in query(
            data_dir,
            """
            SELECT v.number, v.is_current,
                   (SELECT COUNT(*) FROM workplan_section s WHERE s.version_id = v.id),
                   (SELECT COUNT(*) FROM workplan_expectedresult r
                      JOIN workplan_section s ON r.section_id = s.id WHERE s.version_id = v.id),
                   (SELECT COUNT(*) FROM workplan_activity a
                      JOIN workplan_expectedresult r ON a.result_id = r.id
                      JOIN workplan_section s ON r.section_id = s.id WHERE s.version_id = v.id)
            FROM workplan_workplanversion v ORDER BY v.number
            """,
        )
    ]


def test_an_import_killed_inside_its_transaction_leaves_the_old_version_whole(
    plan_imported: Path, tmp_path: Path
) -> None:
    data_dir = copy_of(plan_imported, tmp_path)
    before = versions(data_dir)
    [(number, current, *shape)] = before
    assert (number, current) == (1, 1) and all(shape)
    issues = query(data_dir, "SELECT COUNT(*) FROM workplan_importissue")

    importer = start(data_dir, "import_workplan", str(changed_plan(data_dir)))
    kill_when(importer, lambda: database_write_lock_is_held(data_dir))
    assert versions(data_dir) == before
    assert query(data_dir, "SELECT COUNT(*) FROM workplan_importissue") == issues

    # And the same import, run again to the end, stores the new version whole.
    ok(gcmhub(data_dir, "import_workplan", str(changed_plan(data_dir))))
    assert versions(data_dir) == [(1, 0, *shape), (2, 1, *shape)]


def test_an_import_killed_right_after_its_commit_has_the_new_version_whole(
    plan_imported: Path, tmp_path: Path
) -> None:
    data_dir = copy_of(plan_imported, tmp_path)
    [(_number, _current, *shape)] = versions(data_dir)
    importer = start(data_dir, "import_workplan", str(changed_plan(data_dir)))
    kill_when(
        importer, lambda: bool(query(data_dir, "SELECT 1 FROM workplan_workplanversion WHERE number = 2"))
    )
    assert versions(data_dir) == [(1, 0, *shape), (2, 1, *shape)]
    renamed = query(
        data_dir, "SELECT COUNT(*) FROM workplan_expectedresult WHERE title LIKE '%and corridors'"
    )
    assert renamed == [(1,)]
