"""Pure helpers: tokens, literal values, k=v pairs, argparse errors, hyperparameter summaries, cell analysis."""

from __future__ import annotations

import ast
import json

import numpy as np
import pytest
from IPython.core.error import UsageError

from modeldb_jupyter.magics.cells import (
    NamespaceWatch,
    clean_text,
    fit_json,
    free_names,
    parse_cell,
    top_level_bindings,
)
from modeldb_jupyter.magics.parsing import CmdParser, HelpShown, parse_pairs, parse_value, split_line, unquote
from modeldb_jupyter.magics.values import hyperparameter_value


def test_split_line_keeps_quotes_and_brackets_together() -> None:
    line = "lr=0.01 name='a b' layers=[64, 32] cfg={'k': 1} t=(1, 2) \"x y\""
    assert split_line(line) == ["lr=0.01", "name='a b'", "layers=[64, 32]", "cfg={'k': 1}", "t=(1, 2)", '"x y"']
    assert split_line("  ") == []
    assert split_line(r"s='it\'s' b") == [r"s='it\'s'", "b"]


def test_split_line_unterminated_quote_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unterminated ' quote"):
        split_line("name='oops")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.01", 0.01),
        ("3", 3),
        ("-2e-3", -0.002),
        ("'a b'", "a b"),
        ("adam", "adam"),
        ("True", True),
        ("None", None),
        ("[64, 32]", [64, 32]),
        ("{'k': 1}", {"k": 1}),
        ("1.2.3", "1.2.3"),
        ("", ""),
    ],
)
def test_parse_value(text: str, value: object) -> None:
    parsed = parse_value(text)
    assert parsed == value and type(parsed) is type(value)


def test_unquote() -> None:
    assert unquote("'a b'") == "a b"
    assert unquote('"x"') == "x"
    assert unquote("plain") == "plain"
    assert unquote("'") == "'"


def test_parse_pairs_and_its_errors() -> None:
    assert parse_pairs(["a=1", "b='x y'", "c=word"], "cmd", "a=1") == {"a": 1, "b": "x y", "c": "word"}
    with pytest.raises(UsageError, match=r"cmd: expected key=value, got 'oops' \(e.g. a=1\)"):
        parse_pairs(["oops"], "cmd", "a=1")
    with pytest.raises(UsageError, match="expected key=value, got '=3'"):
        parse_pairs(["=3"], "cmd", "a=1")
    with pytest.raises(UsageError, match="give at least one key=value"):
        parse_pairs([], "cmd", "a=1")


def test_cmd_parser_errors_are_usage_errors_and_help_stops(capsys: pytest.CaptureFixture[str]) -> None:
    parser = CmdParser("runs", "List runs.")
    parser.add_argument("--order-by", action="append", default=[])
    parser.add_argument("--limit", type=int)
    with pytest.raises(UsageError, match=r"%modeldb runs: unrecognized arguments: --bogus\. Usage: %modeldb runs"):
        parser.parse(["--bogus"])
    with pytest.raises(UsageError, match="invalid int value: 'x'"):
        parser.parse(["--limit", "x"])
    with pytest.raises(HelpShown):
        parser.parse(["--help"])
    assert "List runs." in capsys.readouterr().out
    assert parser.parse(["--order-by", "-metrics.acc", "--limit", "3"]).order_by == ["-metrics.acc"]


@pytest.mark.parametrize(
    ("value", "logged"),
    [
        (0.1, 0.1),
        (3, 3),
        ("adam", "adam"),
        (None, None),
        (True, True),
        (np.float32(0.5), 0.5),
        (np.int64(7), 7),
        ([1, 2.5, "a"], [1, 2.5, "a"]),
        ((1, 2), [1, 2]),
        ({"a": 1, "b": "x"}, {"a": 1, "b": "x"}),
        (np.zeros((3, 4)), "<ndarray shape=(3, 4)>"),
        (list(range(100)), "<list len=100>"),
        ([[1], [2]], "<list len=2>"),
        ({1: 2}, "<dict len=1>"),
        (float("nan"), "<float nan>"),
        ("x" * 2000, "<str len=2000>"),
        (object(), "<object>"),
    ],
)
def test_hyperparameter_value(value: object, logged: object) -> None:
    assert hyperparameter_value(value) == logged


def test_top_level_bindings_and_free_names() -> None:
    tree = ast.parse(
        "import numpy as np\nfrom os import path as p\nx, (y, *z) = f(a)\nw += 1\nfor i in data: total = i\n"
        "with open(fn) as fh: text = fh.read()\ndef g(k): return k + scale\nclass C: attr = 1\n"
        "if (n := len(data)) > 2: big = True\nobj.attr = 3\nitems[0] = q\n"
        "try:\n    pass\nexcept Exception as err:\n    e2 = err\n"
    )
    assert top_level_bindings(tree) == {
        "np", "p", "x", "y", "z", "w", "i", "total", "fh", "text", "g", "C", "n", "big", "err", "e2"
    }  # fmt: skip
    assert free_names(tree) == {"f", "a", "data", "open", "fn", "scale", "len", "obj", "items", "q", "Exception"}


def test_namespace_watch() -> None:
    ns: dict[str, object] = {"a": 1, "b": [], "_": None, "_i3": "x", "Out": {}, "hidden": 1}
    watch = NamespaceWatch()
    watch.sync(ns, {"hidden": 1})
    ns.update(a=2, c=3, _=5, _i4="y", _7=1, hidden=2)
    ns["b"] = ns["b"]  # the same object: not a change
    assert watch.changes(ns, {"hidden": 1}) == {"a", "c"}  # IPython's entries and hidden names left out
    assert watch.changes(ns, {}) == set()
    del ns["c"]
    assert watch.changes(ns, {}) == set()
    ns["c"] = 3
    assert watch.changes(ns, {}) == {"c"}  # deleted, then bound again


def test_text_that_can_be_stored() -> None:
    assert clean_text("a\x00b") == "a\\x00b"
    assert clean_text("m = '\udcff' é") == "m = '\\udcff' é"  # a lone surrogate cannot be encoded
    assert fit_json("abc", 2, 100) == "ab"
    cut = fit_json("\x01" * 1000, 1000, 600)  # 6 bytes of JSON per character
    assert 0 < len(cut) < 100 and len(json.dumps(cut).encode()) <= 600
    tree = parse_cell("m = '\udcff'", lambda s: s)
    assert tree is not None and top_level_bindings(tree) == {"m"}
    assert parse_cell("x = (", lambda s: s) is None
