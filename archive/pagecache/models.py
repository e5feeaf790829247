"""The content versions pages are cached under."""

from django.db import models


class ContentVersion(models.Model):
    """How many times what a scope shows has changed, and when it last did.

    Scopes: "site" (listings, home, feeds, subject pages: any published statement),
    "search" (bumped once the search index holds a change), and "interview:<pk>"
    (one transcript and its answer pages)."""

    scope = models.CharField(max_length=40, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["scope"]

    def __str__(self):
        return f"{self.scope} v{self.version}"
