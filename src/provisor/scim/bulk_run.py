"""Running the operations of one Bulk request (RFC 7644 §3.7.1 to §3.7.3); see ``bulk``."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from provisor.domain.errors import DomainError, InvalidValue, PreconditionFailed
from provisor.domain.usecases.record_failure import record_failure
from provisor.scim.bodies import get_ci
from provisor.scim.bulk_ops import HANDLERS
from provisor.scim.context import ScimContext
from provisor.scim.custom import OrgUserSchema
from provisor.scim.errors import ScimError, error_body, from_domain
from provisor.scim.represent import etag

BULK_ID = re.compile(r"^bulkId:(.+)$")
PATH = re.compile(r"^/?(Users|Groups)(?:/([^/?#]+))?$", re.IGNORECASE)
KINDS = {"users": ("Users", "member"), "groups": ("Groups", "group")}


@dataclass(slots=True)
class BulkOperation:
    index: int
    method: str
    bulk_id: str | None
    path: str
    data: Any
    version: str | None
    problem: ScimError | None = None

    @classmethod
    def parse(cls, index: int, raw: Any) -> BulkOperation:
        if not isinstance(raw, dict):
            return cls(index, "", None, "", None, None,
                       ScimError(400, "each operation must be an object", "invalidSyntax"))
        method, bulk_id, path = (get_ci(raw, k) for k in ("method", "bulkId", "path"))
        version = get_ci(raw, "version")
        op = cls(index, method.upper() if isinstance(method, str) else "",
                 bulk_id if isinstance(bulk_id, str) and bulk_id else None,
                 path if isinstance(path, str) else "", get_ci(raw, "data"),
                 version if isinstance(version, str) else None)
        if op.method not in ("POST", "PUT", "PATCH", "DELETE"):
            op.problem = ScimError(400, "method must be POST, PUT, PATCH or DELETE",
                                   "invalidSyntax")
        elif op.method != "DELETE" and not isinstance(op.data, dict):
            op.problem = ScimError(400, "data must be an object", "invalidSyntax")
        return op

    def references(self) -> set[str]:
        found: set[str] = set()
        _collect(self.path.rpartition("/")[2], found)
        _collect(self.data, found)
        return found


def _collect(value: Any, found: set[str]) -> None:
    if isinstance(value, str):
        if match := BULK_ID.match(value):
            found.add(match.group(1))
    elif isinstance(value, dict):
        for inner in value.values():
            _collect(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _collect(inner, found)


def _substitute(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        match = BULK_ID.match(value)
        return ids[match.group(1)] if match else value
    if isinstance(value, dict):
        return {k: _substitute(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, ids) for v in value]
    return value


def _version(text: str | None) -> int | None:
    """An operation's ``version`` acts as If-Match (RFC 7644 §3.7, §3.14)."""
    if text is None or text.strip() == "*":
        return None
    tag = text.strip().removeprefix("W/").strip('"')
    if not tag.isdigit() or len(tag) > 11:
        raise PreconditionFailed("version names no version of this resource")
    return int(tag)


