"""`gcmhub import_resources` checks the JSON type of every field: a value of the wrong type is a problem
reported with its line and its place in the line (`line 2: organizations[0] must be a string.`), never a
crash; so are a line nested too deep and a line too long. A file with any such problem writes nothing."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcmhub.knowledge.actions import ImportFailed, import_resources
from gcmhub.knowledge.jsonl import MAX_DEPTH, MAX_LINE_BYTES
from gcmhub.knowledge.models import ImportRun, Resource

pytestmark = pytest.mark.django_db

GOOD = {"kind": "practice", "title": "A good line first", "url": "https://example.org/good"}
PRACTICE = {
    "kind": "practice",
    "title": "Community case management",
    "url": "https://example.org/practice",
    "translations": {"es": {"title": "Gestión de casos"}},
    "links": ["https://example.org/a", {"label": "B", "url": "https://example.org/b"}],
}
PLAN = {
    "kind": "national_plan",
    "title": "Plan nacional",
    "language": "es",
    "external_id": "plan-mex",
    "national_plan": {"country": "MEX", "plan_status": "adopted"},
}
PLATFORM = {
    "kind": "platform",
    "title": "Migration data portal",
    "external_id": "portal",
    "platform": {"url": "https://example.org/portal"},
}

# What each field holds, as docs/resources-jsonl.md says: (line it is tried on, place, type).
TEXT, INTEGER, TEXTS, INTEGERS, OBJECT, LINKS = "text", "integer", "texts", "integers", "object", "links"
FIELDS: list[tuple[dict[str, Any], tuple[str | int, ...], str]] = [
    *[
        (PRACTICE, (name,), TEXT)
        for name in (
            "kind", "title", "summary", "body", "language", "scope", "implementer", "url", "external_id",
            "published_on", "start_date", "end_date", "status", "implementation_status", "results", "lessons",
            "licence",
        )
    ],
    *[(PRACTICE, (name,), INTEGERS) for name in ("objectives", "secondary_objectives", "thematic_areas")],
    *[
        (PRACTICE, (name,), TEXTS)
        for name in ("principles", "countries", "regions", "organizations", "audiences", "themes")
    ],
    (PRACTICE, ("links",), LINKS),
    (PRACTICE, ("links", 1, "url"), TEXT),
    (PRACTICE, ("links", 1, "label"), TEXT),
    (PRACTICE, ("translations",), OBJECT),
    (PRACTICE, ("translations", "es"), OBJECT),
    *[(PRACTICE, ("translations", "es", name), TEXT) for name in ("title", "summary", "body")],
    (PLAN, ("national_plan",), OBJECT),
    *[
        (PLAN, ("national_plan", name), TEXT)
        for name in (
            "country", "plan_status", "plan_type", "adopted_on", "lead_ministry", "government_entities",
            "stakeholders_consulted",
        )
    ],
    *[(PLAN, ("national_plan", name), INTEGER) for name in ("period_start", "period_end")],
    (PLATFORM, ("platform",), OBJECT),
    *[(PLATFORM, ("platform", name), TEXT) for name in ("url", "owner", "owner_name", "update_frequency")],
    *[(PLATFORM, ("platform", name), TEXTS) for name in ("content_types", "languages")],
]  # fmt: skip
# Values of the wrong type for each type, and how the problem ends ("[1]" is the item after a good one).
NOT_TEXT = [{}, {"a": "b"}, 5, 1.5, True, False, [], ["x"], [["x"]]]
NOT_INTEGER = [{}, "2021", 2021.0, 2021.5, True, [], [2021], [[2021]]]
NOT_LIST = [{}, {"0": "x"}, 5, 1.5, True, "MEX"]
NOT_OBJECT = ["x", 5, 1.5, True, [], [{}], [[{}]]]
BAD_ITEMS: dict[str, tuple[Any, list[Any], str | None]] = {
    TEXTS: ("x", [{}, 5, 1.5, True, None, [], ["x"], [["x"]]], "must be a string."),
    INTEGERS: (1, [{}, "1", 1.5, True, None, [], [1], [[1]]], "must be an integer."),
    LINKS: ("https://example.org/a", [5, 1.5, True, None, [], ["https://example.org/x"]], None),
}
# An optional field may be null; these may not.
NOT_NULL = {("kind",), ("title",), ("national_plan", "country"), ("national_plan", "plan_status"),
            ("platform", "url"), ("links", 1, "url")}  # fmt: skip


def place(path: tuple[str | int, ...]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def with_value(line: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A deep copy of `line` with `value` at `path`."""
    copy: Any = json.loads(json.dumps(line))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return dict(copy)


