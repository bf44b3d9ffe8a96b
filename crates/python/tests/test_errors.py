"""Bad inputs raise the right exceptions with the command line's messages;
no panic crosses into Python."""

from __future__ import annotations

from pathlib import Path

import pytest

import sverka
from conftest import LAVROV, cli_message, run_cli

RU = (LAVROV / "ru.txt").read_bytes()
EN = (LAVROV / "en.txt").read_bytes()
BINARY = bytes(range(256)) * 64


def cases(tmp_path: Path):
    """(what, ru bytes, en bytes): each refused by `sverka align`."""
    return [
        ("empty", b"", EN),
        ("binary", RU, BINARY),
        ("swapped", EN, RU),
        ("both English", EN, EN),
        ("both Russian", RU, RU),
        ("undecodable UTF-8", RU, b"\xef\xbb\xbfThe text \xff\xfe\x00 with a BOM and broken bytes \xc3" * 40),
    ]


@pytest.mark.parametrize("index", range(6))
def test_refusals_carry_the_cli_message(index: int, sverka_bin: Path, tmp_path: Path) -> None:
    what, ru, en = cases(tmp_path)[index]
    ru_path, en_path = tmp_path / "ru.txt", tmp_path / "en.txt"
    ru_path.write_bytes(ru)
    en_path.write_bytes(en)
    message = cli_message(run_cli(sverka_bin, "align", "-q", str(ru_path), str(en_path)))
    with pytest.raises(sverka.InputError) as from_files:
        sverka.align_files(ru_path, en_path)
    assert str(from_files.value) == message, what
    # In memory, named like the files: the same message.
    with pytest.raises(sverka.InputError) as from_bytes:
        sverka.align(ru, en, ru_name=str(ru_path), en_name=str(en_path))
    assert str(from_bytes.value) == message, what
    assert isinstance(from_bytes.value, ValueError)
    assert isinstance(from_bytes.value, sverka.SverkaError)


def test_default_names_in_messages() -> None:
    with pytest.raises(sverka.InputError, match=r"^ru: the file is empty; check that you gave the right file$"):
        sverka.align(b"", EN)
    with pytest.raises(sverka.InputError, match=r"^the files seem swapped: ru \(given as Russian\) looks English"):
        sverka.align(EN, RU)
    with pytest.raises(sverka.InputError, match=r"^both files look English \(ru and en\)"):
        sverka.align(EN.decode(), EN.decode())


def test_missing_file_and_folder(sverka_bin: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    message = cli_message(run_cli(sverka_bin, "align", "-q", str(missing), str(LAVROV / "en.txt")))
    with pytest.raises(sverka.InputError) as err:
        sverka.align_files(missing, LAVROV / "en.txt")
    assert str(err.value) == message
    with pytest.raises(sverka.InputError, match="is a directory"):
        sverka.align_files(tmp_path, LAVROV / "en.txt")


def test_size_limit() -> None:
    with pytest.raises(sverka.InputError, match=r"^ru: input over the limit of 0 MB"):
        sverka.align(RU, EN, max_input_mb=0)


def test_bad_settings_raise_settings_error() -> None:
    with pytest.raises(sverka.SettingsError, match="unknown language"):
        sverka.align(RU, EN, ru_lang="not a language")
    with pytest.raises(sverka.SettingsError, match="max_bead"):
        sverka.Engine(max_bead=6)
    with pytest.raises(sverka.SettingsError, match="^--params"):
        sverka.Engine(params="no_such_parameter=1")
    with pytest.raises(sverka.SettingsError, match="^--lexicon"):
        sverka.Engine(lexicon="/nonexistent/dictionary.tsv")
    with pytest.raises(sverka.SettingsError, match="input_format"):
        sverka.align(RU, EN, input_format="ods")
    with pytest.raises(sverka.SettingsError):
        sverka.Engine(lexicon="x.tsv", no_lexicon=True)
    with pytest.raises(TypeError, match="ru: expected str or bytes, got int"):
        sverka.align(1, EN)  # type: ignore[arg-type]


def test_a_panic_becomes_internal_error() -> None:
    with pytest.raises(sverka.InternalError, match="on purpose"):
        sverka._sverka._panic_for_test()
    # The module still works afterwards.
    assert sverka.split("Один. Два.", "ru")[1].text == "Два."


def test_lexicon_glossary(tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Минск\tMinsk\n", encoding="utf-8")
    engine = sverka.Engine(lexicon=glossary)
    assert any("g.tsv" in note for note in engine.notes)
    assert engine.align(RU, EN)
    assert "g.tsv" in engine.fingerprint
