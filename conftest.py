"""Shared test set-up: the real reference data and the shipped work plan in the test database, and the
personas every feature is tested with (secretariat, focal_point, other_focal_point, outsider)."""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import translation
from pytest_django import DjangoDbBlocker, Settings

if TYPE_CHECKING:  # the functions below import the project's models when they run, as before
    from gcmhub.reference.models import Organization

SHIPPED_WORKPLAN = settings.GCMHUB_WORKPLAN_FILE


# Mutation runs start a test session per mutant: with this set (to a file path, and pytest's --reuse-db), each
# session works on its own copy of a test database built once and kept there, instead of building one.
TEST_DATABASE_TEMPLATE = os.environ.get("GCMHUB_TEST_DATABASE_TEMPLATE", "")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _remove_stale_copies(template: Path) -> None:
    """mutmut ends a mutant's session without its teardown: the copies of ended processes are removed here."""
    for path in template.parent.glob(f"{template.name}.*"):
        pid = path.name.removeprefix(f"{template.name}.").split("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            path.unlink(missing_ok=True)


def _own_copy_of(template: Path) -> Path:
    """This process's test database file, copied from `template` when that has been built."""
    _remove_stale_copies(template)
    copy = template.with_name(f"{template.name}.{os.getpid()}")
    if template.exists():
        shutil.copyfile(template, copy)
    return copy


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> Iterator[None]:
    """pytest-django's own suffixes (one database per xdist worker), then the mutation runs' copy."""
    if not TEST_DATABASE_TEMPLATE:
        yield
        return
    copy = _own_copy_of(Path(TEST_DATABASE_TEMPLATE))
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(copy)
    yield
    for path in (copy, copy.with_name(f"{copy.name}-wal"), copy.with_name(f"{copy.name}-shm")):
        path.unlink(missing_ok=True)


def _save_template() -> None:
    """Keep the freshly loaded test database for the next sessions (VACUUM INTO writes a consistent copy)."""
    from django.db import connection

    template = Path(TEST_DATABASE_TEMPLATE)
    partial = template.with_name(f"{template.name}.partial.{os.getpid()}")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(partial)])
    partial.replace(template)


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Load reference data and import the shipped work plan once per test session."""
    from gcmhub.reference.models import Objective
    from gcmhub.search.models import SearchOutbox

    # The work plan is indexed for search: the test database's index must not be the developer's.
    settings.GCMHUB_SEARCH_DIR = tmp_path_factory.mktemp("search")
    # Nor its vectors: no embedding job is queued by the import (tests that need vectors make them).
    settings.GCMHUB_EMBED_ON_COMMIT = False
    with django_db_blocker.unblock():
        if TEST_DATABASE_TEMPLATE and Objective.objects.exists():
            return  # copied from the template, already loaded
        call_command("load_reference", verbosity=0)
        call_command("import_workplan", str(SHIPPED_WORKPLAN), verbosity=0)
        # Tests build their indexes from the database; the import's queued index updates are not theirs.
        SearchOutbox.objects.all().delete()
        if TEST_DATABASE_TEMPLATE:
            _save_template()


@pytest.fixture(autouse=True)
def _fast_test_settings(settings: Settings) -> None:
    # A deliberately slow password hash is most of a persona's cost; tests don't need its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage needs `collectstatic`; tests serve static files straight from the app.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Background jobs run at once, inside the test; a test that needs the queue sets TASKS itself.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # No JSON line per request in test output; core/tests/test_request_log.py turns it on.
    settings.GCMHUB_REQUEST_LOG = False
    # No embedding job after each commit (it loads the encoder); search/tests/test_vector_store.py sets it.
    settings.GCMHUB_EMBED_ON_COMMIT = False


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    # A request in Arabic or French activates that language for the thread; reset it between tests.
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _organization(acronym: str) -> "Organization":
    """A reference organization, or (for test-only bodies such as a CSO) one made on the spot."""
    from gcmhub.reference.models import Organization

    test_only = {"TEST-CSO": ("Migrant Rights Test Coalition", Organization.Kind.CSO)}
    if acronym in test_only:
        name, kind = test_only[acronym]
        return Organization.objects.get_or_create(acronym=acronym, defaults={"name": name, "kind": kind})[0]
    return Organization.objects.get(acronym=acronym)


def make_user(username: str, role: str | None = None, acronym: str | None = None) -> User:
    """A user who acts for `acronym` in `role` (both None: a signed-in user with no organization)."""
    from gcmhub.accounts.models import Membership

    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if role and acronym:
        Membership.objects.create(user=user, organization=_organization(acronym), role=role)
    return user


PASSWORD = "correct horse battery"


@pytest.fixture
def secretariat(db: None) -> User:
    return make_user("secretariat", "secretariat", "UNNM")


@pytest.fixture
def focal_point(db: None) -> User:
    """A focal point of IOM, which the plan names as a member of cross-cutting result 6."""
    return make_user("focal_point", "focal_point", "IOM")


@pytest.fixture
def other_focal_point(db: None) -> User:
    """A focal point of an organization that the plan names nowhere."""
    return make_user("other_focal_point", "focal_point", "UNEP")


@pytest.fixture
def reviewer(db: None) -> User:
    return make_user("reviewer", "reviewer", "UNHCR")


@pytest.fixture
def fund_manager(db: None) -> User:
    return make_user("fund_manager", "fund_manager", "MPTFO")


@pytest.fixture
def member_state(db: None) -> User:
    """A Member State focal point for Mexico."""
    return make_user("member_state", "member_state", "GOV-MEX")


@pytest.fixture
def stakeholder(db: None) -> User:
    """A civil-society organization's focal point."""
    return make_user("stakeholder", "stakeholder", "TEST-CSO")


@pytest.fixture
def outsider(db: None) -> User:
    """Signed in, but acts for no organization."""
    return make_user("outsider")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> Iterator[None]:
    """In CI (GCMHUB_FAIL_ON_SKIP=1) a skipped test is a failure: a browser or PostgreSQL test that did not
    run proves nothing."""
    if os.environ.get("GCMHUB_FAIL_ON_SKIP") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which counts as a failure: {report.longrepr}"
    yield


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    """Run a write as committed: its outbox rows are then applied to the search index."""
    from gcmhub.search import outbox

    def run(write: Callable[[], Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            value = write()
        outbox.apply_outbox()
        return value

    return run
