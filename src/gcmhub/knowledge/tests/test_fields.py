"""The form, the API, the checks and JSON Lines carry exactly the resource fields declared in
knowledge/fields.py, with the declared labels, limits and allowed values: a field added to one of them and not
to the declaration (or the other way round) fails here."""

from typing import Any, cast

import pytest
from annotated_types import MaxLen
from django import forms
from pydantic.fields import FieldInfo

from gcmhub.knowledge.fields import (
    API_ONLY,
    JSONL_ONLY,
    RESOURCE_FIELDS,
    Reference,
    ResourceField,
    Value,
    api_fields,
    form_fields,
    jsonl_fields,
)
from gcmhub.knowledge.forms import ResourceForm
from gcmhub.knowledge.jsonl import as_line
from gcmhub.knowledge.jsonl_types import FIELDS as JSONL_FIELDS
from gcmhub.knowledge.models import Kind
from gcmhub.knowledge.schemas import ResourceFields, ResourceIn
from gcmhub.knowledge.tests.factories import make_plan
from gcmhub.knowledge.validation import SCALAR_FIELDS, TEXT_LIMITS, ReferenceIndex, clean_resource

# The form shows a group's fields under these prefixes.
GROUP_PREFIX = {"national_plan": "np_", "platform": "pf_"}
# A value of each kind that the checks refuse, naming the field.
BAD_VALUE: dict[Value, Any] = {
    Value.TEXT: 12,
    Value.HTML: 12,
    Value.URL: "not an address",
    Value.DATE: "31/05/2024",
    Value.CHOICE: "no-such-choice",
    Value.CHOICES: ["no-such-choice"],
    Value.CODES: ["999999"],
    Value.ACRONYM: "NO-SUCH-ORGANIZATION",
    Value.ACRONYMS: ["NO-SUCH-ORGANIZATION"],
    Value.LINKS: [{"url": "not an address"}],
    Value.GROUP: "not an object",
}


def _name(field: ResourceField) -> str:
    return field.name


def _names(fields: list[ResourceField]) -> set[str]:
    return {field.name for field in fields}


def _form_field(name: str) -> forms.Field:
    return ResourceForm.base_fields[name]


def _api_limit(info: FieldInfo) -> int | None:
    return next((m.max_length for m in info.metadata if isinstance(m, MaxLen)), None)


def test_names_are_unique() -> None:
    assert len(_names(list(RESOURCE_FIELDS))) == len(RESOURCE_FIELDS)


def test_the_form_has_the_declared_fields_and_no_other() -> None:
    own = {name for name in ResourceForm.base_fields if not name.startswith(tuple(GROUP_PREFIX.values()))}
    groups = {
        group
        for group, prefix in GROUP_PREFIX.items()
        if any(name.startswith(prefix) for name in ResourceForm.base_fields)
    }
    assert own | groups == _names(form_fields())


@pytest.mark.parametrize("field", [f for f in form_fields() if f.value != Value.GROUP], ids=_name)
def test_the_form_shows_the_declared_label_limit_and_requirement(field: ResourceField) -> None:
    form_field = _form_field(field.name)
    assert str(form_field.label) == str(field.label)
    assert getattr(form_field, "max_length", None) == field.max_length
    assert form_field.required == (not field.blank)


@pytest.mark.parametrize("field", [f for f in form_fields() if f.choices is not None], ids=_name)
def test_the_form_offers_the_declared_choices(field: ResourceField, db: None) -> None:
    form_field = ResourceForm(kind=Kind.PRACTICE).fields[field.name]
    if not isinstance(form_field, forms.ChoiceField):
        return  # organizations are typed as acronyms, checked against the table by the actions
    # The stubs allow every form Django accepts; the form sets plain (value, label) pairs.
    choices = cast(list[tuple[Any, Any]], form_field.choices)
    offered = {str(value) for value, _label in choices if value != ""}
    assert offered == _allowed(field)


def _allowed(field: ResourceField) -> set[str]:
    if isinstance(field.choices, Reference):
        return {
            str(v) for v in field.choices.model._default_manager.values_list(field.choices.column, flat=True)
        }
    assert field.choices is not None
    return {str(value) for value in field.choices.values}


def test_the_api_takes_the_declared_fields_and_no_other() -> None:
    assert set(ResourceFields.model_fields) == _names(api_fields())
    assert set(ResourceIn.model_fields) == _names(api_fields()) | API_ONLY


def test_the_api_requires_the_declared_fields_on_creation() -> None:
    required = {name for name, info in ResourceIn.model_fields.items() if info.is_required()}
    assert required == {f.name for f in api_fields() if f.required} | {"kind"}


@pytest.mark.parametrize("field", api_fields(), ids=_name)
def test_a_limit_the_api_declares_is_the_declared_one(field: ResourceField) -> None:
    limit = _api_limit(ResourceIn.model_fields[field.name])
    assert limit is None or limit == field.max_length


def test_json_lines_carries_the_declared_fields_and_no_other() -> None:
    assert {f.jsonl_name for f in jsonl_fields()} | JSONL_ONLY == JSONL_FIELDS


def test_the_export_writes_only_fields_json_lines_reads(db: None) -> None:
    line = as_line(make_plan("MEX", "adopted"))
    assert set(line) <= JSONL_FIELDS
    assert "national_plan" in line


def test_the_checks_clean_only_declared_fields() -> None:
    assert set(SCALAR_FIELDS) <= _names(list(RESOURCE_FIELDS))


@pytest.mark.parametrize(
    "field", [f for f in RESOURCE_FIELDS if f.value in {Value.TEXT, Value.URL}], ids=_name
)
def test_the_checks_hold_text_to_the_declared_limit(field: ResourceField) -> None:
    assert TEXT_LIMITS.get(field.name) == field.max_length


@pytest.mark.parametrize("field", RESOURCE_FIELDS, ids=_name)
def test_the_checks_refuse_a_bad_value_of_each_field(field: ResourceField, db: None) -> None:
    kind = field.name if field.value == Value.GROUP else Kind.PRACTICE
    _clean, problems = clean_resource(kind, {field.name: BAD_VALUE[field.value]}, ReferenceIndex.load())
    assert problems, field.name
    assert all(field.name in problem for problem in problems)


@pytest.mark.parametrize("field", [f for f in RESOURCE_FIELDS if f.value == Value.CHOICE], ids=_name)
def test_the_checks_accept_every_declared_choice(field: ResourceField, db: None) -> None:
    refs = ReferenceIndex.load()
    for value in _allowed(field):
        _clean, problems = clean_resource(Kind.PRACTICE, {field.name: value}, refs)
        assert problems == [], value
