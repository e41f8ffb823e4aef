"""Unknown addresses get the site's own 404 page, in the reader's language."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_an_unknown_page_gets_a_helpful_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'href="/"' in response.content


def test_the_500_page_renders_without_a_request() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Server error" in html
