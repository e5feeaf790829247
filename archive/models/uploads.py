"""Uploads: every file an editor gave, kept as it came."""

from django.conf import settings
from django.db import models

from archive.models.transcripts import Interview


class Upload(models.Model):
    """A file (or pasted text) exactly as an editor gave it, kept whatever becomes of
    it: the interview made from it may be edited, re-parsed or discarded, and a file
    that could not be read is kept with the reason."""

    data = models.BinaryField()
    filename = models.CharField(max_length=255, help_text="The name it was uploaded with.")
    content_type = models.CharField(max_length=100, help_text="Detected from the content.")
    size = models.PositiveIntegerField()
    # The same bytes twice are the same upload.
    sha256 = models.CharField(max_length=64, unique=True)
    error = models.TextField(blank=True, help_text="Why it could not be read, if it could not.")
    interview = models.ForeignKey(
        Interview, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.filename
