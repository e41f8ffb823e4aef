"""Files that cannot be imported are refused with a clear message and change nothing; so are actors who may
not import; and a failure half-way through leaves the database as it was."""

import io
import zipfile
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from gcmhub.core.exceptions import PermissionDenied
from gcmhub.workplan.importer import ImportRejected, import_document
from gcmhub.workplan.models import Activity, WorkPlan
from gcmhub.workplan.tests.fixtures.importer import (
    SHIPPED_BYTES,
    changed,
    current,
    docx_from_text,
    row_counts,
)

pytestmark = pytest.mark.django_db


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


BAD_FILES = [
    pytest.param(b"", "plan.txt", "empty", "The file is empty.", id="empty"),
    pytest.param(b"  \n\t\n ", "plan.txt", "empty", "The file is empty.", id="blank"),
    pytest.param(b"\xef\xbb\xbf", "plan.txt", "empty", "The document contains no text.", id="bom-only"),
    pytest.param(b"\x00\x01\x02 not a work plan \xff\xfe", "plan.txt", "binary", "binary", id="binary"),
    pytest.param(bytes(range(256)) * 20, "plan.md", "binary", "binary", id="random-bytes"),
    pytest.param(
        SHIPPED_BYTES.replace(b"Biennial", "Biennial é".encode("latin-1")),
        "plan.txt",
        "not_utf8",
        "line 46",
        id="latin-1",
    ),
    pytest.param(SHIPPED_BYTES.decode().encode("utf-16"), "plan.txt", "not_utf8", "UTF-16", id="utf-16"),
    pytest.param(SHIPPED_BYTES, "plan.pdf", "unsupported_type", "not a supported file type", id="pdf"),
    pytest.param(SHIPPED_BYTES, "plan.doc", "unsupported_type", "Save Word documents as .docx", id="doc"),
    pytest.param(SHIPPED_BYTES, "plan", "unsupported_type", "not a supported file type", id="no-extension"),
    pytest.param(SHIPPED_BYTES, "plan.docx", "corrupt_docx", "not a valid .docx", id="text-as-docx"),
    pytest.param(
        zipped({"a.txt": b"hello"}), "plan.docx", "corrupt_docx", "not a valid .docx", id="zip-not-docx"
    ),
    pytest.param(
        zipped({"word/document.xml": b"<not xml", "[Content_Types].xml": b"<x/>"}),
        "plan.docx",
        "corrupt_docx",
        "not a valid .docx",
        id="broken-xml",
    ),
    pytest.param(
        docx_from_text("x")[:-200], "plan.docx", "corrupt_docx", "not a valid .docx", id="truncated-docx"
    ),
    pytest.param(
        docx_from_text("x"), "plan.txt", "binary", "upload it with the .docx extension", id="docx-as-txt"
    ),
    pytest.param(
        b"Dear colleagues,\nplease find the plan attached.\n1. Something\nOutput: x\n",
        "plan.txt",
        "no_sections",
        "No sections were found",
        id="no-sections",
    ),
    pytest.param(SHIPPED_BYTES + b"\n" * (5 * 1024 * 1024), "plan.txt", "too_large", "5 MB", id="too-big"),
]


@pytest.mark.parametrize(("data", "filename", "code", "words"), BAD_FILES)
def test_a_bad_file_is_refused_and_changes_nothing(data: bytes, filename: str, code: str, words: str) -> None:
    before = row_counts()
    with pytest.raises(ImportRejected) as refused:
        import_document(data, filename, actor=None, plan_slug="multi-annual-work-plan")
    assert refused.value.code == code
    assert words in refused.value.message
    # Over the size limit is 413, as for every oversized upload; any other refusal is 422.
    assert refused.value.status_code == (413 if code == "too_large" else 422)
    assert row_counts() == before
    assert current().number == 1


def test_a_bad_file_does_not_create_a_new_plan() -> None:
    with pytest.raises(ImportRejected):
        import_document(b"no sections here", "plan.txt", actor=None, plan_slug="another-plan")
    assert not WorkPlan.objects.filter(slug="another-plan").exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * (60 * 1024 * 1024))
    before = row_counts()
    with pytest.raises(ImportRejected) as refused:
        import_document(buffer.getvalue(), "bomb.docx", actor=None)
    assert refused.value.code == "unpacks_too_large"
    assert refused.value.status_code == 422
    assert row_counts() == before


