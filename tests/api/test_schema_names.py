"""Every API schema has a name of its own. The OpenAPI document keys schemas by class name, so two classes
with one name leave only one of them in the document, and the other's operations document a wrong body."""

from collections import defaultdict
from typing import Any

from django.test import Client
from ninja import Schema

import gcmhub.config.api  # noqa: F401 (registers every app's router, which imports every schema)
from gcmhub.fund.schemas import ProgrammeDecisionIn
from gcmhub.knowledge.schemas import ResourceDecisionIn


def api_schemas() -> set[type[Schema]]:
    """Every ninja Schema class defined in the project's code (tests left out)."""
    found: set[type[Schema]] = set()
    pending = [Schema]
    while pending:
        for subclass in pending.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                pending.append(subclass)
    return {c for c in found if c.__module__.startswith("gcmhub.") and ".tests" not in c.__module__}


def test_no_two_schemas_share_a_name() -> None:
    by_name: dict[str, list[str]] = defaultdict(list)
    for schema in api_schemas():
        by_name[schema.__name__].append(f"{schema.__module__}.{schema.__qualname__}")
    shared = {name: sorted(classes) for name, classes in by_name.items() if len(classes) > 1}
    assert not shared, f"Give these schemas their app's prefix: {shared}"
    assert {"ProgrammeDecisionIn", "ResourceDecisionIn", "ActivityPatchIn"} <= by_name.keys()


def documented_body_fields(client: Client, path: str) -> set[str]:
    document: dict[str, Any] = client.get("/api/v1/openapi.json").json()
    schema = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    name = schema["$ref"].rsplit("/", 1)[-1]
    return set(document["components"]["schemas"][name]["properties"])


def test_a_programme_decision_documents_its_own_body(client: Client, db: None) -> None:
    fields = documented_body_fields(client, "/api/v1/fund/programmes/{code}/decisions")
    assert fields == {"date", "decision", "rationale", "amount_usd"} == set(ProgrammeDecisionIn.model_fields)


def test_a_resource_decision_documents_its_own_body(client: Client, db: None) -> None:
    fields = documented_body_fields(client, "/api/v1/knowledge/resources/{resource_id}/decision")
    assert fields == {"outcome", "rationale"} == set(ResourceDecisionIn.model_fields)
