"""Threads, splitting, pandas, docstrings and the type stubs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import sverka
from conftest import LAVROV, as_table, run_cli, skip_or_fail

RU = (LAVROV / "ru.txt").read_bytes()
EN = (LAVROV / "en.txt").read_bytes()


def test_threads_give_the_results_of_one_thread(wmt21_corpus) -> None:
    engine = sverka.Engine()
    pairs = [(ru.read_bytes(), en.read_bytes()) for _, ru, en in wmt21_corpus[:60]]
    one = [[as_table(r) for r in engine.align(ru, en)] for ru, en in pairs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        many = list(pool.map(lambda p: [as_table(r) for r in engine.align(*p)], pairs))
    assert many == one


def test_the_gil_is_released_while_aligning() -> None:
    engine = sverka.Engine(no_lexicon=True)
    big_ru, big_en = RU * 8, EN * 8
    done = threading.Event()
    ticks = 0

    def work() -> None:
        engine.align(big_ru, big_en)
        done.set()

    thread = threading.Thread(target=work)
    started = time.perf_counter()
    thread.start()
    # Python code runs in this thread while the other aligns: with the GIL
    # held by the extension this loop would not advance until it finished.
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    thread.join()
    elapsed = time.perf_counter() - started
    assert elapsed > 0.05, "the text must take long enough to tell"
    assert ticks > 10, (ticks, elapsed)


def test_split_equals_the_cli(sverka_bin: Path) -> None:
    result = run_cli(sverka_bin, "split", "-q", "--lang", "ru", "--jsonl", str(LAVROV / "ru.txt"))
    assert result.returncode == 0, result.stderr
    expected = [json.loads(line) for line in result.stdout.splitlines()]
    text = (LAVROV / "ru.txt").read_text(encoding="utf-8")
    for sentences in (sverka.split(text, "ru"), sverka.split_file(LAVROV / "ru.txt", "ru")):
        got = [
            {
                "index": s.index,
                "text": s.text,
                "start": s.byte_start,
                "end": s.byte_end,
                "first_line": s.first_line,
                "last_line": s.last_line,
                "paragraph": s.paragraph,
                "heading": s.heading,
                **({"speaker": s.speaker} if s.speaker is not None else {}),
            }
            for s in sentences
        ]
        assert got == expected
        # Character offsets index the str.
        assert all(text[s.start : s.end] == s.text for s in sentences)
    assert any(s.speaker for s in sverka.split(text, "ru"))


def test_split_bytes_in_another_encoding() -> None:
    text = "Привет, мир. Это второе предложение о погоде в Москве. И третье, про поезда."
    sentences = sverka.split(text.encode("cp1251"), "ru")
    assert [s.text for s in sentences] == [s.text for s in sverka.split(text, "ru")]
    assert len(sentences) == 3
    forced = sverka.split(text.encode("koi8-r"), "ru", encoding="koi8-r")
    assert forced[0].text == "Привет, мир."


def test_rows_as_dict_and_pandas() -> None:
    pandas = pytest.importorskip("pandas")
    rows = sverka.align(RU, EN)
    first = rows[0]
    d = first.as_dict()
    assert list(d)[: len(sverka.COLUMNS)] == list(sverka.COLUMNS)
    assert d["ru"] == first.ru and d["confidence"] == first.confidence
    assert first == rows[0] and first != rows[1]
    assert "Row(row=1" in repr(first)
    frame = sverka.to_pandas(rows)
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns[: len(sverka.COLUMNS)]) == list(sverka.COLUMNS)
    assert len(frame) == len(rows)
    assert frame["kind"].tolist() == [r.kind for r in rows]
    assert frame["flags"].tolist() == [r.flags for r in rows]


def test_help_is_useful() -> None:
    for function in (sverka.align, sverka.align_files, sverka.split, sverka.Engine.align):
        doc = function.__doc__ or ""
        assert len(doc) > 200, function
    assert "InputError" in (sverka.align.__doc__ or "")
    assert "presegmented" in str(getattr(sverka.Engine.align, "__text_signature__", ""))
    assert "lexicon" in (sverka.Engine.__doc__ or "")
    assert sverka.__version__


def test_the_stubs_pass_mypy_strict(tmp_path: Path) -> None:
    if shutil.which("mypy") is None and not _has_module("mypy"):
        skip_or_fail("mypy is not installed (pip install mypy)", "SVERKA_REQUIRE_CLIENTS")
    usage = Path(__file__).parent / "typing_usage.py"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(usage)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # And mypy does read the stubs: a wrong use is an error.
    wrong = tmp_path / "wrong.py"
    wrong.write_text("import sverka\nrows: list[int] = sverka.align('a', 'b')\nsverka.Engine(max_bead='3')\n")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(wrong)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout
    assert result.stdout.count("error:") == 2, result.stdout


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_corpus_pairs_as_batch_finds_them(tmp_path: Path) -> None:
    (tmp_path / "ru").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "ru" / "a.txt").write_text("Текст.", encoding="utf-8")
    (tmp_path / "en" / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "b.ru.txt").write_text("Текст.", encoding="utf-8")
    (tmp_path / "orphan.en.txt").write_text("Text.", encoding="utf-8")
    pairs, unpaired = sverka.corpus_pairs(tmp_path)
    assert [name for name, _, _ in pairs] == ["a"]
    assert pairs[0][1] == os.path.join(str(tmp_path), "ru", "a.txt")
    assert sorted(name for name, _ in unpaired) == ["b", "orphan"]
    with pytest.raises(sverka.InputError, match="no such file or folder"):
        sverka.corpus_pairs(tmp_path / "nothing")
