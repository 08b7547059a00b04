"""/Users through the real app and database: CRUD, representation, ETags."""

from __future__ import annotations

from tests.integration.scim.helpers import ENTERPRISE, Scim, patch, user_body


def test_creating_a_user_answers_201_with_location_etag_and_no_password(scim: Scim) -> None:
    response = scim.call("POST", "/Users", user_body(password="s3cret!", groups=[]))
    body = response.json()
    assert response.status_code == 201
    assert response.headers["location"].endswith(f"/Users/{body['id']}")
    assert response.headers["etag"] == body["meta"]["version"] == 'W/"1"'
    assert response.headers["content-type"].startswith("application/scim+json")
    assert "password" not in body and "s3cret!" not in response.text
    assert body["active"] is True and body["groups"] == []
    assert body["meta"]["resourceType"] == "User"


def test_a_user_reads_back_with_the_enterprise_extension_and_its_schema_urn(scim: Scim) -> None:
    manager = scim.user()
    user = scim.user(**{ENTERPRISE: {"department": "R&D", "manager": {"value": manager["id"]}}})
    got = scim.call("GET", f"/Users/{user['id']}").json()
    assert ENTERPRISE in got["schemas"]
    assert got[ENTERPRISE]["department"] == "R&D"
    assert got[ENTERPRISE]["manager"]["value"] == manager["id"]
    assert got[ENTERPRISE]["manager"]["$ref"].endswith(f"/Users/{manager['id']}")


def test_an_unknown_user_id_is_a_scim_404(scim: Scim) -> None:
    response = scim.call("GET", "/Users/010101001010101011001010101011")
    assert response.status_code == 404
    assert response.json()["status"] == "404" and response.json()["detail"]


def test_put_replaces_the_profile_and_ignores_id_meta_and_groups(scim: Scim) -> None:
    user = scim.user()
    body = user_body(user["userName"].split("@")[0], id="other", meta={"x": 1}, groups=[],
                     title="Engineer")
    response = scim.call("PUT", f"/Users/{user['id']}", body)
    assert response.status_code == 200, response.text
    assert response.json()["title"] == "Engineer" and response.json()["id"] == user["id"]
    assert response.headers["etag"] == 'W/"2"'


def test_delete_answers_204_and_the_user_is_gone(scim: Scim) -> None:
    user = scim.user()
    assert scim.call("DELETE", f"/Users/{user['id']}").status_code == 204
    assert scim.call("GET", f"/Users/{user['id']}").status_code == 404


def test_a_stale_if_match_is_refused_with_412_and_a_fresh_one_succeeds(scim: Scim) -> None:
    user = scim.user()
    op = patch({"op": "replace", "path": "title", "value": "A"})
    stale = scim.call("PATCH", f"/Users/{user['id']}", op, headers={"If-Match": 'W/"9"'})
    assert stale.status_code == 412
    fresh = scim.call("PATCH", f"/Users/{user['id']}", op, headers={"If-Match": 'W/"1"'})
    assert fresh.status_code == 200 and fresh.headers["etag"] == 'W/"2"'


def test_if_none_match_with_the_current_version_answers_304(scim: Scim) -> None:
    user = scim.user()
    response = scim.call("GET", f"/Users/{user['id']}", headers={"If-None-Match": 'W/"1"'})
    assert response.status_code == 304 and not response.content


def test_attributes_and_excluded_attributes_shape_every_read(scim: Scim) -> None:
    user = scim.user(title="T")
    url = f"/Users/{user['id']}"
    only = scim.call("GET", url, params={"attributes": "userName,name.givenName"})
    assert set(only.json()) == {"schemas", "id", "userName", "name"}
    assert only.json()["name"] == {"givenName": "Given"}
    without = scim.call("GET", url, params={"excludedAttributes": "title,groups"})
    assert "title" not in without.json() and "groups" not in without.json()
    assert without.json()["userName"] == user["userName"]


def test_deleting_a_user_keeps_its_audit_trail(scim: Scim, deps: object) -> None:
    from provisor.domain.deps import Deps
    assert isinstance(deps, Deps)
    user = scim.user()
    scim.call("DELETE", f"/Users/{user['id']}")
    with deps.uow() as uow:
        actions = [e.action for e in uow.events.find(scim.org.id, target_id=user["id"])]
    assert actions == ["member.created", "member.deleted"]


def test_removing_active_leaves_it_unassigned_without_changing_access(scim: Scim) -> None:
    user = scim.user()
    url = f"/Users/{user['id']}"

    def replace(path: str, value: object) -> dict[str, object]:
        answer = scim.call("PATCH", url, patch({"op": "replace", "path": path, "value": value}))
        assert answer.status_code == 200
        body: dict[str, object] = answer.json()
        return body

    removed = scim.call("PATCH", url, patch({"op": "remove", "path": "active"}))
    assert removed.status_code == 200 and "active" not in removed.json()
    assert "active" not in scim.call("GET", url).json()
    still_in = scim.call("GET", "/Users", params={"filter": "active eq true"}).json()
    assert user["id"] in {r["id"] for r in still_in["Resources"]}
    assert "active" not in replace("title", "CTO"), "another PATCH keeps active unassigned"
    put = scim.call("PUT", url, user_body(user["userName"].split("@")[0]))
    assert "active" not in put.json(), "a PUT without active keeps it unassigned"
    assert replace("active", False)["active"] is False
    assert replace("title", "CEO")["active"] is False
