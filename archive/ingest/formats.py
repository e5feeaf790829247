"""Read an upload in whatever form the ministry published it: plain text, Markdown,
a saved web page, a Word document or a PDF.

The format is told from the content, not the file name: a PDF renamed `.txt` is read
as a PDF and an image renamed `.txt` is refused as an image. Only Markdown, which
looks like any other text, is recognised by its extension.

Plain text is decoded here, in time and memory that grow with its size. Every other
format is read in a child process within ReadingLimits (archive/ingest/confined.py):
their readers' cost is not bounded by the upload's size (nested markup, Markdown
emphasis that never closes, compressed streams, ZIP archives of many entries), and
there a Word document's ZIP directory is checked before anything is unpacked.
"""

import io
import re

import docx
import pypdf
from bs4 import BeautifulSoup
from bs4.element import PreformattedString
from docx.table import Table
from pypdf import PdfReader
from pypdf.errors import LimitReachedError

from archive.ingest.confined import BatchReader, read_confined
from archive.ingest.limits import ADVICE, DEFAULT_LIMITS, ReadingLimits, check_zip
from archive.ingest.readers import UnreadableTranscript, decode_transcript, utf16_encoding

TEXT = "text/plain"
MARKDOWN = "text/markdown"
HTML = "text/html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
ZIP = "application/zip"
OLD_OFFICE = "application/x-ole-storage"
BINARY = "application/octet-stream"

LABELS = {
    TEXT: "text file",
    MARKDOWN: "Markdown file",
    HTML: "web page",
    DOCX: "Word document",
    PDF: "PDF",
}
ACCEPTED = ".txt, .md, .html, .docx or .pdf"

_IMAGES = {
    b"\x89PNG\r\n\x1a\n": ("image/png", "PNG"),
    b"\xff\xd8\xff": ("image/jpeg", "JPEG"),
    b"GIF87a": ("image/gif", "GIF"),
    b"GIF89a": ("image/gif", "GIF"),
}
_IMAGE_NAMES = dict(_IMAGES.values())
_HTML_START = re.compile(
    rb"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(rb"<(p|div|br|span|h[1-6]|body|table|article)\b[^>]*>", re.IGNORECASE)


def detect_format(data: bytes, filename: str = "") -> str:
    """The MIME type of `data`, judged by its first bytes (and, for Markdown, its name)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        # A ZIP archive keeps its entries' names as plain bytes: finding the name costs
        # a scan, where listing the archive costs as much as its entries (a hundred
        # thousand fit in 10 MB). The child that reads it checks the archive itself.
        return DOCX if b"word/document.xml" in data else ZIP
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return OLD_OFFICE
    for signature, (mime, _) in _IMAGES.items():
        if head.startswith(signature):
            return mime
    if b"\x00" in head and not utf16_encoding(head[: len(head) // 2 * 2]):
        return BINARY
    sample = _ascii_view(data[:4096])
    if _HTML_START.match(sample) or (
        filename.lower().endswith((".htm", ".html")) and _HTML_TAGS.search(sample)
    ):
        return HTML
    if filename.lower().endswith((".md", ".markdown")):
        return MARKDOWN
    return TEXT


def read_upload(
    data: bytes, filename: str = "", limits: ReadingLimits = DEFAULT_LIMITS, *, reader=None
) -> str:
    """The transcript text in `data`, read within `limits`; raises UnreadableTranscript
    saying why not. `reader`: a confined.BatchReader (its own limits) to read many
    files in one child instead of one child each."""
    if not data or not data.strip():
        raise UnreadableTranscript("The file is empty.")
    mime = detect_format(data, filename)
    if mime not in _READERS:
        raise UnreadableTranscript(_refusal(mime, data))
    if mime in _IN_PROCESS:
        text = _READERS[mime](data)
    elif reader is not None:
        text = reader.read(mime, LABELS[mime], data)
    else:
        text = read_confined(mime, LABELS[mime], data, limits)
    if not text.strip():
        raise UnreadableTranscript(f"The {LABELS[mime]} contains no text.")
    return text


def batch_reader(limits: ReadingLimits = DEFAULT_LIMITS) -> BatchReader:
    """A reader for `read_upload(..., reader=)`: one child for a whole collection."""
    return BatchReader(limits)


def _refusal(mime, data):
    if mime == ZIP:
        return f"The file is a ZIP archive, not a Word document; upload a {ACCEPTED} file."
    if mime == OLD_OFFICE:
        return "The file is an old-style Word (.doc) document: save it as .docx or PDF first."
    if mime in _IMAGE_NAMES:
        return (
            f"The file is a {_IMAGE_NAMES[mime]} image, not a transcript; "
            f"upload a {ACCEPTED} file."
        )
    return f"The file is not a transcript; upload a {ACCEPTED} file."


def _ascii_view(data):
    """The bytes with UTF-16 turned into one byte per character, enough to see tags."""
    data = data[: len(data) // 2 * 2] if b"\x00" in data else data
    encoding = utf16_encoding(data)
    if encoding:
        return data.decode(encoding, errors="ignore").encode("ascii", errors="ignore")
    return data.removeprefix(b"\xef\xbb\xbf")


# --- readers ---------------------------------------------------------------------------


def _tidy(text):
    """Lines without trailing spaces, at most one blank line between paragraphs."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


_MARKDOWN = [
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M), r"\1"),  # headings
    (re.compile(r"^ {0,3}> ?", re.M), ""),  # block quotes
    (re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.M), ""),  # rules
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *italic*
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),  # _italic_
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),  # escaped punctuation
]


