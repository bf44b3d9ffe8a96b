"""Shared fixtures of the sverka Python tests: the `sverka` binary to compare
with, the shared evaluation data, the WMT21 corpus as `sverka batch` reads it.

Environment:
  SVERKA_BIN             the sverka binary (default: the newest of
                         target/release/sverka and target/debug/sverka)
  SVERKA_SHARED_DATA     the shared data folder (default: ../shared/data
                         beside the workspace)
  SVERKA_REQUIRE_DATA=1  missing data fails the tests instead of skipping
  SVERKA_REQUIRE_CLIENTS=1  a missing binary, pyspark, java or mypy fails
                         the tests instead of skipping
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import wmt21  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
LAVROV = ROOT / "corpora" / "lavrov-belarus-2017"


def skip_or_fail(reason: str, variable: str) -> None:
    """Skips with `reason`, or fails when `variable` is set to 1."""
    if os.environ.get(variable) == "1":
        pytest.fail(f"{reason} ({variable}=1)")
    pytest.skip(f"{reason}; {variable}=1 makes this a failure")


@pytest.fixture(scope="session")
def sverka_bin() -> Path:
    given = os.environ.get("SVERKA_BIN")
    if given:
        path = Path(given)
        if not path.is_file():
            pytest.fail(f"SVERKA_BIN={given}: no such file")
        return path
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    found = [p for p in (target / "release" / "sverka", target / "debug" / "sverka") if p.is_file()]
    if not found:
        skip_or_fail(
            "no sverka binary to compare with: cargo build -p sverka, or set SVERKA_BIN",
            "SVERKA_REQUIRE_CLIENTS",
        )
    return max(found, key=lambda p: p.stat().st_mtime)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    data = Path(os.environ.get("SVERKA_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not (data / "wmt21-en-ru").is_dir():
        skip_or_fail(
            f"{data / 'wmt21-en-ru'} not found: the evaluation data is not in the repository; "
            "put it at ../shared/data beside the checkout or set SVERKA_SHARED_DATA=DIR",
            "SVERKA_REQUIRE_DATA",
        )
    return data


@pytest.fixture(scope="session")
def wmt21_corpus(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> List[Tuple[str, Path, Path]]:
    """The WMT21 documents as NAME.ru.txt + NAME.en.txt files: (name, ru, en)."""
    return wmt21.build(shared_data, tmp_path_factory.mktemp("wmt21"))


def run_cli(sverka_bin: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(sverka_bin), *args], capture_output=True, text=True, encoding="utf-8"
    )


def cli_message(result: subprocess.CompletedProcess) -> str:
    """The error the command line printed: its last `sverka: ` line."""
    assert result.returncode != 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("sverka: ")]
    assert lines, result.stderr
    return lines[-1][len("sverka: "):]


def read_jsonl(path: Path) -> List[Dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def round3(value: float) -> float:
    """The confidence as the JSONL table writes it (Rust's `(c * 1000).round() / 1000`:
    half away from zero)."""
    x = value * 1000.0
    whole = float(int(x))
    if abs(x - whole) >= 0.5:
        whole += 1.0 if x > 0 else -1.0
    return whole / 1000.0


def as_table(row) -> Dict:
    """A Python row as the JSONL table has it."""
    d = row.as_dict()
    out = {k: d[k] for k in ("row", "ru_lines", "en_lines", "ru", "en", "kind", "flags",
                             "details", "status", "note", "ru_sentences", "en_sentences")}
    out["confidence"] = round3(d["confidence"])
    out["ru_spans"] = [list(s) for s in d["ru_spans"]]
    out["en_spans"] = [list(s) for s in d["en_spans"]]
    if d["ru_time"]:
        out["ru_time"] = d["ru_time"]
    if d["en_time"]:
        out["en_time"] = d["en_time"]
    return out
