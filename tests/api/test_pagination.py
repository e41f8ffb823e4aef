"""API lists are paginated with limit and offset, in an {"items", "count"} envelope; limit is capped."""

from django.conf import settings
from django.test import Client

from gcmhub.workplan.models import Activity

ACTIVITIES = "/api/v1/workplans/activities"


def test_the_envelope_has_items_and_count(client: Client, db: None) -> None:
    body = client.get(ACTIVITIES).json()
    assert set(body) == {"items", "count"}
    total = Activity.objects.filter(result__section__version__is_current=True).count()
    assert body["count"] == total
    assert len(body["items"]) == min(total, settings.NINJA_PAGINATION_PER_PAGE)


def test_limit_and_offset_walk_the_list(client: Client, db: None) -> None:
    everything = [item["id"] for item in client.get(f"{ACTIVITIES}?limit=500").json()["items"]]
    page = client.get(f"{ACTIVITIES}?limit=3&offset=2").json()
    assert [item["id"] for item in page["items"]] == everything[2:5]
    assert page["count"] == len(everything)
    beyond = client.get(f"{ACTIVITIES}?offset={len(everything)}").json()
    assert beyond == {"items": [], "count": len(everything)}


def test_the_limit_is_capped(client: Client, db: None) -> None:
    cap = settings.NINJA_PAGINATION_MAX_LIMIT
    assert client.get(f"{ACTIVITIES}?limit={cap}").status_code == 200
    response = client.get(f"{ACTIVITIES}?limit={cap + 1}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"][-1] == "limit"


def test_limit_and_offset_must_be_sensible(client: Client, db: None) -> None:
    assert client.get(f"{ACTIVITIES}?limit=0").status_code == 422
    assert client.get(f"{ACTIVITIES}?offset=-1").status_code == 422


def test_an_offset_past_the_database_range_is_422(client: Client, db: None) -> None:
    # SQLite's INTEGER is signed 64-bit; one more used to reach the query and fail there with a 500.
    for offset in (2**63, 10**20):
        response = client.get(f"{ACTIVITIES}?offset={offset}")
        assert response.status_code == 422
        assert response["Content-Type"] == "application/problem+json"
        body = response.json()
        assert body["detail"] == f"offset may be at most {2**63 - 1}."
        assert body["errors"][0]["loc"] == ["query", "offset"]


def test_the_largest_offset_the_database_takes_is_an_empty_page(client: Client, db: None) -> None:
    total = client.get(ACTIVITIES).json()["count"]
    assert client.get(f"{ACTIVITIES}?offset={2**63 - 1}").json() == {"items": [], "count": total}


def test_a_limit_below_one_says_so(client: Client, db: None) -> None:
    assert client.get(f"{ACTIVITIES}?limit=0").json()["detail"] == "limit must be at least 1."
