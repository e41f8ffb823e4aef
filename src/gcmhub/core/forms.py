"""Form helpers every app's pages share."""

from typing import Any, cast

from django import forms

# The empty first choice of an optional select.
BLANK: list[tuple[str, Any]] = [("", "—")]


def set_choices(form: forms.Form, name: str, choices: list[tuple[Any, Any]]) -> None:
    """Choices computed when the form is built (reference data is in the database)."""
    cast(forms.ChoiceField, form.fields[name]).choices = choices
