"""The shortcut of provisor.scim.patch_ops for ``members[value eq "id"]`` gives what
scim2-models' grammar gives, and leaves every other path to it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scim2_models import Path
from scim2_models.path import AttrPath, ValuePath

from provisor.domain.errors import InvalidPath
from provisor.scim import patch_ops
from provisor.scim.patch_ops import Target, parse_target

ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~@:+-"


def grammar_target(text: str) -> Target:
    """What parse_target makes of the grammar's tree, without the shortcut."""
    node = Path(text.strip()).ast
    assert isinstance(node, ValuePath)
    assert isinstance(node.attr_path, AttrPath)
    return Target(node.attr_path.uri, node.attr_path.attr, node.sub_attr, node.val_filter)


@pytest.mark.parametrize("member", [
    "2819c223-7f76-453a-919d-413861904646", "00u1a2b3c4D5e6F7g8h9", "a", "x.y_z~1@acme:2+3-",
])
def test_the_shortcut_gives_the_grammars_target(member: str) -> None:
    text = f'members[value eq "{member}"]'
    assert patch_ops._MEMBER_EQ.fullmatch(text) is not None
    assert parse_target(text) == grammar_target(text)


@given(st.text(alphabet=ID_CHARS, min_size=1, max_size=64))
def test_the_shortcut_agrees_with_the_grammar_on_any_plain_id(member: str) -> None:
    text = f'members[value eq "{member}"]'
    assert parse_target(text) == grammar_target(text)


@pytest.mark.parametrize("text", [
    'members[value eq "a\\"b"]',  # an escaped quote
    'members[value eq "é"]',  # beyond the plain characters
    'members[value eq "a b"]',  # a space inside the id
    'Members[Value EQ "abc"]',  # other case: the grammar keeps the names as written
    'members[value  eq "abc"]',
    'members[value eq "abc"].display',
    'members[value eq "a" or value eq "b"]',
    'members[value ne "abc"]',
    'members[display eq "abc"]',
])
def test_other_paths_go_to_the_grammar(text: str) -> None:
    assert patch_ops._MEMBER_EQ.fullmatch(text) is None
    assert parse_target(text) == grammar_target(text)


@pytest.mark.parametrize("text", ['members[value eq "abc"', 'members[value eq ""]x', "a\x00"])
def test_malformed_paths_stay_invalid(text: str) -> None:
    with pytest.raises(InvalidPath):
        parse_target(text)
