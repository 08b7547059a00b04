"""No issued secret is stored in clear anywhere in the database."""

from __future__ import annotations

from sqlalchemy import String, Text, select

from provisor.api.bootstrap import Container
from provisor.store.tables import metadata
from tests.conftest import make_org


def test_no_table_holds_an_issued_token_or_key_in_clear(container: Container):
    orgs = [make_org(container.deps) for _ in range(2)]
    secrets = [s for o in orgs for s in (o.token, o.management_key)]
    cut = [s[len("scim_xxxxxxxx_"):] for s in secrets]  # the secret part alone, too
    with container.engine.connect() as conn:
        for table in metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            for row in conn.execute(select(*columns)) if columns else ():
                for value in row:
                    if isinstance(value, str):
                        assert not any(s in value for s in secrets + cut), table.name
    with container.engine.connect() as conn:
        from provisor.store.tables import credentials
        hashes = conn.execute(select(credentials.c.secret_hash)).scalars().all()
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
