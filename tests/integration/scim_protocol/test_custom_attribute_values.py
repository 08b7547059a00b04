"""Org custom attributes through the SCIM facade: write, read, PATCH, filter, sort, Bulk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from provisor.api.demo import CLI
from provisor.domain.custom_attributes import CustomAttributeType, custom_schema_urn
from provisor.domain.deps import Deps
from provisor.domain.usecases.custom_attributes import (
    define_custom_attribute,
    remove_custom_attribute,
)
from provisor.scim import custom
from tests.conftest import ReadyOrg
from tests.integration.scim.helpers import Scim, patch, user_body

BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
T = CustomAttributeType


@pytest.fixture
def scim(client: TestClient, org: ReadyOrg) -> Scim:
    return Scim(client, org)


@pytest.fixture
def urn(deps: Deps, org: ReadyOrg) -> str:
    for name, kind, multi in (("costCenter", T.STRING, False), ("remote", T.BOOLEAN, False),
                              ("level", T.INTEGER, False), ("tags", T.STRING, True),
                              ("since", T.DATETIME, False), ("score", T.DECIMAL, False),
                              ("floors", T.INTEGER, True)):
        define_custom_attribute(deps, org_id=org.id, actor=CLI, name=name, type=kind,
                                multi_valued=multi)
    return custom_schema_urn(org.slug)


def _ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def _refused(response: Any, scim_type: str, status: int = 400) -> None:
    assert response.status_code == status, response.text
    assert response.json().get("scimType") == scim_type, response.text


def test_post_with_the_extension_object_and_urn_keys_is_validated_and_read_back(scim, urn):
    created = _ok(scim.call("POST", "/Users", user_body(**{
        urn: {"COSTCENTER": "CC-1", "remote": "False", "tags": ["a", "b"]},
        f"{urn}:level": "3"})), 201)
    expected = {"costCenter": "CC-1", "remote": False, "tags": ["a", "b"], "level": 3}
    assert created[urn] == expected
    assert urn in created["schemas"]
    read = _ok(scim.call("GET", f"/Users/{created['id']}"))
    assert read[urn] == expected and urn in read["schemas"]


@pytest.mark.parametrize("extension", [
    {"level": "high"}, {"level": True}, {"unknown": "x"}, {"tags": "not-a-list"},
    {"costCenter": 5}, {"costCenter": "nul\u0000"}, {"since": "yesterday"}, "not an object",
])
def test_wrong_values_are_400_invalid_value_and_nothing_is_written(scim, urn, extension):
    body = user_body(**{urn: extension})
    _refused(scim.call("POST", "/Users", body), "invalidValue")
    listed = _ok(scim.call("GET", f'/Users?filter=userName eq "{body["userName"]}"'))
    assert listed["totalResults"] == 0


def test_an_org_without_custom_attributes_refuses_values_under_its_urn(scim, org):
    urn = custom_schema_urn(org.slug)
    _refused(scim.call("POST", "/Users", user_body(**{urn: {"costCenter": "x"}})),
             "invalidValue")
    plain = scim.user()
    assert not any(s.startswith("urn:provisor") for s in plain["schemas"])


def test_put_replaces_the_custom_values(scim, urn):
    body = user_body(**{urn: {"costCenter": "CC-1", "level": 2}})
    created = _ok(scim.call("POST", "/Users", body), 201)
    replaced = _ok(scim.call("PUT", f"/Users/{created['id']}",
                             {**body, urn: {"level": 4}}))
    assert replaced[urn] == {"level": 4}
    cleared = _ok(scim.call("PUT", f"/Users/{created['id']}",
                            {k: v for k, v in body.items() if k != urn}))
    assert urn not in cleared and urn not in cleared["schemas"]


def test_patch_with_paths_under_the_urn(scim, urn):
    uid = scim.user()["id"]
    done = _ok(scim.call("PATCH", f"/Users/{uid}", patch(
        {"op": "add", "path": f"{urn}:costCenter", "value": "CC-9"},
        {"op": "Replace", "path": f"{urn}:remote", "value": "True"},
        {"op": "add", "path": f"{urn}:tags", "value": ["x", "y", "z"]})))
    assert done[urn] == {"costCenter": "CC-9", "remote": True, "tags": ["x", "y", "z"]}
    assert urn in done["schemas"]
    done = _ok(scim.call("PATCH", f"/Users/{uid}", patch(
        {"op": "remove", "path": f"{urn}:tags", "value": ["y"]},
        {"op": "remove", "path": f"{urn}:costCenter"})))
    assert done[urn] == {"remote": True, "tags": ["x", "z"]}
    done = _ok(scim.call("PATCH", f"/Users/{uid}", patch({"op": "remove", "path": urn})))
    assert urn not in done and urn not in done["schemas"]


def test_patch_without_path_takes_the_extension_object_and_urn_keys(scim, urn):
    uid = scim.user()["id"]
    done = _ok(scim.call("PATCH", f"/Users/{uid}", patch(
        {"op": "replace", "value": {urn: {"costCenter": "CC-2"}, f"{urn}:level": 7,
                                    "title": "Engineer"}})))
    assert done[urn] == {"costCenter": "CC-2", "level": 7}
    assert done["title"] == "Engineer"


@pytest.mark.parametrize("make_op", [
    lambda urn: {"op": "replace", "path": f"{urn}:level", "value": "many"},
    lambda urn: {"op": "replace", "value": {urn: {"level": "many"}}},
    lambda urn: {"op": "replace", "value": {f"{urn}:nosuch": "x"}},
])
def test_patch_with_a_wrong_value_is_400_invalid_value_and_changes_nothing(
        scim, urn, make_op):
    created = _ok(scim.call("POST", "/Users", user_body(**{urn: {"level": 1}})), 201)
    _refused(scim.call("PATCH", f"/Users/{created['id']}", patch(make_op(urn))),
             "invalidValue")
    assert _ok(scim.call("GET", f"/Users/{created['id']}"))[urn] == {"level": 1}


def test_patch_naming_an_undefined_custom_path_is_invalid_path(scim, urn):
    uid = scim.user()["id"]
    _refused(scim.call("PATCH", f"/Users/{uid}", patch(
        {"op": "add", "path": f"{urn}:nosuch", "value": "x"})), "invalidPath")


def _users_with(scim: Scim, urn: str, *values: dict[str, Any]) -> list[str]:
    ids = []
    for value in values:
        ids.append(_ok(scim.call("POST", "/Users", user_body(**{urn: value})), 201)["id"])
    return ids


def _ids(scim: Scim, query: str) -> list[str]:
    body = _ok(scim.call("GET", f"/Users?{query}"))
    return [r["id"] for r in body["Resources"]]


def test_filters_on_custom_attributes_run_in_sql(scim, urn):
    a, b, c = _users_with(scim, urn, {"costCenter": "Sales-EU", "level": 3, "remote": True},
                          {"costCenter": "sales-us", "level": 12, "remote": False},
                          {"level": 7})
    assert set(_ids(scim, f'filter={urn}:costCenter eq "SALES-EU"')) == {a}
    assert set(_ids(scim, f'filter={urn}:costCenter sw "sales"')) == {a, b}
    assert set(_ids(scim, f"filter={urn}:level gt 5")) == {b, c}
    assert set(_ids(scim, f"filter={urn}:remote eq false")) == {b}
    assert set(_ids(scim, f"filter={urn}:costCenter pr")) == {a, b}
    assert set(_ids(scim, f'filter=not ({urn}:costCenter eq "sales-us") and {urn}:level pr')
               ) == {a, c}
    searched = _ok(scim.call("POST", "/Users/.search", {
        "filter": f"{urn}:level le 7", "attributes": [f"{urn}:level"]}))
    assert {r["id"] for r in searched["Resources"]} == {a, c}
    assert all(set(r) == {"id", "schemas", urn} for r in searched["Resources"])


def test_sort_by_a_custom_attribute(scim, urn):
    ids = _users_with(scim, urn, {"costCenter": "b"}, {"costCenter": "C"}, {"costCenter": "a"})
    ascending = _ids(scim, f"filter={urn}:costCenter pr&sortBy={urn}:costCenter")
    assert ascending == [ids[2], ids[0], ids[1]]
    descending = _ids(scim, f"filter={urn}:costCenter pr&sortBy={urn}:costCenter"
                            "&sortOrder=descending")
    assert descending == [ids[1], ids[0], ids[2]]


def test_a_filter_on_an_undefined_or_other_orgs_custom_attribute_is_invalid(
        scim, urn, client, other_org):
    _refused(scim.call("GET", f'/Users?filter={urn}:nosuch eq "x"'), "invalidFilter")
    other = Scim(client, other_org)
    _refused(other.call("GET", f'/Users?filter={urn}:costCenter eq "x"'), "invalidFilter")
    _refused(scim.call("GET", f"/Users?sortBy={urn}:tags.value"), "invalidValue")


def test_sorting_by_a_multi_valued_custom_attribute_uses_its_first_value(scim, urn):
    """RFC 7644 §3.4.2.3: simple values have no primary, so the first one counts."""
    late, early, none = _users_with(scim, urn, {"tags": ["Zed", "alpha"]}, {"tags": ["beta"]},
                                    {"level": 1})
    ours = {late, early, none}
    up = [i for i in _ids(scim, f"sortBy={urn}:tags") if i in ours]
    down = [i for i in _ids(scim, f"sortBy={urn}:tags&sortOrder=descending") if i in ours]
    assert [i for i in up if i != none] == [early, late]
    assert [i for i in down if i != none] == [late, early]


def test_attributes_and_excluded_attributes_project_custom_values(scim, urn):
    uid = _users_with(scim, urn, {"costCenter": "CC", "level": 1})[0]
    only = _ok(scim.call("GET", f"/Users/{uid}?attributes={urn}:costCenter"))
    assert only[urn] == {"costCenter": "CC"} and urn in only["schemas"]
    whole = _ok(scim.call("GET", f"/Users/{uid}?attributes={urn}"))
    assert whole[urn] == {"costCenter": "CC", "level": 1}
    without = _ok(scim.call("GET", f"/Users/{uid}?excludedAttributes={urn}"))
    assert urn not in without and urn not in without["schemas"]
    assert without["userName"]


def test_a_removed_definition_is_neither_shown_nor_kept_by_the_next_write(scim, deps, org, urn):
    uid = _users_with(scim, urn, {"costCenter": "CC", "level": 1})[0]
    remove_custom_attribute(deps, org_id=org.id, actor=CLI, name="level")
    assert _ok(scim.call("GET", f"/Users/{uid}"))[urn] == {"costCenter": "CC"}
    done = _ok(scim.call("PATCH", f"/Users/{uid}", patch(
        {"op": "replace", "path": "title", "value": "Lead"})))
    assert done[urn] == {"costCenter": "CC"} and done["title"] == "Lead"
    _refused(scim.call("PATCH", f"/Users/{uid}", patch(
        {"op": "replace", "path": f"{urn}:level", "value": 2})), "invalidPath")


def test_bulk_writes_custom_values_through_the_same_checks(scim, urn):
    good, bad = user_body(**{urn: {"level": "5"}}), user_body(**{urn: {"level": "x"}})
    response = _ok(scim.call("POST", "/Bulk", {"schemas": [BULK], "Operations": [
        {"method": "POST", "path": "/Users", "bulkId": "a", "data": good},
        {"method": "PATCH", "path": "/Users/bulkId:a", "data": patch(
            {"op": "add", "path": f"{urn}:costCenter", "value": "CC-B"})},
        {"method": "POST", "path": "/Users", "bulkId": "b", "data": bad}]}))
    statuses = [op["status"] for op in response["Operations"]]
    assert statuses == ["201", "200", "400"]
    assert response["Operations"][2]["response"]["scimType"] == "invalidValue"
    uid = response["Operations"][0]["location"].rsplit("/", 1)[1]
    assert _ok(scim.call("GET", f"/Users/{uid}"))[urn] == {"level": 5, "costCenter": "CC-B"}


@pytest.fixture
def definition_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original: Callable[..., Any] = custom.list_custom_attributes

    def counted(deps: Deps, *, org_id: str) -> Any:
        calls.append(org_id)
        return original(deps, org_id=org_id)

    monkeypatch.setattr(custom, "list_custom_attributes", counted)
    return calls


def test_requests_that_do_not_involve_custom_attributes_never_read_definitions(
        scim, definition_reads):
    created = scim.user()
    uid = created["id"]
    scim.call("GET", f"/Users/{uid}")
    scim.call("GET", '/Users?filter=userName sw "u"&sortBy=userName&attributes=userName')
    scim.call("PATCH", f"/Users/{uid}", patch({"op": "replace", "path": "title",
                                               "value": "x"}))
    scim.call("PUT", f"/Users/{uid}", user_body())
    assert definition_reads == []


def test_definitions_are_read_once_per_request_that_involves_them(
        scim, urn, definition_reads):
    uid = _users_with(scim, urn, {"costCenter": "CC"})[0]
    assert len(definition_reads) == 1
    _ok(scim.call("PATCH", f"/Users/{uid}", patch(
        {"op": "replace", "path": f"{urn}:costCenter", "value": "X"})))
    _ok(scim.call("GET", f"/Users?filter={urn}:costCenter eq \"X\""))
    assert len(definition_reads) == 3


def test_date_time_filters_compare_instants(scim, urn):
    """RFC 7643 §2.3.5: dateTimes are instants, whatever offset they were written
    or compared with; stored as UTC text, with microseconds only when there are some."""
    a, b, c, d = _users_with(scim, urn, {"since": "2024-03-01T10:00:00+02:00"},
                             {"since": "2024-03-01T08:00:00.5Z"},
                             {"since": "2023-12-31T23:00:00-02:00"}, {"level": 1})
    assert _ok(scim.call("GET", f"/Users/{a}"))[urn] == {"since": "2024-03-01T08:00:00Z"}
    assert _ok(scim.call("GET", f"/Users/{c}"))[urn] == {"since": "2024-01-01T01:00:00Z"}
    since = f"{urn}:since"
    assert set(_ids(scim, f'filter={since} eq "2024-03-01T08:00:00Z"')) == {a}
    assert set(_ids(scim, f'filter={since} eq "2024-03-01T09:00:00%2B01:00"')) == {a}
    assert set(_ids(scim, f'filter={since} eq "2024-03-01T08:00:00.500Z"')) == {b}
    assert set(_ids(scim, f'filter={since} gt "2024-03-01T08:00:00Z"')) == {b}
    assert set(_ids(scim, f'filter={since} ge "2024-03-01T08:00:00Z"')) == {a, b}
    assert set(_ids(scim, f'filter={since} lt "2024-01-01T04:00:00%2B02:00"')) == {c}
    assert set(_ids(scim, f'filter={since} lt "2024-01-01T01:00:00Z"')) == set()
    assert set(_ids(scim, f'filter={since} le "2024-03-01T08:00:00Z"')) == {a, c}
    assert set(_ids(scim, f"filter={since} pr")) == {a, b, c}
    assert set(_ids(scim, f'filter={since} ne "2024-03-01T08:00:00Z" and {urn}:level pr')
               ) == {d}
    _refused(scim.call("GET", f'/Users?filter={since} gt "yesterday"'), "invalidFilter")
    _refused(scim.call("GET", f'/Users?filter={since} sw "2024"'), "invalidFilter")


def test_sort_by_a_custom_date_time_is_chronological(scim, urn):
    """08:00:00.5Z sorts after 08:00:00Z, which plain text order would not give."""
    late, early, middle = _users_with(scim, urn, {"since": "2024-03-01T08:00:00.5Z"},
                                      {"since": "2023-12-31T23:00:00-02:00"},
                                      {"since": "2024-03-01T10:00:00+02:00"})
    query = f"filter={urn}:since pr&sortBy={urn}:since"
    assert _ids(scim, query) == [early, middle, late]
    assert _ids(scim, query + "&sortOrder=descending") == [late, middle, early]


def test_sort_by_a_numeric_custom_attribute_orders_numbers(scim, urn):
    twelve, seven, hundred = _users_with(scim, urn, {"level": 12, "score": 10},
                                         {"level": 7, "score": 2.5},
                                         {"level": 100, "score": -1})
    query = f"filter={urn}:level pr&sortBy={urn}:LEVEL"
    assert _ids(scim, query) == [seven, twelve, hundred]
    assert _ids(scim, query + "&sortOrder=descending") == [hundred, twelve, seven]
    searched = _ok(scim.call("POST", "/Users/.search", {
        "filter": f"{urn}:score pr", "sortBy": f"{urn}:score", "sortOrder": "descending"}))
    assert [r["id"] for r in searched["Resources"]] == [twelve, seven, hundred]
    assert set(_ids(scim, f"filter={urn}:score gt 2")) == {twelve, seven}


def test_filters_on_a_multi_valued_custom_attribute_match_any_value(scim, urn):
    """RFC 7644 §3.4.2.2: a multi-valued attribute matches if any of its values does."""
    a, b, c = _users_with(scim, urn, {"tags": ["Alpha", "beta"], "floors": [3, 12]},
                          {"tags": ["gamma"], "floors": [7]}, {"level": 1})
    tags = f"{urn}:tags"
    assert set(_ids(scim, f'filter={tags} eq "ALPHA"')) == {a}
    assert set(_ids(scim, f'filter={tags} eq "gamma"')) == {b}
    assert set(_ids(scim, f'filter={tags} eq "delta"')) == set()
    assert set(_ids(scim, f'filter={tags} co "a"')) == {a, b}
    assert set(_ids(scim, f'filter={tags}[value sw "GAM"]')) == {b}
    assert set(_ids(scim, f"filter={tags} pr")) == {a, b}
    assert set(_ids(scim, f'filter=not ({tags} eq "beta") and {urn}:level pr')) == {c}
    assert set(_ids(scim, f"filter={urn}:floors gt 10")) == {a}
    assert set(_ids(scim, f"filter={urn}:floors le 7")) == {a, b}
    assert set(_ids(scim, f"filter={urn}:floors eq 7")) == {b}
    _refused(scim.call("GET", f'/Users?filter={tags}[type eq "x"]'), "invalidFilter")


def test_a_multi_valued_custom_attribute_stays_simple_in_writes(scim, urn):
    """The ``value`` sub-attribute filters use is not a PATCH path: tags hold strings."""
    uid = _users_with(scim, urn, {"tags": ["a", "b"]})[0]
    _refused(scim.call("PATCH", f"/Users/{uid}", patch(
        {"op": "remove", "path": f'{urn}:tags[value eq "a"]'})), "invalidPath")
    assert _ok(scim.call("GET", f"/Users/{uid}"))[urn] == {"tags": ["a", "b"]}


def test_values_left_from_an_earlier_type_compare_as_absent(scim, deps, org, urn):
    """Removing a definition keeps its values; defined again with another type, the
    old values neither match nor break a comparison or a sort of the new type."""
    define_custom_attribute(deps, org_id=org.id, actor=CLI, name="grade", type=T.STRING)
    old_number, old_date = _users_with(scim, urn, {"grade": "high", "costCenter": "soon"},
                                       {"grade": "12", "costCenter": "2024-13-99"})
    for name, kind in (("grade", T.INTEGER), ("costCenter", T.DATETIME)):
        remove_custom_attribute(deps, org_id=org.id, actor=CLI, name=name)
        define_custom_attribute(deps, org_id=org.id, actor=CLI, name=name, type=kind)
    new = _users_with(scim, urn, {"grade": 3, "costCenter": "2024-03-01T08:00:00Z"})[0]
    assert set(_ids(scim, f"filter={urn}:grade gt 1")) == {new}
    assert set(_ids(scim, f'filter={urn}:costCenter gt "2000-01-01T00:00:00Z"')) == {new}
    for attribute in ("grade", "costCenter"):
        listed = _ids(scim, f"filter={urn}:{attribute} pr&sortBy={urn}:{attribute}")
        assert set(listed) == {old_number, old_date, new}
