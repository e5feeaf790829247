"""Walking a collection in place: a .tar.xz as shipped or the folder it unpacks to,
in path order, within a memory budget."""

import pytest

from archive.ingest.corpora import walk
from tests.corpora import write_folder, write_tar_xz

FILES = {
    "c/TXT/Session 02 - 1947/FRA_02_1947.txt": "deux\n",
    "c/TXT/Session 01 - 1946/USA_01_1946.txt": "one " * 40,
    "c/TXT/Session 01 - 1946/.Rhistory": "q()\n",
    "c/Table.xlsx": b"PK\x03\x04 not really",
    "c/README.txt": "notes\n",
    "c/TXT/Session 01 - 1946/ARG_01_1946.txt": "uno\n",
}
SORTED = sorted(FILES)


def paths(found):
    return [m.path for m in found]


def test_a_tar_gives_its_files_sorted_by_path_whatever_order_they_were_packed_in(tmp_path):
    tar = write_tar_xz(tmp_path / "c.tar.xz", FILES)
    found = list(walk.members(tar))
    assert paths(found) == SORTED
    assert {m.path: m.data for m in found}["c/README.txt"] == b"notes\n"


def test_the_unpacked_folder_gives_the_same_files_in_the_same_order(tmp_path):
    tar = write_tar_xz(tmp_path / "c.tar.xz", FILES)
    folder = write_folder(tmp_path / "unpacked", FILES)
    assert [(m.path, m.data) for m in walk.members(folder)] == [
        (m.path, m.data) for m in walk.members(tar)
    ]


@pytest.mark.parametrize("budget", [1, 20, 100, 10_000])
def test_a_small_budget_reads_in_more_passes_and_still_gives_each_file_once_in_order(
    tmp_path, budget
):
    tar = write_tar_xz(tmp_path / "c.tar.xz", FILES)
    assert paths(walk.members(tar, budget=budget)) == SORTED


def test_files_marked_first_come_before_all_others(tmp_path):
    tar = write_tar_xz(tmp_path / "c.tar.xz", FILES)
    found = paths(walk.members(tar, first=lambda name: name.endswith(".xlsx"), budget=20))
    assert found == ["c/Table.xlsx", *[n for n in SORTED if n != "c/Table.xlsx"]]


def test_stopping_early_reads_no_further_pass(tmp_path, monkeypatch):
    tar = write_tar_xz(tmp_path / "c.tar.xz", FILES)
    opened = []
    real_open = walk.tarfile.open

    def counting_open(*args, **kwargs):
        opened.append(kwargs.get("mode"))
        return real_open(*args, **kwargs)

    monkeypatch.setattr(walk.tarfile, "open", counting_open)
    first = next(walk.members(tar, budget=1))
    assert first.path == SORTED[0] and opened.count("r|*") == 1


def test_a_missing_path_or_a_plain_file_is_refused_with_a_reason(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        list(walk.members(tmp_path / "nowhere.tar.xz"))
    plain = tmp_path / "plain.txt"
    plain.write_text("not an archive")
    with pytest.raises(ValueError, match="neither a folder nor a tar archive"):
        list(walk.members(plain))
