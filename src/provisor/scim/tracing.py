"""Annotate the current request's span with SCIM facts, through opentelemetry-api only.

The SCIM facade may call these without knowing whether tracing is on: with no
SDK installed the current span is a non-recording no-op and this costs two
attribute lookups. Values must be protocol vocabulary (operation names, quirk
identifiers, scimType), never request data.

    annotate(operation="patch")                  provisor.scim.operation
    tolerated("entra.capitalized_op")            provisor.scim.quirks (+ an event)
    annotate(scim_type="invalidFilter")          provisor.scim.type

Quirk identifiers are ``<idp>.<quirk>``, stable once published (dashboards
and alerts key on them); ``generic`` marks input more than one client sends.
Each names what was accepted, never the data:

    entra.capitalized_op               PATCH ``op`` spelled "Add"/"Replace"/"Remove"
    entra.string_boolean               a boolean sent as "True"/"False" (active,
                                       primary, a custom boolean attribute)
    entra.manager_string               enterprise ``manager`` as a bare id string
    entra.manager_list                 ``manager`` as a one-element list (legacy form)
    entra.extension_path_without_urn   a PATCH path naming an enterprise attribute
                                       without its URN (``"path": "manager"``)
    entra.pathless_dotted_key          a path-less PATCH value with a dotted key
                                       (``{"name.givenName": …}``)
    entra.pathless_urn_key             a path-less PATCH value with a URN-qualified
                                       key (``{"urn:…:User:department": …}``)
    entra.filtered_path_creates_value  add/replace through an unmatched value filter
                                       (``emails[type eq "work"].value``) creates it
    entra.remove_with_value            ``remove`` carrying a value list (member
                                       removal on Groups, multi-valued User attributes)
    entra.adscim_group_schema          Group POST/PUT naming the ADSCIM schema URI
    okta.pathless_own_id               a path-less PATCH value repeating the
                                       resource's own ``id`` (Okta's group rename)
    generic.bare_multi_value           a multi-valued entry sent as a bare string
                                       (``roles: ["admin"]``, ``members: ["id"]``)
    generic.complex_value_as_list      a singular complex attribute sent as a
                                       one-element list
"""

from __future__ import annotations

from opentelemetry import trace


def annotate(*, operation: str | None = None, scim_type: str | None = None) -> None:
    span = trace.get_current_span()
    if not span.is_recording():
        return
    if operation:
        span.set_attribute("provisor.scim.operation", operation)
    if scim_type:
        span.set_attribute("provisor.scim.type", scim_type)


def tolerated(quirk: str) -> None:
    """Record that an IdP quirk (``entra.capitalized_op``, RFC-deviating input) was accepted."""
    span = trace.get_current_span()
    if not span.is_recording():
        return
    span.add_event("scim.quirk_tolerated", {"provisor.scim.quirk": quirk})
    attributes = getattr(span, "attributes", None) or {}
    previous = tuple(attributes.get("provisor.scim.quirks", ()))
    if quirk not in previous:
        span.set_attribute("provisor.scim.quirks", (*previous, quirk))
