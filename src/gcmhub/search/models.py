"""The search outbox: every change to indexed records, in commit order, for every node to apply."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchOutbox(models.Model):
    class Op(models.TextChoices):
        UPSERT = "upsert"
        DELETE = "delete"

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
