"""Reading a whole collection's files in one confined child: the same text as a child
per file, each file under its own limits, and a file that is stopped costs only
itself."""

import pytest

from archive.ingest.formats import batch_reader, read_upload
from archive.ingest.limits import ReadingLimits
from archive.ingest.readers import UnreadableTranscript
from tests.files import make_pdf

FILES = {
    "a.md": b"# Remarks\n\n**MS. PSAKI:** Good *afternoon*.\n",
    "b.md": "Q  Thank you. [Laughter](x)\n\n> Quoted \u2014 words\n".encode(),
    "c.pdf": make_pdf([["Q: Why?"]]),
}


@pytest.mark.slow
def test_many_files_read_in_one_child_give_the_text_of_a_child_each():
    with batch_reader() as reader:
        texts = {name: read_upload(data, name, reader=reader) for name, data in FILES.items()}
        child = reader.child
        assert child is not None and child.poll() is None  # still serving
    assert texts == {name: read_upload(data, name) for name, data in FILES.items()}
    assert child.poll() is not None  # closing ends it


@pytest.mark.slow
def test_a_file_stopped_at_the_time_limit_is_refused_and_the_next_is_read():
    with batch_reader(ReadingLimits(seconds=2)) as reader:
        assert read_upload(FILES["a.md"], "a.md", reader=reader).startswith("Remarks")
        with pytest.raises(UnreadableTranscript) as refused:
            read_upload(b"**a " * 100_000, "notes.md", reader=reader)
        assert str(refused.value).startswith(
            "The Markdown file took longer than 2 seconds to read and was stopped"
        )
        assert read_upload(FILES["b.md"], "b.md", reader=reader).startswith("Q  Thank you.")


@pytest.mark.slow
def test_a_refusal_inside_the_child_leaves_it_serving():
    with batch_reader() as reader:
        with pytest.raises(UnreadableTranscript, match="The PDF could not be read"):
            read_upload(b"%PDF-1.4 not really", "broken.pdf", reader=reader)
        child = reader.child
        assert read_upload(FILES["a.md"], "a.md", reader=reader).startswith("Remarks")
        assert reader.child is child
