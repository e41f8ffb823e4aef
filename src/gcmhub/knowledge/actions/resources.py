"""Creating and changing resources, their translations and attachments."""

import hashlib
import uuid
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser, is_secretariat
from gcmhub.core.audit import acting_as, record_event
from gcmhub.core.exceptions import PermissionDenied, TooLarge, ValidationFailed
from gcmhub.knowledge import attachments as files
from gcmhub.knowledge.models import (
    Attachment,
    CallForPractices,
    Kind,
    Language,
    NationalPlan,
    Platform,
    Resource,
    ResourceObjective,
    ResourceTranslation,
    Status,
)
from gcmhub.knowledge.queries import access_resource_for_edit, submitting_organizations
from gcmhub.knowledge.richtext import clean_html
from gcmhub.knowledge.validation import CleanResource, ReferenceIndex, clean_resource
from gcmhub.reference.models import Organization
from gcmhub.search.changes import reindex


def _validated(kind: str, data: dict[str, Any]) -> CleanResource:
    clean, problems = clean_resource(kind, data, ReferenceIndex.load())
    if problems:
        raise ValidationFailed(" ".join(problems), code="invalid_resource")
    return clean


def _check_government(
    actor: AnyUser, organization: Organization, clean: CleanResource, resource: Resource
) -> None:
    """A Member State keeps its own country's plan and review only."""
    if resource.kind not in (Kind.NATIONAL_PLAN, Kind.REVIEW) or is_secretariat(actor):
        return
    country_id = (clean.national_plan or {}).get("country_id")
    if country_id is None and resource.kind == Kind.NATIONAL_PLAN and hasattr(resource, "national_plan"):
        country_id = resource.national_plan.country_id
    countries = clean.countries if clean.countries is not None else []
    for candidate in [country_id, *countries]:
        if candidate is not None and organization.country_id and candidate != organization.country_id:
            raise PermissionDenied(_("A Member State may record only its own country's plans and reviews."))


def _write(resource: Resource, clean: CleanResource) -> None:
    """Apply validated values to a saved resource (relations replaced only where given)."""
    for name, value in clean.scalars.items():
        setattr(resource, name, value)
    resource.save()
    if clean.primary_objectives is not None or clean.secondary_objectives is not None:
        primary = clean.primary_objectives
        if primary is None:
            primary = list(
                resource.objective_links.filter(primary=True).values_list("objective_id", flat=True)
            )
        secondary = clean.secondary_objectives
        if secondary is None:
            secondary = list(
                resource.objective_links.filter(primary=False).values_list("objective_id", flat=True)
            )
        resource.objective_links.all().delete()
        ResourceObjective.objects.bulk_create(
            [ResourceObjective(resource=resource, objective_id=pk, primary=True) for pk in primary]
            + [
                ResourceObjective(resource=resource, objective_id=pk, primary=False)
                for pk in secondary
                if pk not in primary
            ]
        )
    for name in ("principles", "thematic_areas", "regions", "countries", "partners"):
        ids = getattr(clean, name)
        if ids is not None:
            getattr(resource, name).set(ids)
    if clean.national_plan is not None:
        NationalPlan.objects.update_or_create(resource=resource, defaults=clean.national_plan)
        if clean.national_plan["country_id"]:
            resource.countries.add(clean.national_plan["country_id"])
    if clean.platform is not None:
        Platform.objects.update_or_create(resource=resource, defaults=clean.platform)


def _required_details(resource: Resource) -> None:
    if resource.kind == Kind.NATIONAL_PLAN and not NationalPlan.objects.filter(resource=resource).exists():
        raise ValidationFailed(
            _("A national implementation plan needs its country and status."), code="plan_details"
        )
    if resource.kind == Kind.PLATFORM and not Platform.objects.filter(resource=resource).exists():
        raise ValidationFailed(_("A platform needs its web address."), code="platform_details")


@transaction.atomic
def create_resource(
    *,
    actor: AnyUser,
    kind: str,
    data: dict[str, Any],
    organization: Organization | None = None,
    call: CallForPractices | None = None,
) -> Resource:
    """A new draft of `kind`, for one of the organizations `actor` submits for."""
    allowed = list(submitting_organizations(actor, kind))
    if not allowed:
        if kind in (Kind.NATIONAL_PLAN, Kind.REVIEW):
            raise PermissionDenied(
                _("Only a Member State focal point or the secretariat may record national plans and reviews.")
            )
        raise PermissionDenied(_("Only focal points of an organization may submit resources."))
    if organization is None:
        organization = allowed[0]
    elif organization not in allowed:
        raise PermissionDenied(
            _("You do not act for %(organization)s.") % {"organization": organization.acronym}
        )
    if call is not None and not call.is_open():
        raise ValidationFailed(
            _("This call for practices closed on %(date)s.") % {"date": call.deadline}, code="call_closed"
        )
    clean = _validated(kind, {"language": "en", **data})
    if not clean.scalars.get("title"):
        raise ValidationFailed(_("A title is required."), code="invalid_resource")
    resource = Resource(
        kind=kind, status=Status.DRAFT, submitted_by_id=actor.pk, organization=organization, call=call
    )
    _check_government(actor, organization, clean, resource)
    with acting_as(actor):
        _write(resource, clean)
    return resource


