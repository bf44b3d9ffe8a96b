"""The WMT21 en-ru documents of the shared data as a corpus of raw-text
pairs, NAME.ru.txt + NAME.en.txt, built as scripts/bench-batch builds it
(both directions, reference A, one space within a paragraph and a blank
line between paragraphs). Used by the tests and scripts/bench-python."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple


def _text(segments: List[str], paras: List[int]) -> str:
    out: List[str] = []
    prev = None
    for seg, pid in zip(segments, paras):
        if prev is not None:
            out.append(" " if pid == prev else "\n\n")
        out.append(seg.strip())
        prev = pid
    return "".join(out) + "\n"


def documents(data: Path) -> List[Tuple[str, str, str]]:
    """(name, Russian text, English text) of every document, sorted."""
    docs = []
    for folder, src, tgt in (("docs-en-ru", "en", "ru"), ("docs-ru-en", "ru", "en")):
        pair = folder[len("docs-"):]
        for gold in sorted((data / "wmt21-en-ru" / folder).glob("*.gold")):
            name = gold.name[: -len(".gold")]

            def read(suffix: str) -> List[str]:
                return (gold.parent / f"{name}.{suffix}").read_text(encoding="utf-8").splitlines()

            s, t, p = read(src), read(f"{tgt}.refA"), [int(x) for x in read("paras")]
            if not len(s) == len(t) == len(p):
                raise ValueError(f"{folder}/{name}: line counts differ")
            texts = {src: _text(s, p), tgt: _text(t, p)}
            docs.append((f"{pair}/{name}", texts["ru"], texts["en"]))
    return docs


def build(data: Path, out: Path, copies: int = 1) -> List[Tuple[str, Path, Path]]:
    """Writes the corpus under `out` (`copy-NN/` prefixes when copies > 1);
    returns (name, ru path, en path) sorted by name."""
    pairs = []
    for copy in range(copies):
        for name, ru, en in documents(data):
            full = f"copy-{copy:02}/{name}" if copies > 1 else name
            base = out / full
            base.parent.mkdir(parents=True, exist_ok=True)
            ru_path, en_path = Path(f"{base}.ru.txt"), Path(f"{base}.en.txt")
            ru_path.write_text(ru, encoding="utf-8")
            en_path.write_text(en, encoding="utf-8")
            pairs.append((full, ru_path, en_path))
    return sorted(pairs)
