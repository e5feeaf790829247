"""Reading each upload format as transcript text, told by content, not by name."""

import io

import pytest
from pypdf import PdfWriter

from archive.ingest import formats
from archive.ingest.formats import detect_format, html_to_text, read_upload
from archive.ingest.readers import UnreadableTranscript
from tests.files import make_docx, make_pdf


@pytest.mark.parametrize(
    "data, name, mime",
    [
        (b"Plain words", "a.txt", formats.TEXT),
        (b"# Title", "a.md", formats.MARKDOWN),
        (b"<!DOCTYPE html><p>x</p>", "a.txt", formats.HTML),
        ("<html><body>x</body></html>".encode("utf-16"), "a.txt", formats.HTML),
        (b"\xef\xbb\xbf<!-- saved --><html>", "page", formats.HTML),
        ("<html><body>x</body></html>".encode("utf-16-le"), "a.txt", formats.HTML),
        ("Q: Why?\nA: Because.".encode("utf-16-be"), "a.txt", formats.TEXT),
        (b"Some <p>text</p>", "page.htm", formats.HTML),
        (b"Some <p>text</p>", "notes.txt", formats.TEXT),
        (make_pdf([["x"]]), "a.txt", formats.PDF),
        (make_docx(["x"]), "a.txt", formats.DOCX),
        (b"\x89PNG\r\n\x1a\n", "a.txt", "image/png"),
        (b"\xd0\xcf\x11\xe0rest", "a.doc", formats.OLD_OFFICE),
        (b"\x1f\x8b\x08\x00\x00\x00", "a.txt", formats.BINARY),
    ],
)
def test_the_format_is_detected_from_the_content(data, name, mime):
    assert detect_format(data, name) == mime


def test_a_word_document_reads_paragraph_by_paragraph_with_its_tables():
    import docx

    document = docx.Document()
    document.add_paragraph("Wang Yi gives an interview")
    run = document.add_paragraph("Reporter: ").add_run("Why?")
    run.bold = True
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Wang Yi:", "Because."
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_upload(buffer.getvalue(), "x.docx") == (
        "Wang Yi gives an interview\n\nReporter: Why?\n\nWang Yi:\n\nBecause."
    )


def test_a_pdf_keeps_paragraph_breaks_and_drops_page_numbers():
    pdf = make_pdf([["Title line", "", "Q: Why?", "", "A: Because it", "goes on.", "1"],
                    ["More on page two.", "2"]])
    assert read_upload(pdf, "x.pdf") == (
        "Title line\n\nQ: Why?\n\nA: Because it\ngoes on.\nMore on page two."
    )


def test_a_password_protected_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UnreadableTranscript, match="protected by a password"):
        read_upload(buffer.getvalue(), "x.pdf")


def test_a_web_page_gives_its_text_without_the_furniture():
    page = """<html><head><title>Page title</title><style>p{}</style></head><body>
      <header>Site banner</header><nav>Home | News</nav>
      <div><h1>Wang Yi gives an interview</h1><!-- comment -->
      <p><strong>Reporter:</strong> Why
      now?</p><p>Wang Yi: Because.<br>Second line.</p>
      <pre>  kept   as is</pre></div>
      <aside>Related</aside><footer>Copyright</footer><script>alert(1)</script>
    </body></html>"""
    assert formats._tidy(html_to_text(page)) == (
        "Wang Yi gives an interview\n\nReporter: Why now?\n\nWang Yi: Because.\nSecond line."
        "\n\nkept as is"
    )


def test_a_web_page_without_a_heading_starts_with_its_title():
    text = read_upload(b"<html><head><title>Statement</title></head><p>Body.</p></html>", "a")
    assert text == "Statement\n\nBody."


def test_a_web_page_in_a_declared_legacy_charset_is_read():
    page = '<html><meta charset="windows-1252"><p>Déclaration à la presse</p></html>'
    assert read_upload(page.encode("cp1252"), "a.html") == "Déclaration à la presse"


def test_chinese_web_page_in_gb18030():
    page = "<html><body><h1>外交部发言人</h1><p>问：有何评论？</p></body></html>"
    assert read_upload(page.encode("gb18030"), "a.html") == "外交部发言人\n\n问：有何评论？"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "gb18030"])
def test_a_chinese_text_file_is_read_in_each_promised_encoding(encoding):
    text = "外交部发言人答记者问\n\n问：有何评论？\n\n答：我们注意到有关报道。"
    assert read_upload(text.encode(encoding), "a.txt") == text


def test_markdown_markup_is_taken_off():
    text = "# Title #\n\n**Wang Yi:** It is *very* _clear_ [here](http://x).\n\n---\n\n> Quoted\n"
    assert read_upload(text.encode(), "a.md") == (
        "Title\n\nWang Yi: It is very clear here.\n\nQuoted"
    )


def test_plain_text_is_kept_exactly():
    text = "Title\r\n\r\n  Q: Why?  \r\n"
    assert read_upload(text.encode(), "a.txt") == text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"<html><body><script>x</script></body></html>", "The web page contains no text."),
        (b"PK\x03\x04junk", "ZIP archive, not a Word document"),
        (b"\xff\xd8\xff\xe0", "JPEG image"),
    ],
)
def test_unreadable_uploads_say_why(data, message):
    with pytest.raises(UnreadableTranscript, match=message):
        read_upload(data, "upload.txt")
