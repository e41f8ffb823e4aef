"""The search outbox (every change to indexed records, in commit order, for every node to apply) and the
documents' vectors for semantic search."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchOutbox(models.Model):
    class Op(models.TextChoices):
        UPSERT = "upsert"
        DELETE = "delete"
        # The document's vectors changed (computed by the embedding job): nodes reload them.
        VECTORS = "vectors"

    seq = models.BigAutoField(primary_key=True)
    doc_id = models.CharField(max_length=255)
    op = models.CharField(max_length=8, choices=Op.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("search outbox entry")
        verbose_name_plural = _("search outbox")

    def __str__(self) -> str:
        return f"{self.seq} {self.op} {self.doc_id}"


class DocumentVector(models.Model):
    """One chunk of one indexed document as a vector (derived data, recomputed by `gcmhub embed_resources`).

    Chunk 0 is the title and summary; the body and attachment text follow in chunks. The encoder's name and
    version are stored, so a model change marks every row as stale.
    """

    doc_id = models.CharField(max_length=255)
    chunk = models.PositiveSmallIntegerField()
    model = models.CharField(max_length=100)  # vectors.model_id() when computed
    text_hash = models.CharField(max_length=32)  # of every chunk's text: unchanged text is not re-embedded
    kind = models.CharField(max_length=64)
    facets = models.JSONField(default=dict)  # facet name -> values, for filters and suggestions
    vector = models.BinaryField()  # float32, little-endian, L2-normalised
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["doc_id", "chunk"]
        constraints = [models.UniqueConstraint(fields=["doc_id", "chunk"], name="search_vector_doc_chunk")]
        verbose_name = _("document vector")
        verbose_name_plural = _("document vectors")

    def __str__(self) -> str:
        return f"{self.doc_id}#{self.chunk}"
