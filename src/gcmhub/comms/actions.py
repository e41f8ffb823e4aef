"""Every write of the comms app: keyword-only `actor`, one transaction, audited (django-auditlog records each
row's change under one correlation id; the clearance steps also record an explicit event)."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gcmhub.accounts.queries import AnyUser, is_secretariat
from gcmhub.comms import notifications, queries
from gcmhub.comms.models import (
    LANGUAGES,
    Clearance,
    Decision,
    Statement,
    StatementStatus,
    StatementTranslation,
    TranslationStatus,
)
from gcmhub.core.audit import acting_as, record_event
from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.events.queries import public_events
from gcmhub.reference.models import Country, Objective, Organization
from gcmhub.reference.queries import executive_committee

LANGUAGE_CODES = {code for code, _name in LANGUAGES}

# Audit notes of the clearance steps: stored as these English msgids with their parameters, translated when
# the trail is shown (core.audit.note_of).
ROUND_OPENED = gettext_noop("Clearance round %(round)d opened.")
RETURNED_TO_DRAFTING = gettext_noop("Returned to drafting: the text changed after clearance.")
SILENCE_COUNTED = gettext_noop("Deadline passed: no answer by then counted as clearing the text.")


@dataclass
class StatementText:
    title: str
    body: str
    language: str = "en"
    objectives: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # ISO 3166 alpha-3
    situations: list[int] = field(default_factory=list)
    events: list[int] = field(default_factory=list)


def _checked(text: StatementText) -> StatementText:
    problems = []
    if not text.title.strip():
        problems.append(_("Give the statement a title."))
    if len(text.title) > 250:
        problems.append(_("The title is too long (250 characters at most)."))
    if not text.body.strip():
        problems.append(_("Write the statement's text."))
    if text.language not in LANGUAGE_CODES:
        problems.append(_("The language must be one of the six UN languages."))
    if problems:
        raise ValidationFailed(" ".join(problems), code="invalid_statement")
    return text


def _tags(text: StatementText) -> tuple[list[Objective], list[Country]]:
    objectives = list(Objective.objects.filter(number__in=set(text.objectives)))
    countries = list(Country.objects.filter(iso3__in={code.upper() for code in text.countries}))
    if len(objectives) != len(set(text.objectives)):
        raise ValidationFailed(_("Unknown GCM objective."), code="unknown_objective")
    if len(countries) != len({code.upper() for code in text.countries}):
        raise ValidationFailed(_("Unknown country code."), code="unknown_country")
    return objectives, countries


def _situations(actor: AnyUser, ids: list[int]) -> list[int]:
    """Situations on the watch list the drafter may see (the watch is for Network members)."""
    if not ids:
        return []
    found = list(queries.situations(actor).filter(pk__in=set(ids)).values_list("pk", flat=True))
    if len(found) != len(set(ids)):
        raise ValidationFailed(_("Unknown situation."), code="unknown_situation")
    return found


def _events(ids: list[int]) -> list[int]:
    """Only public events: a published statement must not reveal a closed one."""
    found = list(public_events().filter(pk__in=set(ids)).values_list("pk", flat=True))
    if len(found) != len(set(ids)):
        raise ValidationFailed(_("Unknown event."), code="unknown_event")
    return found


def _save_text(actor: AnyUser, statement: Statement, text: StatementText) -> None:
    objectives, countries = _tags(text)
    situations, events = _situations(actor, text.situations), _events(text.events)
    statement.title = text.title.strip()
    statement.body = text.body.strip()
    statement.language = text.language
    statement.save()
    statement.objectives.set(objectives)
    statement.countries.set(countries)
    statement.situations.set(situations)
    statement.events.set(events)


def _cleared_content_changed(statement: Statement, text: StatementText) -> bool:
    """What the Executive Committee cleared: the title, the text, its language, objectives and countries.
    The situations and events a statement links to are not part of it."""
    before = (
        statement.title,
        statement.body,
        statement.language,
        set(statement.objectives.values_list("number", flat=True)),
        set(statement.countries.values_list("iso3", flat=True)),
    )
    after = (
        text.title.strip(),
        text.body.strip(),
        text.language,
        set(text.objectives),
        {code.upper() for code in text.countries},
    )
    return before != after


@transaction.atomic
def draft_statement(
    *, actor: AnyUser, text: StatementText, organization: Organization | None = None
) -> Statement:
    """The secretariat, or a Network member's focal point for its organization, drafts a statement."""
    if not queries.can_draft(actor):
        raise PermissionDenied(
            _("Only the secretariat or a Network member's focal point may draft a statement."),
            code="may_not_draft",
        )
    if organization is None and not is_secretariat(actor):
        organization = queries.drafting_organizations(actor).first()
    mine = queries.drafting_organizations(actor)
    if (
        organization is not None
        and not is_secretariat(actor)
        and not mine.filter(pk=organization.pk).exists()
    ):
        raise PermissionDenied(_("You do not draft for this organization."), code="not_your_org")
    _checked(text)
    with acting_as(actor):
        statement = Statement(organization=organization, drafted_by_id=actor.pk)
        _save_text(actor, statement, text)
    return statement


