"""Global Relay ids: ``base64("Member:<uuid>")``, always re-checked against the org."""

from __future__ import annotations

from strawberry import relay

from provisor.domain.errors import NotFound


def local_id(gid: relay.GlobalID, type_name: str) -> str | None:
    """The node id when ``gid`` names a ``type_name``; None otherwise (→ not found)."""
    return gid.node_id if gid.type_name == type_name and gid.node_id else None


def required_id(gid: relay.GlobalID, type_name: str) -> str:
    """For mutations: the node id, or the domain's NotFound (a union member)."""
    found = local_id(gid, type_name)
    if found is None:
        raise NotFound(f"{type_name} not found")
    return found
