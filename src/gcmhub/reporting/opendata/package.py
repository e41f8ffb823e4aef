"""The open data catalogue as a whole: the index of datasets (page, API, datapackage.json) and the export of
every file to a directory (`gcmhub export_open_data`)."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.urls import reverse
from django.utils import timezone, translation

from gcmhub.reporting.opendata import writers
from gcmhub.reporting.opendata.datasets import BY_SLUG, DATASETS, FORMATS, LICENCE, Dataset

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Our dictionary's types as Table Schema types (frictionlessdata.io); lists are text in CSV.
TABLE_SCHEMA_TYPES = {
    "text": "string",
    "integer": "integer",
    "decimal": "number",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
    "list": "string",
}


def file_path(slug: str, fmt: str) -> str:
    """The stable address of one file, in the default language so it never changes with the reader's."""
    with translation.override(None):
        return reverse("reporting:open_data_file", kwargs={"dataset": slug, "fmt": fmt})


def dataset_index(dataset: Dataset, absolute: Callable[[str], str] = str) -> dict[str, Any]:
    """What the page and the API say about one dataset; `absolute` turns a path into a full address."""
    updated = dataset.updated()
    return {
        "name": dataset.slug,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "licence": dict(LICENCE),
        "updated": updated,
        "formats": [{"format": fmt, "url": absolute(file_path(dataset.slug, fmt))} for fmt in FORMATS],
        "dictionary": [column.as_dict() for column in dataset.columns],
    }


def catalogue(absolute: Callable[[str], str] = str) -> list[dict[str, Any]]:
    return [dataset_index(dataset, absolute) for dataset in DATASETS]


def datapackage(absolute: Callable[[str], str] = str, *, local: bool = False) -> dict[str, Any]:
    """A Frictionless Data Package descriptor: one resource per dataset (its CSV file) with its schema.
    `local` names the files beside the descriptor (an export) instead of their addresses."""
    resources = []
    for dataset in DATASETS:
        updated = dataset.updated()
        resources.append(
            {
                "name": dataset.slug,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "path": f"{dataset.slug}.csv" if local else absolute(file_path(dataset.slug, "csv")),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": [dict(LICENCE)],
                "updated": writers.json_value(updated),
                "schema": {
                    "fields": [
                        {
                            "name": column.name,
                            "type": TABLE_SCHEMA_TYPES[column.type],
                            "description": str(column.description),
                        }
                        for column in dataset.columns
                    ]
                },
            }
        )
    return {
        "name": "gcm-hub-open-data",
        "title": "GCM Hub open data",
        "licenses": [dict(LICENCE)],
        "created": writers.json_value(timezone.now()),
        "resources": resources,
    }


def write_file(dataset: Dataset, fmt: str, out: IO[Any]) -> None:
    table = dataset.table()
    if fmt == "csv":
        writers.write_csv(table, out)
    elif fmt == "json":
        writers.write_json(table, out)
    else:
        writers.write_xlsx(table, out)


def export_all(directory: Path) -> list[Path]:
    """Every dataset in every format, and datapackage.json, written into `directory` (created if needed).
    Each file is written beside its final name and renamed, so a reader never sees half a file."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for dataset in DATASETS:
        for fmt in FORMATS:
            target = directory / f"{dataset.slug}.{fmt}"
            partial = target.with_suffix(f".{fmt}.partial")
            if fmt == "xlsx":
                with partial.open("wb") as binary:
                    write_file(dataset, fmt, binary)
            else:
                with partial.open("w", encoding="utf-8", newline="") as text:
                    write_file(dataset, fmt, text)
            partial.replace(target)
            written.append(target)
    descriptor = directory / "datapackage.json"
    descriptor.write_text(json.dumps(datapackage(local=True), ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(descriptor)
    return written


def get_dataset(slug: str) -> Dataset | None:
    return BY_SLUG.get(slug)
