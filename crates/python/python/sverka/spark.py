"""Aligning a Spark DataFrame of document pairs.

    from sverka.spark import align_dataframe
    result = align_dataframe(pairs, ru_col="ru", en_col="en", id_col="doc_id")
    result.rows.write.parquet("rows.parquet")      # doc id + the table's columns
    result.errors.write.parquet("errors.parquet")  # doc id + message

Each Python worker loads one ``sverka.Engine`` (the dictionaries once) and
keeps it for every task it runs; documents are aligned by ``mapInPandas``.
A document that sverka refuses (empty, binary, swapped, ...) becomes a line
of ``errors`` with the message ``sverka batch`` gives it, and never fails
the job. Options that cannot be used (an unknown language, a lexicon that
does not load) do fail it: every document would fail the same way.

Needs pyspark, pandas and pyarrow on the driver and the workers, and the
sverka package on the workers.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Iterator, Tuple

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from pyspark.sql import DataFrame

__all__ = ["AlignResult", "ENGINE_OPTIONS", "READ_OPTIONS", "align_dataframe", "rows_schema"]

#: Options of the engine, loaded once per worker (see ``sverka.Engine``).
ENGINE_OPTIONS = ("lexicon", "no_lexicon", "learn", "max_bead", "params")
#: Options of reading each pair (see ``sverka.Engine.align``).
READ_OPTIONS = (
    "presegmented",
    "ru_lang",
    "en_lang",
    "encoding",
    "ru_encoding",
    "en_encoding",
    "input_format",
    "max_input_mb",
)

# The table's columns as Spark types, in the order sverka writes them.
_ROW_FIELDS = (
    ("row", "int"),
    ("ru_lines", "string"),
    ("en_lines", "string"),
    ("ru", "string"),
    ("en", "string"),
    ("kind", "string"),
    ("confidence", "double"),
    ("flags", "array<string>"),
    ("details", "string"),
    ("status", "string"),
    ("note", "string"),
    ("ru_time", "string"),
    ("en_time", "string"),
)
_ERROR = "error"


@dataclass
class AlignResult:
    """What ``align_dataframe`` returns.

    rows: one line per table row: the id column, then ``row``, ``ru_lines``,
        ``en_lines``, ``ru``, ``en``, ``kind``, ``confidence``, ``flags``
        (an array), ``details``, ``status``, ``note``, ``ru_time``,
        ``en_time``.
    errors: one line per refused document: the id column and ``error``, the
        message ``sverka batch`` gives it.

    Both come from one persisted alignment: the documents are aligned once
    whichever is used first. ``unpersist()`` frees it when done.
    """

    rows: "DataFrame"
    errors: "DataFrame"
    aligned: "DataFrame"

    def unpersist(self) -> None:
        """Frees the persisted alignment both DataFrames read."""
        self.aligned.unpersist()


def rows_schema() -> str:
    """The schema of ``AlignResult.rows`` without its id column, as a DDL
    string."""
    return ", ".join(f"{name} {kind}" for name, kind in _ROW_FIELDS)


# One engine per worker process and settings: Spark reuses its Python
# workers across tasks, so the dictionaries load once per worker.
_engines: Dict[Tuple[Any, ...], Any] = {}
_engines_lock = threading.Lock()


def _worker_engine(engine_options: Dict[str, Any]) -> Any:
    import sverka

    key = tuple(sorted((k, repr(v)) for k, v in engine_options.items()))
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = sverka.Engine(**engine_options)
            _engines[key] = engine
        return engine


def _align_batches(
    batches: Iterator["pandas.DataFrame"],
    id_col: str,
    ru_col: str,
    en_col: str,
    paths: bool,
    engine_options: Dict[str, Any],
    read_options: Dict[str, Any],
) -> Iterator["pandas.DataFrame"]:
    """The function mapInPandas runs on the workers."""
    import pandas

    import sverka

    engine = _worker_engine(engine_options)
    columns = [id_col] + [name for name, _ in _ROW_FIELDS] + [_ERROR]
    for batch in batches:
        out: Dict[str, list] = {name: [] for name in columns}

        def add(values: Dict[str, Any]) -> None:
            for name in columns:
                out[name].append(values.get(name))

        for doc_id, ru, en in zip(batch[id_col], batch[ru_col], batch[en_col]):
            # A null arrives as None, NaN or pandas.NA depending on the versions.
            missing = [
                col
                for col, value in ((ru_col, ru), (en_col, en))
                if not isinstance(value, (str, bytes, bytearray)) and pandas.isna(value)
            ]
            try:
                if missing:
                    raise sverka.InputError(
                        f"{doc_id}: no {' and no '.join(missing)} (null); give both texts of the pair"
                    )
                if paths:
                    rows = engine.align_files(ru, en, **read_options)
                else:
                    rows = engine.align(
                        ru, en, ru_name=f"{doc_id}.ru", en_name=f"{doc_id}.en", **read_options
                    )
            except sverka.InputError as err:
                add({id_col: doc_id, _ERROR: str(err)})
                continue
            for row in rows:
                values = row.as_dict()
                values[id_col] = doc_id
                add(values)
        yield pandas.DataFrame(out, columns=columns)


def align_dataframe(
    df: "DataFrame",
    ru_col: str = "ru",
    en_col: str = "en",
    id_col: str = "doc_id",
    *,
    paths: bool = False,
    **options: Any,
) -> AlignResult:
    """Align every document pair of ``df`` on the cluster.

    df: one line per document: an id (``id_col``), the Russian text
        (``ru_col``) and the English text (``en_col``), as strings or binary
        (bytes are decoded as ``sverka align`` decodes a file).
    paths: the text columns hold file paths instead, which every worker must
        be able to read; each pair is then read exactly as ``sverka batch``
        reads it, and messages name the files.
    options: ``Engine`` options (lexicon, no_lexicon, learn, max_bead,
        params) and reading options (presegmented, ru_lang, en_lang,
        encoding, ru_encoding, en_encoding, input_format, max_input_mb).
        ``learn`` learns from each document alone (as ``sverka align
        --learn``), not from the whole corpus as ``sverka batch --learn``.

    Returns an AlignResult with ``rows`` and ``errors`` DataFrames.

    >>> result = align_dataframe(spark.read.parquet("pairs.parquet"))  # doctest: +SKIP
    >>> result.rows.groupBy("kind").count().show()                     # doctest: +SKIP
    """
    from pyspark import StorageLevel

    unknown = sorted(set(options) - set(ENGINE_OPTIONS) - set(READ_OPTIONS))
    if unknown:
        raise TypeError(
            f"align_dataframe: unknown option(s) {', '.join(unknown)}; "
            f"give engine options ({', '.join(ENGINE_OPTIONS)}) or reading options ({', '.join(READ_OPTIONS)})"
        )
    for col in (id_col, ru_col, en_col):
        if col not in df.columns:
            raise ValueError(
                f"align_dataframe: no column {col!r} in the DataFrame (it has {', '.join(df.columns)}); "
                "name the columns with id_col, ru_col and en_col"
            )
    engine_options = {k: v for k, v in options.items() if k in ENGINE_OPTIONS}
    read_options = {k: v for k, v in options.items() if k in READ_OPTIONS}
    id_type = df.schema[id_col].dataType.simpleString()
    schema = f"`{id_col}` {id_type}, {rows_schema()}, {_ERROR} string"

    def run(batches: Iterator["pandas.DataFrame"]) -> Iterator["pandas.DataFrame"]:
        return _align_batches(batches, id_col, ru_col, en_col, paths, engine_options, read_options)

    aligned = (
        df.select(id_col, ru_col, en_col)
        .mapInPandas(run, schema=schema)
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    from pyspark.sql import functions as F

    rows = aligned.where(F.col(_ERROR).isNull()).drop(_ERROR)
    errors = aligned.where(F.col(_ERROR).isNotNull()).select(id_col, _ERROR)
    return AlignResult(rows=rows, errors=errors, aligned=aligned)
