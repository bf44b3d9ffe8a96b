"""sverka.spark.align_dataframe in Spark local mode (`local[2]`): the WMT21
documents plus two broken pairs give the rows of `sverka batch` on the same
files, and the broken pairs land in the errors DataFrame with batch's
messages."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path
from typing import Dict, List

import pytest

import sverka
from conftest import as_table, read_jsonl, round3, run_cli, skip_or_fail

TABLE_FIELDS = ("row", "ru_lines", "en_lines", "ru", "en", "kind", "flags", "details", "status", "note")


@pytest.fixture(scope="module")
def spark():
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import SparkSession
    except ImportError:
        skip_or_fail("pyspark is not installed (pip install pyspark pandas pyarrow)", "SVERKA_REQUIRE_CLIENTS")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        skip_or_fail("java is not installed (apt-get install openjdk-17-jre-headless)", "SVERKA_REQUIRE_CLIENTS")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("sverka-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus_with_broken_pairs(wmt21_corpus) -> Path:
    root = wmt21_corpus[0][1].parent.parent
    broken = root / "broken"
    broken.mkdir(exist_ok=True)
    (broken / "empty.ru.txt").write_bytes(b"")
    (broken / "empty.en.txt").write_bytes(wmt21_corpus[0][2].read_bytes())
    (broken / "binary.ru.txt").write_bytes(wmt21_corpus[1][1].read_bytes())
    (broken / "binary.en.txt").write_bytes(bytes(range(256)) * 64)
    return root


def batch_tables(sverka_bin: Path, corpus: Path, out: Path):
    result = run_cli(sverka_bin, "batch", "-q", "-f", "jsonl", str(corpus), "-o", str(out))
    # 1: some documents failed (the two broken pairs); the others are aligned.
    assert result.returncode == 1, result.stderr
    with open(out / "summary.csv", encoding="utf-8") as f:
        summary = list(csv.DictReader(f))
    failed = {r["name"]: r["error"] for r in summary if r["status"] == "failed"}
    aligned = [r["name"] for r in summary if r["status"] == "ok"]
    assert sorted(failed) == ["broken/binary", "broken/empty"]
    return {name: read_jsonl(out / f"{name}.jsonl") for name in aligned}, failed


def spark_tables(rows) -> Dict[str, List[Dict]]:
    tables: Dict[str, List[Dict]] = {}
    for r in rows:
        d = r.asDict()
        entry = {k: d[k] for k in TABLE_FIELDS}
        entry["flags"] = list(d["flags"])
        entry["confidence"] = round3(d["confidence"])
        tables.setdefault(d["doc_id"], []).append(entry)
    for table in tables.values():
        table.sort(key=lambda e: e["row"])
    return tables


def table_part(rows: List[Dict]) -> List[Dict]:
    return [{k: r[k] for k in (*TABLE_FIELDS, "confidence")} for r in rows]


def test_spark_rows_equal_batch(spark, sverka_bin: Path, corpus_with_broken_pairs: Path, tmp_path: Path) -> None:
    from sverka.spark import align_dataframe

    expected, failed = batch_tables(sverka_bin, corpus_with_broken_pairs, tmp_path / "batch")
    assert len(expected) > 150
    pairs, unpaired = sverka.corpus_pairs(corpus_with_broken_pairs)
    assert not unpaired

    # Paths: each worker reads the files as batch does; same messages.
    frame = spark.createDataFrame(pairs, "doc_id string, ru string, en string").repartition(4)
    result = align_dataframe(frame, paths=True)
    errors = {r["doc_id"]: r["error"] for r in result.errors.collect()}
    assert errors == failed
    got = spark_tables(result.rows.collect())
    result.unpersist()
    assert sorted(got) == sorted(expected)
    for name, table in expected.items():
        assert got[name] == table_part(table), name

    # Texts in the DataFrame (bytes, decoded as the CLI decodes files).
    texts = [(name, Path(ru).read_bytes(), Path(en).read_bytes()) for name, ru, en in pairs]
    frame = spark.createDataFrame(texts, "id string, ru_text binary, en_text binary").repartition(3)
    result = align_dataframe(frame, ru_col="ru_text", en_col="en_text", id_col="id")
    assert result.rows.columns[:3] == ["id", "row", "ru_lines"]
    errors = {r["id"]: r["error"] for r in result.errors.collect()}
    # Named by document and side instead of by file; otherwise batch's words.
    assert sorted(errors) == ["broken/binary", "broken/empty"]
    assert errors["broken/empty"] == "broken/empty.ru: the file is empty; check that you gave the right file"
    assert errors["broken/binary"].startswith("broken/binary.en: ")
    assert errors["broken/binary"].split(": ", 1)[1] == failed["broken/binary"].split(": ", 1)[1]
    rows = result.rows.withColumnRenamed("id", "doc_id").collect()
    result.unpersist()
    assert spark_tables(rows) == {name: table_part(t) for name, t in expected.items()}


def test_spark_options_and_nulls(spark) -> None:
    from sverka.spark import align_dataframe

    from conftest import LAVROV

    ru = (LAVROV / "ru.txt").read_text(encoding="utf-8")
    en = (LAVROV / "en.txt").read_text(encoding="utf-8")
    frame = spark.createDataFrame(
        [(1, ru, en), (2, None, en), (3, en, ru)], "doc_id long, ru string, en string"
    )
    result = align_dataframe(frame, no_lexicon=True, max_bead=2)
    errors = dict((r["doc_id"], r["error"]) for r in result.errors.collect())
    assert errors[2] == "2: no ru (null); give both texts of the pair"
    assert errors[3].startswith("the files seem swapped: 3.ru (given as Russian) looks English")
    rows = result.rows.orderBy("row").collect()
    expected = sverka.align(ru, en, no_lexicon=True, max_bead=2)
    assert [r["ru"] for r in rows] == [r.ru for r in expected]
    assert [r["confidence"] for r in rows] == [r.confidence for r in expected]
    result.unpersist()
    with pytest.raises(TypeError, match="unknown option"):
        align_dataframe(frame, max_beads=2)
    with pytest.raises(ValueError, match="no column 'text'"):
        align_dataframe(frame, ru_col="text")


def test_spark_align_script_writes_parquet(spark, tmp_path: Path) -> None:
    """scripts/spark-align on a manifest as batch reads it, plus a Parquet
    manifest of texts: the rows and the errors as Parquet."""
    import subprocess
    import sys

    import pandas

    from conftest import LAVROV, ROOT

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.ru.txt").write_bytes((LAVROV / "ru.txt").read_bytes())
    (corpus / "a.en.txt").write_bytes((LAVROV / "en.txt").read_bytes())
    (corpus / "b.ru.txt").write_bytes(b"")
    (corpus / "b.en.txt").write_bytes((LAVROV / "en.txt").read_bytes())
    script = ROOT / "scripts" / "spark-align"
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(script), "--master", "local[1]", "--no-lexicon", str(corpus), str(out)],
        capture_output=True,
        text=True,
    )
    # 1: a document was refused (b); the job itself went through.
    assert done.returncode == 1, done.stderr
    assert "1 of 2 documents aligned" in done.stderr
    rows = pandas.read_parquet(out / "rows").sort_values("row")
    errors = pandas.read_parquet(out / "errors")
    expected = sverka.align_files(corpus / "a.ru.txt", corpus / "a.en.txt", no_lexicon=True)
    assert rows["doc_id"].unique().tolist() == ["a"]
    assert rows["en"].tolist() == [r.en for r in expected]
    assert errors["doc_id"].tolist() == ["b"]
    assert errors["error"][0].endswith("b.ru.txt: the file is empty; check that you gave the right file")

    manifest = tmp_path / "texts.parquet"
    pandas.DataFrame(
        {"doc_id": ["a"], "ru": [(LAVROV / "ru.txt").read_text(encoding="utf-8")], "en": [(LAVROV / "en.txt").read_text(encoding="utf-8")]}
    ).to_parquet(manifest)
    done = subprocess.run(
        [sys.executable, str(script), "--master", "local[1]", "--no-lexicon", "--texts", str(manifest), str(tmp_path / "out2")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    rows = pandas.read_parquet(tmp_path / "out2" / "rows").sort_values("row")
    assert rows["en"].tolist() == [r.en for r in expected]
