"""Bearer-token authentication of the SCIM facade."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from starlette.testclient import TestClient

from provisor.domain.deps import Deps
from provisor.domain.org import DisableMode
from provisor.domain.token import CredentialKind
from provisor.domain.usecases.credentials import issue_credential, revoke_credential
from provisor.domain.usecases.set_scim import disable_scim
from tests.conftest import CLI, ReadyOrg

SPC = "/ServiceProviderConfig"


def _spc(client: TestClient, org: ReadyOrg, token: str | None) -> tuple[int, dict[str, object]]:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    response = client.get(org.scim_base + SPC, headers=headers)
    if response.status_code != 200:
        assert response.headers["content-type"].startswith("application/scim+json")
        body = response.json()
        assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
        assert body["status"] == str(response.status_code)
    return response.status_code, response.json()


def test_a_valid_token_reads_the_service_provider_config(client: TestClient, org: ReadyOrg):
    response = client.get(org.scim_base + SPC, headers=org.auth)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/scim+json"
    assert response.json()["authenticationSchemes"][0]["type"] == "oauthbearertoken"


def test_missing_malformed_and_wrong_tokens_get_401(client: TestClient, org: ReadyOrg):
    assert _spc(client, org, None)[0] == 401
    assert _spc(client, org, "")[0] == 401
    assert _spc(client, org, "not-a-token")[0] == 401
    forged = org.token[:-4] + ("AAAA" if not org.token.endswith("AAAA") else "BBBB")
    assert _spc(client, org, forged)[0] == 401


def test_a_token_works_only_on_its_own_orgs_url(
    client: TestClient, org: ReadyOrg, other_org: ReadyOrg,
):
    assert _spc(client, org, other_org.token)[0] == 401
    assert _spc(client, other_org, other_org.token)[0] == 200


def test_a_revoked_token_is_refused_on_the_next_request(
    client: TestClient, deps: Deps, org: ReadyOrg,
):
    issued = issue_credential(deps, org_id=org.id, actor=CLI, kind=CredentialKind.SCIM_TOKEN,
                              name="rotating")
    assert _spc(client, org, issued.secret)[0] == 200
    revoke_credential(deps, org_id=org.id, actor=CLI, credential_id=issued.credential.id,
                      kind=CredentialKind.SCIM_TOKEN)
    assert _spc(client, org, issued.secret)[0] == 401
    assert _spc(client, org, org.token)[0] == 200  # the other token keeps working


def test_an_expired_token_is_refused(client: TestClient, deps: Deps, org: ReadyOrg):
    issued = issue_credential(
        deps, org_id=org.id, actor=CLI, kind=CredentialKind.SCIM_TOKEN, name="short",
        expires_at=datetime.now(UTC) + timedelta(seconds=1))
    assert _spc(client, org, issued.secret)[0] == 200
    with deps.uow(write=True) as uow:  # let it expire without sleeping
        from sqlalchemy import update

        from provisor.store.tables import credentials
        uow.conn.execute(update(credentials)  # type: ignore[attr-defined]
                         .where(credentials.c.id == issued.credential.id)
                         .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        uow.commit()
    assert _spc(client, org, issued.secret)[0] == 401


def test_a_management_key_is_not_a_scim_token(client: TestClient, org: ReadyOrg):
    assert _spc(client, org, org.management_key)[0] == 401


def test_scim_is_refused_with_403_once_disabled_and_tokens_are_revoked(
    client: TestClient, deps: Deps, org: ReadyOrg,
):
    disable_scim(deps, org_id=org.id, actor=CLI, mode=DisableMode.SOFT)
    status, body = _spc(client, org, org.token)
    assert status == 401  # disabling revokes every SCIM token at once
    assert "revoked" in str(body["detail"])
