"""Fixtures for the cohort tests: a private PostgreSQL server (Debian's, started by the test) and a simulated
cohort with planted problem questions."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path

import pytest

from deploy.postgres import Postgres, free_port, server_bindir
from tests.conftest import IN_CI


def postgres_available() -> bool:
    try:
        server_bindir()
    except RuntimeError:
        return False
    return True


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL cluster for this test session (127.0.0.1, a free port), removed afterwards."""
    if not postgres_available():
        if IN_CI:
            pytest.fail("PostgreSQL is not installed: .ci/run installs Debian's postgresql")
        pytest.skip("PostgreSQL is not installed (apt-get install -y postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="mn-pg-test-"))
    folder.chmod(0o755)  # the postgres account must reach its data folder
    server = Postgres(folder / "data", free_port())
    server.start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


TEST_ROLE_PASSWORD = secrets.token_urlsafe(12)  # one per test session: every database shares the role


def new_database(server: Postgres, name: str) -> str:
    """A fresh empty database; returns its SQLAlchemy URL."""
    server.drop_database(name)
    return server.ensure_database(name, "mn_test", TEST_ROLE_PASSWORD)
