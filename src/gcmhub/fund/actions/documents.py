"""Programme documents: uploaded files (checked for size and type) or links."""

import datetime
import mimetypes
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from gcmhub.core.actors import Actor, acting_user
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import PermissionDenied, TooLarge, ValidationFailed
from gcmhub.fund.models import ProgrammeDocument
from gcmhub.fund.queries.access import access_programme, can_manage_books, team_org_ids

# Extension → the first bytes a genuine file of that type starts with (None: plain text).
ALLOWED = {
    ".pdf": b"%PDF-",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".pptx": b"PK\x03\x04",
    ".odt": b"PK\x03\x04",
    ".ods": b"PK\x03\x04",
    ".csv": None,
    ".txt": None,
}


def max_document_bytes() -> int:
    return int(getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024) or 10 * 1024 * 1024)


def _check_file(upload: UploadedFile) -> tuple[str, str]:
    name = PurePath(upload.name or "document").name
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED:
        raise ValidationFailed(
            _("Upload a PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text file."), code="bad_file_type"
        )
    if (upload.size or 0) > max_document_bytes():
        raise TooLarge(
            _("The file is larger than %(size)d MB.") % {"size": max_document_bytes() // (1024 * 1024)},
            code="file_too_large",
        )
    if not upload.size:
        raise ValidationFailed(_("The file is empty."), code="empty_file")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    magic = ALLOWED[extension]
    if magic is not None and not head.startswith(magic):
        raise ValidationFailed(_("The file's content does not match its name."), code="bad_file_type")
    if magic is None:
        try:
            upload.read(4096).decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationFailed(
                _("A CSV or text file must be UTF-8 text."), code="bad_file_type"
            ) from None
        finally:
            upload.seek(0)
    return name, mimetypes.guess_type(name)[0] or "application/octet-stream"


@transaction.atomic
def add_document(
    *,
    actor: Actor,
    code: str,
    title: str,
    kind: str,
    upload: UploadedFile | None = None,
    url: str = "",
    is_public: bool = False,
    document_date: datetime.date | None = None,
) -> ProgrammeDocument:
    """Attach a file or a link to a programme: fund managers, or focal points of its organizations."""
    programme = access_programme(actor, code)
    if not (can_manage_books(actor) or team_org_ids(actor, programme)):
        raise PermissionDenied(_("Only fund managers and the programme's focal points may add documents."))
    title = (title or "").strip()
    if not title or len(title) > 250:
        raise ValidationFailed(_("Give the document a title (at most 250 characters)."), code="required")
    if kind not in ProgrammeDocument.Kind.values:
        raise ValidationFailed(_("Unknown kind of document."), code="bad_kind")
    url = (url or "").strip()
    if bool(upload) == bool(url):
        raise ValidationFailed(_("Give either a file or a link."), code="file_or_link")
    fields: dict[str, Any] = {}
    if upload:
        _name, content_type = _check_file(upload)
        fields = {"file": upload, "content_type": content_type, "size": upload.size or 0}
    else:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationFailed(_("The link is not a valid web address."), code="bad_url") from None
        fields = {"url": url[:500]}
    with acting_as(actor):
        return ProgrammeDocument.objects.create(
            programme=programme,
            title=title,
            kind=kind,
            is_public=bool(is_public),
            document_date=document_date,
            uploaded_by=acting_user(actor),
            **fields,
        )
