"""Call-site validation with the backend's rules (modeldb_backend/services/values.py) and limits (the one
modeldb_backend/limits.py), so a bad value raises where it was logged instead of failing a background batch later.

Keys: non-empty, at most 250 characters, no NUL. Values: finite numbers, JSON-serialisable, at most 64 KiB
of JSON. Metric values must be real numbers. Checked keys are remembered, so the common case (the same key
logged again and again) costs one set lookup.
"""

from __future__ import annotations

import json
import math
import numbers
from typing import Any

from modeldb_backend.limits import MAX_KEY_LENGTH, MAX_NAME_LENGTH, MAX_TAG_LENGTH, MAX_VALUE_BYTES

from .errors import InvalidArgumentError

_INF = (math.inf, -math.inf)
_known_keys: set[str] = set()
_MAX_KNOWN = 100_000


def check_key(key: Any, what: str) -> str:
    """A valid key (remembered, so the next check of the same key is a set lookup)."""
    if key in _known_keys:
        known: str = key  # only strings are remembered
        return known
    if not isinstance(key, str):
        raise TypeError(f"{what} key must be a string, got {type(key).__name__}: {key!r}")
    if not key:
        raise InvalidArgumentError(f"{what} key is empty: give every {what} a non-empty name")
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidArgumentError(
            f"{what} key {key[:40]!r}... is {len(key)} characters long; the limit is {MAX_KEY_LENGTH}"
        )
    if "\x00" in key:
        raise InvalidArgumentError(f"{what} key {key!r} contains a NUL character; remove it")
    _check_unicode(key, f"{what} key")
    if len(_known_keys) < _MAX_KNOWN:
        _known_keys.add(key)
    return key


def check_name(name: Any, what: str) -> str:
    """The server's name rules (services/values.py check_name), checked where a deferred creation is queued."""
    if not isinstance(name, str):
        raise TypeError(f"a {what} name must be a string, got {type(name).__name__}: {name!r}")
    if not name.strip():
        raise InvalidArgumentError(f"a {what} name must be a non-empty string, got {name!r}")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidArgumentError(f"{what} name is {len(name)} characters long; the limit is {MAX_NAME_LENGTH}")
    if any(ord(c) < 32 for c in name):
        raise InvalidArgumentError(f"{what} name {name[:40]!r} contains control characters; remove them")
    return name


def check_tag(tag: Any) -> str:
    if not isinstance(tag, str):
        raise TypeError(f"tags must be strings, got {type(tag).__name__}: {tag!r}")
    if not tag.strip():
        raise InvalidArgumentError("tag is empty: tags must be non-empty strings")
    if len(tag) > MAX_TAG_LENGTH:
        raise InvalidArgumentError(f"tag {tag[:40]!r}... is {len(tag)} characters long; the limit is {MAX_TAG_LENGTH}")
    if "\x00" in tag:
        raise InvalidArgumentError(f"tag {tag!r} contains a NUL character; remove it")
    _check_unicode(tag, "tag")
    return tag


def _check_unicode(text: str, what: str) -> None:
    try:
        text.encode()
    except UnicodeEncodeError:
        raise InvalidArgumentError(f"{what} {text!r} is not valid Unicode (it has a lone surrogate)") from None


def check_tags(tags: Any) -> list[str]:
    if isinstance(tags, str):
        return [check_tag(tags)]
    try:
        return [check_tag(t) for t in tags]
    except TypeError as exc:
        if "iterable" in str(exc):
            raise TypeError(f"tags must be a string or a list of strings, got {type(tags).__name__}") from None
        raise


def metric_value(value: Any, key: str) -> float:
    """A finite float from a Python/NumPy real number or a 0-d array/tensor (anything with `.item()`)."""
    if type(value) is float:
        result = value
    elif isinstance(value, bool) or not isinstance(value, numbers.Real):
        item = getattr(value, "item", None)
        if isinstance(value, bool) or item is None:
            raise TypeError(f"metric {key!r} must be a real number, got {type(value).__name__}: {value!r:.80}")
        return metric_value(item(), key)
    else:
        result = float(value)
    if result != result or result in _INF:
        raise InvalidArgumentError(f"metric {key!r} is {result}: only finite numbers can be stored")
    return result


def step_value(step: Any) -> int:
    if isinstance(step, bool) or not isinstance(step, numbers.Integral):
        raise TypeError(f"step must be an integer, got {type(step).__name__}: {step!r}")
    number = int(step)
    if number < 0:
        raise InvalidArgumentError(f"step {number} is negative: steps count from 0")
    if number >= 2**63:
        raise InvalidArgumentError(f"step {number} does not fit in 64 bits")
    return number


def _plain(obj: Any) -> Any:
    """json.dumps fallback: NumPy scalars and arrays become Python numbers and lists."""
    tolist = getattr(obj, "tolist", None)
    if tolist is not None:
        return tolist()
    raise TypeError(f"a value of type {type(obj).__name__} is not JSON-serialisable")


def json_value(value: Any, key: str, what: str) -> str:
    """The value as compact JSON text; refuses NaN/inf, unserialisable objects and values over 64 KiB."""
    try:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_plain)
    except ValueError as exc:
        if "ircular" in str(exc):
            raise InvalidArgumentError(f"{what} {key!r} refers to itself and cannot be stored as JSON") from None
        raise InvalidArgumentError(
            f"{what} {key!r} contains NaN or infinity: only finite numbers can be stored"
        ) from None
    except TypeError as exc:
        raise TypeError(f"{what} {key!r} must be JSON-serialisable (numbers, strings, lists, dicts): {exc}") from None
    except RecursionError:
        raise InvalidArgumentError(f"{what} {key!r} is nested too deeply (or refers to itself)") from None
    _check_unicode(text, f"{what} {key!r}")
    size = len(text.encode())
    if size > MAX_VALUE_BYTES:
        raise InvalidArgumentError(f"{what} {key!r} is {size} bytes as JSON; the limit is {MAX_VALUE_BYTES} bytes")
    return text


def check_mapping(values: Any, what: str) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise TypeError(f"{what}s must be given as a dict of key → value, got {type(values).__name__}")
    return values
