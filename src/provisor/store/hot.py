"""Statements of the hot paths, run on the DBAPI cursor of the unit of work's connection.

Issue 7 measure (SQLite, a prebuilt ``select(members)`` by primary key):
``Connection.execute(...).first()`` cost 52 µs, the same SQL on the sqlite3
cursor 10.5 µs; ``exec_driver_sql`` was no cheaper (54 µs): the cost is
SQLAlchemy's execution context and result machinery, paid on every
statement. A GET /Users/{id} runs three of them. ``Hot`` compiles a
statement once per dialect with SQLAlchemy, then binds, executes and applies
the columns' result processors (SQLite datetimes, JSON, booleans) itself, in
the connection's open transaction. SQLAlchemy offers no lighter public path.

Nothing else changes: when anything listens to statement execution on the
engine (the OpenTelemetry SQL spans), the statement goes through
``Connection.execute`` so that it is observed as every other one is; driver
errors are handed to SQLAlchemy's own handling, so they are wrapped
(``OperationalError`` and the outage handling) and a lost connection
invalidates the pool exactly as for any statement.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, DateTime, Dialect, Executable
from sqlalchemy.sql.expression import Select


class _Form:
    """A statement compiled for one dialect (and, for INSERT and UPDATE, one set of
    parameter keys, as ``Connection.execute`` compiles them): its SQL, how to bind
    the parameters, how to read the rows it returns."""

    def __init__(self, stmt: Any, dialect: Dialect, keys: Sequence[str] | None) -> None:
        compiled = stmt.compile(dialect=dialect, column_keys=keys)
        self.sql = str(compiled)
        self.names: Sequence[str] | None = (
            tuple(compiled.positiontup or ()) if dialect.positional else None)
        names = compiled.bind_names  # bind parameter -> its name in the SQL
        binds = {name: b.type.dialect_impl(dialect).bind_processor(dialect)
                 for b, name in names.items()}
        self.binds = {k: p for k, p in binds.items() if p is not None}
        # values the statement carries itself (``literal(1)``, ``limit(1)``)
        self.fixed = {name: b.effective_value for b, name in names.items()
                      if b.value is not None or b.callable is not None}
        columns = stmt.selected_columns if isinstance(stmt, Select) else stmt.exported_columns
        self.columns: list[tuple[int, Callable[[Any], Any]]] = [
            (i, p) for i, col in enumerate(columns)
            if (p := _result_processor(col.type, dialect)) is not None]

    def parameters(self, values: Mapping[str, Any]) -> Any:
        if self.fixed:
            values = {**self.fixed, **values}
        if self.binds:
            values = {k: (p(v) if (p := self.binds.get(k)) is not None else v)
                      for k, v in values.items()}
        if self.names is None:
            return values
        return tuple(values[name] for name in self.names)

    def row(self, raw: Sequence[Any]) -> Sequence[Any]:
        if not self.columns:
            return raw
        row = list(raw)
        for i, process in self.columns:
            if row[i] is not None:
                row[i] = process(row[i])
        return row


def _result_processor(type_: Any, dialect: Dialect) -> Callable[[Any], Any] | None:
    if dialect.name == "sqlite" and isinstance(type_, DateTime) and type_.timezone:
        return _sqlite_instant
    processor: Callable[[Any], Any] | None = \
        type_.dialect_impl(dialect).result_processor(dialect, None)
    return processor


def _sqlite_instant(value: str) -> datetime:
    """SQLite keeps instants as UTC text ("2026-01-02 03:04:05.678000"): read them
    aware, in UTC, at once (SQLAlchemy's processor reads them naive, and every
    repository then made them aware: two conversions per value, ~10 % of a list page)."""
    try:
        return datetime.fromisoformat(value + "+00:00")  # 6x faster than .replace(tzinfo=…)
    except ValueError:  # text that carries its own offset (not written by SQLAlchemy)
        return datetime.fromisoformat(value).astimezone(UTC)


class Hot:
    """A statement built once at import: a SELECT, or an INSERT, UPDATE or DELETE
    (with or without RETURNING) whose parameters name every column it writes.

    Not for statements that need SQLAlchemy at execution: expanding ``IN``
    parameters, or column defaults computed in Python.
    """

    def __init__(self, stmt: Executable) -> None:
        self.stmt = stmt
        self._dml = not isinstance(stmt, Select)
        self._forms: dict[tuple[str, tuple[str, ...] | None], _Form] = {}

    def _form(self, dialect: Dialect, values: Mapping[str, Any]) -> _Form:
        keys = tuple(values) if self._dml else None
        form = self._forms.get((dialect.name, keys))
        if form is None:
            form = self._forms[(dialect.name, keys)] = _Form(
                self.stmt, dialect, list(keys) if keys is not None else None)
        return form

    def all(self, conn: Connection, values: Mapping[str, Any]) -> list[Sequence[Any]]:
        """Every row (of a SELECT, or of RETURNING), its values in column order."""
        return self._run(conn, values, fetch=True)[1]

    def first(self, conn: Connection, values: Mapping[str, Any]) -> Sequence[Any] | None:
        rows = self.all(conn, values)
        return rows[0] if rows else None

    def rowcount(self, conn: Connection, values: Mapping[str, Any]) -> int:
        """Run an INSERT, UPDATE or DELETE; the number of rows it matched."""
        return self._run(conn, values, fetch=False)[0]

    def many(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run an INSERT once per row (``executemany``); every row has the same keys.

        SQLAlchemy's ``executemany`` builds and processes each row's parameters in
        Python: ~6 % of a POST /Groups with 100 members, inside the write lock."""
        if not rows:
            return
        if conn.engine.dispatch.before_cursor_execute or conn.dispatch.before_cursor_execute:
            conn.execute(self.stmt, [dict(r) for r in rows])
            return
        form = self._form(conn.dialect, rows[0])
        params = [form.parameters(r) for r in rows]
        cursor = conn.connection.cursor()
        try:
            cursor.executemany(form.sql, params)
        except conn.dialect.loaded_dbapi.Error as exc:
            conn._handle_dbapi_exception(exc, form.sql, params, cursor, None)
            raise
        finally:
            cursor.close()

    def _run(self, conn: Connection, values: Mapping[str, Any],
             fetch: bool) -> tuple[int, list[Sequence[Any]]]:
        if conn.engine.dispatch.before_cursor_execute or conn.dispatch.before_cursor_execute:
            result = conn.execute(self.stmt, dict(values))
            return result.rowcount, (list(result) if fetch else [])
        form = self._form(conn.dialect, values)
        params = form.parameters(values)
        cursor = conn.connection.cursor()
        try:
            cursor.execute(form.sql, params)
            raw = cursor.fetchall() if fetch else []
            count = cursor.rowcount
        except conn.dialect.loaded_dbapi.Error as exc:
            # SQLAlchemy's handling of a failed statement: wrap, invalidate on
            # disconnect, re-raise (there is no public hook for it)
            conn._handle_dbapi_exception(exc, form.sql, params, cursor, None)
            raise
        finally:
            cursor.close()
        return count, [form.row(r) for r in raw]

