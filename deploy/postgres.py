"""A private PostgreSQL cluster for the gradebook: Debian's server binaries, our own data folder and port.

PostgreSQL refuses to run as root, so as root every server command runs as the ``postgres`` account
(``runuser -u postgres``); as any other user it runs as that user. The cluster listens on 127.0.0.1 only,
with password (SCRAM) authentication for TCP and peer authentication on its private Unix socket.
Standard library only: `make hub`, the tests and the benchmark all use it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

POSTGRES_ACCOUNT = "postgres"


def server_bindir() -> Path:
    """Folder of Debian's newest installed PostgreSQL server (``/usr/lib/postgresql/<version>/bin``)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL's server is not installed. On Debian/Ubuntu: apt-get install -y postgresql")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_account() -> list[str]:
    return ["runuser", "-u", POSTGRES_ACCOUNT, "--"] if os.geteuid() == 0 else []


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unsafe PostgreSQL name {name!r}: use letters, digits and underscores")
    return '"' + name + '"'


@dataclass
class Postgres:
    """One cluster: ``datadir`` holds the data, ``port`` is its TCP port on 127.0.0.1."""

    datadir: Path
    port: int

    @property
    def socket_dir(self) -> Path:
        return self.datadir.parent / "pgsocket"

    @property
    def logfile(self) -> Path:
        return self.datadir.parent / "postgresql.log"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*_as_server_account(), *args], capture_output=True, text=True, check=check)

    def _own(self, path: Path, mode: int) -> None:
        path.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(path, POSTGRES_ACCOUNT, POSTGRES_ACCOUNT)
        path.chmod(mode)

    def init(self) -> None:
        """Create the cluster once (idempotent)."""
        if (self.datadir / "PG_VERSION").exists():
            return
        self._own(self.datadir, 0o700)
        self._own(self.socket_dir, 0o755)
        self._own_log()
        result = self._run(str(server_bindir() / "initdb"), "-D", str(self.datadir), "-U", POSTGRES_ACCOUNT,
                           "-E", "UTF8", "--auth-local=peer", "--auth-host=scram-sha-256", check=False)
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}\n{result.stderr}")

    def _own_log(self) -> None:
        self.logfile.touch()
        if os.geteuid() == 0:
            shutil.chown(self.logfile, POSTGRES_ACCOUNT, POSTGRES_ACCOUNT)

    def running(self) -> bool:
        return self._run(str(server_bindir() / "pg_ctl"), "-D", str(self.datadir), "status", check=False).returncode == 0

    def start(self) -> None:
        self.init()
        if self.running():
            return
        self._own(self.socket_dir, 0o755)
        self._own_log()
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1"
        result = self._run(str(server_bindir() / "pg_ctl"), "-D", str(self.datadir), "-l", str(self.logfile),
                           "-o", options, "-w", "-t", "120", "start", check=False)
        if result.returncode != 0:
            log = self.logfile.read_text()[-3000:] if self.logfile.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start:\n{result.stdout}\n{result.stderr}\n{log}")

    def stop(self) -> None:
        if (self.datadir / "PG_VERSION").exists() and self.running():
            self._run(str(server_bindir() / "pg_ctl"), "-D", str(self.datadir), "-m", "fast", "-w", "stop")

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL as the cluster's superuser over the private socket; returns unaligned output."""
        result = self._run(str(server_bindir() / "psql"), "-h", str(self.socket_dir), "-p", str(self.port),
                           "-U", POSTGRES_ACCOUNT, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql,
                           check=False)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def ensure_database(self, name: str, owner: str, password: str) -> str:
        """Create (or keep) a login role and a database it owns; returns the SQLAlchemy URL for them."""
        exists = self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = {_sql_literal(owner)}")
        verb = "ALTER" if exists else "CREATE"
        self.psql(f"{verb} ROLE {_identifier(owner)} LOGIN PASSWORD {_sql_literal(password)}")
        if not self.psql(f"SELECT 1 FROM pg_database WHERE datname = {_sql_literal(name)}"):
            self.psql(f"CREATE DATABASE {_identifier(name)} OWNER {_identifier(owner)} ENCODING 'UTF8'")
        return self.url(name, owner, password)

    def drop_database(self, name: str) -> None:
        self.psql(f"DROP DATABASE IF EXISTS {_identifier(name)} WITH (FORCE)")

    def url(self, name: str, owner: str, password: str) -> str:
        from urllib.parse import quote

        return f"postgresql+psycopg://{owner}:{quote(password, safe='')}@127.0.0.1:{self.port}/{name}"