@transaction.atomic
def edit_statement(*, actor: AnyUser, statement_id: int, text: StatementText) -> Statement:
    """Change the text. A text in clearance or cleared whose cleared content changes goes back to drafting: it
    must be cleared again. Changing only its links (situations, events) leaves its status as it is."""
    statement = queries.access_statement_for_edit(actor, statement_id)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    _checked(text)
    with acting_as(actor):
        returned = statement.status != StatementStatus.DRAFT and _cleared_content_changed(statement, text)
        if returned:
            statement.status = StatementStatus.DRAFT
            statement.deadline = None
        _save_text(actor, statement, text)
        if returned:
            record_event(statement, actor=actor, note=RETURNED_TO_DRAFTING, note_params={})
    return statement


@transaction.atomic
def link_statement(
    *, actor: AnyUser, statement_id: int, situations: list[int], events: list[int]
) -> Statement:
    """Set the situations and the public events a statement is about, replacing the links it had. Links are
    not the cleared text: the statement keeps its status."""
    statement = queries.access_statement_for_edit(actor, statement_id)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    found_situations, found_events = _situations(actor, situations), _events(events)
    with acting_as(actor):
        statement.situations.set(found_situations)
        statement.events.set(found_events)
    return statement


@transaction.atomic
def send_for_clearance(
    *, actor: AnyUser, statement_id: int, deadline: datetime.datetime, silence_procedure: bool
) -> Statement:
    """The secretariat opens a new clearance round: every Executive Committee member is asked to answer."""
    queries.check_secretariat(actor)
    statement = Statement.objects.select_for_update().get(pk=queries.access_statement(actor, statement_id).pk)
    if statement.status not in (StatementStatus.DRAFT, StatementStatus.OBJECTED):
        raise ValidationFailed(
            _("Only a draft can be sent for clearance; this statement is %(status)s.")
            % {"status": statement.get_status_display()},
            code="not_a_draft",
        )
    if deadline <= timezone.now():
        raise ValidationFailed(_("The clearance deadline must be in the future."), code="deadline_past")
    members = list(executive_committee())
    if not members:
        raise ValidationFailed(_("No Executive Committee member is on record."), code="no_committee")
    with acting_as(actor):
        statement.round += 1
        statement.status = StatementStatus.IN_CLEARANCE
        statement.deadline = deadline
        statement.silence_procedure = silence_procedure
        statement.save()
        Clearance.objects.bulk_create(
            Clearance(statement=statement, round=statement.round, organization=member) for member in members
        )
        record_event(statement, actor=actor, note=ROUND_OPENED, note_params={"round": statement.round})
        notifications.clearance_requested(statement)
    return statement


def _close_round_if_complete(statement: Statement) -> None:
    """Once every member has answered: objected if any objected, otherwise cleared."""
    sheet = queries.current_clearances(statement)
    if sheet.filter(decision=Decision.PENDING).exists():
        return
    objected = sheet.filter(decision=Decision.OBJECTED).exists()
    statement.status = StatementStatus.OBJECTED if objected else StatementStatus.CLEARED
    statement.save()
    notifications.round_complete(statement)


