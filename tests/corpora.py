"""Small collections in the real ones' layouts, written by the tests themselves, and
where the real ones are (../shared/corpora beside the checkout, or
ARCHIVE_CORPORA_DIR); the real text is never copied into the repository."""

import io
import os
import tarfile
from pathlib import Path

import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[1]
HEADER = ["Year", "Session", "ISO Code", "Country", "Name of Person Speaking", "Post"]


def real_collection(name):
    """The path of a shipped collection; the test is skipped, saying why, without it."""
    folder = Path(os.environ.get("ARCHIVE_CORPORA_DIR") or REPO.parent / "shared" / "corpora")
    path = folder / name
    if not path.exists():
        pytest.skip(f"the real collection {name} is not in {folder} (shared/corpora beside "
                    "the checkout, or set ARCHIVE_CORPORA_DIR)")
    return path


def speakers_xlsx(rows, header=HEADER):
    """The bytes of a speakers table like Speakers_by_session.xlsx."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_folder(root: Path, files: dict) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return root


def write_tar_xz(path: Path, files: dict, order=None) -> Path:
    """A .tar.xz holding `files`, in `order` (default: the dict's, not sorted)."""
    with tarfile.open(path, "w:xz") as archive:
        for name in order or files:
            data = files[name]
            data = data.encode("utf-8") if isinstance(data, str) else data
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path