@transaction.atomic
def update_resource(*, actor: AnyUser, resource_id: int, data: dict[str, Any]) -> Resource:
    """Change a draft (or a resource sent back for changes); the secretariat may change any resource."""
    resource = access_resource_for_edit(actor, resource_id)
    clean = _validated(resource.kind, data)
    if resource.organization is not None:
        _check_government(actor, resource.organization, clean, resource)
    with acting_as(actor):
        _write(resource, clean)
    reindex(resource)
    return resource


@transaction.atomic
def set_translation(
    *,
    actor: AnyUser,
    resource_id: int,
    language: str,
    title: str = "",
    summary: str = "",
    body: str = "",
) -> ResourceTranslation | None:
    """Store the resource's text in another UN language; all fields empty removes the translation."""
    resource = access_resource_for_edit(actor, resource_id)
    if language not in Language.values:
        raise ValidationFailed(
            _("Unknown language %(language)s.") % {"language": language}, code="bad_language"
        )
    if language == resource.language:
        raise ValidationFailed(
            _("This is the resource's original language: edit the resource itself."), code="original"
        )
    values = {"title": title.strip()[:300], "summary": summary.strip(), "body": clean_html(body.strip())}
    with acting_as(actor):
        if not any(values.values()):
            ResourceTranslation.objects.filter(resource=resource, language=language).delete()
            translation = None
        else:
            translation, _created = ResourceTranslation.objects.update_or_create(
                resource=resource, language=language, defaults=values
            )
        resource.save(update_fields=["updated_at"])
    reindex(resource)
    return translation


@transaction.atomic
def add_attachment(*, actor: AnyUser, resource_id: int, upload: IO[bytes], name: str) -> Attachment:
    """Attach a PDF, DOCX, ODT or XLSX file (checked by content), with its text extracted for search."""
    resource = access_resource_for_edit(actor, resource_id)
    limit = settings.GCMHUB_ATTACHMENT_MAX_BYTES
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    if size > limit:
        raise TooLarge(
            _("The file is larger than the %(limit)d MB allowed.") % {"limit": limit // (1024 * 1024)},
            code="too_large",
        )
    if size == 0:
        raise ValidationFailed(_("The file is empty."), code="empty_file")
    file_type = files.detect_type(upload)
    extracted = files.extract(upload, file_type)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    original_name = (name or "attachment").replace("/", "_").replace("\\", "_")[-200:]
    with acting_as(actor):
        attachment = Attachment(
            resource=resource,
            original_name=original_name,
            file_type=file_type,
            size=size,
            sha256=digest.hexdigest(),
            text=extracted.text,
            uploaded_by_id=actor.pk,
        )
        # The stored name is ours: the uploader's name is never used as a path.
        attachment.file.save(f"{uuid.uuid4().hex}.{file_type}", File(upload), save=False)
        attachment.save()
        if extracted.stopped:
            # Accepted, but only part of its text is searchable: say so in the resource's history.
            note = f"attachment text cut at the {extracted.stopped} limit: {original_name}"
            record_event(resource, actor=actor, note=note)
        resource.save(update_fields=["updated_at"])
    reindex(resource)
    return attachment


@transaction.atomic
def remove_attachment(*, actor: AnyUser, attachment_id: int) -> None:
    attachment = Attachment.objects.select_related("resource").filter(pk=attachment_id).first()
    if attachment is None:
        from gcmhub.core.exceptions import NotFound

        raise NotFound(_("There is no such attachment."))
    resource = access_resource_for_edit(actor, attachment.resource_id)
    stored = attachment.file.name
    with acting_as(actor):
        record_event(resource, actor=actor, note=f"attachment removed: {attachment.original_name}")
        attachment.delete()
        resource.save(update_fields=["updated_at"])
    storage = attachment.file.storage
    transaction.on_commit(lambda: storage.delete(stored))
    reindex(resource)


def required_details(resource: Resource) -> None:
    """Raise when a kind's own details are missing (checked at submission)."""
    _required_details(resource)
