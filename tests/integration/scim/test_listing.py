"""Filters compiled to SQL, paging by index and by RFC 9865 cursor, sorting, .search."""

from __future__ import annotations

import uuid

from tests.integration.scim.helpers import ENTERPRISE, Scim


def _ids(response: object) -> list[str]:
    return [r["id"] for r in response.json()["Resources"]]  # type: ignore[attr-defined]


def test_complex_and_multi_valued_filters_match_in_sql(scim: Scim) -> None:
    tag = uuid.uuid4().hex[:8]
    a = scim.user(title=f"t{tag}", **{ENTERPRISE: {"department": f"d{tag}"}})
    scim.user(title=f"t{tag}")
    for text in (f'emails[type eq "work" and value co "{a["userName"][:6]}"]',
                 f'emails.value eq "{a["userName"].upper()}"',
                 f'emails eq "{a["userName"]}"',
                 f'{ENTERPRISE}:department eq "D{tag}"',
                 f'id eq "{a["id"]}" and (title sw "t{tag[:3]}" or title ew "zz")'):
        assert _ids(scim.call("GET", "/Users", params={"filter": text})) == [a["id"]], text


def test_not_ne_pr_and_meta_dates_filter(scim: Scim) -> None:
    tag = uuid.uuid4().hex[:8]
    a, b = scim.user(title=f"x{tag}"), scim.user(nickName=f"n{tag}")
    both = f'(title eq "x{tag}" or nickName eq "n{tag}")'
    assert _ids(scim.call("GET", "/Users", params={"filter": f"{both} and title pr"})) == [a["id"]]
    assert _ids(scim.call("GET", "/Users", params={
        "filter": f'{both} and not (title eq "x{tag}")'})) == [b["id"]]
    assert _ids(scim.call("GET", "/Users", params={
        "filter": f'{both} and title ne "x{tag}"'})) == [b["id"]]
    assert _ids(scim.call("GET", "/Users", params={
        "filter": f'{both} and meta.lastModified gt "2000-01-01T00:00:00Z" and active eq true'}
    )) == [a["id"], b["id"]]


def test_groups_filter_by_member_and_users_by_group(scim: Scim) -> None:
    user = scim.user()
    group = scim.group(members=[user["id"]])
    by_member = scim.call("GET", "/Groups", params={"filter": f'members.value eq "{user["id"]}"'})
    assert _ids(by_member) == [group["id"]]
    by_group = scim.call("GET", "/Users", params={"filter": f'groups.value eq "{group["id"]}"'})
    assert _ids(by_group) == [user["id"]]
    assert scim.call("GET", f"/Users/{user['id']}").json()["groups"][0]["value"] == group["id"]


def test_index_paging_is_stable_and_sorted(scim: Scim) -> None:
    created = [scim.user()["id"] for _ in range(5)]
    first = scim.call("GET", "/Users", params={"startIndex": "1", "count": "3",
                                               "sortBy": "meta.created"}).json()
    second = scim.call("GET", "/Users", params={"startIndex": "4", "count": "3",
                                                "sortBy": "meta.created"}).json()
    assert first["totalResults"] == 6 and first["itemsPerPage"] == 3
    seen = [r["id"] for r in first["Resources"] + second["Resources"]]
    assert seen[1:] == created and second["startIndex"] == 4
    descending = scim.call("GET", "/Users", params={"sortBy": "userName",
                                                    "sortOrder": "descending"}).json()
    names = [r["userName"].lower() for r in descending["Resources"]]
    assert names == sorted(names, reverse=True)


def test_cursor_pages_walk_every_user_once(scim: Scim) -> None:
    for _ in range(4):
        scim.user()
    seen, cursor = [], ""
    while cursor is not None:
        page = scim.call("GET", "/Users", params={"cursor": cursor, "count": "2"}).json()
        seen += [r["id"] for r in page["Resources"]]
        cursor = page.get("nextCursor")
    assert len(seen) == len(set(seen)) == 5


def test_count_zero_answers_only_the_total(scim: Scim) -> None:
    scim.user()
    page = scim.call("GET", "/Users", params={"count": "0"}).json()
    assert page["totalResults"] == 2 and page["Resources"] == []


def test_post_search_takes_the_query_in_the_body(scim: Scim) -> None:
    user = scim.user()
    response = scim.call("POST", "/Users/.search", {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": f'userName eq "{user["userName"]}"', "attributes": ["userName"]})
    assert response.status_code == 200
    assert response.json()["Resources"] == [{"schemas": user["schemas"], "id": user["id"],
                                             "userName": user["userName"]}]
    group = scim.group()
    found = scim.call("POST", "/Groups/.search", {"filter": f'id eq "{group["id"]}"'})
    assert _ids(found) == [group["id"]]


def test_a_multi_valued_sort_uses_the_primary_value_else_the_first(scim: Scim) -> None:
    """RFC 7644 §3.4.2.3; the primary email is not the first one on purpose."""
    tag = uuid.uuid4().hex[:8]

    def user(name: str, emails: list[dict[str, object]]) -> str:
        return str(scim.user(userName=f"{name}-{tag}", emails=emails, title=tag)["id"])

    b = user("b", [{"value": f"z-{tag}@x.test", "type": "work"},
                   {"value": f"B-{tag}@x.test", "type": "home", "primary": True}])
    a = user("a", [{"value": f"c-{tag}@x.test", "type": "home"},
                   {"value": f"a-{tag}@x.test", "type": "work", "primary": True}])
    c = user("c", [{"value": f"c2-{tag}@x.test", "type": "home"},
                   {"value": f"y-{tag}@x.test", "type": "work"}])  # no primary: the first
    none = user("d", [])
    query = {"filter": f'title eq "{tag}"'}
    for sort in ("emails", "emails.value"):
        up = _ids(scim.call("GET", "/Users", params={**query, "sortBy": sort}))
        down = _ids(scim.call("GET", "/Users", params={**query, "sortBy": sort,
                                                       "sortOrder": "descending"}))
        assert [i for i in up if i != none] == [a, b, c], "by primary, ignoring case"
        assert [i for i in down if i != none] == [c, b, a]
        assert set(up) == set(down) == {a, b, c, none}
    by_type = _ids(scim.call("GET", "/Users", params={**query, "sortBy": "emails.type"}))
    assert by_type.index(b) < by_type.index(a) and by_type.index(c) < by_type.index(a), \
        "home (b's primary, c's first) before work (a's primary)"
    refused = scim.call("GET", "/Users", params={"sortBy": "groups"})
    assert refused.status_code == 400 and refused.json()["scimType"] == "invalidValue"
