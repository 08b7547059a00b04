"""What a SCIM request runs with: the domain deps, the org and the calling token."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from provisor.domain.deps import Deps
from provisor.domain.errors import DomainError, Unauthorized
from provisor.domain.event import Actor, ActorType
from provisor.domain.org import Organization
from provisor.domain.token import Credential, CredentialKind
from provisor.domain.usecases.credentials import authenticate, is_verified
from provisor.scim.errors import ScimError, from_domain


@dataclass(frozen=True, slots=True)
class ScimContext:
    deps: Deps
    org: Organization
    credential: Credential
    base_url: str

    @property
    def actor(self) -> Actor:
        return Actor(ActorType.SCIM_TOKEN, self.credential.id, "scim")


def get_deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


def bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ScimError(401, "a bearer token is required",
                        headers={"WWW-Authenticate": 'Bearer realm="SCIM"'})
    return value.strip()


async def scim_context(org: str, request: Request) -> ScimContext:
    """Authenticate the bearer token for this org's URL; refuse if SCIM is off.

    ``async def`` on purpose (issue 7 profile): a sync dependency is run in
    FastAPI's threadpool, and that thread hop plus GIL hand-off cost every SCIM
    request about 10 % of its CPU. A secret this process verified already costs
    one indexed read and runs on the event loop like every use case the async
    handlers call; any other secret (new, or wrong) needs Argon2 and runs in
    the threadpool, so bad tokens cannot stall the loop.
    """
    deps = get_deps(request)
    secret = bearer(request)
    check = partial(authenticate, deps, secret=secret, kind=CredentialKind.SCIM_TOKEN,
                    org_slug=org)
    try:
        organization, credential = check() if is_verified(deps, secret) \
            else await run_in_threadpool(check)
    except Unauthorized as exc:
        raise ScimError(401, exc.detail,
                        headers={"WWW-Authenticate": 'Bearer realm="SCIM", error="invalid_token"'}
                        ) from exc
    except DomainError as exc:
        raise from_domain(exc) from exc
    if not organization.scim_enabled:
        raise ScimError(403, "SCIM provisioning is not enabled for this organization")
    return ScimContext(deps, organization, credential,
                       f"{_base_url(request)}/scim/v2/{organization.slug}")


_BASES: dict[tuple[Any, ...], str] = {}


def _base_url(request: Request) -> str:
    """``request.base_url`` without its trailing slash, remembered for the scope values
    it is made of: building it (``URL`` parsing the Host header) was ~2.5 % of a GET
    (issue 7). At most 256 are kept: the Host header is the client's to choose."""
    scope = request.scope
    host = None
    for key, value in scope["headers"]:
        if key == b"host":
            host = value  # the last one, as Starlette's URL takes it
    server = scope.get("server")
    cache_key = (scope.get("scheme"), tuple(server) if server else None, host,
                 scope.get("app_root_path", scope.get("root_path", "")))
    base = _BASES.get(cache_key)
    if base is None:
        base = str(request.base_url).rstrip("/")
        if len(_BASES) < 256:
            _BASES[cache_key] = base
    return base


Scim = Annotated[ScimContext, Depends(scim_context)]
