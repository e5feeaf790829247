"""The search index's tables: the queue of documents to update (every backend), the
answers found similar to each answer when it was indexed, and the tables of the
PostgreSQL search backend (archive/search/postgres_backend.py).

The PostgreSQL backend's tables exist on every database so that migrations stay the
same everywhere; only that backend reads or writes them, and their GIN indexes are
created on PostgreSQL only (migration 0005).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class TsVectorField(SearchVectorField):
    """A tsvector written as its text form: the lexemes are made in Python, by the
    same analyzer as the Whoosh index, so PostgreSQL only has to read them."""

    def get_placeholder(self, value, compiler, connection):
        return "%s::tsvector"


class SearchDocument(models.Model):
    """One search document: what Haystack's SearchIndex prepared for an object."""

    identifier = models.CharField(max_length=255, unique=True)  # "archive.answer.12"
    django_ct = models.CharField(max_length=100)
    django_id = models.CharField(max_length=64)
    date = models.DateField(null=True)
    # Stored fields, as the results page reads them (SearchResult attributes);
    # kept out of line on PostgreSQL, so that scanning the vectors reads less.
    fields = models.JSONField(default=dict)
    # Analysed words of the document field, `field:word` for the other text
    # fields, `field:value` for exact fields (facets, ids). Kept uncompressed on
    # PostgreSQL: ranking reads the vector of every hit.
    vector = TsVectorField()
    # Only the `field:value` words of facets, counted over the hits by ts_stat().
    facet_vector = TsVectorField()

    class Meta:
        ordering = ["id"]
        indexes = [
            # No pending list: searches never scan one, and the planner's estimates
            # stay right after a rebuild (it shunned a freshly filled index).
            GinIndex(fields=["vector"], name="archive_searchdoc_vector_gin", fastupdate=False),
            models.Index(fields=["date"], name="archive_searchdoc_date"),
        ]

    def __str__(self):
        return self.identifier


class SearchWord(models.Model):
    """A word seen in indexed text, for "did you mean" by trigram similarity.

    Words are added as documents are indexed and never removed between rebuilds:
    a suggestion is only shown when it finds more than what was typed.
    """

    word = models.CharField(max_length=64, unique=True)
    frequency = models.PositiveIntegerField(default=1)  # documents, at the last rebuild

    class Meta:
        ordering = ["word"]
        indexes = [
            GinIndex(fields=["word"], name="archive_searchword_trgm",
                     opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.word


class PendingIndexUpdate(models.Model):
    """A search document that may be out of date: written in the same transaction
    as the change, removed once the index has the new state.

    Because it commits or rolls back with the change itself, a crash between the
    database commit and the index write loses nothing: the row is still here.
    """

    # Haystack's document id, "archive.answer.12".
    identifier = models.CharField(max_length=100)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.identifier


class RelatedAnswer(models.Model):
    """An answer from another interview that says something similar, found by the
    search backend's more-like-this when `answer` was indexed (archive/search/related.py):
    stored, so that an answer page reads its list instead of scoring the index."""

    answer = models.ForeignKey("archive.Answer", on_delete=models.CASCADE,
                               related_name="related_rows")
    related = models.ForeignKey("archive.Answer", on_delete=models.CASCADE,
                                related_name="related_to_rows")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()

    class Meta:
        ordering = ["answer", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "rank"], name="archive_related_rank"),
        ]
        indexes = [models.Index(fields=["related"], name="archive_related_related")]

    def __str__(self):
        return f"{self.answer_id} ~ {self.related_id}"
