"""Forms of the consultation pages. They only parse input; the rules are in actions/consultations.py."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gcmhub.knowledge.queries import reader_language
from gcmhub.reference.models import Organization
from gcmhub.reporting.actions.consultations import MAX_COMMENT, Draft
from gcmhub.reporting.models import LANGUAGE_CHOICES, Disposition, DraftKind
from gcmhub.workplan.importer import MAX_BYTES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DraftFields(forms.Form):
    """The text of a draft: typed, or a DOCX (or .txt/.md) file, which wins when both are given."""

    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16, "dir": "auto"}),
        required=False,
        help_text=_("Plain text or Markdown; paragraphs are separated by a blank line."),
    )
    document = forms.FileField(
        label=_("Or a document"),
        required=False,
        help_text=_("A DOCX file (or .txt, .md): each paragraph of the document becomes a paragraph."),
    )

    def draft(self) -> Draft:
        upload = self.cleaned_data.get("document")
        if upload:
            # One byte over the limit is enough for the reader to refuse the file as too large.
            return Draft(document=(upload.read(MAX_BYTES + 1), upload.name or "draft.docx"))
        return Draft(text=self.cleaned_data.get("text") or "")


class ConsultationForm(DraftFields):
    title = forms.CharField(label=_("Title"), max_length=250)
    kind = forms.ChoiceField(label=_("Kind of text"), choices=DraftKind.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    language = forms.ChoiceField(label=_("Original language"), choices=LANGUAGE_CHOICES, initial="en")
    opens_on = forms.DateField(label=_("Opening date"), widget=DATE)
    closes_on = forms.DateField(label=_("Closing date"), widget=DATE)

    field_order = ["title", "kind", "description", "language", "opens_on", "closes_on", "text", "document"]

    def data_for_action(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("text", "document")}


class VersionForm(DraftFields):
    note = forms.CharField(
        label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=20_000
    )


class CommentForm(forms.Form):
    """A comment or a reply. The organization is asked only of people who act for several."""

    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        max_length=MAX_COMMENT,
    )
    language = forms.ChoiceField(label=_("Language of the comment"), choices=LANGUAGE_CHOICES)
    organization = forms.TypedChoiceField(label=_("On behalf of"), coerce=int, required=False)

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = reader_language()
        if len(organizations) > 1:
            # self.fields is typed as Field; these are ChoiceFields, whose `choices` Field lacks.
            self.fields["organization"].choices = [(o.pk, o.acronym) for o in organizations]  # type: ignore[attr-defined]
            self.fields["organization"].required = True
        else:
            del self.fields["organization"]

    def organization_id(self) -> int | None:
        value = self.cleaned_data.get("organization")
        return int(value) if value else None


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the author)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=20_000,
    )


class DispositionForm(forms.Form):
    disposition = forms.ChoiceField(label=_("How it was taken into account"), choices=Disposition.choices)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=20_000,
        help_text=_("Required when the comment was partly or not accepted."),
    )
