# Type stubs of the Rust extension sverka._sverka (src/lib.rs).
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

_Text = Union[str, bytes, bytearray]
_Path = Union[str, os.PathLike[str]]

__version__: str
#: The review table's columns in the order `sverka align` writes them.
COLUMNS: Tuple[str, ...]

class Row:
    """One row of the review table: one bead of the alignment."""

    @property
    def row(self) -> int: ...
    @property
    def ru_lines(self) -> str: ...
    @property
    def en_lines(self) -> str: ...
    @property
    def ru(self) -> str: ...
    @property
    def en(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def confidence(self) -> float: ...
    @property
    def flags(self) -> List[str]: ...
    @property
    def details(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def ru_time(self) -> str: ...
    @property
    def en_time(self) -> str: ...
    @property
    def ru_sentences(self) -> List[int]: ...
    @property
    def en_sentences(self) -> List[int]: ...
    @property
    def ru_spans(self) -> List[Tuple[int, int]]: ...
    @property
    def en_spans(self) -> List[Tuple[int, int]]: ...
    def as_dict(self) -> Dict[str, Any]: ...

class Sentence:
    """One sentence of a segmented text."""

    @property
    def index(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def byte_start(self) -> int: ...
    @property
    def byte_end(self) -> int: ...
    @property
    def first_line(self) -> int: ...
    @property
    def last_line(self) -> int: ...
    @property
    def paragraph(self) -> int: ...
    @property
    def heading(self) -> bool: ...
    @property
    def speaker(self) -> Optional[str]: ...

class Engine:
    """The alignment engine, loaded once and used for many pairs."""

    def __init__(
        self,
        *,
        lexicon: Union[_Path, Sequence[_Path], None] = None,
        no_lexicon: bool = False,
        learn: bool = False,
        max_bead: int = 3,
        params: Optional[str] = None,
    ) -> None: ...
    @property
    def notes(self) -> List[str]: ...
    @property
    def fingerprint(self) -> str: ...
    def align(
        self,
        ru: _Text,
        en: _Text,
        *,
        presegmented: bool = False,
        ru_lang: str = "ru",
        en_lang: str = "en",
        encoding: Optional[str] = None,
        ru_encoding: Optional[str] = None,
        en_encoding: Optional[str] = None,
        input_format: Optional[str] = None,
        max_input_mb: int = 256,
        ru_name: str = "ru",
        en_name: str = "en",
    ) -> List[Row]: ...
    def align_files(
        self,
        ru_path: _Path,
        en_path: _Path,
        *,
        presegmented: bool = False,
        ru_lang: str = "ru",
        en_lang: str = "en",
        encoding: Optional[str] = None,
        ru_encoding: Optional[str] = None,
        en_encoding: Optional[str] = None,
        input_format: Optional[str] = None,
        max_input_mb: int = 256,
    ) -> List[Row]: ...

def split(
    text: _Text,
    lang: str,
    *,
    encoding: Optional[str] = None,
    input_format: Optional[str] = None,
    max_input_mb: int = 256,
    name: str = "text",
) -> List[Sentence]: ...
def split_file(
    path: _Path,
    lang: str,
    *,
    encoding: Optional[str] = None,
    input_format: Optional[str] = None,
    max_input_mb: int = 256,
) -> List[Sentence]: ...
def corpus_pairs(
    path: _Path,
) -> Tuple[List[Tuple[str, str, str]], List[Tuple[str, str]]]: ...
def _panic_for_test() -> None: ...
