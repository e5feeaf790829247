"""Upload files made on the spot: Word documents, PDFs and web pages with given text."""

import io
import zipfile
import zlib

import docx


def make_docx(paragraphs):
    """A .docx file with one Word paragraph per item."""
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(pages):
    """A small valid PDF; each page is a list of lines, a blank line leaves a gap.
    Text is Latin-1 in the standard Helvetica font."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None, b"<< /Type /Font /Subtype /Type1 "
               b"/BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        stream = ["BT /F1 11 Tf 14 TL 56 780 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            stream.append(f"({escaped}) Tj T*" if line else "T*")
        stream.append("ET")
        content = "\n".join(stream).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objects))
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids)
    )
    return _assemble_pdf(objects)


def _assemble_pdf(objects):
    """A PDF file of these numbered objects (1 the catalog), with its cross-references."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref
    )
    return bytes(out)


# --- hostile files: small uploads that would cost much to read --------------------------

_PARAGRAPH = b"<w:p><w:r><w:t>Wang Yi: We stand ready to work with all sides.</w:t></w:r></w:p>"


def make_docx_bomb(unpacked_bytes):
    """A real Word document whose text part is `unpacked_bytes` of repeated
    paragraphs: a few hundred KB that unpack to as much as asked."""
    source = zipfile.ZipFile(io.BytesIO(make_docx(["x"])))
    body = source.read("word/document.xml")
    start, end = body.index(b"<w:body>") + len(b"<w:body>"), body.index(b"</w:body>")
    chunk = _PARAGRAPH * (1024 * 1024 // len(_PARAGRAPH))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for entry in source.infolist():
            if entry.filename != "word/document.xml":
                bomb.writestr(entry, source.read(entry))
                continue
            with bomb.open(entry.filename, "w") as part:  # written a chunk at a time
                part.write(body[:start])
                for _ in range(unpacked_bytes // len(chunk)):
                    part.write(chunk)
                part.write(_PARAGRAPH * (unpacked_bytes % len(chunk) // len(_PARAGRAPH)))
                part.write(body[end:])
    return buffer.getvalue()


def make_docx_with_entries(count):
    """A real Word document with `count` empty files beside its own parts."""
    buffer = io.BytesIO(make_docx(["Wang Yi: Thank you."]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as archive:
        for number in range(count):
            archive.writestr(f"x/{number}", b"")
    return buffer.getvalue()


def make_pdf_with_stream(unpacked_bytes):
    """A one-page PDF whose content stream deflates to `unpacked_bytes` of spaces."""
    packed = zlib.compress(b" " * unpacked_bytes, 9)
    return _assemble_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>",
    ])
