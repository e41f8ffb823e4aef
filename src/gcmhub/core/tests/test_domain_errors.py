"""A domain error a page lets through becomes the one error page, with its message and its 4xx."""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import translation

from gcmhub.core.errors import DomainErrorMiddleware, error_title
from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed


def _never_called(request: HttpRequest) -> HttpResponse:
    raise AssertionError("the middleware only handles exceptions here")


def _request() -> HttpRequest:
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    return request


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status"),
    [
        (PermissionDenied("Not yours."), 403),
        (NotFound("No such thing."), 404),
        (ValidationFailed("Bad."), 422),
    ],
)
def test_it_renders_the_message_with_the_errors_status(error: Any, status: int) -> None:
    response = DomainErrorMiddleware(_never_called).process_exception(_request(), error)
    assert response is not None
    assert response.status_code == status
    assert error.message in response.content.decode()
    assert error_title(status) in response.content.decode()


def test_it_leaves_other_exceptions_to_django() -> None:
    assert DomainErrorMiddleware(_never_called).process_exception(_request(), ValueError("boom")) is None


def test_each_status_has_its_own_title() -> None:
    titles = {error_title(403), error_title(404), error_title(422)}
    assert len(titles) == 3


@pytest.mark.django_db
def test_a_page_raising_not_found_shows_its_message(client: Client) -> None:
    response = client.get("/fund/programmes/NO-SUCH-CODE/")
    assert response.status_code == 404
    assert "There is no joint programme NO-SUCH-CODE." in response.content.decode()
    assert error_title(404) in response.content.decode()


@pytest.mark.django_db
def test_the_error_page_speaks_the_readers_language(client: Client) -> None:
    response = client.get("/fr/knowledge/calls/999999/")
    with translation.override("fr"):
        title = error_title(404)
    assert response.status_code == 404
    assert title != "Not found"
    assert title in response.content.decode()


def test_an_outsider_gets_the_refusal_as_a_page(client: Client, outsider: Any) -> None:
    client.force_login(outsider)
    response = client.get("/knowledge/review/")
    assert response.status_code == 403
    assert "Only reviewers and the secretariat have a review queue." in response.content.decode()