@pytest.mark.parametrize("slug", ["", "no spaces allowed", "x" * 51, "../etc"])
def test_a_bad_plan_identifier_is_refused(slug: str) -> None:
    before = row_counts()
    with pytest.raises(ImportRejected):
        import_document(SHIPPED_BYTES, "plan.txt", actor=None, plan_slug=slug)
    assert row_counts() == before


def test_a_start_date_far_out_of_range_is_refused() -> None:
    import datetime

    before = row_counts()
    with pytest.raises(ImportRejected, match="outside the years"):
        import_document(SHIPPED_BYTES, "plan.txt", actor=None, start_date=datetime.date(9999, 1, 1))
    assert row_counts() == before


def test_missing_reference_data_is_a_clear_refusal(monkeypatch: Any) -> None:
    from gcmhub.reference.models import Objective
    from gcmhub.workplan.importer import store

    class NoObjectives:
        objects = Objective.objects.none()

    monkeypatch.setattr(store, "Objective", NoObjectives)
    before = row_counts()
    with pytest.raises(ImportRejected, match="load_reference"):
        import_document(changed(("7 months", "8 months")), "plan.txt", actor=None)
    assert row_counts() == before


@pytest.mark.parametrize(
    "persona", ["outsider", "focal_point", "fund_manager", "member_state", "stakeholder"]
)
def test_it_rejects_everyone_but_the_secretariat(persona: str, request: Any) -> None:
    actor = request.getfixturevalue(persona)
    before = row_counts()
    with pytest.raises(PermissionDenied) as refused:
        import_document(changed(("7 months", "8 months")), "plan.txt", actor=actor)
    assert refused.value.status_code == 403
    assert row_counts() == before


def test_it_rejects_an_anonymous_actor() -> None:
    before = row_counts()
    with pytest.raises(PermissionDenied):
        import_document(changed(("7 months", "8 months")), "plan.txt", actor=AnonymousUser())
    assert row_counts() == before


def test_a_failure_half_way_leaves_the_database_as_it_was(monkeypatch: Any) -> None:
    before = row_counts()
    saved = 0
    original_save = Activity.save

    def failing_save(self: Activity, *args: Any, **kwargs: Any) -> None:
        nonlocal saved
        saved += 1
        if saved == 20:
            raise RuntimeError("disk full")
        original_save(self, *args, **kwargs)

    monkeypatch.setattr(Activity, "save", failing_save)
    with pytest.raises(RuntimeError, match="disk full"):
        import_document(changed(("7 months", "8 months")), "plan.txt", actor=None)
    assert saved == 20
    assert row_counts() == before
    assert current().number == 1


# The shipped document with an activity numbered beyond the limit, on its own line or inline.
NUMBERED_BEYOND_THE_LIMIT = [
    pytest.param(
        changed(
            (
                "actions in selected migration corridors.",
                "actions in selected migration corridors.\n1000) Pilot the guidance in one more corridor",
            )
        ),
        141,
        "1000)",
        id="own-line",
    ),
    pytest.param(
        changed(("the impact of the fund", "the impact of the fund; 1000) report to the donors")),
        10,
        "1000)",
        id="inline",
    ),
    pytest.param(
        changed(("the impact of the fund", "the impact of the fund; 123456789012345) report")),
        10,
        "123456789012345)",
        id="many-digits",
    ),
]


@pytest.mark.parametrize(("data", "line", "number"), NUMBERED_BEYOND_THE_LIMIT)
def test_an_activity_numbered_1000_or_more_is_refused_with_its_line(
    data: bytes, line: int, number: str
) -> None:
    before = row_counts()
    with pytest.raises(ImportRejected) as refused:
        import_document(data, "plan.txt", actor=None)
    assert refused.value.code == "too_large"
    assert refused.value.message == (
        f"Line {line}: activity number {number} is too large; activity numbers must be below 1000."
    )
    assert row_counts() == before
    assert current().number == 1
