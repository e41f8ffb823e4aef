"""The report builder's form: the call, the format, the language, the data-as-of date and the outline (for
each chapter: whether to include it, its place and its title). The outline it makes goes through the same
checks as an --outline file."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.reporting.report import FORMATS
from gcmhub.reporting.report.builder import published_calls
from gcmhub.reporting.report.outline import CHAPTER_TITLES, KINDS, MAX_TITLE_LENGTH, SOURCES, parse_outline

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FORMAT_LABELS = {"docx": _("Word (DOCX, editable)"), "pdf": _("PDF"), "html": _("Web page (HTML)")}
# The annex of sources is always last; its title can still be changed.
ORDERED_KINDS = [kind for kind in KINDS if kind != SOURCES]


def _named(label: str, chapter: str) -> forms.CheckboxInput:
    return forms.CheckboxInput(attrs={"aria-label": label % {"chapter": chapter}})


def _title_field(kind: str) -> forms.CharField:
    chapter = str(CHAPTER_TITLES[kind])
    return forms.CharField(
        label=_("Title"),
        required=False,
        max_length=MAX_TITLE_LENGTH,
        initial=chapter,
        widget=forms.TextInput(
            attrs={"aria-label": gettext_now("Title: %(chapter)s") % {"chapter": chapter}}
        ),
    )


class ReportForm(forms.Form):
    call = forms.ChoiceField(label=_("Call for inputs"), required=False)
    fmt = forms.ChoiceField(label=_("Format"), choices=[(f, FORMAT_LABELS[f]) for f in FORMATS])
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)
    as_of = forms.DateField(
        label=_("Data as of"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty to use the date of the latest change to the data."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        call_field = self.fields["call"]
        assert isinstance(call_field, forms.ChoiceField)
        call_field.choices = [("", _("The latest call (closed, else published)"))] + [
            (str(call.pk), call.title) for call in published_calls()
        ]
        for position, kind in enumerate(ORDERED_KINDS, start=1):
            chapter = str(CHAPTER_TITLES[kind])
            self.fields[f"include_{kind}"] = forms.BooleanField(
                label=_("Include"),
                required=False,
                initial=True,
                widget=_named(gettext_now("Include: %(chapter)s"), chapter),
            )
            self.fields[f"position_{kind}"] = forms.IntegerField(
                label=_("Place"),
                min_value=1,
                max_value=len(ORDERED_KINDS),
                initial=position,
                widget=forms.NumberInput(
                    attrs={"aria-label": gettext_now("Place: %(chapter)s") % {"chapter": chapter}}
                ),
            )
            self.fields[f"title_{kind}"] = _title_field(kind)
        self.fields[f"title_{SOURCES}"] = _title_field(SOURCES)

    def chapter_rows(self) -> list[dict[str, Any]]:
        """The outline's fields, chapter by chapter, for the template."""
        rows = [
            {
                "kind": kind,
                "default": CHAPTER_TITLES[kind],
                "include": self[f"include_{kind}"],
                "position": self[f"position_{kind}"],
                "title": self[f"title_{kind}"],
            }
            for kind in ORDERED_KINDS
        ]
        rows.append({"kind": SOURCES, "default": CHAPTER_TITLES[SOURCES], "title": self[f"title_{SOURCES}"]})
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        chosen = [kind for kind in ORDERED_KINDS if data.get(f"include_{kind}")]
        chosen.sort(key=lambda kind: (data[f"position_{kind}"], ORDERED_KINDS.index(kind)))
        chapters = [self._chapter(kind, data) for kind in [*chosen, SOURCES]]
        if not chosen:
            self.add_error(None, _("Include at least one chapter."))
            return data
        try:
            data["outline"] = parse_outline({"chapters": chapters}).as_json()
        except ValidationFailed as exc:
            self.add_error(None, exc.message)
        return data

    def _chapter(self, kind: str, data: dict[str, Any]) -> dict[str, str]:
        title = data.get(f"title_{kind}") or ""
        # The default title is not stored, so the report translates it into the language it is built in.
        if title.strip() == str(CHAPTER_TITLES[kind]):
            title = ""
        return {"kind": kind, "title": title} if title.strip() else {"kind": kind}
