"""A small program using sverka, checked with `mypy --strict` by the tests."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

import sverka


def confident(ru: bytes, en: str, engine: sverka.Engine) -> List[sverka.Row]:
    rows: List[sverka.Row] = engine.align(ru, en, presegmented=False, ru_name="a")
    return [row for row in rows if row.confidence > 0.5 and "numbers-differ" not in row.flags]


def main() -> None:
    engine = sverka.Engine(lexicon=[Path("glossary.tsv")], max_bead=2)
    notes: List[str] = engine.notes
    rows = sverka.align("Текст.", "Text.", no_lexicon=True, learn=True, max_bead=3)
    more = sverka.align_files(Path("ru.txt"), "en.txt", encoding="cp1251")
    first: sverka.Row = (rows + more + confident(b"x", "y", engine))[0]
    kind: str = first.kind
    spans: List[tuple[int, int]] = first.ru_spans
    as_dict: Dict[str, object] = first.as_dict()
    sentences = sverka.split("Один. Два.", "ru")
    speaker: Optional[str] = sentences[0].speaker
    offsets = [(s.start, s.end, s.byte_start) for s in sverka.split_file("ru.txt", "ru")]
    pairs, unpaired = sverka.corpus_pairs("corpus/")
    frame = sverka.to_pandas(rows)
    try:
        sverka.align(b"", b"")
    except sverka.InputError as err:
        message: str = str(err)
        print(message)
    print(notes, kind, spans, as_dict, speaker, offsets, pairs, unpaired, frame)
