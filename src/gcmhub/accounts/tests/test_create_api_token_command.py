"""`gcmhub create_api_token USERNAME NAME` prints the raw token once."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from gcmhub.accounts.models import ApiToken, hash_token


def test_it_prints_a_working_token(focal_point: User) -> None:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "focal_point", "reporting", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert raw.startswith("gcm_")
    token = ApiToken.objects.get(user=focal_point)
    assert (token.name, token.token_hash) == ("reporting", hash_token(raw))
    assert "shown only this once" in err.getvalue()
    assert raw not in err.getvalue()


def test_it_refuses_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match=r"There is no user ghost\."):
        call_command("create_api_token", "ghost", "reporting", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()
