"""Register, verify and remove an organization's email domains.

Verification is by DNS TXT record: the dashboard shows the record
(``provisor-verification=<token>``); ``verify_domain`` asks the ``check``
callable, which the facade supplies (the host app or a DNS resolver). No DNS
lookup runs inside the domain.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from provisor.domain.deps import Deps
from provisor.domain.errors import Conflict, InvalidValue, NotFound, PolicyViolation
from provisor.domain.event import Actor
from provisor.domain.observe import use_case
from provisor.domain.org import EmailDomain
from provisor.domain.usecases._policy import load_org

DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
DomainCheck = Callable[[EmailDomain], bool]


def txt_record(domain: EmailDomain) -> str:
    return f"provisor-verification={domain.verification_token}"


@use_case("domain.add")
def add_domain(deps: Deps, *, org_id: str, actor: Actor, name: str) -> EmailDomain:
    name = name.strip().lower().rstrip(".")
    if not DOMAIN.fullmatch(name):
        raise InvalidValue("not a domain name", field="name")
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        if any(d.name == name for d in uow.orgs.domains(org.id)):
            raise Conflict("this domain is already registered", field="name")
        domain = EmailDomain(org.id, name, secrets.token_urlsafe(16), False, deps.clock())
        uow.orgs.save_domain(domain)
        deps.record(uow, org_id=org.id, actor=actor, action="domain.added",
                    target_type="domain", target_id=name)
        uow.commit()
        return domain


@use_case("domain.verify")
def verify_domain(
    deps: Deps, *, org_id: str, actor: Actor, name: str, check: DomainCheck,
) -> EmailDomain:
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        domain = next((d for d in uow.orgs.domains(org.id) if d.name == name.lower()), None)
        if domain is None:
            raise NotFound("domain not found")
        if not domain.verified:
            if not check(domain):
                raise PolicyViolation("the verification TXT record was not found")
            domain.verified = True
            uow.orgs.save_domain(domain)
            deps.record(uow, org_id=org.id, actor=actor, action="domain.verified",
                        target_type="domain", target_id=domain.name)
            uow.commit()
        return domain


@use_case("domain.remove")
def remove_domain(deps: Deps, *, org_id: str, actor: Actor, name: str) -> None:
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        if not uow.orgs.remove_domain(org.id, name.strip().lower()):
            raise NotFound("domain not found")
        deps.record(uow, org_id=org.id, actor=actor, action="domain.removed",
                    target_type="domain", target_id=name.strip().lower())
        uow.commit()
