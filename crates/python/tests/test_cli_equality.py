"""The Python rows are the rows of `sverka align`'s table (same text, kinds,
confidence, flags, details, lines, spans): on the corpus the project ships
and on every WMT21 document, from files and from bytes."""

from __future__ import annotations

from pathlib import Path

import sverka
from conftest import LAVROV, as_table, read_jsonl, run_cli


def cli_rows(sverka_bin: Path, ru: Path, en: Path, tmp_path: Path, *flags: str):
    out = tmp_path / "table.jsonl"
    result = run_cli(sverka_bin, "align", "-q", *flags, str(ru), str(en), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return read_jsonl(out)


def test_lavrov_rows_equal_the_cli_table(sverka_bin: Path, tmp_path: Path) -> None:
    ru, en = LAVROV / "ru.txt", LAVROV / "en.txt"
    expected = cli_rows(sverka_bin, ru, en, tmp_path)
    assert len(expected) > 50
    from_files = [as_table(r) for r in sverka.align_files(ru, en)]
    assert from_files == expected
    from_bytes = [as_table(r) for r in sverka.align(ru.read_bytes(), en.read_bytes())]
    assert from_bytes == expected
    from_str = sverka.align(ru.read_text(encoding="utf-8"), en.read_text(encoding="utf-8"))
    assert [as_table(r) for r in from_str] == expected
    # The sides are the sentences the spans point at.
    text = ru.read_text(encoding="utf-8").encode("utf-8")
    for row in from_str:
        parts = [text[a:b].decode("utf-8") for a, b in row.ru_spans]
        assert " ".join(" ".join(p.split()) for p in parts) == " ".join(row.ru.split())


def test_lavrov_with_options_equals_the_cli(sverka_bin: Path, tmp_path: Path) -> None:
    ru, en = LAVROV / "ru.txt", LAVROV / "en.txt"
    expected = cli_rows(sverka_bin, ru, en, tmp_path, "--no-lexicon", "--max-bead", "2", "--learn")
    rows = sverka.align_files(ru, en, no_lexicon=True, max_bead=2, learn=True)
    assert [as_table(r) for r in rows] == expected
    # Other options give another table: the options do reach the engine.
    assert [as_table(r) for r in sverka.align_files(ru, en, no_lexicon=True, max_bead=1)] != expected


def test_wmt21_rows_equal_the_batch_tables(sverka_bin: Path, wmt21_corpus, tmp_path: Path) -> None:
    corpus = wmt21_corpus[0][1].parent.parent
    out = tmp_path / "batch"
    result = run_cli(sverka_bin, "batch", "-q", "-f", "jsonl", str(corpus), "-o", str(out))
    assert result.returncode == 0, result.stderr
    engine = sverka.Engine()
    assert len(wmt21_corpus) > 150
    total = 0
    for name, ru, en in wmt21_corpus:
        expected = read_jsonl(out / f"{name}.jsonl")
        assert [as_table(r) for r in engine.align_files(ru, en)] == expected, name
        from_bytes = engine.align(ru.read_bytes(), en.read_bytes())
        assert [as_table(r) for r in from_bytes] == expected, name
        total += len(expected)
    assert total > 3000


def test_presegmented_equals_the_cli(sverka_bin: Path, tmp_path: Path) -> None:
    ru = tmp_path / "ru.txt"
    en = tmp_path / "en.txt"
    ru.write_text("Первое предложение. Всё ещё первое.\nВторое, про 1990 год.\n\nТретье.\n", encoding="utf-8")
    en.write_text("The first sentence. Still the first.\nThe second, about 1990.\nThe third.\n", encoding="utf-8")
    expected = cli_rows(sverka_bin, ru, en, tmp_path, "--presegmented", "--no-lexicon")
    rows = sverka.align(ru.read_bytes(), en.read_bytes(), presegmented=True, no_lexicon=True)
    assert [as_table(r) for r in rows] == expected
