"""Where the sample transcripts are: the Xinhua interview is in the repository; the
third-party ones live in shared/samples beside the checkout and are never copied in."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO.parent / "shared" / "samples"


def sample(name):
    """The text of a sample transcript; the test is skipped, saying why, without it."""
    for path in (REPO / "fixtures" / "transcripts" / name, SAMPLES / name):
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.skip(f"sample transcript {name} not found in {SAMPLES} (shared/ beside the repo)")
