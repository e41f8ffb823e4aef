"""A field the API does not know is refused: every write operation in the live OpenAPI document (a JSON body
or a multipart form) answers 422 problem+json naming the field, and changes nothing; every read refuses a
query parameter it does not declare. A misspelt optional field (`notes` for `note`) or filter (`statuss`)
must never look like a success that quietly ignored it."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gcmhub.accounts.actions import create_api_token
from gcmhub.core.tests.typed import present
from gcmhub.fund import actions as fund_actions
from gcmhub.fund.models import Deposit, Fund
from gcmhub.knowledge.models import Resource
from gcmhub.workplan.models import Activity, ExpectedResult, ProgressUpdate, Section

PROBLEM = "application/problem+json"
UNKNOWN = "misspelt_field"
WRITES = ("post", "put", "patch")

UNKNOWN_FILE = "misspelt_file"
FORM = "multipart/form-data"


@pytest.fixture(autouse=True)
def _private_search_index(settings: Any, tmp_path: Path) -> Iterator[None]:
    # Creating a resource touches the search index: keep it out of the working tree.
    from gcmhub.search.backends import forget_backends

    settings.GCMHUB_SEARCH_DIR = tmp_path / "search"
    forget_backends()
    yield
    forget_backends()


def bearer(user: Any) -> Client:
    """A client that authenticates with an API token (no CSRF token needed)."""
    _token, raw = create_api_token(actor=user, name="unknown fields")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def send(client: Client, method: str, path: str, body: Any) -> Any:
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


# The apps the API writes to, and the audit log that records every write (updates included).
WRITTEN_APPS = ("accounts", "directory", "fund", "knowledge", "reference", "results", "workplan", "auditlog")


def every_row_count() -> dict[str, int]:
    """How many rows each model the API writes to has: a refused write leaves all of them alone."""
    models = [m for label in WRITTEN_APPS for m in apps.get_app_config(label).get_models()]
    # get_models() is typed as bare Model; none of these models has a manager other than `objects`.
    return {model._meta.label: model._default_manager.count() for model in models}


def field_of(loc: list[Any]) -> str:
    """A body field is located as ["body", <parameter>, field, ...], a query or form one as [source, name]."""
    return ".".join(str(part) for part in (loc[2:] if loc[0] == "body" else loc[1:]))


def assert_unknown_field_refused(response: Any, *fields: str) -> dict[str, Any]:
    """A 422 invalid_request whose errors are exactly the unknown `fields` and whose detail names them."""
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM
    problem: dict[str, Any] = response.json()
    assert problem["type"] == "about:blank#invalid_request"
    unknown = [field_of(e["loc"]) for e in problem["errors"] if e["type"] == "extra_forbidden"]
    assert sorted(unknown) == sorted(fields), problem["errors"]
    for field in fields:
        assert field in problem["detail"], problem["detail"]
    return problem


# The whole API, from its live OpenAPI document.


def live_document(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def write_operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in WRITES:
                yield method, path, operation


def json_body_schema(operation: dict[str, Any]) -> dict[str, Any] | None:
    content = operation.get("requestBody", {}).get("content", {})
    schema: dict[str, Any] | None = content.get("application/json", {}).get("schema")
    return schema


def concrete_path(path: str, operation: dict[str, Any]) -> str:
    """The path with each parameter filled by a value of its type (validation runs before any lookup)."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            value = "1" if parameter["schema"].get("type") == "integer" else "x"
            path = path.replace("{" + parameter["name"] + "}", value)
    return path


def form_schema(operation: dict[str, Any]) -> dict[str, Any] | None:
    content = operation.get("requestBody", {}).get("content", {})
    schema: dict[str, Any] | None = content.get(FORM, {}).get("schema")
    return schema


def sample(schema: dict[str, Any]) -> Any:
    """A value of a form field's type, so that only the unknown field is wrong."""
    kinds = [schema, *schema.get("anyOf", [])]
    if any(kind.get("format") == "binary" for kind in kinds):
        return SimpleUploadedFile("sample.pdf", b"%PDF-1.7 sample", content_type="application/pdf")
    if any(kind.get("format") == "date" for kind in kinds):
        return "2024-01-01"
    return {"boolean": "false", "integer": "1", "number": "1"}.get(schema.get("type", ""), "x")


