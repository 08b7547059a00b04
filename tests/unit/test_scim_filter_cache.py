"""The filter caches of provisor.scim.filtering give what a full parse gives."""

from __future__ import annotations

import pytest

from provisor.domain.errors import InvalidFilter
from provisor.domain.query import Compare, ValueType
from provisor.scim import filtering
from provisor.scim.attributes import GROUP, USER, Attribute, ResourceSchema

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

SAME = [
    (USER, 'userName eq "ada@acme.test"'),
    (USER, 'USERNAME EQ "Ada Lovelace"'),
    (USER, 'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"'),
    (USER, 'externalId eq "00u1a2b3c4"'),
    (USER, 'emails.value eq "ada@acme.test"'),
    (USER, 'emails eq "ada@acme.test"'),
    (USER, 'emails.type sw "wo"'),
    (USER, 'name.familyName co "love"'),
    (USER, 'meta.lastModified gt "2011-05-13T04:42:34Z"'),
    (USER, f'{ENTERPRISE}:department ew "ytics"'),
    (USER, 'userName eq "é ü 漢字"'),
    (USER, 'userName eq ""'),
    (USER, 'id ne "abc"'),
    (GROUP, 'displayName eq "Engineering"'),
    (GROUP, 'members.value eq "m-1"'),
    # not the simple form: parsed in full, then cached by the exact text
    (USER, 'userName eq "a\\"b"'),
    (USER, 'userName eq "tab\\there"'),
    (USER, 'userName eq "ada" and active eq true'),
    (USER, 'emails[type eq "work"]'),
    (USER, 'title pr'),
]


@pytest.mark.parametrize(("schema", "text"), SAME)
def test_a_cached_or_templated_parse_equals_a_full_parse(
    schema: ResourceSchema, text: str,
) -> None:
    expected = filtering._parse(schema, text)
    assert filtering.parse_filter(schema, text) == expected
    assert filtering.parse_filter(schema, text) == expected  # again, from the cache


@pytest.mark.parametrize("text", [
    'active eq "yes"',  # a boolean compared with a string
    'nosuch eq "x"',  # not an attribute of User
    'name eq "x"',  # complex: needs a sub-attribute
    'userName eq "x',  # unterminated
    'userName xx "x"',  # no such operator
])
def test_invalid_filters_stay_invalid_on_every_path(text: str) -> None:
    for _ in range(2):  # failures are never cached
        with pytest.raises(InvalidFilter):
            filtering.parse_filter(USER, text)


def test_the_value_is_the_one_sent_not_the_templates() -> None:
    first = filtering.parse_filter(USER, 'userName eq "one"')
    second = filtering.parse_filter(USER, 'userName eq "two"')
    assert isinstance(first, Compare) and isinstance(second, Compare)
    assert (first.value, second.value) == ("one", "two")


def test_schemas_equal_in_content_share_entries_and_different_ones_do_not() -> None:
    urn = "urn:ietf:params:scim:schemas:extension:acme:2.0:User"
    text = f'{urn}:badge eq "B-7"'
    exact = (Attribute("badge", ValueType.STRING, case_exact=True),)
    folded = (Attribute("badge", ValueType.STRING, case_exact=False),)
    one, same = USER.with_custom(urn, exact), USER.with_custom(urn, exact)
    other = USER.with_custom(urn, folded)
    first = filtering.parse_filter(one, text)
    assert first == filtering._parse(one, text) == filtering.parse_filter(same, text)
    assert isinstance(first, Compare) and first.attr.case_exact
    folded_node = filtering.parse_filter(other, text)
    assert isinstance(folded_node, Compare) and not folded_node.attr.case_exact
    with pytest.raises(InvalidFilter):  # the core schema has no such extension
        filtering.parse_filter(USER, text)
