"""The ``provisor`` command: migrate, demo, serve, events."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime

from provisor.api.settings import Settings


def _migrate(_: argparse.Namespace, settings: Settings) -> int:
    from provisor.store.migrate import upgrade

    upgrade(settings.database_url)
    print("database is at the latest migration", file=sys.stderr)
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from provisor.api.bootstrap import build
    from provisor.api.demo import ensure_demo

    demo = ensure_demo(build(settings).deps, args.org)
    public = (args.public_url or settings.public_url).rstrip("/")
    out = {
        "org": demo.org.slug, "scim_base_url": f"{public}/scim/v2/{demo.org.slug}",
        "scim_token": demo.scim_token, "graphql_url": f"{public}/graphql",
        "management_key": demo.management_key,
    }
    if args.json:
        print(json.dumps(out))
    else:
        print(f"Organization:    {out['org']}\nSCIM base URL:   {out['scim_base_url']}\n"
              f"SCIM token:      {out['scim_token']}\nGraphQL URL:     {out['graphql_url']}\n"
              f"Management key:  {out['management_key']}\n"
              "(the token and key are shown only now; they are stored as Argon2 hashes)")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from provisor.api.serve import serve

    serve(host=args.host, port=args.port, workers=args.workers,
          log_level=settings.log_level.lower())
    return 0


def _events(args: argparse.Namespace, settings: Settings) -> int:
    from provisor.api.bootstrap import build

    deps = build(settings).deps
    since = datetime.fromisoformat(args.since) if args.since else None
    with deps.uow() as uow:
        org = uow.orgs.get_by_slug(args.org)
        if org is None:
            print(f"no organization {args.org!r}", file=sys.stderr)
            return 2
        after: int | None = None
        while batch := uow.events.find(org.id, after_id=after, limit=1000, since=since):
            for ev in batch:
                print(json.dumps({
                    "id": ev.id, "at": ev.at.isoformat(), "actor_type": ev.actor.type.value,
                    "actor_id": ev.actor.id, "source": ev.actor.source, "action": ev.action,
                    "target_type": ev.target_type, "target_id": ev.target_id,
                    "attributes": list(ev.attributes), "outcome": ev.outcome.value,
                    "error_code": ev.error_code, "error_detail": ev.error_detail,
                    "trace_id": ev.trace_id}))
            after = batch[-1].id
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="provisor", description="Provisor provisioning service")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="upgrade the database to the latest migration")
    demo = sub.add_parser("demo", help="create a demo org ready for SCIM; print credentials")
    demo.add_argument("--org", default="demo")
    demo.add_argument("--public-url", default=None)
    demo.add_argument("--json", action="store_true")
    serve = sub.add_parser("serve", help="serve HTTP with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    events = sub.add_parser("events", help="export an org's provisioning events as JSON lines")
    events.add_argument("--org", required=True)
    events.add_argument("--since", default=None, help="ISO 8601 date-time")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = Settings.from_env()
    handlers = {"migrate": _migrate, "demo": _demo, "serve": _serve, "events": _events}
    return handlers[args.command](args, settings)


if __name__ == "__main__":
    raise SystemExit(main())
