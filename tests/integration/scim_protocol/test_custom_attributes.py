"""Org custom attributes: defined by use case, validated by ``provisor.scim.custom``."""

from __future__ import annotations

import pytest

from provisor.api.demo import CLI
from provisor.domain.custom_attributes import CustomAttributeType, custom_schema_urn
from provisor.domain.errors import Conflict, InvalidValue, NotFound
from provisor.domain.usecases.custom_attributes import (
    define_custom_attribute,
    list_custom_attributes,
    remove_custom_attribute,
)
from provisor.scim.custom import coerce_profile, custom_filter_attr


def test_names_are_unique_ignoring_case_and_follow_the_attribute_grammar(deps, org):
    define_custom_attribute(deps, org_id=org.id, actor=CLI, name="badgeId")
    with pytest.raises(Conflict):
        define_custom_attribute(deps, org_id=org.id, actor=CLI, name="BADGEID")
    with pytest.raises(InvalidValue):
        define_custom_attribute(deps, org_id=org.id, actor=CLI, name="1bad name")


def test_removing_an_attribute_unpublishes_it_and_an_unknown_one_is_not_found(deps, org):
    define_custom_attribute(deps, org_id=org.id, actor=CLI, name="floor")
    remove_custom_attribute(deps, org_id=org.id, actor=CLI, name="FLOOR")
    assert list_custom_attributes(deps, org_id=org.id) == []
    with pytest.raises(NotFound):
        remove_custom_attribute(deps, org_id=org.id, actor=CLI, name="floor")


def test_values_are_coerced_like_entra_sends_them_and_wrong_ones_refused(deps, org):
    for name, kind, multi in (("remote", CustomAttributeType.BOOLEAN, False),
                              ("level", CustomAttributeType.INTEGER, False),
                              ("tags", CustomAttributeType.STRING, True)):
        define_custom_attribute(deps, org_id=org.id, actor=CLI, name=name, type=kind,
                                multi_valued=multi)
    attrs = tuple(list_custom_attributes(deps, org_id=org.id))
    urn = custom_schema_urn(org.slug)
    profile = coerce_profile({urn: {"Remote": "False", "level": "3", "tags": ["a"]}},
                             org.slug, attrs)
    assert profile == {urn: {"remote": False, "level": 3, "tags": ["a"]}}
    for bad in ({"level": "high"}, {"unknown": 1}, {"tags": "a"}, "not an object"):
        with pytest.raises(InvalidValue):
            coerce_profile({urn: bad}, org.slug, attrs)
    level = custom_filter_attr(org.slug, attrs, "LEVEL")
    assert level is not None and level.path == (urn, "level")
