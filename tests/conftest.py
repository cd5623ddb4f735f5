"""Fixtures shared by several test folders."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def huge_line_file(tmp_path: Path) -> Path:
    """A plain transcript whose single line is over 50 MiB long."""
    path = tmp_path / "huge.txt"
    chunk = b"a" * (1 << 20)
    with path.open("wb") as stream:
        stream.write(b"Alice: ")
        for _ in range(50):
            stream.write(chunk)
    return path


@pytest.fixture(autouse=True)
def isolated_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own (initially absent) config file, never the user's."""
    path = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("SINCERE_CONFIG", str(path))
    return path
