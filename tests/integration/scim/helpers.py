"""Small helpers for the SCIM resource tests: bodies, calls and org settings."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from starlette.testclient import TestClient

from provisor.api.demo import CLI
from provisor.domain.deps import Deps
from provisor.domain.org import OrgSettings
from provisor.domain.usecases.update_organization import update_organization
from tests.conftest import ReadyOrg

PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def user_body(name: str | None = None, **extra: Any) -> dict[str, Any]:
    name = name or f"u{uuid.uuid4().hex[:10]}"
    return {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": f"{name}@example.com",
            "emails": [{"value": f"{name}@example.com", "type": "work", "primary": True}],
            "name": {"givenName": "Given", "familyName": "Family"}, **extra}


def patch(*ops: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": [PATCH_OP], "Operations": list(ops)}


class Scim:
    """A client bound to one org's SCIM base URL and token."""

    def __init__(self, client: TestClient, org: ReadyOrg) -> None:
        self.client, self.org = client, org

    def call(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        headers = {**self.org.auth, "Content-Type": "application/scim+json",
                   **kw.pop("headers", {})}
        content = kw.pop("content", None)
        if body is not None:
            import json
            content = json.dumps(body)
        return self.client.request(method, self.org.scim_base + path, content=content,
                                   headers=headers, **kw)

    def user(self, **extra: Any) -> dict[str, Any]:
        response = self.call("POST", "/Users", user_body(**extra))
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    def group(self, name: str | None = None, members: list[str] | None = None) -> dict[str, Any]:
        body = {"displayName": name or f"g-{uuid.uuid4().hex[:8]}",
                "members": [{"value": m} for m in members or []]}
        response = self.call("POST", "/Groups", body)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result


def configure(deps: Deps, org: ReadyOrg, change: Callable[[OrgSettings], None]) -> None:
    def edit(settings: OrgSettings) -> list[str]:
        change(settings)
        return ["test"]
    update_organization(deps, org_id=org.id, actor=CLI, edit=edit)
