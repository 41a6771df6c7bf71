from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.datafiles import DataFileError, read_versioned_json

DATA = Path(__file__).resolve().parent.parent / "src" / "newsledger" / "data"


def test_every_shipped_json_data_file_has_its_header() -> None:
    files = [p for p in DATA.rglob("*.json") if "sample" not in p.parts]
    assert len(files) >= 8
    for path in files:
        data = read_versioned_json(path, "a data file")
        assert data["version"] and data["_about"], path


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "cannot read"), ('{"version": "x.v1"}', "_about"), ("[1, 2]", "_about")],
)
def test_broken_data_files_are_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content)
    with pytest.raises(DataFileError, match=message):
        read_versioned_json(path, "the test file")


def test_a_missing_data_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        read_versioned_json(tmp_path / "absent.json", "the test file")
