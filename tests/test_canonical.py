"""Canonical JSON: the stored bytes are the canonical encoding, and nothing outside the subset passes."""

from __future__ import annotations

import json
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.canonical import CanonicalError
from ledger.canonical import canonical_bytes
from ledger.canonical import format_time
from ledger.canonical import parse_canonical
from verify.spec import is_canonical

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(alphabet=st.characters(max_codepoint=127), max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_both_sides_agree_on_canonical_form(value: object) -> None:
    try:
        data = canonical_bytes(value)
    except CanonicalError:
        return  # lone surrogates: refused on the write side
    assert is_canonical(data)
    assert parse_canonical(data) == json.loads(data)


@given(json_values)
def test_non_canonical_spacing_is_rejected(value: object) -> None:
    try:
        data = json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return
    if b"\n" in data:
        assert not is_canonical(data)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (1.5, "floats"),
        (2**53 + 1, "outside"),
        ({1: "x"}, "keys"),
        ({"é": 1}, "keys"),
        (object(), "no canonical"),
        (datetime(2025, 1, 1), "naive"),
    ],
)
def test_values_outside_the_subset_are_refused(value: object, reason: str) -> None:
    with pytest.raises(CanonicalError, match=reason):
        canonical_bytes({"x": value})


def test_times_are_utc_with_microseconds_and_z() -> None:
    when = datetime(2025, 3, 3, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    assert format_time(when) == "2025-03-03T01:30:00.000000Z"
    assert canonical_bytes({"b": UUID(int=1), "a": when}) == (
        b'{"a":"2025-03-03T01:30:00.000000Z","b":"00000000-0000-0000-0000-000000000001"}'
    )


def test_chinese_text_is_stored_as_utf8_not_escaped() -> None:
    assert canonical_bytes({"n": "哈工信联规〔2024〕1号"}) == '{"n":"哈工信联规〔2024〕1号"}'.encode()
