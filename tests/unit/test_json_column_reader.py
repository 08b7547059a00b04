"""The JSON columns' reader (provisor.store.engine.json_loads) reads as the stdlib does."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from provisor.store.engine import json_loads

DOCUMENTS: list[Any] = [
    {"name": {"givenName": "Ada"}, "emails": [{"value": "a@x.test", "primary": True}]},
    {"big": 123456789012345678901234567890, "neg": -(2**70), "edge": 2**63, "small": -5},
    {"float": 0.1, "exp": 1.5e300, "tiny": 5e-324, "digits": 0.12345678901234567890123},
    {"text": "é 漢字 \U0001f600", "escaped": "quote \" backslash \\ tab \t", "empty": ""},
    {"lone surrogate": "\ud800"},
    [1, "two", None, False, {"nested": [[], {}]}],
]


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("as_bytes", [False, True])
def test_documents_read_back_as_the_stdlib_reads_them(document: Any, as_bytes: bool) -> None:
    text = json.dumps(document)
    read = json_loads(text.encode("utf-8", "surrogatepass") if as_bytes else text)
    assert read == json.loads(text)
    assert repr(read) == repr(json.loads(text))  # same types: no int read as a float


def test_non_finite_numbers_written_by_the_stdlib_read_back() -> None:
    read = json_loads(json.dumps({"nan": math.nan, "inf": math.inf}))
    assert math.isnan(read["nan"]) and read["inf"] == math.inf
