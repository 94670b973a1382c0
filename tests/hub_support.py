"""The cohort deployment (`make hub`) started for tests: its own folder, accounts prefixed mn-t-, a free port.

The hub's Python environment is cached in /var/tmp (rebuilt by deploy/hub.py when the course package changes),
so only the first run on a machine pays for installing JupyterHub. Everything else is fresh for each run: the
deployment folder (exchange, course folder, PostgreSQL cluster) and the test accounts' course files.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

HUB_VENV = Path(os.environ.get("MN_TEST_HUB_VENV", "/var/tmp/microneedling-hub-venv"))
COURSE = "microneedling101"
TEST_COHORT = """
course_id = "microneedling101"
course_title = "Microneedling practitioner course (test cohort)"
grader_account = "mn-t-grader"
grader_group = "mn-t-graders"
instructors = ["mn-t-instructor"]
trainees = ["mn-t-ada", "mn-t-ben", "mn-t-cleo"]
database = "microneedling101_test"
database_role = "mn_t_grader"

[names]
mn-t-ada = ["Ada", "Lind"]
mn-t-ben = ["Ben", "Okafor"]
mn-t-cleo = ["Cleo", "Martins"]
"""
INSTRUCTOR = "mn-t-instructor"
TRAINEES = ("mn-t-ada", "mn-t-ben", "mn-t-cleo")
# What a previous run left in the test accounts' homes (their course files), removed before each run.
TRAINEE_LEFTOVERS = (COURSE, "microneedling-course", ".local/share/jupyter", ".jupyter")


def _hub_script(*args: str, env: dict | None = None, timeout: float = 1500) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "deploy" / "hub.py"), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


@dataclass
class TestHub:
    root: Path
    settings: dict
    password: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings['port']}"

    @property
    def layout(self):
        sys.path.insert(0, str(ROOT))
        from deploy.hub import Layout

        return Layout(self.root, Path(self.settings["venv"]), COURSE)

    @property
    def course_dir(self) -> Path:
        return self.root / "courses" / COURSE

    def command(self, name: str, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
        """One of the instructor's commands (course-nbgrader, course-autograde, course-report)."""
        result = subprocess.run([str(self.root / "bin" / name), *args], capture_output=True, text=True,
                                timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"{name} {' '.join(args)} failed ({result.returncode}):\n"
                                 f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
        return result

    def psql(self, sql: str) -> str:
        sys.path.insert(0, str(ROOT))
        from deploy.postgres import Postgres

        return Postgres(self.root / "postgres" / "data", self.settings["postgres_port"]).psql(
            sql, database="microneedling101_test")

    def stop(self) -> None:
        result = _hub_script("stop", "--root", str(self.root))
        assert result.returncode == 0, result.stderr


def _clear_test_accounts() -> None:
    for account in (INSTRUCTOR, *TRAINEES):
        try:
            home = Path(pwd.getpwnam(account).pw_dir)
        except KeyError:
            continue
        for leftover in TRAINEE_LEFTOVERS:
            shutil.rmtree(home / leftover, ignore_errors=True)


def start_test_hub() -> TestHub:
    root = Path(tempfile.mkdtemp(prefix="mn-hub-test-"))
    root.chmod(0o755)
    cohort_file = root.parent / f"{root.name}-cohort.toml"
    cohort_file.write_text(TEST_COHORT)
    _clear_test_accounts()
    result = _hub_script("start", "--background", "--root", str(root), "--venv", str(HUB_VENV),
                         "--cohort", str(cohort_file), env={"HUB_PORT": str(_free_port())})
    if result.returncode != 0:
        log = (root / "state" / "jupyterhub.log")
        failure = log.read_text()[-5000:] if log.exists() else ""
        _hub_script("stop", "--root", str(root))  # the database server it may have started goes too
        raise AssertionError(f"make hub failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}\n"
                             f"{failure}")
    settings = json.loads((root / "state" / "settings.json").read_text())
    password = json.loads((root / "state" / "secrets.json").read_text())["user_password"]
    return TestHub(root, settings, password)


def remove_test_hub(hub: TestHub) -> None:
    hub.stop()
    time.sleep(1)
    shutil.rmtree(hub.root, ignore_errors=True)
    Path(f"{hub.root}-cohort.toml").unlink(missing_ok=True)


def _free_port() -> int:
    sys.path.insert(0, str(ROOT))
    from deploy.postgres import free_port

    return free_port()
