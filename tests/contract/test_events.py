"""EventRepository contract: append, then read back by every filter, in id order."""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

from provisor.domain.event import Actor, ActorType, Outcome, ProvisioningEvent
from provisor.domain.ports import UnitOfWorkFactory
from tests.contract.backends import every_store
from tests.contract.builders import add_org, at

pytestmark = every_store
IDP = Actor(ActorType.SCIM_TOKEN, "token-1", "scim")
ADMIN = Actor(ActorType.ADMIN, "admin-1", "graphql")


def event(org_id: str, minutes: float, action: str = "member.created", actor: Actor = IDP,
          target_id: str = "m-1", outcome: Outcome = Outcome.SUCCESS) -> ProvisioningEvent:
    failed = outcome is Outcome.FAILURE
    return ProvisioningEvent(
        org_id=org_id, at=at(minutes), actor=actor, action=action, target_type="member",
        target_id=target_id, attributes=("emails", "userName"), outcome=outcome,
        error_code="conflict" if failed else "", error_detail="taken" if failed else "",
        trace_id="0af7651916cd43dd8448eb211c80319c")


def test_events_get_increasing_ids_and_read_back_equal(store: UnitOfWorkFactory) -> None:
    o, other = add_org(store), add_org(store)
    first, second = event(o.id, 0), event(o.id, 1, outcome=Outcome.FAILURE)
    with store(write=True) as uow:
        assert uow.events.last_id(o.id) == 0
        for e in (first, event(other.id, 0), second):
            uow.events.add(e)
        uow.commit()
    assert first.id is not None and second.id is not None and second.id > first.id
    with store() as uow:
        assert uow.events.find(o.id) == [first, second]
        assert uow.events.last_id(o.id) == second.id


def test_find_applies_every_filter(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    events = [event(o.id, 0), event(o.id, 1, action="member.updated"),
              event(o.id, 2, actor=ADMIN), event(o.id, 3, target_id="m-2"),
              event(o.id, 4, outcome=Outcome.FAILURE), event(o.id, 5)]
    with store(write=True) as uow:
        for e in events:
            uow.events.add(e)
        uow.commit()
    first_id = events[0].id
    assert first_id is not None
    with store() as uow:
        def find(**kw: Any) -> list[ProvisioningEvent]:
            return uow.events.find(o.id, **kw)
        assert find(action="member.updated") == [events[1]]
        assert find(actor_id="admin-1") == [events[2]]
        assert find(target_id="m-2") == [events[3]]
        assert find(outcome="failure") == [events[4]]
        assert find(since=at(4)) == events[4:]
        assert find(until=at(1)) == events[:1]
        assert find(since=at(1), until=at(3)) == events[1:3]
        assert find(after_id=first_id) == events[1:]
        assert find(limit=2) == events[:2]
        assert find(after_id=first_id, limit=2, action="member.created") == [
            events[2], events[3]]


def test_since_and_until_with_an_utc_offset_compare_instants(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    events = [event(o.id, 0), event(o.id, 60), event(o.id, 120)]
    with store(write=True) as uow:
        for e in events:
            uow.events.add(e)
        uow.commit()
    plus_two = timezone(timedelta(hours=2))
    with store() as uow:  # at(60) is 13:00:00.25Z, which is 15:00:00.25+02:00
        assert uow.events.find(o.id, since=at(60).astimezone(plus_two)) == events[1:]
        assert uow.events.find(o.id, until=at(60).astimezone(plus_two)) == events[:1]