def _read_markdown(data):
    """The text with Markdown's markup taken off, so "**Wang Yi:**" reads "Wang Yi:"."""
    text = decode_transcript(data)
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return _tidy(text)


_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def _decode_html(data):
    try:
        return decode_transcript(data)
    except UnreadableTranscript:
        # Older pages declare a legacy charset ("windows-1252"); trust the declaration.
        declared = _HTML_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise


def _read_html(data):
    return _tidy(html_to_text(_decode_html(data)))


# Elements that are never the transcript: page furniture, code, forms.
_FURNITURE = [
    "script", "style", "noscript", "template", "iframe", "object", "svg", "canvas",
    "nav", "aside", "form", "button", "select", "input", "textarea",
]
_FURNITURE_ROLES = ["navigation", "banner", "contentinfo", "search", "complementary"]
_BLOCKS = [
    "address", "article", "blockquote", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
]


def html_to_text(markup: str) -> str:
    """The readable text of a web page: one paragraph per block element, the page's
    title first when the content has no heading of its own."""
    soup = BeautifulSoup(markup, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.find_all(_FURNITURE):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": _FURNITURE_ROLES}):
        tag.decompose()
    for tag in soup.find_all(["header", "footer"]):
        if not tag.find_parent(["article", "main"]):
            tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    for string in root.find_all(string=True):
        if isinstance(string, PreformattedString):  # comments, doctype, CDATA
            string.extract()
        elif not string.find_parent("pre"):
            # Line breaks in the markup are spaces on the page.
            string.replace_with(re.sub(r"\s+", " ", string))
    for br in root.find_all("br"):
        br.replace_with("\n")
    for tag in root.find_all(_BLOCKS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    text = "\n".join(" ".join(line.split()) for line in root.get_text().split("\n"))
    if title and not root.find(["h1", "h2"]):
        text = f"{title}\n\n{text}"
    return text


def _read_docx(data):
    try:
        document = docx.Document(io.BytesIO(data))
    except MemoryError:
        raise  # the limit of the process reading it, not damage: said as such
    except Exception as exc:  # a damaged file can fail in zipfile, lxml or python-docx
        raise UnreadableTranscript(f"The Word document could not be opened ({exc}).") from exc
    paragraphs = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            paragraphs.extend(cell.text for row in block.rows for cell in row.cells)
        else:
            paragraphs.append(block.text)
    return _tidy("\n\n".join(p.strip() for p in paragraphs if p.strip()))


_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,4}(?:\s*-)?\s*$")


def _read_pdf(data):
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableTranscript("The PDF is protected by a password.")
        # Layout mode keeps the gaps between paragraphs as blank lines.
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (UnreadableTranscript, MemoryError):
        raise
    except LimitReachedError as exc:
        raise UnreadableTranscript(
            f"The PDF is too large or too complex to read ({exc}). {ADVICE}"
        ) from exc
    except Exception as exc:  # pypdf raises many kinds of error on damaged files
        raise UnreadableTranscript(f"The PDF could not be read ({exc}).") from exc
    # Page numbers printed alone on a line are the page's, not the speaker's; a
    # paragraph may run on over a page break, so pages join without a blank line.
    lines = [
        line.strip() for page in pages for line in page.splitlines() if not _PAGE_NUMBER.match(line)
    ]
    text = _tidy("\n".join(lines))
    if not text.strip():
        raise UnreadableTranscript(
            "The PDF contains no text: it may be a scan. Upload the text instead."
        )
    return text


def read_format(mime: str, data: bytes, limits: ReadingLimits) -> str:
    """The text of `data` read as `mime`, in the child process read_upload starts."""
    if mime == DOCX:
        check_zip(data, LABELS[mime], limits)  # before python-docx unpacks anything
    unpacked = limits.unpacked_bytes
    # pypdf refuses a stream that would unpack to more than this.
    with pypdf.apply_configuration(**{name: unpacked for name in _PDF_OUTPUT_LIMITS}):
        return _READERS[mime](data)


_PDF_OUTPUT_LIMITS = [
    "maximum_declared_stream_length", "array_based_stream_maximum_output_length",
    "jbig2_maximum_output_length", "lzw_maximum_output_length",
    "run_length_maximum_output_length", "zlib_maximum_output_length",
    "brotli_maximum_output_length", "stream_decoding_work_maximum_length",
]

_READERS = {
    TEXT: decode_transcript,
    MARKDOWN: _read_markdown,
    HTML: _read_html,
    DOCX: _read_docx,
    PDF: _read_pdf,
    # Says what the binary looks like ("a gzip archive") or that it is binary.
    BINARY: decode_transcript,
}
# Decoding is linear in the size and the size is bounded: no child needed.
_IN_PROCESS = {TEXT, BINARY}
