"""A process that stops dead in the middle of a write, for tests/test_faults.py.

    python -m tests.crash index STAGE ANSWER_PK TEXT MARKER
    python -m tests.crash import FILE MARKER

It does the work up to the named point, creates MARKER, and waits there for the
test to kill it with SIGKILL: no exception, no cleanup, as when a machine or an
out-of-memory killer stops a worker. Not collected by pytest.
"""

import os
import sys
import time
from pathlib import Path

import django


def halt(marker):
    Path(marker).touch()
    time.sleep(600)


def after(owner, name, marker):
    """Patch `owner.name` to run, then halt: the kill lands just after it."""
    original = getattr(owner, name)

    def patched(*args, **kwargs):
        result = original(*args, **kwargs)
        halt(marker)
        return result

    setattr(owner, name, patched)


def before(owner, name, marker):
    """Patch `owner.name` to halt before it runs."""
    setattr(owner, name, lambda *args, **kwargs: halt(marker))


def edit_answer(stage, pk, text, marker):
    """Save an answer's new text; its index update stops at `stage`:
    "adding" (the writer holds the index locks, documents half added) or
    "committing" (the new segment is on disk, its table of contents is not)."""
    from whoosh.writing import SegmentWriter

    from archive.models import Answer
    from archive.search.whoosh_backend import ArchiveWhooshBackend

    if stage == "adding":
        after(ArchiveWhooshBackend, "prepare_document", marker)
    else:
        before(SegmentWriter, "_commit_toc", marker)
    answer = Answer.objects.get(pk=pk)
    answer.text = text
    answer.save()  # autocommit: the index update runs right after the commit


def import_file(path, marker):
    """Import a transcript; stop inside its transaction once the turns are written."""
    from django.core.management import call_command

    from archive.ingest import load

    after(load, "create_turns", marker)
    call_command("import_transcripts", path, "--publish", "--no-progress")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    if sys.argv[1] == "index":
        edit_answer(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    else:
        import_file(sys.argv[2], sys.argv[3])
