"""Turn an uploaded file's bytes into transcript text, or say clearly why not.

The bytes are kept as uploaded elsewhere; this only decides how to read them.
"""

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

# Signatures of common binary formats that are never plain-text transcripts.
_BINARY_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"RIFF": "a RIFF media file (WebP, WAV or AVI)",
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Word/OpenDocument file)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program (ELF binary)",
    b"MZ": "a Windows program",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
}


class UnreadableTranscript(ValueError):
    """The upload cannot be read as transcript text; the message says why."""


def decode_transcript(data: bytes) -> str:
    """Decode UTF-8, UTF-16 (with or without BOM) or GB18030 text; refuse anything else."""
    if not data or not data.strip():
        raise UnreadableTranscript("The file is empty.")
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise UnreadableTranscript(
                f"The file looks like {what}, not a plain-text transcript."
            )
    text = _decode(data)
    if not text.strip():
        raise UnreadableTranscript("The file contains no text.")
    if _control_ratio(text) > 0.01:
        raise UnreadableTranscript("The file looks binary: it contains control characters.")
    return text


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableTranscript("The file claims to be UTF-16 but is not.") from exc
    if b"\x00" in data:
        encoding = utf16_encoding(data)
        if not encoding:
            raise UnreadableTranscript("The file looks binary: it contains NUL bytes.")
        return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # GB18030 maps almost any byte pair to something, so accept it only when the
    # result reads as Chinese text rather than a scatter of rare characters.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UnreadableTranscript(
            "The file could not be decoded as UTF-8, UTF-16 or GB18030 text."
        ) from exc
    if not _looks_like_chinese(text):
        raise UnreadableTranscript(
            "The file could not be decoded as UTF-8, UTF-16 or GB18030 text."
        )
    return text


def utf16_encoding(data: bytes) -> str | None:
    """"utf-16" when `data` starts with a UTF-16 byte order mark, "utf-16-le" or
    "utf-16-be" when it reads as UTF-16 text without one, else None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" not in data or len(data) % 2:
        return None
    # Only the two byte orders are candidates: Latin scripts in UTF-16 are half NUL
    # bytes, which no other encoding this archive reads has.
    guess = from_bytes(data, cp_isolation=["utf_16_le", "utf_16_be"]).best()
    if guess is None:
        return None
    encoding = guess.encoding.replace("_", "-")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding if text.strip() and _control_ratio(text) <= 0.01 else None


# Chinese text is ideographs, ASCII and the punctuation written with them: CJK
# symbols (、。「」), full-width forms (，：？) and general punctuation (“”…).
_CHINESE_TEXT = re.compile(r"[\u4e00-\u9fff\x00-\x7f\u3000-\u303f\uff00-\uffef\u2010-\u2027]")


def _looks_like_chinese(text: str) -> bool:
    common = len(_CHINESE_TEXT.findall(text))
    if common / max(len(text), 1) <= 0.9:
        return False
    # Latin-1 accents misread as GB18030 turn up as lone ideographs inside Latin
    # words ("D\u9a87claration"); real Chinese writes ideographs in runs.
    inside_words = len(re.findall(r"(?<=[A-Za-z])[\u4e00-\u9fff](?=[A-Za-z])", text))
    ideographs = len(re.findall(r"[\u4e00-\u9fff]", text))
    return ideographs > 0 and inside_words / ideographs < 0.5


def _control_ratio(text: str) -> float:
    controls = sum(
        1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v"
    )
    return controls / len(text)
