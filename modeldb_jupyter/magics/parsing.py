"""Turning a magic's line into arguments: tokens, literal values, `k=v` pairs, and argparse without exits.

Tokens split on whitespace outside quotes and brackets, so `layers=[64, 32]` and `name='a b'` stay whole.
Values are Python literals where they parse (`0.01` float, `'a b'` string, `[1, 2]` list, `True`), else the
bare word as a string. Every parser error is a `UsageError`: IPython shows its one-line message, no traceback.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Sequence
from typing import Any, NoReturn

from IPython.core.error import UsageError

_OPEN = {"[": "]", "(": ")", "{": "}"}
_CLOSE = set(_OPEN.values())


class HelpShown(Exception):
    """`--help` was printed: the command stops without running."""


def split_line(line: str) -> list[str]:
    """Whitespace-separated tokens; quotes and brackets group (quotes are kept, see `unquote`)."""
    tokens: list[str] = []
    current: list[str] = []
    quote = ""
    depth = 0
    escaped = False
    for char in line:
        if quote:
            current.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
            current.append(char)
        elif char in _OPEN:
            depth += 1
            current.append(char)
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
            current.append(char)
        elif char.isspace() and depth == 0:
            if current:
                tokens.append("".join(current))
                current = []
        else:
            current.append(char)
    if quote:
        raise UsageError(f"unterminated {quote} quote in: {line.strip()}")
    if current:
        tokens.append("".join(current))
    return tokens


def unquote(token: str) -> str:
    """`'a b'` → `a b` (a complete quoted string literal); anything else as typed."""
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "'\"":
        try:
            value = ast.literal_eval(token)
        except (ValueError, SyntaxError):
            return token[1:-1]
        return str(value)
    return token


def parse_value(text: str) -> Any:
    """A Python literal when `text` is one (numbers, strings, lists, dicts, True/False/None), else the text."""
    stripped = text.strip()
    try:
        return ast.literal_eval(stripped)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return stripped


def parse_pairs(tokens: Sequence[str], what: str, example: str) -> dict[str, Any]:
    """`k=v` tokens → {k: literal value}; a token without `=` or with an empty key is a UsageError."""
    pairs: dict[str, Any] = {}
    for token in tokens:
        key, sep, value = token.partition("=")
        key = unquote(key.strip())
        if not sep or not key:
            raise UsageError(f"{what}: expected key=value, got {token!r} (e.g. {example})")
        pairs[key] = parse_value(value)
    if not pairs:
        raise UsageError(f"{what}: give at least one key=value (e.g. {example})")
    return pairs


class CmdParser(argparse.ArgumentParser):
    """argparse for one command: errors raise UsageError, `--help` prints and stops the command."""

    def __init__(self, command: str, description: str, epilog: str | None = None) -> None:
        super().__init__(
            prog=f"%modeldb {command}",
            description=description,
            epilog=epilog,
            add_help=True,
            allow_abbrev=False,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    def error(self, message: str) -> NoReturn:
        usage = " ".join(self.format_usage().split()[1:])
        raise UsageError(f"{self.prog}: {message}. Usage: {usage}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._print_message(message)
        raise HelpShown

    def parse(self, tokens: Sequence[str]) -> argparse.Namespace:
        """Parse tokens; an option's value may start with '-' (`--order-by -metrics.acc`)."""
        return self.parse_args(self._join_option_values(list(tokens)))

    def _join_option_values(self, tokens: list[str]) -> list[str]:
        options = {opt for action in self._actions for opt in action.option_strings}
        takes_value = {
            opt
            for action in self._actions
            if action.option_strings and action.nargs != 0
            for opt in action.option_strings
        }
        out: list[str] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            if token in takes_value and following.startswith("-") and following not in options:
                out.append(f"{token}={following}")
                i += 2
                continue
            out.append(token)
            i += 1
        return out
