"""Moving to reference.ThematicArea keeps what resources and questions were tagged with, both ways.

The migrations run on a database of their own (a fresh SQLite file), so the session's test database and its
loaded reference data are left as they are."""

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps

ALIAS = "thematic_area_migration"
# The layout before the merge: knowledge's own areas, which resources and reporting's questions named.
OLD = [("knowledge", "0002_thematic_areas"), ("reporting", "0004_pledge_reference")]
MERGED = [("knowledge", "0004_delete_thematicarea"), ("reporting", "0005_question_thematic_area_reference")]


@pytest.fixture
def scratch_db(tmp_path: Path, django_db_blocker: Any) -> Iterator[str]:
    """A database alias over an empty SQLite file, known to Django only for the test (which needs no other
    database, so it asks for none)."""
    settings = {**connections.settings["default"], "NAME": str(tmp_path / "migration.sqlite3")}
    # The migrations' behaviour is what is tested, not the server's: SQLite whatever the default is.
    settings.update(ENGINE="django.db.backends.sqlite3", OPTIONS={})
    settings["TEST"] = {**settings["TEST"], "NAME": None}
    connections.settings[ALIAS] = settings
    try:
        with django_db_blocker.unblock():
            yield ALIAS
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]


def migrate(alias: str, targets: list[tuple[str, str]]) -> StateApps:
    """Migrate the alias's database to `targets`; the models as they are there."""
    executor = MigrationExecutor(connections[alias])
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def tag_old_rows(apps: StateApps, alias: str) -> None:
    """A resource tagged with areas 2 and 5 and a question about area 3, in knowledge's own table."""
    areas = {a.number: a for a in apps.get_model("knowledge", "ThematicArea").objects.using(alias).all()}
    resource = apps.get_model("knowledge", "Resource").objects.using(alias).create(kind="practice", title="R")
    resource.thematic_areas.add(areas[2], areas[5])
    call = (
        apps.get_model("reporting", "Call")
        .objects.using(alias)
        .create(
            title="C",
            purpose="thematic",
            opens_on=datetime.date(2026, 1, 1),
            closes_on=datetime.date(2026, 2, 1),
        )
    )
    section = apps.get_model("reporting", "Section").objects.using(alias).create(call=call, title="S")
    apps.get_model("reporting", "Question").objects.using(alias).create(
        section=section, text="Q", answer_type="text", thematic_area=areas[3]
    )


def tagged(apps: StateApps, alias: str) -> tuple[list[Any], list[Any]]:
    """(number, title) of the resource's areas, and the number of the question's area."""
    resource = apps.get_model("knowledge", "Resource").objects.using(alias).get(title="R")
    question = apps.get_model("reporting", "Question").objects.using(alias).get(text="Q")
    areas = [(a.number, a.title) for a in resource.thematic_areas.order_by("number")]
    return areas, [question.thematic_area.number]


def test_resources_and_questions_keep_their_areas_through_the_merge_and_back(scratch_db: str) -> None:
    old = migrate(scratch_db, OLD)
    tag_old_rows(old, scratch_db)
    before_areas, before_question = tagged(old, scratch_db)

    merged = migrate(scratch_db, MERGED)
    assert merged.get_model("knowledge", "Resource")._meta.get_field("thematic_areas").related_model is (
        merged.get_model("reference", "ThematicArea")
    )
    after_areas, after_question = tagged(merged, scratch_db)
    assert [n for n, _ in after_areas] == [2, 5] and after_question == [3]
    assert after_areas == before_areas  # the reference rows made from the old ones carry their titles
    assert merged.get_model("reference", "ThematicArea").objects.using(scratch_db).count() == 5

    back = migrate(scratch_db, OLD)
    assert tagged(back, scratch_db) == (before_areas, before_question)


def test_areas_already_in_the_reference_table_are_reused_by_number(scratch_db: str) -> None:
    old = migrate(scratch_db, [*OLD, ("reference", "0004_thematic_area")])
    tag_old_rows(old, scratch_db)
    old.get_model("reference", "ThematicArea").objects.using(scratch_db).create(
        number=2, title="Loaded title", translations={"title": {"fr": "Titre"}}
    )

    merged = migrate(scratch_db, MERGED)

    areas, _ = tagged(merged, scratch_db)
    assert areas[0] == (2, "Loaded title")
    assert (
        merged.get_model("reference", "ThematicArea").objects.using(scratch_db).filter(number=2).count() == 1
    )
