"""What reading one upload may cost, and the checks that can be made before reading.

A 10 MB upload can unpack to gigabytes (a Word document is a ZIP archive; a PDF's
streams are compressed) or take hours to parse (markup nested thousands deep). The
ZIP archive's central directory says what every entry unpacks to without unpacking
it, so a Word document is judged by it first; what no directory can tell is bounded
by reading in a child process (archive/ingest/confined.py).
"""

import io
import zipfile
from dataclasses import dataclass

from archive.ingest.readers import UnreadableTranscript

MB = 1024 * 1024
# A Word document is a few dozen entries (parts, relationships, images); a thousand
# is far beyond any transcript, and each entry costs memory before it is read.
MAX_ENTRIES = 1000
# XML deflates about ten-fold; past a hundred-fold an entry is padding built to
# expand. Small entries may be any ratio: they cannot expand to much.
MAX_RATIO = 100
RATIO_FLOOR = MB
ADVICE = "Save it again in another format, or paste the text."


@dataclass(frozen=True)
class ReadingLimits:
    """How much one upload may unpack to, and how long and how much memory the
    reading may take (settings ARCHIVE_MAX_UNPACKED_BYTES, ARCHIVE_READ_SECONDS,
    ARCHIVE_READ_MEMORY_MB)."""

    unpacked_bytes: int = 50 * MB
    seconds: float = 20
    memory_mb: int = 1024

    @classmethod
    def from_settings(cls, settings):
        return cls(
            unpacked_bytes=settings.ARCHIVE_MAX_UNPACKED_BYTES,
            seconds=settings.ARCHIVE_READ_SECONDS,
            memory_mb=settings.ARCHIVE_READ_MEMORY_MB,
        )


DEFAULT_LIMITS = ReadingLimits()


def check_zip(data: bytes, label: str, limits: ReadingLimits) -> None:
    """Refuse a ZIP-based document whose directory promises more than may be read.

    zipfile never hands out more than an entry's declared size (a lying entry fails
    its CRC check instead), so the declared sizes bound what reading can unpack."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise UnreadableTranscript(f"The {label} could not be opened ({exc}).") from exc
    if len(entries) > MAX_ENTRIES:
        raise UnreadableTranscript(
            f"The {label} holds {len(entries):,} files; at most {MAX_ENTRIES:,} are read. "
            + ADVICE
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.unpacked_bytes:
        raise UnreadableTranscript(
            f"The {label} would unpack to {describe_size(unpacked)}; at most "
            f"{describe_size(limits.unpacked_bytes)} is read. " + ADVICE
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise UnreadableTranscript(
                f"A part of the {label} ({entry.filename}) unpacks to {ratio:,.0f} times "
                f"its stored size; at most {MAX_RATIO} times is read. " + ADVICE
            )


def describe_size(size: int) -> str:
    """A size as people say it: 512 bytes, 14 KB, 10.4 MB (10 MB when whole)."""
    if size < 1024:
        return f"{size:,} bytes"
    if size < MB:
        return f"{size / 1024:.0f} KB"
    return f"{size / MB:.1f}".removesuffix(".0") + " MB"

