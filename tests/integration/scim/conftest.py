from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.conftest import ReadyOrg
from tests.integration.scim.helpers import Scim


@pytest.fixture
def scim(client: TestClient, org: ReadyOrg) -> Scim:
    return Scim(client, org)
