"""The exceptions corridors raises. The native module builds them from the library's errors."""

from __future__ import annotations

import json
import errno
from dataclasses import dataclass
from typing import List, Optional

__all__ = ["CorridorsError", "LoadError", "Problem", "QueryError"]


class CorridorsError(Exception):
    """Base class of the errors corridors raises on bad input (never on a missing route)."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a network file.

    ``path`` is the file as given to the loader (``corridors.toml`` for the bundled network),
    ``line`` and ``column`` count from 1 (columns in characters). A network built or edited in
    code has no position: ``path`` is empty and ``line`` and ``column`` are 0.
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line == 0:
            return self.message
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def to_dict(self) -> dict:
        """As ``corridors check --json`` prints it: ``{path, line, column, message}``."""
        return {"path": self.path, "line": self.line, "column": self.column, "message": self.message}


class LoadError(CorridorsError):
    """A network that could not be loaded: the file could not be read, or is not valid.

    ``str(err)`` is the whole message, one line per problem (``PATH:LINE:COLUMN: message``);
    ``err.problems`` lists every problem found, in file order (empty when the file could not
    be read).
    """

    problems: List[Problem]

    def __init__(self, message: str, problems: "str | List[Problem]" = "[]") -> None:
        super().__init__(message)
        self.message = message
        if isinstance(problems, str):
            problems = [Problem(**p) for p in json.loads(problems)]
        self.problems = list(problems)

    def to_dict(self) -> dict:
        """As the library serialises a load error: ``{"error": message, "problems": [...]}``."""
        return {"error": self.message, "problems": [p.to_dict() for p in self.problems]}


class MissingFileError(LoadError, FileNotFoundError):
    """A network file that does not exist: a :class:`LoadError` with no problems, and a
    :class:`FileNotFoundError` as ``open`` raises, so either ``except`` catches it.
    ``err.filename`` is the path asked for."""

    def __init__(self, message: str, filename: str) -> None:
        super().__init__(message, [])
        self.errno = errno.ENOENT
        self.strerror = message
        self.filename = filename

    def __str__(self) -> str:
        return self.message


class QueryError(CorridorsError, ValueError):
    """A query the network cannot answer: an unknown id, an option out of range, a bad spelling,
    an argument of the wrong type.

    For an unknown id, ``kind`` says what it was meant to name (``"node"``, ``"link"``,
    ``"scenario"``, ``"node, link, country or corridor"``, …), ``id`` is the id given and
    ``suggestion`` the nearest known id (or ``None``); for a place given where a port is
    wanted, ``kind`` is ``"port"`` and ``id`` the place. For a misspelt option (a metric, mode,
    status or date), ``kind`` names the option and ``id`` is ``None``. For an argument of the
    wrong type, ``kind`` names it as the message does (``year: expected a whole number (i32),
    found the string "2030"``; ``pairs[0][2]: expected a number, found nan``; an edit's, with
    its method: ``mtpa of link_capacity``) and ``id`` is ``None``. Otherwise all three are
    ``None`` and the message says what is wrong. A missing route is not an error.
    """

    def __init__(
        self,
        message: str,
        kind: Optional[str] = None,
        id: Optional[str] = None,
        suggestion: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.id = id
        self.suggestion = suggestion
