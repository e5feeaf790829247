"""Any Markdown transcript with YAML front matter, uploaded by an editor or imported
with `import_transcripts`, gets the front matter's title, date and source; the file's
front matter is kept as written, and a broken one is refused with its line."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from archive.models import Interview, Upload

MARKDOWN = """---
title: "Remarks by the Spokesperson on the Harvest"
date: 2023-04-05
source_url: https://example.org/remarks/harvest
published_time: 2023-04-06T09:00:00+00:00
tags: [Remarks, Agriculture]
---

# Ignored heading

**SPOKESPERSON:** Good morning. The harvest is in.

**Q:** Is it a good one?

**SPOKESPERSON:** It is.
"""


def import_md(tmp_path, text, *args):
    path = tmp_path / "remarks.md"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_transcripts", str(path), "--no-progress", *args, stdout=out,
                 stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_import_transcripts_takes_title_date_and_source_from_the_front_matter(tmp_path):
    import_md(tmp_path, MARKDOWN, "--publish")
    interview = Interview.objects.get()
    assert interview.title == "Remarks by the Spokesperson on the Harvest"
    assert (interview.date.isoformat(), interview.date_precision) == ("2023-04-05", "day")
    assert interview.is_published
    assert interview.source_url == "https://example.org/remarks/harvest"
    assert interview.details == {"tags": ["Remarks", "Agriculture"],
                                 "published": "2023-04-06T09:00:00+00:00"}
    assert interview.raw_text.startswith('---\ntitle: "Remarks by the Spokesperson')
    assert "title:" not in " ".join(a.text for a in interview.answers.all())
    assert interview.questions.get().text == "Is it a good one?"
    assert interview.answers.count() == 2


@pytest.mark.django_db
def test_options_given_on_the_command_line_win_over_the_front_matter(tmp_path):
    import_md(tmp_path, MARKDOWN, "--title", "Harvest remarks", "--date", "2023-04-04")
    interview = Interview.objects.get()
    assert (interview.title, interview.date.isoformat()) == ("Harvest remarks", "2023-04-04")


@pytest.mark.django_db
def test_front_matter_that_is_not_yaml_is_refused_with_its_line(tmp_path):
    broken = MARKDOWN.replace("date: 2023-04-05", "date: [2023-04-05")
    with pytest.raises(CommandError):
        import_md(tmp_path, broken)
    assert not Interview.objects.exists()
    assert not Upload.objects.exists()


@pytest.mark.django_db
def test_the_editors_upload_reads_the_front_matter_too(editor):
    response = editor.post("/editor/upload/", {
        "file": SimpleUploadedFile("remarks.md", MARKDOWN.encode())})
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.title == "Remarks by the Spokesperson on the Harvest"
    assert interview.date.isoformat() == "2023-04-05"
    assert interview.source_url == "https://example.org/remarks/harvest"
    review = editor.get(response.url).content.decode()
    assert "Remarks by the Spokesperson on the Harvest" in review


@pytest.mark.django_db
def test_a_markdown_file_without_front_matter_is_read_as_before(tmp_path):
    import_md(tmp_path, "Briefing on rice\n\nMay 2, 2022\n\nQ: Rice?\n\nA: Yes.\n")
    interview = Interview.objects.get()
    assert interview.title == "Briefing on rice" and interview.details == {}
