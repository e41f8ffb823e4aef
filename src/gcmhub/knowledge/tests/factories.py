"""Small builders for knowledge tests: resources straight into the database, and files of each type."""

import io
import zipfile
from typing import Any

from gcmhub.knowledge.models import (
    Kind,
    NationalPlan,
    Platform,
    Resource,
    ResourceObjective,
    ResourceTranslation,
    Status,
)
from gcmhub.reference.models import Country, Objective, Organization, Region


def make_resource(
    title: str = "Community-based alternatives to detention",
    *,
    kind: str = Kind.PRACTICE,
    status: str = Status.PUBLISHED,
    objectives: tuple[int, ...] = (13,),
    countries: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
    organization: str | None = None,
    implementer: str | None = None,
    submitted_by: Any = None,
    translations: dict[str, dict[str, str]] | None = None,
    **fields: Any,
) -> Resource:
    from django.utils import timezone

    resource = Resource.objects.create(
        kind=kind,
        status=status,
        title=title,
        summary=fields.pop("summary", f"Summary of {title}."),
        organization=Organization.objects.get(acronym=organization) if organization else None,
        implementer=Organization.objects.get(acronym=implementer) if implementer else None,
        submitted_by=submitted_by,
        **{"published_at": timezone.now() if status == Status.PUBLISHED else None, **fields},
    )
    for number in objectives:
        ResourceObjective.objects.create(resource=resource, objective=Objective.objects.get(number=number))
    if countries:
        resource.countries.set(Country.objects.filter(iso3__in=countries))
    if regions:
        resource.regions.set(Region.objects.filter(m49__in=regions))
    for language, values in (translations or {}).items():
        ResourceTranslation.objects.create(resource=resource, language=language, **values)
    return resource


def make_plan(iso3: str, plan_status: str, *, status: str = Status.PUBLISHED, **fields: Any) -> Resource:
    country = Country.objects.get(iso3=iso3)
    resource = make_resource(
        f"National implementation plan of {country.name_en}",
        kind=Kind.NATIONAL_PLAN,
        status=status,
        countries=(iso3,),
        organization=f"GOV-{iso3}",
        **fields,
    )
    NationalPlan.objects.create(resource=resource, country=country, plan_status=plan_status)
    return resource


def make_platform(
    title: str,
    objectives: tuple[int, ...],
    regions: tuple[str, ...] = (),
    *,
    scope: str = "",
    status: str = Status.PUBLISHED,
) -> Resource:
    resource = make_resource(
        title, kind=Kind.PLATFORM, status=status, objectives=objectives, regions=regions, scope=scope
    )
    Platform.objects.create(resource=resource, url=f"https://example.org/{resource.pk}")
    return resource


# ---- Files ----------------------------------------------------------------------------------------------


def pdf_bytes(text: str = "Firewalls between services and immigration enforcement") -> bytes:
    """A one-page PDF with `text` on it (hand-written, so no PDF writer is needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx_bytes(text: str = "Case management for migrant children") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(text: str = "Remittance corridors") -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append([text, 42])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def odt_bytes(text: str = "Skills recognition for refugees") -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text><text:p>{text}</text:p></office:text></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return out.getvalue()
