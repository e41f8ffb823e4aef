"""The API keeps its own contract. Every operation of the live OpenAPI document is called with generated
input — ids that exist, ids that do not, edge numbers, odd text, bodies built from the declared schemas —
reads anonymously and as the secretariat, writes as an outsider and as the secretariat, and:

- never answers 5xx;
- answers 2xx only with a status it declares, and a JSON body that validates against that response's schema;
- answers every 4xx as application/problem+json that validates against ProblemOut.

Writes run inside the test's transaction, so whatever they change is rolled back."""

import datetime
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import jsonschema
import pytest
from conftest import make_user
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcmhub.accounts import actions as account_actions
from gcmhub.core.management.commands.export_openapi import openapi_document
from gcmhub.core.params import DB_INT_MAX, DB_INT_MIN
from gcmhub.core.tests.typed import present

DOCUMENT: dict[str, Any] = json.loads(openapi_document())
COMPONENTS = DOCUMENT["components"]
OPERATIONS = [
    (method.upper(), path, operation)
    for path, operations in DOCUMENT["paths"].items()
    for method, operation in operations.items()
]
READS = [op for op in OPERATIONS if op[0] == "GET"]
WRITES = [op for op in OPERATIONS if op[0] != "GET"]
PROBLEM = "application/problem+json"

# A handful of examples per operation keeps the walk under half a minute; each run draws new ones.
FEW = settings(
    max_examples=4,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

EDGE_INTEGERS = [0, 1, -1, 2**31, DB_INT_MAX, DB_INT_MAX + 1, DB_INT_MIN, DB_INT_MIN - 1, 10**20]


def integers() -> st.SearchStrategy[int]:
    return st.one_of(st.sampled_from(EDGE_INTEGERS), st.integers(-1000, 1000))


def text() -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=30), st.sampled_from(["", " ", "0", "-1", "null", "%", "../", "€"]))


def any_json() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), integers(), st.floats(allow_nan=False), text())
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text(), inner, max_size=3),
        max_leaves=6,
    )