class Run:
    """The state of one Bulk run: resolved bulkIds, results, failures to record."""

    def __init__(self, scim: ScimContext, stop_at_first_error: bool) -> None:
        self.scim, self.stop = scim, stop_at_first_error
        self.schemas = OrgUserSchema(scim)  # custom definitions: read once per Bulk
        self.ids: dict[str, str] = {}
        self.failed: set[str] = set()
        self.results: list[tuple[int, dict[str, Any]]] = []
        self.failures: list[tuple[BulkOperation, str, DomainError]] = []

    def run(self, operations: list[BulkOperation]) -> None:
        pending = list(operations)
        declared = {op.bulk_id for op in operations if op.bulk_id}
        while pending:
            ready = next((op for op in pending if not (
                op.references() & declared - self.ids.keys() - self.failed)), None)
            if ready is None:  # every remaining operation waits on another: a cycle
                for op in pending:
                    self._fail(op, ScimError(409, "circular bulkId references", "invalidValue"))
                return
            pending.remove(ready)
            if not self.one(ready) and self.stop:
                return

    def one(self, op: BulkOperation) -> bool:
        try:
            if op.problem is not None:
                raise op.problem
            self._succeed(op, *self._execute(op))
            return True
        except (ScimError, DomainError) as exc:
            self._fail(op, exc)
            return False

    def _execute(self, op: BulkOperation) -> tuple[str, str, int | None, int]:
        unknown = op.references() - self.ids.keys()
        if unknown:
            raise InvalidValue(f"bulkId {sorted(unknown)[0]} names no successful operation")
        head, _, last = op.path.rpartition("/")
        match = PATH.match(f"{head}/{_substitute(last, self.ids)}" if head else op.path)
        if match is None or (match.group(2) is None) != (op.method == "POST"):
            raise ScimError(400, f"{op.method} cannot target the path {op.path!r}", "invalidPath")
        kind, _ = KINDS[match.group(1).lower()]
        data = _substitute(op.data, self.ids) if isinstance(op.data, dict) else {}
        handler = HANDLERS[(op.method, kind)]
        rid, version, status = handler(self.scim, self.schemas, match.group(2) or "", data,
                                       _version(op.version))
        return kind, rid, version, status

    def _succeed(self, op: BulkOperation, kind: str, rid: str, version: int | None,
                 status: int) -> None:
        if op.bulk_id:
            self.ids[op.bulk_id] = rid
        result: dict[str, Any] = {"method": op.method, "status": str(status),
                                  "location": f"{self.scim.base_url}/{kind}/{rid}"}
        if op.bulk_id:
            result["bulkId"] = op.bulk_id
        if version is not None:
            result["version"] = etag(version)
        self.results.append((op.index, result))

    def _fail(self, op: BulkOperation, exc: ScimError | DomainError) -> None:
        error = exc if isinstance(exc, ScimError) else from_domain(exc)
        if op.bulk_id:
            self.failed.add(op.bulk_id)
        result: dict[str, Any] = {"method": op.method, "status": str(error.status),
                                  "response": error_body(error)}
        if op.bulk_id:
            result["bulkId"] = op.bulk_id
        self.results.append((op.index, result))
        domain = exc if isinstance(exc, DomainError) else InvalidValue(error.detail)
        match = PATH.match(op.path)
        target = KINDS[match.group(1).lower()][1] if match else "bulk"
        self.failures.append((op, target, domain))


def run_bulk(scim: ScimContext, operations: list[BulkOperation],
             fail_on_errors: int | None) -> list[dict[str, Any]]:
    if fail_on_errors is None:
        run = Run(scim, stop_at_first_error=False)
        run.run(operations)
    else:
        run = _all_or_nothing(scim, operations)
    _record_failures(scim, run)
    return [result for _, result in sorted(run.results, key=lambda r: r[0])]


class _RollBack(Exception):
    pass


def _all_or_nothing(scim: ScimContext, operations: list[BulkOperation]) -> Run:
    run = Run(scim, stop_at_first_error=True)
    try:
        with scim.deps.shared_transaction() as deps:
            run.scim = replace(scim, deps=deps)
            run.schemas = OrgUserSchema(run.scim)
            run.run(operations)
            if run.failures:
                raise _RollBack
    except _RollBack:
        run.results = [r for r in run.results if int(r[1]["status"]) >= 400]
    run.scim = scim
    return run


def _record_failures(scim: ScimContext, run: Run) -> None:
    """Failed operations are audited after the Bulk's own transaction has ended."""
    for op, target, error in run.failures:
        action = f"{target}.bulk_{(op.method or 'invalid').lower()}"
        record_failure(scim.deps, org_id=scim.org.id, actor=scim.actor, action=action,
                       target_type=target, error=error)

