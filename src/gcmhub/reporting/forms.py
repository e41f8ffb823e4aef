"""Forms of the call pages. They only parse input; the rules are in actions.py."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gcmhub.reference.choices import thematic_area_choices
from gcmhub.reference.models import GuidingPrinciple, Objective, Region
from gcmhub.reporting.models import (
    LANGUAGE_CHOICES,
    Answer,
    AnswerType,
    Audience,
    Call,
    Purpose,
    Question,
    Section,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    language = forms.ChoiceField(label=_("Original language"), choices=LANGUAGE_CHOICES, initial="en")
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        help_text=_("For a regional review: only the Member States of this region are expected to answer."),
    )
    opens_on = forms.DateField(label=_("Opening date"), widget=DATE)
    closes_on = forms.DateField(label=_("Closing date"), widget=DATE)
    reminder_days = forms.CharField(
        label=_("Reminders"),
        required=False,
        initial="14, 3",
        help_text=_("Days before the closing date, separated by commas, e.g. 14, 3."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(level=Region.Level.REGION).order_by("name")
        # self.fields is typed as Field; these are ChoiceFields, whose `choices` Field lacks.
        self.fields["region"].choices = [("", "—"), *((r.m49, r.name_display) for r in regions)]  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(call: Call) -> dict[str, Any]:
        return {
            "title": call.title,
            "purpose": call.purpose,
            "description": call.description,
            "language": call.language,
            "audiences": call.audiences,
            "region": call.region.m49 if call.region else "",
            "opens_on": call.opens_on,
            "closes_on": call.closes_on,
            "reminder_days": ", ".join(str(d) for d in call.reminder_days),
        }

    def clean_reminder_days(self) -> list[str]:
        raw = self.cleaned_data.get("reminder_days") or ""
        return [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]

    def data_for_action(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class QuestionForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"))
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    help_text = forms.CharField(label=_("Guidance"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    answer_type = forms.ChoiceField(label=_("Answer type"), choices=AnswerType.choices)
    choices = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("For a choice question: one option per line."),
    )
    multiple = forms.BooleanField(label=_("Several options may be chosen"), required=False)
    required = forms.BooleanField(label=_("An answer is required to submit"), required=False)
    objective = forms.ChoiceField(label=_("GCM objective"), required=False)
    principle = forms.ChoiceField(label=_("Guiding principle"), required=False)
    thematic_area = forms.ChoiceField(label=_("Thematic area"), required=False)

    def __init__(self, *args: Any, sections: list[Section], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        none = [("", "—")]
        # self.fields is typed as Field; these are ChoiceFields, whose `choices` Field lacks.
        self.fields["section"].choices = [(s.pk, s.title) for s in sections]  # type: ignore[attr-defined]
        self.fields["objective"].choices = none + [  # type: ignore[attr-defined]
            (o.number, f"{o.number}. {o.label_display}") for o in Objective.objects.order_by("number")
        ]
        self.fields["principle"].choices = none + [  # type: ignore[attr-defined]
            (p.slug, p.title_display) for p in GuidingPrinciple.objects.order_by("number")
        ]
        self.fields["thematic_area"].choices = none + thematic_area_choices()  # type: ignore[attr-defined]

    def data_for_action(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["choices"] = [line.strip() for line in data.get("choices", "").splitlines() if line.strip()]
        data.pop("section")
        return data


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def _answer_field(question: Question) -> forms.Field:
    common: dict[str, Any] = {"label": question.text, "required": False, "help_text": question.help_text}
    if question.answer_type == AnswerType.NUMBER:
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if question.answer_type == AnswerType.CHOICE:
        options = [(o, o) for o in question.choices]
        if question.multiple:
            return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common)
        return forms.ChoiceField(choices=[("", "—"), *options], **common)
    if question.answer_type == AnswerType.FILE:
        return forms.FileField(**common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000, **common)


def _initial(question: Question, answer: Answer | None) -> Any:
    if answer is None:
        return None
    if question.answer_type == AnswerType.NUMBER:
        return answer.display if answer.number is not None else ""
    if question.answer_type == AnswerType.CHOICE:
        return answer.selected if question.multiple else (answer.selected[0] if answer.selected else "")
    return None if question.answer_type == AnswerType.FILE else answer.text


class AnswerForm(forms.Form):
    """One field per question; nothing is required here, the action checks required answers on submission."""

    language = forms.ChoiceField(label=_("Language of the response"), choices=LANGUAGE_CHOICES)

    def __init__(
        self, *args: Any, questions: list[Question], answers: dict[int, Answer], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[field_name(question)] = _answer_field(question)
            self.initial.setdefault(field_name(question), _initial(question, answers.get(question.pk)))

    def answers(self) -> dict[int, dict[str, Any]]:
        """The answers to store, by question id, in the shape `actions.save_answers` takes (files apart)."""
        values: dict[int, dict[str, Any]] = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if question.answer_type == AnswerType.FILE:
                continue
            if question.answer_type == AnswerType.NUMBER:
                values[question.pk] = {"number": value}
            elif question.answer_type == AnswerType.CHOICE:
                values[question.pk] = {
                    "selected": value if isinstance(value, list) else ([value] if value else [])
                }
            else:
                values[question.pk] = {"text": value}
        return values

    def files_given(self) -> list[tuple[Question, Any]]:
        return [
            (q, self.cleaned_data[field_name(q)])
            for q in self.questions
            if q.answer_type == AnswerType.FILE and self.cleaned_data.get(field_name(q))
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)
