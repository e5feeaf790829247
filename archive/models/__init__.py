"""The archive's data: statement events, who spoke, what was asked and answered.

The database is the source of truth; the search index is derived from it. One module
per aggregate; everything is importable from `archive.models`.
"""

from archive.models.catalogue import Country, Source, Topic
from archive.models.people import Speaker
from archive.models.slugs import unique_slug
from archive.models.transcripts import Answer, Interview, PublishError, Question, Statement
from archive.models.uploads import Upload
from archive.search.models import PendingIndexUpdate, SearchDocument, SearchWord

__all__ = [
    "Answer", "Country", "Interview", "PendingIndexUpdate", "PublishError", "Question",
    "SearchDocument", "SearchWord", "Source", "Speaker", "Statement", "Topic", "Upload",
    "unique_slug",
]
