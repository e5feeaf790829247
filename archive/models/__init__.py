"""The archive's data: statement events, who spoke, what was asked and answered.

The database is the source of truth; the search index is derived from it. One module
per aggregate; everything is importable from `archive.models`.
"""

from archive.models.catalogue import Country, Source, Topic
from archive.models.people import Outlet, Role, Speaker, SpeakerName
from archive.models.slugs import unique_slug
from archive.models.transcripts import (
    PUBLISH_PERMISSION,
    Answer,
    Interview,
    PublishError,
    PublishPermissionDenied,
    Question,
    Statement,
    TurnKind,
)
from archive.models.uploads import Upload
from archive.pagecache.models import ContentVersion
from archive.search.models import PendingIndexUpdate, RelatedAnswer, SearchDocument, SearchWord

__all__ = [
    "PUBLISH_PERMISSION", "Answer", "ContentVersion", "Country", "Interview", "Outlet",
    "PendingIndexUpdate",
    "PublishError", "PublishPermissionDenied", "Question", "RelatedAnswer", "Role",
    "SearchDocument", "SearchWord", "Source", "Speaker", "SpeakerName", "Statement",
    "Topic", "TurnKind", "Upload",
    "unique_slug",
]
