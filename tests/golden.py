"""Golden files: a parse compared whole with the JSON kept beside its input.

`ARCHIVE_REWRITE_GOLDEN=1 .venv/bin/python -m pytest tests/test_parser_golden.py
tests/test_parser.py` writes the current output instead of comparing; review the diff
(`git diff tests/data`) before committing it, since every change is a change of the
public `parse_transcript --json` contract.
"""

import json
import os
from pathlib import Path

REWRITE = os.environ.get("ARCHIVE_REWRITE_GOLDEN") == "1"


def assert_matches_golden(actual: dict, path: Path) -> None:
    if REWRITE:
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected, f"{path.name} differs (ARCHIVE_REWRITE_GOLDEN=1 rewrites it)"