# Values from the schema


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def from_schema(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values shaped like `schema` (mostly valid, often at the edges), or now and then any JSON at all."""
    schema = resolve(schema)
    if depth > 4:
        return st.none()
    shaped = _shaped(schema, depth)
    return st.one_of(shaped, shaped, shaped, any_json())


def _shaped(schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    if "anyOf" in schema:
        return st.one_of([from_schema(s, depth + 1) for s in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        return st.fixed_dictionaries(
            {name: from_schema(s, depth + 1) for name, s in properties.items() if name in required},
            optional={
                name: from_schema(s, depth + 1) for name, s in properties.items() if name not in required
            },
        )
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {}), depth + 1), max_size=3)
    if kind == "integer":
        return integers()
    if kind == "number":
        return st.one_of(integers(), st.floats(allow_nan=False, allow_infinity=False))
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "string":
        return _string(schema)
    return any_json()


def _string(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    if schema.get("format") == "date":
        dates = st.dates(datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)).map(datetime.date.isoformat)
        return st.one_of(dates, dates, text())
    if schema.get("format") == "binary":
        return st.binary(max_size=64).map(lambda data: SimpleUploadedFile("upload.pdf", data))
    examples = [e for e in schema.get("examples", []) if isinstance(e, str)]
    return st.one_of(text(), st.sampled_from(examples)) if examples else text()


def parameter_value(parameter: dict[str, Any], known: dict[str, list[str]]) -> st.SearchStrategy[Any]:
    schema = parameter["schema"]
    variants = [resolve(s) for s in schema.get("anyOf", [schema])]
    kinds = {v.get("type") for v in variants}
    if "array" in kinds:
        generated: st.SearchStrategy[Any] = st.lists(text(), max_size=3)
    elif "integer" in kinds:
        generated = integers().map(str)
    elif "boolean" in kinds:
        generated = st.sampled_from(["true", "false", "1", "maybe"])
    else:
        generated = st.one_of([_shaped(v, 0) for v in variants if v.get("type") != "null"] or [text()])
    existing = known.get(parameter["name"], [])
    return st.one_of(st.sampled_from(existing), generated) if existing else generated


@st.composite
def requests(
    draw: Callable[..., Any], operation: dict[str, Any], known: dict[str, list[str]]
) -> dict[str, Any]:
    """A path with its parameters filled in, a query string and (for writes) a body."""
    path_values, query = {}, {}
    for parameter in operation.get("parameters", []):
        value = draw(parameter_value(parameter, known))
        if parameter["in"] == "path":
            path_values[parameter["name"]] = quote(str(value), safe="")
        elif draw(st.booleans()):
            query[parameter["name"]] = value
    body: Any = None
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = ("application/json", draw(from_schema(content["application/json"]["schema"])))
    elif "multipart/form-data" in content:
        fields = draw(_shaped(resolve(content["multipart/form-data"]["schema"]), 0))
        body = ("multipart", {k: v for k, v in fields.items() if v is not None})
    return {"path_values": path_values, "query": query, "body": body}


# The data the walk starts from


@pytest.fixture
def known(db: None) -> dict[str, list[str]]:
    """Ids and keys that exist: the shipped work plan and reference data, and a little of each other app."""
    from gcmhub.directory.tests.helpers import make_expert
    from gcmhub.fund import actions as fund_actions
    from gcmhub.knowledge.tests.factories import make_resource
    from gcmhub.results import actions as results_actions
    from gcmhub.results.models import Framework
    from gcmhub.workplan.models import Activity, ExpectedResult, WorkPlan

    fund = fund_actions.create_fund(
        actor=None, code="MPTF", name="Migration MPTF", administrative_agent="MPTFO", is_published=True
    )
    programme = fund_actions.create_programme(
        actor=None,
        fund_code=fund.code,
        title="Safe pathways",
        summary="A joint programme.",
        level="national",
        countries=["MEX"],
        thematic_area=2,
        objectives=[7],
        secondary_objectives=[23],
        participants=[{"organization": "IOM", "budget_usd": Decimal("600000.00")}],
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    framework = results_actions.new_framework(
        code="FW", title="Results", kind=Framework.Kind.FUND, is_public=True
    )
    outcome = results_actions.add_result(
        actor=None, framework_code=framework.code, level="outcome", code="1", title="Outcome 1"
    )
    indicator = results_actions.add_indicator(
        actor=None, result_id=outcome.pk, code="1.1", title="Indicator 1.1", value_type="number"
    )
    resource = make_resource()
    expert = make_expert("Amina Diallo", objectives=(5,))
    activity = Activity.objects.filter(result__section__version__is_current=True).first()
    assert activity is not None
    return {
        "activity_id": [str(activity.pk)],
        "result_id": [str(present(ExpectedResult.objects.first()).pk), str(outcome.pk)],
        "slug": list(WorkPlan.objects.values_list("slug", flat=True)),
        "number": ["1", "23"],
        "a": ["1"],
        "b": ["1"],
        "iso3": ["MEX"],
        "acronym": ["IOM"],
        "code": [fund.code, programme.code, framework.code],
        "indicator_id": [str(indicator.pk)],
        "resource_id": [str(resource.pk)],
        "expert_id": [str(expert.pk)],
        "language": ["fr"],
        "period": ["2025"],
    }


def _token_for(user: Any) -> str:
    _, raw = account_actions.create_api_token(actor=user, name="contract walk")
    return str(raw)


@pytest.fixture
def callers(db: None) -> dict[str, dict[str, str]]:
    """Request headers for each persona (API tokens, which need no CSRF token)."""
    return {
        "anonymous": {},
        "outsider": {"HTTP_AUTHORIZATION": f"Bearer {_token_for(make_user('walk-outsider'))}"},
        "secretariat": {
            "HTTP_AUTHORIZATION": f"Bearer {_token_for(make_user('walk-secretariat', 'secretariat', 'UNNM'))}"
        },
    }


# Calling and checking


def call(method: str, path: str, request: dict[str, Any], headers: dict[str, Any]) -> Any:
    url = path.format(**request["path_values"])
    client = Client()  # re-raises a handler's exception, so a bug shows its own traceback
    if method == "GET":
        return client.get(url, request["query"], **headers)
    if request["query"]:
        url += "?" + "&".join(f"{quote(k)}={quote(str(v))}" for k, v in request["query"].items())
    if request["body"] is None:
        return client.generic(method, url, **headers)
    kind, body = request["body"]
    if kind == "multipart":
        return (
            client.post(url, body, **headers) if method == "POST" else client.generic(method, url, **headers)
        )
    return client.generic(
        method, url, json.dumps(body, default=str), content_type="application/json", **headers
    )


def validate(schema: dict[str, Any], body: Any) -> None:
    validator = jsonschema.Draft202012Validator(
        {**schema, "components": COMPONENTS}, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(body)


def check(method: str, path: str, operation: dict[str, Any], response: Any, *, bodies: bool = True) -> None:
    where = f"{method} {response.wsgi_request.get_full_path()}"
    assert response.status_code < 500, f"{where} answered {response.status_code}: {response.content[:500]!r}"
    if 400 <= response.status_code < 500:
        assert response["Content-Type"] == PROBLEM, (
            f"{where} answered {response.status_code} without a problem"
        )
        validate({"$ref": "#/components/schemas/ProblemOut"}, response.json())
    elif 200 <= response.status_code < 300 and bodies:
        declared = operation["responses"].get(str(response.status_code))
        assert declared is not None, f"{where} answered {response.status_code}, which it does not declare"
        schema = declared.get("content", {}).get("application/json", {}).get("schema")
        if schema is not None:
            try:
                validate(schema, response.json())
            except jsonschema.ValidationError as error:
                place = list(error.absolute_path)
                problem = f"{where} answered what its schema does not allow: {error.message} at {place}"
                raise AssertionError(problem) from None


def exercise(
    operation: tuple[str, str, dict[str, Any]],
    personas: tuple[str, ...],
    known: dict[str, list[str]],
    callers: dict[str, dict[str, str]],
) -> None:
    """A few generated requests to one operation, each sent as every persona; hypothesis shrinks a failure."""
    method, path, spec = operation

    @FEW
    @given(request=requests(spec, known))
    def each(request: dict[str, Any]) -> None:
        for persona in personas:
            check(method, path, spec, call(method, path, request, callers[persona]))

    each()


def walk(
    operations: list[tuple[str, str, dict[str, Any]]],
    personas: tuple[str, ...],
    known: dict[str, list[str]],
    callers: dict[str, dict[str, str]],
) -> list[str]:
    """What broke, one entry (with its smallest failing example) per operation, so one run shows them all."""
    broken = []
    for operation in operations:
        try:
            exercise(operation, personas, known, callers)
        except Exception as error:
            notes = " ".join(getattr(error, "__notes__", []))
            broken.append(f"{operation[0]} {operation[1]}: {type(error).__name__}: {error} {notes}")
    return broken


def test_every_read_keeps_its_contract(
    known: dict[str, list[str]], callers: dict[str, dict[str, str]]
) -> None:
    broken = walk(READS, ("anonymous", "secretariat"), known, callers)
    assert broken == [], "\n\n".join(broken)


def test_every_write_refuses_bad_input_without_a_server_error(
    known: dict[str, list[str]], callers: dict[str, dict[str, str]]
) -> None:
    broken = walk(WRITES, ("outsider", "secretariat"), known, callers)
    assert broken == [], "\n\n".join(broken)


def test_the_walk_covers_every_operation() -> None:
    assert len(READS) + len(WRITES) == len(OPERATIONS) > 100
    assert {m for m, _, _ in WRITES} == {"POST", "PUT", "PATCH", "DELETE"}


def test_an_expected_result_matches_its_declared_schema(known: dict[str, list[str]]) -> None:
    """The work plan's expected result was declared with the results framework's schema of the same name
    (ResultOut), so its answers did not match the contract."""
    path = "/api/v1/workplans/results/{result_id}"
    operation = DOCUMENT["paths"][path]["get"]
    for result_id in known["result_id"][:1]:
        response = Client().get(path.format(result_id=result_id))
        assert response.status_code == 200
        check("GET", path, operation, response)
        assert response.json()["key"] == "cc.1"
