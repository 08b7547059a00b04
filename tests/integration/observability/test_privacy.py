"""No token, key, email, name or phone number in any span, event, metric label or log line.

A full Okta-style sequence (create with email, filter by userName eq email,
PATCH, PUT, group push, a conflict, a bad filter quoting the email,
deactivate) plus a GraphQL invite runs against an app exporting to in-memory
readers; then every exported string is scanned for the values it used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from provisor.api.demo import CLI
from provisor.domain.org import IdentityProvider, OrgSettings
from provisor.domain.usecases.update_organization import update_organization
from tests.integration.observability.conftest import Observed

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
EMAIL, OTHER_EMAIL, INVITED = "jane.q.doe@example.com", "jdoe+work@example.org", "gia@example.net"
# A fragment of the phone is scanned with its space: bare digits like "0142"
# turn up by chance in random hex trace and span ids.
GIVEN, FAMILY, DISPLAY, PHONE = "Janequa", "Doevinski", "Janequa Doevinski", "+1 555 0142 7788"
PHONE_PART = "555 0142"
GROUP_NAME = "Doevinski Private Circle"
PASSWORD = "pw-Secret-0987"


def _okta(settings: OrgSettings) -> list[str]:
    settings.idp = IdentityProvider.OKTA
    return ["idp"]


def _user(email: str, active: bool = True) -> dict[str, Any]:
    return {"schemas": [USER], "userName": email, "externalId": "00u1abcd",
            "name": {"givenName": GIVEN, "familyName": FAMILY, "formatted": DISPLAY},
            "displayName": DISPLAY, "emails": [{"value": email, "primary": True, "type": "work"}],
            "phoneNumbers": [{"value": PHONE, "type": "mobile"}], "password": PASSWORD,
            "active": active}


def _patch(*operations: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": [PATCH_OP], "Operations": list(operations)}


def _okta_sequence(obs: Observed) -> list[str]:
    org = obs.new_org()
    update_organization(obs.container.deps, org_id=org.id, actor=CLI, edit=_okta)
    base, auth, c = org.scim_base, org.auth, obs.client
    missing = c.get(f"{base}/Users", headers=auth,
                    params={"filter": f'userName eq "{EMAIL}"', "startIndex": 1, "count": 100})
    created = c.post(f"{base}/Users", headers=auth, json=_user(EMAIL))
    uid = created.json()["id"]
    found = c.get(f"{base}/Users", headers=auth, params={"filter": f'userName eq "{EMAIL}"'})
    conflict = c.post(f"{base}/Users", headers=auth, json=_user(EMAIL))
    bad = c.get(f"{base}/Users", headers=auth, params={"filter": f'userName eq "{EMAIL}" and ('})
    put = c.put(f"{base}/Users/{uid}", headers=auth, json={**_user(OTHER_EMAIL), "id": uid})
    group = c.post(f"{base}/Groups", headers=auth,
                   json={"schemas": [GROUP], "displayName": GROUP_NAME, "members": []})
    gid = group.json()["id"]
    push = c.patch(f"{base}/Groups/{gid}", headers=auth, json=_patch(
        {"op": "add", "path": "members", "value": [{"value": uid, "display": EMAIL}]}))
    off = c.patch(f"{base}/Users/{uid}", headers=auth,
                  json=_patch({"op": "replace", "value": {"active": False}}))
    invite = c.post("/graphql", headers={"Authorization": f"Bearer {org.management_key}"}, json={
        "query": f'mutation {{ inviteMember(userName: "{INVITED}", email: "{INVITED}", '
                 f'displayName: "{DISPLAY}") {{ __typename }} }}'})
    statuses = [r.status_code for r in (missing, created, found, conflict, bad, put, group, push,
                                        off, invite)]
    assert statuses == [200, 201, 200, 409, 400, 200, 201, statuses[7], 200, 200], statuses
    assert statuses[7] in (200, 204)
    return [org.token, org.management_key]


def _strings(obs: Observed) -> Iterator[str]:
    for span in obs.spans():
        yield span.name
        yield str(span.status.description)
        yield repr(dict(span.attributes or {}))
        yield repr(dict(span.resource.attributes))
        for event in span.events:
            yield event.name + repr(dict(event.attributes or {}))
    for name, labels in obs.metric_points():
        yield name + repr(labels)
    yield from obs.log_lines()


def test_an_okta_sequence_leaves_no_secret_or_personal_value_in_telemetry(
    obs: Observed,
) -> None:
    secrets = _okta_sequence(obs)
    exported = list(_strings(obs))
    assert len(obs.spans()) > 50 and obs.metric_points() and obs.log_lines()
    assert any("provisor.idp': 'okta'" in s for s in exported)
    personal = [EMAIL, OTHER_EMAIL, INVITED, "jane.q.doe", "example.com", GIVEN, FAMILY,
                PHONE, PHONE_PART, GROUP_NAME, PASSWORD, *secrets]
    leaks = {value: [s[:200] for s in exported if value.lower() in s.lower()][:3]
             for value in personal}
    assert {k: v for k, v in leaks.items() if v} == {}
