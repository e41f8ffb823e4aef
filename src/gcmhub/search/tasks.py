"""Background jobs of search (run by `gcmhub db_worker`): computing the documents' vectors."""

from django.utils.translation import gettext as _

from gcmhub.core.jobs import JobContext, job_task
from gcmhub.search import vector_store


@job_task()
def embed_documents(context: JobContext, *, doc_ids: list[str]) -> None:
    """Bring the vectors of these documents up to date (idempotent: current vectors are kept)."""
    result = vector_store.embed_changed(doc_ids)
    context.progress(
        len(doc_ids),
        len(doc_ids),
        _("%(embedded)d document(s) embedded, %(removed)d removed, %(unchanged)d already current.")
        % {"embedded": result.embedded, "removed": result.removed, "unchanged": result.unchanged},
    )


@job_task(max_attempts=1)
def embed_stale(context: JobContext) -> None:
    """Embed every document whose vectors are missing or come from another model (after an upgrade)."""
    result = vector_store.embed_all(progress=lambda done, total: context.progress(done, total))
    context.progress(
        result.embedded + result.unchanged,
        result.embedded + result.unchanged,
        _("%(embedded)d document(s) embedded, %(removed)d removed, %(unchanged)d already current.")
        % {"embedded": result.embedded, "removed": result.removed, "unchanged": result.unchanged},
    )
