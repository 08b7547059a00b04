"""Revocation through one app instance is refused on the very next request to another."""

from __future__ import annotations

from starlette.testclient import TestClient

from provisor.api.app import create_app
from provisor.api.bootstrap import Container, build
from provisor.domain.token import CredentialKind
from provisor.domain.usecases.credentials import revoke_credential
from tests.conftest import CLI, make_org


def test_revocation_is_immediate_in_a_second_instance_sharing_the_database(
    container: Container,
):
    second = build(container.settings)  # its own engine, pool and token cache
    try:
        org = make_org(container.deps)
        with TestClient(create_app(container=container)) as a, \
                TestClient(create_app(container=second)) as b:
            url = org.scim_base + "/ServiceProviderConfig"
            assert a.get(url, headers=org.auth).status_code == 200
            assert b.get(url, headers=org.auth).status_code == 200  # b's cache is warm now
            with container.deps.uow() as uow:
                token_id = uow.credentials.list(org.id, CredentialKind.SCIM_TOKEN)[0].id
            revoke_credential(container.deps, org_id=org.id, actor=CLI,
                              credential_id=token_id, kind=CredentialKind.SCIM_TOKEN)
            assert b.get(url, headers=org.auth).status_code == 401
            assert a.get(url, headers=org.auth).status_code == 401
    finally:
        second.engine.dispose()
