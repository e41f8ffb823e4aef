"""Pages that change a programme: concept notes, the pipeline, money, markers, documents and decisions."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import PermissionDenied
from gcmhub.fund import actions, queries
from gcmhub.fund.forms import (
    AllocationForm,
    DecisionForm,
    DocumentForm,
    ExtensionForm,
    MarkersForm,
    ParticipantFormSet,
    PartnerFormSet,
    ProgrammeEntryForm,
    ProgrammeForm,
    StatusForm,
    participants_from,
    partners_from,
)
from gcmhub.fund.models import JointProgramme
from gcmhub.fund.views.common import form_page
from gcmhub.reference.models import Organization


def _page(programme: JointProgramme) -> str:
    return reverse("fund:programme", args=[programme.code])


def _programme_initial(
    programme: JointProgramme,
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    links = list(programme.programme_objectives.select_related("objective"))
    initial = {
        "title": programme.title,
        "summary": programme.summary,
        "level": programme.level,
        "countries": list(programme.countries.all()),
        "thematic_area": programme.thematic_area.number,
        "objectives": [link.objective.number for link in links if link.is_primary],
        "secondary_objectives": [link.objective.number for link in links if not link.is_primary],
        "guiding_principles": list(programme.guiding_principles.all()),
        "start_date": programme.start_date,
        "end_date": programme.end_date,
    }
    participants = [
        {"organization": p.organization, "budget_usd": p.budget_usd, "is_convening": p.is_convening}
        for p in programme.participants.select_related("organization")
    ]
    partners = [{"kind": p.kind, "name": p.name} for p in programme.partners.all()]
    return initial, participants, partners


@login_required
def programme_new(request: HttpRequest, code: str) -> HttpResponse:
    fund = queries.access_fund(request.user, code)
    form = ProgrammeForm(request.POST or None, fund=fund)
    participants = ParticipantFormSet(request.POST or None, prefix="participants")
    partners = PartnerFormSet(request.POST or None, prefix="partners")

    def perform() -> JointProgramme:
        return actions.create_programme(
            actor=request.user,
            fund_code=fund.code,
            participants=participants_from(participants),
            partners=partners_from(partners),
            **form.action_kwargs(),
        )

    return form_page(
        request,
        title=_("Submit a concept note"),
        form=form,
        formsets=(participants, partners),
        perform=perform,
        success=_page,
        cancel_url=reverse("fund:programmes", args=[fund.code]),
        done=_("The concept note was saved. Submit it for review when it is ready."),
        intro=_(
            "Fund managers may submit for anyone; "
            "a focal point for a programme their organization takes part in."
        ),
        template="fund/programme_form.html",
        context={"fund": fund},
    )


@login_required
def programme_edit(request: HttpRequest, code: str) -> HttpResponse:
    programme = queries.access_programme_for_edit(request.user, code)
    initial, participant_rows, partner_rows = _programme_initial(programme)
    form = ProgrammeForm(request.POST or None, fund=programme.fund, initial=initial)
    participants = ParticipantFormSet(request.POST or None, prefix="participants", initial=participant_rows)
    partners = PartnerFormSet(request.POST or None, prefix="partners", initial=partner_rows)

    def perform() -> JointProgramme:
        return actions.update_programme(
            actor=request.user,
            code=programme.code,
            participants=participants_from(participants),
            partners=partners_from(partners),
            **form.action_kwargs(),
        )

    return form_page(
        request,
        title=_("Edit %(code)s") % {"code": programme.code},
        form=form,
        formsets=(participants, partners),
        perform=perform,
        success=_page,
        cancel_url=_page(programme),
        done=_("The programme was saved."),
        template="fund/programme_form.html",
        context={"fund": programme.fund, "programme": programme},
    )


def _simple(
    request: HttpRequest,
    programme: JointProgramme,
    form: Any,
    perform: Any,
    title: str,
    done: str,
    intro: str = "",
) -> HttpResponse:
    return form_page(
        request,
        title=title,
        form=form,
        perform=lambda: perform(form),
        success=lambda _r: _page(programme),
        cancel_url=_page(programme),
        done=done,
        intro=intro,
        context={"fund": programme.fund, "programme": programme},
    )


@login_required
def programme_status(request: HttpRequest, code: str) -> HttpResponse:
    programme = queries.access_programme(request.user, code)
    if not (queries.can_manage_books(request.user) or queries.can_submit_for_review(request.user, programme)):
        raise PermissionDenied(_("You may not move this programme to another status."))
    return _simple(
        request,
        programme,
        StatusForm(request.POST or None, programme=programme),
        lambda f: actions.change_status(actor=request.user, code=programme.code, **f.cleaned_data),
        _("Change the status of %(code)s") % {"code": programme.code},
        _("The status was changed."),
    )


@login_required
def programme_allocate(request: HttpRequest, code: str) -> HttpResponse:
    programme = queries.access_programme_for_books(request.user, code)
    return _simple(
        request,
        programme,
        AllocationForm(request.POST or None),
        lambda f: actions.allocate(actor=request.user, code=programme.code, **f.cleaned_data),
        _("Allocate to %(code)s") % {"code": programme.code},
        _("The allocation was recorded."),
        _(
            "Allocations come from the fund's available balance "
            "and are recorded as Steering Committee decisions."
        ),
    )


def _entry_page(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    if kind == "expenditure":
        programme = queries.access_programme(request.user, code)
        organizations = queries.expenditure_organizations(request.user, programme)
        if not organizations:
            raise PermissionDenied(
                _(
                    "Only focal points of the programme's organizations, fund managers or the secretariat "
                    "may report its expenditure."
                )
            )
    else:
        programme = queries.access_programme_for_books(request.user, code)
        organizations = list(Organization.objects.filter(fund_participations__programme=programme))
    perform = {
        "transfer": actions.transfer,
        "refund": actions.refund,
        "expenditure": actions.report_expenditure,
    }[kind]
    titles = {
        "transfer": (_("Transfer to a participating organization"), _("The transfer was recorded.")),
        "refund": (_("Record a refund from a participating organization"), _("The refund was recorded.")),
        "expenditure": (_("Report expenditure"), _("The expenditure was recorded.")),
    }
    title, done = titles[kind]
    return _simple(
        request,
        programme,
        ProgrammeEntryForm(request.POST or None, organizations=organizations),
        lambda f: perform(actor=request.user, code=programme.code, **f.cleaned_data),
        title,
        done,
    )


@login_required
def programme_transfer(request: HttpRequest, code: str) -> HttpResponse:
    return _entry_page(request, code, "transfer")


@login_required
def programme_refund(request: HttpRequest, code: str) -> HttpResponse:
    return _entry_page(request, code, "refund")


@login_required
def programme_expenditure(request: HttpRequest, code: str) -> HttpResponse:
    return _entry_page(request, code, "expenditure")


@login_required
def programme_markers(request: HttpRequest, code: str) -> HttpResponse:
    programme = queries.access_programme_for_edit(request.user, code)
    return _simple(
        request,
        programme,
        MarkersForm(request.POST or None, programme=programme),
        lambda f: actions.set_markers(actor=request.user, code=programme.code, markers=f.markers()),
        _("Markers of %(code)s") % {"code": programme.code},
        _("The markers were saved."),
        _("Score each marker from 0 (not targeted) to 3 (principal) and say why."),
    )


@login_required
def programme_document_new(request: HttpRequest, code: str) -> HttpResponse:
    programme = queries.access_programme(request.user, code)
    if not (queries.can_manage_books(request.user) or queries.team_org_ids(request.user, programme)):
        raise PermissionDenied(_("Only fund managers and the programme's focal points may add documents."))
    form = DocumentForm(request.POST or None, request.FILES or None)

    def perform(f: DocumentForm) -> Any:
        data = dict(f.cleaned_data)
        return actions.add_document(actor=request.user, code=programme.code, upload=data.pop("file"), **data)

    return _simple(request, programme, form, perform, _("Add a document"), _("The document was added."))


@login_required
def programme_decision(request: HttpRequest, code: str) -> HttpResponse:
    programme = queries.access_programme_for_books(request.user, code)
    return _simple(
        request,
        programme,
        DecisionForm(request.POST or None),
        lambda f: actions.record_decision(actor=request.user, code=programme.code, **f.cleaned_data),
        _("Record a Steering Committee decision"),
        _("The decision was recorded."),
    )


@login_required
def programme_extend(request: HttpRequest, code: str) -> HttpResponse:
    programme = queries.access_programme_for_books(request.user, code)
    return _simple(
        request,
        programme,
        ExtensionForm(request.POST or None),
        lambda f: actions.extend_programme(actor=request.user, code=programme.code, **f.cleaned_data),
        _("Extend %(code)s") % {"code": programme.code},
        _("The extension was recorded."),
    )
