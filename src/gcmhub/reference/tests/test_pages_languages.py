"""Pages show reference labels in the page's language: the objective page of the plan in French, Arabic and
Chinese, and in English without a prefix."""

import html
from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    # A request in another language leaves it active in this thread; later tests expect English.
    yield
    translation.activate("en")


def body(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return html.unescape(response.content.decode())


def test_the_objective_page_titles_the_objective_in_the_pages_language(client: Client) -> None:
    french = body(client, "/fr/objectives/3/")
    assert (
        "Fournir dans les meilleurs délais des informations exactes à toutes les étapes de la migration"
        in french
    )
    arabic = body(client, "/ar/objectives/21/")
    assert "التعاون في تيسير العودة وإعادة القبول بصورة آمنة وكريمة" in arabic
    assert "العودة وإعادة الإدماج" in arabic
    assert "返回和重新融入" in body(client, "/zh-hans/objectives/21/")
    english = body(client, "/objectives/21/")
    assert "Cooperate in facilitating safe and dignified return and readmission" in english
    assert "dignified and sustainable return" not in english
