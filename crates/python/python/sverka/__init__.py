"""Align Russian and English translations sentence by sentence.

The engine of the `sverka` command line, in Python: the same reading,
checks and alignment, and rows as the review table has them.

    >>> import sverka
    >>> rows = sverka.align(ru_text, en_text)          # doctest: +SKIP
    >>> [(r.kind, round(r.confidence, 3)) for r in rows][:2]   # doctest: +SKIP

* align(ru, en, ...), align_files(ru_path, en_path, ...): one pair, rows.
* Engine(...): dictionaries loaded once for many pairs (thread-safe; the
  GIL is released while aligning).
* split(text, lang), split_file(path, lang): sentences with offsets.
* corpus_pairs(path): a corpus's document pairs, as ``sverka batch`` finds them.
* to_pandas(rows): a pandas DataFrame of rows.
* sverka.spark.align_dataframe(df, ...): a Spark DataFrame of pairs.
* InputError, SettingsError, InternalError (all SverkaError).
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any, Dict, Iterable, Optional, Sequence, Tuple, Union

from ._errors import InputError, InternalError, SettingsError, SverkaError
from ._sverka import (
    COLUMNS,
    Engine,
    Row,
    Sentence,
    __version__,
    corpus_pairs,
    split,
    split_file,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "Engine",
    "InputError",
    "InternalError",
    "Row",
    "Sentence",
    "SettingsError",
    "SverkaError",
    "COLUMNS",
    "__version__",
    "align",
    "align_files",
    "corpus_pairs",
    "split",
    "split_file",
    "to_pandas",
]


Text = Union[str, bytes, bytearray]
PathLike = Union[str, "os.PathLike[str]"]
Lexicon = Union[PathLike, Sequence[PathLike], None]

# The module-level functions keep the engines they load, by settings, so
# that a loop of sverka.align calls loads the dictionaries once.
_engines: Dict[Tuple[Any, ...], Engine] = {}
_engines_lock = threading.Lock()


def _engine(
    lexicon: Lexicon, no_lexicon: bool, learn: bool, max_bead: int, params: Optional[str]
) -> Engine:
    if lexicon is None:
        lexicons: Optional[Tuple[str, ...]] = None
    elif isinstance(lexicon, (str, os.PathLike)):
        lexicons = (os.fspath(lexicon),)
    else:
        lexicons = tuple(os.fspath(p) for p in lexicon)
    key = (lexicons, no_lexicon, learn, max_bead, params)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = Engine(
                lexicon=list(lexicons) if lexicons is not None else None,
                no_lexicon=no_lexicon,
                learn=learn,
                max_bead=max_bead,
                params=params,
            )
            _engines[key] = engine
        return engine


def align(
    ru: Text,
    en: Text,
    *,
    presegmented: bool = False,
    lexicon: Lexicon = None,
    no_lexicon: bool = False,
    learn: bool = False,
    max_bead: int = 3,
    params: Optional[str] = None,
    ru_lang: str = "ru",
    en_lang: str = "en",
    encoding: Optional[str] = None,
    ru_encoding: Optional[str] = None,
    en_encoding: Optional[str] = None,
    input_format: Optional[str] = None,
    max_input_mb: int = 256,
    ru_name: str = "ru",
    en_name: str = "en",
) -> list[Row]:
    """Align a Russian and an English text; return the review table's rows.

    ru, en: the texts, as ``str`` or as ``bytes`` (decoded exactly as
        ``sverka align`` decodes a file: encoding detected, Word, OpenDocument,
        HTML, SRT/WebVTT and PDF recognised by their content).
    presegmented: the texts have one sentence per line.
    lexicon: a dictionary (dictd ``NAME.index``, an installed dictd name such
        as ``mueller7``, or a ``.tsv`` glossary) or a list of them; None uses
        the installed dictionaries, as the command line does.
    no_lexicon: use no dictionary at all.
    learn: learn word translations from this pair's confident rows and align
        it again with them (``sverka align --learn``).
    max_bead: most sentences on one side of a row, 1 to 5 (3 by default).
    params: engine parameter overrides, ``name=value,...``.
    ru_lang, en_lang: the languages (another code than ru/en uses
        language-neutral rules).
    encoding, ru_encoding, en_encoding: force the encoding of bytes input.
    input_format: ``auto`` (None), ``txt``, ``docx``, ``odt``, ``html``,
        ``srt``, ``vtt`` or ``pdf``.
    max_input_mb: refuse a text larger than this many megabytes.
    ru_name, en_name: what error messages call the two texts.

    Each Row has the table's columns as attributes (``row``, ``ru_lines``,
    ``en_lines``, ``ru``, ``en``, ``kind``, ``confidence``, ``flags``,
    ``details``, ``status``, ``note``) and ``as_dict()``.

    Raises InputError with the command line's message when a text is
    refused (empty, binary, undecodable, swapped, both in one language),
    SettingsError for options that cannot be used. The engine for these
    settings is loaded on first use and kept; use Engine to hold it
    yourself.

    >>> rows = sverka.align(open("ru.txt", "rb").read(), open("en.txt", "rb").read())  # doctest: +SKIP
    >>> rows[0].kind, rows[0].ru, rows[0].en                                         # doctest: +SKIP
    """
    engine = _engine(lexicon, no_lexicon, learn, max_bead, params)
    return engine.align(
        ru,
        en,
        presegmented=presegmented,
        ru_lang=ru_lang,
        en_lang=en_lang,
        encoding=encoding,
        ru_encoding=ru_encoding,
        en_encoding=en_encoding,
        input_format=input_format,
        max_input_mb=max_input_mb,
        ru_name=ru_name,
        en_name=en_name,
    )


def align_files(
    ru_path: PathLike,
    en_path: PathLike,
    *,
    presegmented: bool = False,
    lexicon: Lexicon = None,
    no_lexicon: bool = False,
    learn: bool = False,
    max_bead: int = 3,
    params: Optional[str] = None,
    ru_lang: str = "ru",
    en_lang: str = "en",
    encoding: Optional[str] = None,
    ru_encoding: Optional[str] = None,
    en_encoding: Optional[str] = None,
    input_format: Optional[str] = None,
    max_input_mb: int = 256,
) -> list[Row]:
    """Align two files exactly as ``sverka align RU_PATH EN_PATH`` does and
    return the rows of its table. Options as for ``align``; errors name the
    file, as the command line's do.

    >>> rows = sverka.align_files("ru.txt", "en.txt", no_lexicon=True)  # doctest: +SKIP
    """
    engine = _engine(lexicon, no_lexicon, learn, max_bead, params)
    return engine.align_files(
        ru_path,
        en_path,
        presegmented=presegmented,
        ru_lang=ru_lang,
        en_lang=en_lang,
        encoding=encoding,
        ru_encoding=ru_encoding,
        en_encoding=en_encoding,
        input_format=input_format,
        max_input_mb=max_input_mb,
    )


def to_pandas(rows: Iterable[Row]) -> "pandas.DataFrame":
    """The rows as a pandas DataFrame: one line per row, the table's columns
    first (in ``COLUMNS`` order), then ``ru_time``, ``en_time`` and the
    sentence indices and spans. Needs pandas (``pip install pandas``).

    >>> sverka.to_pandas(sverka.align(ru, en)).query("confidence < 0.5")  # doctest: +SKIP
    """
    try:
        import pandas
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError(
            "sverka.to_pandas needs pandas: pip install pandas"
        ) from err
    records = [row.as_dict() for row in rows]
    columns = list(COLUMNS) + [
        "ru_time",
        "en_time",
        "ru_sentences",
        "en_sentences",
        "ru_spans",
        "en_spans",
    ]
    return pandas.DataFrame.from_records(records, columns=columns)
