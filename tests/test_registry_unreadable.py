"""An unreadable registry directory, or a file in it, is exit 2 with one line (issue 12,
defect 7: it ended as an "internal error"). Root may read anything, so the refusal is made
the way the kernel makes it for a mode-000 directory: the listing raises EACCES."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL
from inprocess import invoke


@pytest.fixture
def registry_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "registry"
    directory.mkdir()
    (directory / "ports.yaml").write_text(MINIMAL, encoding="utf-8")
    return directory


def _deny(monkeypatch: pytest.MonkeyPatch, method: str, denied: Path) -> None:
    real = getattr(Path, method)

    def refusing(self: Path, *args: object, **kwargs: object) -> object:
        if self == denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, refusing)


@pytest.mark.parametrize("how", ["explicit", "found"])
def test_an_unreadable_registry_directory(
    registry_dir: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    _deny(monkeypatch, "iterdir", registry_dir)
    args = ("-r", str(registry_dir)) if how == "explicit" else ()
    result = invoke("check", *args, cwd=registry_dir.parent)
    assert result.code == 2, result
    assert "internal error" not in result.err
    assert "Permission denied" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_an_unreadable_file_in_the_registry_directory(
    registry_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _deny(monkeypatch, "open", registry_dir / "ports.yaml")
    result = invoke("check", "-r", str(registry_dir))
    assert result.code == 2, result
    assert "internal error" not in result.err
    assert "PR002" in result.err and "Permission denied" in result.err
