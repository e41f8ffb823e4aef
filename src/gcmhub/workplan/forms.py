"""Forms of the work plan pages: progress updates, tracking fields and the plan import."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gcmhub.reference.models import Organization
from gcmhub.workplan.importer import MAX_BYTES
from gcmhub.workplan.models import Activity, ActivityStatus
from gcmhub.workplan.queries import organizations_for_tracking

# Checked before reading the upload, so a huge file is never read into memory.
IMPORT_MAX_BYTES = MAX_BYTES
IMPORT_EXTENSIONS = (".txt", ".md", ".docx")
MEGABYTE = 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # The browser's date picker needs ISO dates whatever the interface language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def organization_label(organization: Organization) -> str:
    return f"{organization.acronym} — {organization.name_display}"


def grouped_by_kind(organizations: Iterable[Organization]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Choices in one group per kind of organization (UN entities first): a list of some 250 bodies, 190
    of them governments, is easier to scan and much lighter as one grouped list than as checkboxes."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for organization in organizations:
        groups.setdefault(organization.kind, []).append((organization.pk, organization_label(organization)))
    names = dict(Organization.Kind.choices)
    order = [kind for kind in Organization.Kind.values if kind in groups]
    order += [kind for kind in groups if kind not in names]
    return [(str(names.get(kind, kind)), groups[kind]) for kind in order]


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return organization_label(obj)


class OrganizationMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return organization_label(obj)


class ProgressUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActivityStatus.choices,
        error_messages={"invalid_choice": _("Choose one of the statuses in the list.")},
    )
    text = forms.CharField(
        label=_("Progress made"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        error_messages={"required": _("Describe the progress made.")},
    )
    evidence_url = forms.URLField(
        label=_("Evidence link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A link to a report, minutes or other evidence (optional)."),
        error_messages={"invalid": _("Enter a full web address, such as https://example.org/report.")},
    )
    date = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=DateInput())


class TrackingForm(forms.Form):
    lead = OrganizationChoiceField(
        label=_("Lead organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("No lead yet"),
    )
    participants = OrganizationMultipleChoiceField(
        label=_("Participating organizations"),
        queryset=Organization.objects.none(),
        required=False,
        # One grouped list instead of a checkbox per organization: the page stays light; without JavaScript
        # it is the browser's own multiple choice (a list of checkboxes on phones).
        widget=forms.SelectMultiple(attrs={"size": "10"}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several, or Shift to choose a range."),
    )
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DateInput())

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        if not args and "initial" not in kwargs:
            kwargs["initial"] = {
                "lead": activity.lead_id,
                "participants": [organization.pk for organization in activity.participants.all()],
                "planned_start": activity.planned_start,
                "planned_end": activity.planned_end,
            }
        super().__init__(*args, **kwargs)
        choices = organizations_for_tracking()
        lead_field = self.fields["lead"]
        participants_field = self.fields["participants"]
        assert isinstance(lead_field, forms.ModelChoiceField)
        assert isinstance(participants_field, forms.ModelMultipleChoiceField)
        lead_field.queryset = choices
        participants_field.queryset = choices
        grouped = grouped_by_kind(choices)
        lead_field.choices = [("", lead_field.empty_label or ""), *grouped]
        participants_field.choices = grouped

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end cannot be before the planned start."))
        return cleaned

    def action_arguments(self) -> dict[str, Any]:
        """The keyword arguments of actions.update_activity: empty fields are cleared, not kept."""
        data = self.cleaned_data
        clear = [name for name in ("lead", "planned_start", "planned_end") if not data.get(name)]
        return {
            "lead": data.get("lead"),
            "participants": list(data.get("participants") or []),
            "planned_start": data.get("planned_start"),
            "planned_end": data.get("planned_end"),
            "clear": clear,
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Work plan document"),
        help_text=_("A .txt, .md or .docx file of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_EXTENSIONS)}),
        error_messages={"required": _("Choose the document to import."), "empty": _("The file is empty.")},
    )
    start_date = forms.DateField(
        label=_("Timeframes count from"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to use the plan's configured start date."),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; documents of at most %(limit)s MB can be imported."),
                code="too_big",
                params={"size": f"{upload.size / MEGABYTE:.1f}", "limit": f"{IMPORT_MAX_BYTES / MEGABYTE:g}"},
            )
        return upload