def wrong_values() -> list[Any]:
    """(line, expected problem) for every field and every value of a wrong type for it."""
    cases = []
    for line, path, kind in FIELDS:
        name = place(path)
        if kind == TEXT:
            values = NOT_TEXT + ([None] if path in NOT_NULL else [])
            cases += [(with_value(line, path, v), f"{name} must be a string.") for v in values]
        elif kind == INTEGER:
            cases += [(with_value(line, path, v), f"{name} must be an integer.") for v in NOT_INTEGER]
        elif kind == OBJECT:
            cases += [(with_value(line, path, v), f"{name} must be an object.") for v in NOT_OBJECT]
        else:
            cases += [(with_value(line, path, v), f"{name} must be a list.") for v in NOT_LIST]
            good, items, ending = BAD_ITEMS[kind]
            ending = ending or 'must be an address or an object with "url" and "label".'
            cases += [(with_value(line, path, [good, v]), f"{name}[1] {ending}") for v in items]
    return [pytest.param(line, problem, id=f"{problem}-{json.dumps(line)[-30:]}") for line, problem in cases]


def encoded(lines: list[Any]) -> bytes:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()


def refused(data: bytes) -> list[tuple[int, str]]:
    """The problems of a file that must be refused; nothing may have been written."""
    with pytest.raises(ImportFailed) as failure:
        import_resources(actor=None, stream=io.BytesIO(data), source="bad.jsonl")
    assert not Resource.objects.exists()
    assert not ImportRun.objects.exists()
    return failure.value.errors


def test_every_line_of_the_tables_imports_when_its_values_are_right() -> None:
    """The lines the wrong values are put into are good ones: each problem below is the value's alone."""
    report = import_resources(actor=None, stream=io.BytesIO(encoded([GOOD, PRACTICE, PLAN, PLATFORM])))
    assert report.created == 4


@pytest.mark.parametrize(("line", "problem"), wrong_values())
def test_a_value_of_the_wrong_type_is_a_problem_with_its_line_and_place(line: Any, problem: str) -> None:
    assert refused(encoded([GOOD, line])) == [(2, problem)]


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("organizations", [{}], "organizations[0] must be a string."),
        ("implementer", {}, "implementer must be a string."),
        ("language", [], "language must be a string."),
        ("links", [{}], "links[0].url is required."),
        ("links", [{"url": "https://example.org", "colour": "red"}], "Unknown fields: links[0].colour."),
        ("national_plan", {"plan_status": "adopted"}, "national_plan.country is required."),
        ("objectives", list(range(1, 1002)), "objectives has more than 1000 items."),
        ("title", "a\u0000b", "title contains a NUL character, which cannot be stored."),
        ("title", "\ud800", "title is not valid Unicode text."),
    ],
)
def test_the_problems_the_issue_names(field: str, value: Any, problem: str) -> None:
    line = {**PLAN, field: value} if field == "national_plan" else {**PRACTICE, field: value}
    # ensure_ascii writes a lone surrogate as the escape a file would hold.
    data = (json.dumps(GOOD) + "\n" + json.dumps(line) + "\n").encode()
    assert refused(data) == [(2, problem)]


def test_every_bad_field_of_a_line_is_reported_at_once() -> None:
    line = {**PRACTICE, "organizations": [{}, "IOM", 5], "countries": "MEX", "objectives": [1.5], "x": 1}
    assert refused(encoded([line])) == [
        (1, "Unknown fields: x."),
        (1, "objectives[0] must be an integer."),
        (1, "countries must be a list."),
        (1, "organizations[0] must be a string."),
        (1, "organizations[2] must be a string."),
    ]


def test_null_is_the_same_as_leaving_an_optional_field_out() -> None:
    optional = [place(path) for _line, path, _kind in FIELDS if len(path) == 1 and path not in NOT_NULL]
    line = {**dict.fromkeys(optional), **GOOD}
    report = import_resources(actor=None, stream=io.BytesIO(encoded([line])))
    resource = Resource.objects.get(pk=report.resource_ids[0])
    assert (resource.title, resource.status, resource.language, resource.links) == (
        "A good line first",
        "published",
        "en",
        [],
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('"objectives": [NaN]', "Not valid JSON: NaN is not allowed."),
        ('"objectives": [-Infinity]', "Not valid JSON: -Infinity is not allowed."),
        ('"objectives": [' + "7" * 5000 + "]", "Not valid JSON: a number has too many digits."),
        ('"objectives": [1e999]', "objectives[0] must be an integer."),
    ],
)
def test_numbers_json_does_not_have_are_problems(text: str, problem: str) -> None:
    data = (
        json.dumps(GOOD).encode()
        + b"\n"
        + ('{"kind": "practice", "title": "t", "url": "https://example.org/n", ' + text + "}").encode()
    )
    assert refused(data) == [(2, problem)]


