"""How use cases are observed without the domain knowing OpenTelemetry.

Each use case is decorated with ``@use_case(name)``; the call runs inside
``deps.observer(name, arguments)``, a context manager the composition root
implements (a span per use case). The default observer does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from functools import wraps
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol, TypeVar

if TYPE_CHECKING:
    from provisor.domain.deps import Deps

P = ParamSpec("P")
R = TypeVar("R")


class ObservedCall(Protocol):
    def result(self, value: object) -> None:
        """Called with the use case's return value when it succeeds."""


class Observer(Protocol):
    def __call__(
        self, name: str, arguments: Mapping[str, object],
    ) -> AbstractContextManager[ObservedCall]: ...


class _Ignored:
    """The observed call of ``no_observer``: its own context manager, reused.

    A class rather than a ``@contextmanager`` generator: every use case of every
    request enters it, and the generator machinery cost ~1.5 % of a GET (issue 7)."""

    def result(self, value: object) -> None:
        return None

    def __enter__(self) -> ObservedCall:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


_IGNORED = _Ignored()


def no_observer(name: str, arguments: Mapping[str, object]) -> AbstractContextManager[
        ObservedCall]:
    return _IGNORED


def use_case(name: str) -> Callable[
    [Callable[Concatenate[Deps, P], R]], Callable[Concatenate[Deps, P], R]
]:
    """Mark a function as the use case ``name`` and run it under the observer."""

    def decorate(fn: Callable[Concatenate[Deps, P], R]) -> Callable[Concatenate[Deps, P], R]:
        def run(deps: Deps, /, *args: P.args, **kwargs: P.kwargs) -> R:
            with deps.observer(name, kwargs) as call:
                value = fn(deps, *args, **kwargs)
                call.result(value)
                return value

        wraps(fn)(run)
        run.use_case_name = name  # type: ignore[attr-defined]
        return run

    return decorate


__all__ = ["Any", "ObservedCall", "Observer", "no_observer", "use_case"]