def valid_form(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    schema = resolve(document, schema)
    return {name: sample(schema["properties"][name]) for name in schema.get("required", [])}


def test_every_write_refuses_an_unknown_field_and_changes_nothing(client: Client, secretariat: Any) -> None:
    document = live_document(client)
    caller = bearer(secretariat)  # signed in, so the body is what gets judged
    before = every_row_count()
    tried, forms, failures = [], [], []
    for method, path, operation in write_operations(document):
        target = concrete_path(path, operation)
        if (form := form_schema(operation)) is not None:
            # An otherwise valid form with an unknown field and an unknown file: both named.
            fields = {**valid_form(document, form), UNKNOWN: "x", UNKNOWN_FILE: sample({"format": "binary"})}
            response = getattr(caller, method)(target, data=fields)
            forms.append((method, path))
            expected: tuple[str, ...] = (UNKNOWN, UNKNOWN_FILE)
        elif (schema := json_body_schema(operation)) is not None:
            is_list = resolve(document, schema).get("type") == "array"
            body: Any = [{UNKNOWN: "x"}] if is_list else {UNKNOWN: "x"}
            response = send(caller, method, target, body)
            expected = (f"0.{UNKNOWN}" if is_list else UNKNOWN,)
        else:
            assert "requestBody" not in operation, f"{method} {path}: a body neither JSON nor a form"
            continue  # a write without a body has no field to misspell
        tried.append((method, path))
        try:
            assert_unknown_field_refused(response, *expected)
        except AssertionError as refused_badly:
            failures.append(f"{method.upper()} {path}: {refused_badly}")
    assert not failures, "\n".join(failures)
    assert len(tried) >= 40 and ("post", "/api/v1/fund/funds/{code}/deposits") in tried
    assert {
        ("post", "/api/v1/fund/programmes/{code}/documents"),
        ("post", "/api/v1/knowledge/resources/{resource_id}/attachments"),
    } <= set(forms)
    assert every_row_count() == before


def test_every_read_refuses_an_unknown_query_parameter(client: Client, secretariat: Any) -> None:
    """A misspelt filter (`?statuss=`) is refused rather than answered with everything."""
    document = live_document(client)
    caller = bearer(secretariat)
    tried, failures = [], []
    for path, operations in document["paths"].items():
        if "get" not in operations:
            continue
        operation = operations["get"]
        required = {
            parameter["name"]: sample(parameter["schema"])
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query" and parameter.get("required")
        }
        response = caller.get(concrete_path(path, operation), {**required, UNKNOWN: "x"})
        tried.append(path)
        try:
            assert_unknown_field_refused(response, UNKNOWN)
        except AssertionError as refused_badly:
            failures.append(f"GET {path}: {refused_badly}")
    assert not failures, "\n".join(failures)
    assert len(tried) >= 30 and "/api/v1/workplans/activities" in tried


def test_every_documented_request_body_forbids_other_fields(client: Client, db: None) -> None:
    """The contract says so too, for nested objects as well (a programme's participants, a resource's
    links)."""
    document = live_document(client)
    seen: set[str] = set()
    pending = [schema for _m, _p, op in write_operations(document) if (schema := json_body_schema(op))]
    while pending:
        schema = pending.pop()
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                pending.append(resolve(document, schema))
            continue
        if "properties" in schema:
            assert schema.get("additionalProperties") is False, schema.get("title")
            pending.extend(schema["properties"].values())
        pending.extend(schema.get("anyOf", []))
        if isinstance(schema.get("items"), dict):
            pending.append(schema["items"])
    assert {"ProgrammeIn", "ParticipantIn", "ResourceIn", "LinkIn", "ReportIn", "CellIn"} <= seen


# Real endpoints, called by someone allowed to write, with an otherwise valid body.


@pytest.fixture
def fund(db: None) -> Fund:
    return fund_actions.create_fund(
        actor=None, code="MPTF", name="Migration MPTF", administrative_agent="MPTFO", is_published=True
    )


def deposit_body(fund: Fund) -> dict[str, Any]:
    contributor = fund_actions.create_contributor(
        actor=None, name="Government of Testland", kind="government"
    )
    return {
        "contributor_id": contributor.pk,
        "received_on": "2024-01-10",
        "currency": "USD",
        "amount": "1000.00",
        "rate_to_usd": "1",
        "note": "First instalment",
    }


def fund_state() -> tuple[Any, ...]:
    return (list(Deposit.objects.values_list("pk", "amount", "note")), LogEntry.objects.count())


def test_a_misspelt_deposit_field_is_refused_and_records_nothing(fund: Fund, fund_manager: Any) -> None:
    caller, good = bearer(fund_manager), deposit_body(fund)
    path = f"/api/v1/fund/funds/{fund.code}/deposits"
    before = fund_state()
    misspelt = {**{k: v for k, v in good.items() if k != "note"}, "notes": good["note"]}
    problem = assert_unknown_field_refused(send(caller, "post", path, misspelt), "notes")
    assert problem["detail"] == "Unknown field: notes. Check its spelling against the API documentation."
    assert fund_state() == before
    # The same deposit, spelt right, is recorded: only the unknown field was wrong.
    made = send(caller, "post", path, good)
    assert made.status_code == 201, made.content
    assert Deposit.objects.get().note == "First instalment"


def resource_body() -> dict[str, Any]:
    return {
        "kind": "practice",
        "title": "Firewalls for health care",
        "summary": "Clinics do not report immigration status.",
        "objectives": [15],
        "countries": ["ESP"],
        "links": [{"label": "Evaluation", "url": "https://example.org/evaluation"}],
    }


def resource_state() -> tuple[Any, ...]:
    return (list(Resource.objects.values_list("pk", "title", "summary")), LogEntry.objects.count())


def test_a_misspelt_resource_field_is_refused_also_when_nested(stakeholder: Any) -> None:
    caller, good, path = bearer(stakeholder), resource_body(), "/api/v1/knowledge/resources"
    before = resource_state()
    top = {**good, "sumary": good["summary"]}
    assert_unknown_field_refused(send(caller, "post", path, top), "sumary")
    nested = {**good, "links": [{"lable": "Evaluation", "url": "https://example.org/evaluation"}]}
    assert_unknown_field_refused(send(caller, "post", path, nested), "links.0.lable")
    both = {**top, "licence_url": "https://example.org/licence"}
    problem = assert_unknown_field_refused(send(caller, "post", path, both), "sumary", "licence_url")
    assert problem["detail"].startswith("Unknown fields: ")
    assert resource_state() == before
    made = send(caller, "post", path, good)
    assert made.status_code == 201, made.content
    assert Resource.objects.get().summary == good["summary"]


@pytest.fixture
def activity(db: None) -> Activity:
    """The first activity of cross-cutting result 6, whose members (DESA, IOM) the focal point works for."""
    result = ExpectedResult.objects.get(
        section__version__is_current=True, section__kind=Section.Kind.CROSS_CUTTING, number=6
    )
    return present(result.activities.order_by("position").first())


def activity_state(activity: Activity) -> tuple[Any, ...]:
    row = Activity.objects.filter(pk=activity.pk).values().get()
    return (row, ProgressUpdate.objects.filter(activity=activity).count(), LogEntry.objects.count())


def test_a_misspelt_activity_field_is_refused_and_the_activity_is_unchanged(
    focal_point: Any, activity: Activity
) -> None:
    caller, path = bearer(focal_point), f"/api/v1/workplans/activities/{activity.pk}"
    before = activity_state(activity)
    misspelt = {"status": "in_progress", "planed_end": "2025-12-31"}
    assert_unknown_field_refused(send(caller, "patch", path, misspelt), "planed_end")
    update = {"text": "Draft shared.", "status": "in_progress", "evidence": "https://example.org/draft"}
    assert_unknown_field_refused(send(caller, "post", f"{path}/updates", update), "evidence")
    assert activity_state(activity) == before
    changed = send(caller, "patch", path, {"status": "in_progress", "planned_end": "2025-12-31"})
    assert changed.status_code == 200, changed.content
    activity.refresh_from_db()
    assert (activity.status, str(activity.planned_end)) == ("in_progress", "2025-12-31")