def test_a_deeply_nested_line_is_a_problem_not_a_crash() -> None:
    depth = 200_000  # far past Python's recursion limit
    deep = b'{"kind": "practice", "title": "t", "links": ' + b"[" * depth + b"]" * depth + b"}"
    too_deep = f"The line nests more than {MAX_DEPTH} levels deep."
    after = {**GOOD, "url": "https://example.org/after"}
    assert refused(encoded([GOOD]) + deep + b"\n" + encoded([after])) == [(2, too_deep)]
    # Objects nest as deep as arrays.
    objects = b'{"translations": ' + b'{"a": ' * MAX_DEPTH + b"1" + b"}" * MAX_DEPTH + b"}"
    assert refused(objects) == [(1, too_deep)]


def test_brackets_inside_strings_are_not_nesting() -> None:
    title = '[{"\\"' * 50
    report = import_resources(actor=None, stream=io.BytesIO(encoded([{**GOOD, "title": title}])))
    assert Resource.objects.get(pk=report.resource_ids[0]).title == title


def test_a_huge_line_is_a_problem_and_the_lines_after_it_keep_their_numbers() -> None:
    huge = {**GOOD, "url": "https://example.org/huge", "body": "x" * MAX_LINE_BYTES}
    bad_after = {**GOOD, "url": "https://example.org/after", "countries": [1]}
    assert refused(encoded([GOOD, huge, bad_after])) == [
        (2, "The line is longer than 5 MB."),
        (3, "countries[0] must be a string."),
    ]


def test_the_command_lists_the_problems_and_exits_with_an_error(
    tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        encoded([GOOD, {**GOOD, "url": "https://example.org/2"}, {**GOOD, "organizations": [{}]}])
    )
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_resources", str(path))
    assert capsys.readouterr().err == "line 3: organizations[0] must be a string.\n"
    assert not Resource.objects.exists()
    # Run as from the shell: the exit status is 1 and the output is the problem, not a traceback.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)  # keep the test database open
    with pytest.raises(SystemExit) as exit_status:
        _command().run_from_argv(["gcmhub", "import_resources", str(path)])
    assert exit_status.value.code == 1
    err = capsys.readouterr().err
    assert "line 3: organizations[0] must be a string." in err and "Traceback" not in err
    assert not Resource.objects.exists()


def _command() -> BaseCommand:
    from gcmhub.knowledge.management.commands.import_resources import Command

    return Command()


# ---- Fuzzing: whatever JSON value a field holds, the import succeeds or reports problems ------------------

TEXTS_WITH_TRAPS = st.text(
    st.characters() | st.sampled_from(["\x00", "\ud800", "[", "{", '"', "\\"]), max_size=12
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXTS_WITH_TRAPS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXTS_WITH_TRAPS, children, max_size=4),
    max_leaves=16,
)
PLACES = [(line, path) for line, path, _kind in FIELDS] + [
    (PRACTICE, ("colour",)),
    (PLAN, ("national_plan", "x")),
]


class _Rollback(Exception):
    """Undoes one example's import so the next starts from an empty table."""


@settings(
    deadline=None,
    database=None,
    max_examples=300,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(where=st.sampled_from(PLACES), value=JSON_VALUES)
def test_any_json_value_in_any_field_imports_or_is_reported(where: Any, value: Any) -> None:
    line, path = where
    data = json.dumps(with_value(line, path, value)).encode()
    try:
        with transaction.atomic():
            report = import_resources(actor=None, stream=io.BytesIO(data), source="fuzz.jsonl")
            assert report.created == 1 and Resource.objects.count() == 1
            raise _Rollback
    except ImportFailed as failure:
        assert failure.errors
        assert all(number == 1 and isinstance(message, str) and message for number, message in failure.errors)
        assert not Resource.objects.exists()
    except _Rollback:
        assert not Resource.objects.exists()


def test_a_platform_address_longer_than_its_column_is_a_problem() -> None:
    long_url = "https://example.org/" + "p" * 490
    line = with_value(PLATFORM, ("platform", "url"), long_url)
    assert refused(encoded([line])) == [(1, "url is longer than 500 characters.")]


def test_a_link_label_may_be_null() -> None:
    line = {**GOOD, "links": [{"url": "https://example.org/a", "label": None}]}
    report = import_resources(actor=None, stream=io.BytesIO(encoded([line])))
    assert Resource.objects.get(pk=report.resource_ids[0]).links == [
        {"label": "", "url": "https://example.org/a"}
    ]


def test_an_unreadable_path_is_a_clear_error(tmp_path: Path, monkeypatch: Any) -> None:
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_resources", str(tmp_path / "missing.jsonl"))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_resources", str(tmp_path))
    path = tmp_path / "locked.jsonl"
    path.write_bytes(encoded([GOOD]))

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(CommandError, match=r"^Cannot read .*locked.jsonl: Permission denied\.$"):
        call_command("import_resources", str(path))