@transaction.atomic
def answer_clearance(
    *,
    actor: AnyUser,
    statement_id: int,
    decision: str,
    comment: str = "",
    organization: Organization | None = None,
) -> Clearance:
    """An Executive Committee member clears, clears with comments, or objects with a reason."""
    found = queries.access_clearance(actor, statement_id, organization)
    # Lock the statement, then read the answer again: two answers at once cannot both find it pending.
    statement = Statement.objects.select_for_update().get(pk=found.statement_id)
    clearance = Clearance.objects.select_for_update().get(pk=found.pk)
    if statement.status != StatementStatus.IN_CLEARANCE:
        raise ValidationFailed(_("This statement is not in clearance."), code="not_in_clearance")
    if decision not in (Decision.CLEARED, Decision.COMMENTS, Decision.OBJECTED):
        raise ValidationFailed(_("Clear, clear with comments, or object."), code="bad_decision")
    if decision in (Decision.COMMENTS, Decision.OBJECTED) and not comment.strip():
        raise ValidationFailed(_("Give your comments or the reason for the objection."), code="no_reason")
    if clearance.decision != Decision.PENDING:
        raise ValidationFailed(_("Your organization has already answered on this round."), code="answered")
    with acting_as(actor):
        clearance.decision = decision
        clearance.comment = comment.strip()
        clearance.decided_by_id = actor.pk
        clearance.decided_at = timezone.now()
        clearance.save()
        _close_round_if_complete(statement)
    return clearance


@dataclass
class DeadlineReport:
    silent: int = 0  # answers counted as clearing by silence
    closed: list[int] = field(default_factory=list)  # statements whose round this pass completed


@transaction.atomic
def pass_deadlines(*, actor: AnyUser | None = None, now: datetime.datetime | None = None) -> DeadlineReport:
    """At each deadline under the silence procedure, a member that has not answered is counted as clearing
    the text. Running it again changes nothing."""
    now = now or timezone.now()
    report = DeadlineReport()
    with acting_as(actor):
        for statement in (
            queries.statements_past_deadline(now).filter(silence_procedure=True).select_for_update()
        ):
            for clearance in queries.current_clearances(statement).filter(decision=Decision.PENDING):
                clearance.decision = Decision.SILENCE
                clearance.decided_at = now
                clearance.save()
                report.silent += 1
            _close_round_if_complete(statement)
            report.closed.append(statement.pk)
            record_event(statement, actor=actor, note=SILENCE_COUNTED, note_params={})
    return report


@transaction.atomic
def resolve_comment(*, actor: AnyUser, clearance_id: int, resolution: str) -> Clearance:
    """The secretariat records how a member's comment was taken into account."""
    queries.check_secretariat(actor)
    clearance = (
        Clearance.objects.select_for_update().filter(pk=clearance_id, decision=Decision.COMMENTS).first()
    )
    if clearance is None:
        raise NotFound(_("There is no such comment."), code="no_such_comment")
    if not resolution.strip():
        raise ValidationFailed(_("Say how the comment was resolved."), code="no_resolution")
    with acting_as(actor):
        clearance.resolution = resolution.strip()
        clearance.resolved_at = timezone.now()
        clearance.save()
    return clearance


@transaction.atomic
def publish_statement(*, actor: AnyUser, statement_id: int) -> Statement:
    """The secretariat publishes a cleared statement whose comments are all resolved."""
    queries.check_secretariat(actor)
    statement = Statement.objects.select_for_update().get(pk=queries.access_statement(actor, statement_id).pk)
    if statement.status != StatementStatus.CLEARED:
        raise ValidationFailed(
            _("Only a cleared statement can be published; this one is %(status)s.")
            % {"status": statement.get_status_display()},
            code="not_cleared",
        )
    sheet = queries.current_clearances(statement)
    if sheet.filter(decision=Decision.COMMENTS, resolved_at__isnull=True).exists():
        raise ValidationFailed(_("Resolve every comment before publishing."), code="unresolved_comments")
    with acting_as(actor):
        statement.status = StatementStatus.PUBLISHED
        statement.published_at = timezone.now()
        statement.save()
    return statement


@transaction.atomic
def save_translation(
    *, actor: AnyUser, statement_id: int, language: str, title: str, body: str, publish: bool
) -> StatementTranslation:
    """The secretariat adds or changes a statement's text in another language, with its own status."""
    queries.check_secretariat(actor)
    statement = queries.access_statement(actor, statement_id)
    if language not in LANGUAGE_CODES or language == statement.language:
        raise ValidationFailed(_("Choose another of the six UN languages."), code="bad_language")
    if not title.strip() or not body.strip() or len(title) > 250:
        raise ValidationFailed(_("A translation needs a title and a text."), code="invalid_translation")
    with acting_as(actor):
        translation, _created = StatementTranslation.objects.update_or_create(
            statement=statement,
            language=language,
            defaults={
                "title": title.strip(),
                "body": body.strip(),
                "status": TranslationStatus.PUBLISHED if publish else TranslationStatus.DRAFT,
            },
        )
        statement.save()  # the search document carries the translations
    return translation
