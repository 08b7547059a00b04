"""The SQL adapter: tables, repositories, unit of work, filter compiler, token cache."""

from provisor.store.cache import LruCredentialCache
from provisor.store.engine import DEFAULT_URL, make_engine, normalize_url
from provisor.store.uow import SqlUnitOfWork, SqlUnitOfWorkFactory

__all__ = [
    "DEFAULT_URL",
    "LruCredentialCache",
    "SqlUnitOfWork",
    "SqlUnitOfWorkFactory",
    "make_engine",
    "normalize_url",
]
