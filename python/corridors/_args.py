"""Arguments checked and written for the native side. An argument of the wrong type is a
:class:`QueryError` naming it (``year: expected a whole number (i32), found the string
"2030"``), whether Python finds it or the native side does (``lib.rs``, ``wrong_type``)."""

from __future__ import annotations

import json
import math
import numbers
from typing import Any, Iterable, List, Mapping

from ._errors import QueryError


def _found(value: Any) -> str:
    """A value as an error names it, as the native side names what it finds: ``the string
    "2030"``, ``-5``, ``True``, ``None``, ``a list of 2 items``, ``a value of type set``."""
    if isinstance(value, str):
        text = json.dumps(value[:60], ensure_ascii=False)
        return f'the string {text[:-1]}…"' if len(value) > 60 else f"the string {text}"
    if value is None or isinstance(value, (bool, numbers.Number)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}"
    return f"a value of type {type(value).__name__}"


def _wrong(name: str, expected: str, value: Any) -> QueryError:
    """The error of an argument of the wrong type: ``name: expected …, found …``, with
    ``kind`` the argument's name."""
    return QueryError(f"{name}: expected {expected}, found {_found(value)}", name)


def _text(value: Any, name: str) -> str:
    """A string argument (an id, a name), nothing else: ``None`` or a number is the wrong
    type, not the id ``"None"``."""
    if isinstance(value, str):
        return value
    raise _wrong(name, "a string", value)


def _items(value: Any, name: str, expected: str) -> List[Any]:
    """The items of a list argument (``None``: none); a string, a dict or a single value is
    the wrong type."""
    if value is None:
        return []
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise _wrong(name, expected, value)
    return list(value)


def _is_numpy_bool(value: Any) -> bool:
    # numpy 1 calls the type ``bool_``, numpy 2 ``bool``.
    return type(value).__module__ == "numpy" and type(value).__name__ in ("bool_", "bool")


def _flag(name: str, value: Any) -> bool:
    """A boolean argument: True or False (a numpy bool too), nothing else."""
    if isinstance(value, bool):
        return value
    if _is_numpy_bool(value):
        return bool(value)
    raise _wrong(name, "True or False", value)


def _plain(value: Any) -> Any:
    """`value` with what JSON cannot hold marked for the native side, which names the argument
    when it finds one where it wants a number (or anything else): a NaN or infinity becomes
    ``{"$float": "nan"}``, an object of another type ``{"$type": "set"}``. A numpy number or
    bool becomes a Python one."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(float(value))}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if _is_numpy_bool(value):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return _plain(float(value))
    return {"$type": type(value).__name__}


def _json(value: Any) -> str:
    """The JSON text of options for the native side (see `_plain`)."""
    return json.dumps(_plain(value), allow_nan=False)
