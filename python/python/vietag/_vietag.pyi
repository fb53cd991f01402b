"""Type stubs of the native module ``vietag._vietag`` (private: use ``vietag``)."""

from os import PathLike
from typing import Any, Dict, List, Optional, Sequence, Union

__version__: str

class VietagError(RuntimeError):
    """vietag failed on an input it should have handled (a bug)."""

class LexiconError(ValueError):
    """A lexicon has errors; the message lists each as file:line: problem."""

class Core:
    def __init__(
        self,
        labels: Optional[str] = None,
        lexicons: Sequence[Union[str, PathLike[str]]] = ...,
        default_lexicons: bool = True,
        fold_diacritics: bool = False,
        layer: str = "flat",
        offsets: str = "codepoint",
        include_text: bool = False,
    ) -> None: ...
    def annotate(self, text: str, id: Union[None, str, int] = None) -> str: ...
    def annotate_batch(
        self,
        items: Sequence[Any],
        first_index: int = 1,
        threads: Optional[int] = None,
        id_field: str = "id",
        text_field: str = "text",
    ) -> List[str]: ...

def format_names() -> List[str]: ...
def read_file(path: Union[str, PathLike[str]], format: str = "jsonl", offsets: str = "codepoint") -> List[str]: ...
def write_file(
    records: List[str],
    path: Union[str, PathLike[str]],
    format: str = "jsonl",
    scheme: str = "bio",
    comments: bool = False,
    offsets: str = "codepoint",
    strict: bool = True,
    as_: str = "annotations",
) -> Dict[str, Any]: ...
def lint_records(records: List[str], labels: Optional[List[str]] = None) -> List[str]: ...
def lint_file(
    path: Union[str, PathLike[str]],
    format: str = "jsonl",
    labels: Optional[List[str]] = None,
    offsets: str = "codepoint",
) -> List[str]: ...
def evaluate(
    gold: Union[str, List[str]],
    pred: Union[str, List[str]],
    gold_format: str = "jsonl",
    pred_format: str = "jsonl",
    labels: Optional[List[str]] = None,
    show_errors: int = 0,
    context: int = 40,
    offsets: str = "codepoint",
) -> str: ...
