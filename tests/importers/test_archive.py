"""Zip archives and folders: what the registry opens, what it refuses, what it walks."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sincere.cli import app
from sincere.errors import InputError, InputTooLargeError, UnknownFormatError
from sincere.importers import _archive, registry

DATA = Path(__file__).parents[1] / "data"
CHAT = b"[05/06/2024, 14:00:00] Emma: Hello\n[05/06/2024, 14:01:00] Noah: Hi Emma\n"


def write_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("name", ["../_chat.txt", "/etc/_chat.txt", "a/../../b.txt", "C:/x.txt"])
def test_archive_refuses_entries_leaving_the_archive(tmp_path: Path, name: str) -> None:
    path = write_zip(tmp_path / "export.zip", {"_chat.txt": CHAT, name: b"x"})
    with pytest.raises(InputError, match="points outside the archive") as info:
        registry.load_file(path)
    assert info.value.path == str(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.zip"]


def test_archive_refuses_a_high_ratio_entry(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "bomb.zip", {"_chat.txt": CHAT + b" " * (64 << 20)})
    with pytest.raises(InputTooLargeError, match="zip bomb"):
        registry.load_file(path)


def test_archive_refuses_a_huge_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_archive, "MAX_TOTAL_BYTES", 1000)
    path = write_zip(tmp_path / "big.zip", {"_chat.txt": CHAT, "photo.jpg": os.urandom(2000)})
    with pytest.raises(InputTooLargeError, match="unpacks to more than"):
        registry.load_file(path)


def test_archive_refuses_too_many_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_archive, "MAX_ENTRIES", 3)
    entries = {f"media/{n}.jpg": b"x" for n in range(4)}
    path = write_zip(tmp_path / "many.zip", {"_chat.txt": CHAT, **entries})
    with pytest.raises(InputTooLargeError, match="entries"):
        registry.load_file(path)


def test_archive_damaged_zip_is_an_input_error(tmp_path: Path) -> None:
    data = (write_zip(tmp_path / "ok.zip", {"_chat.txt": CHAT * 200})).read_bytes()
    path = tmp_path / "damaged.zip"
    path.write_bytes(data[:40] + b"\x00" * 60 + data[100:])
    with pytest.raises(InputError) as info:
        registry.load_file(path)
    assert info.value.path is not None and info.value.path.startswith(str(path))


def test_archive_truncated_zip_is_an_input_error(tmp_path: Path) -> None:
    data = (write_zip(tmp_path / "ok.zip", {"_chat.txt": CHAT})).read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="zip"):
        registry.load_file(path)


def test_archive_without_a_known_export_lists_what_it_holds(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "photos.zip", {"a.jpg": b"x", "b.jpg": b"y"})
    with pytest.raises(UnknownFormatError, match=r"a\.jpg, b\.jpg"):
        registry.load_file(path)


def test_archive_format_that_reads_no_archives_says_so(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "export.zip", {"_chat.txt": CHAT})
    with pytest.raises(UnknownFormatError, match="does not read zip archives"):
        registry.load_file(path, format="plain")


def test_archive_hidden_and_macos_entries_are_ignored(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "export.zip",
        {"_chat.txt": CHAT, "__MACOSX/._chat.txt": b"\x00\x05", ".DS_Store": b"\x00"},
    )
    loaded = registry.load_file(path)
    assert loaded.format == "whatsapp"
    assert len(loaded.conversations[0].messages) == 2


def test_archive_zip_on_stdin_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = write_zip(tmp_path / "export.zip", {"_chat.txt": CHAT}).read_bytes()

    class Stdin:
        buffer = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]

    monkeypatch.setattr("sys.stdin", Stdin)
    loaded = registry.load_file("-")
    assert (loaded.path, loaded.format) == ("<stdin>", "whatsapp")
    assert len(loaded.conversations[0].messages) == 2


def test_archive_folder_links_leaving_it_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "inside.txt").write_text("x", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    assert _archive.DirectoryTree(str(folder)).names() == ["inside.txt"]


def test_archive_directory_walk_skips_files_no_format_recognises(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# notes\n", encoding="utf-8")
    (tmp_path / "settings.json").write_text('{"theme": "dark"}', encoding="utf-8")
    (tmp_path / "chat.txt").write_bytes(CHAT)
    loaded = list(registry.load_all([str(tmp_path)]))
    assert {(Path(item.path).name, item.format) for item in loaded if not item.skipped} == {
        ("chat.txt", "whatsapp")
    }
    assert sorted(Path(item.path).name for item in loaded if item.skipped) == [
        "README.md",
        "settings.json",
    ]
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    assert f"Skipped {tmp_path / 'README.md'}: not a conversation export" in result.stderr


def test_archive_named_file_is_always_read(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# notes\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}")
