"""The cohort deployment on one machine (`make hub`): JupyterHub, nbgrader's exchange, a PostgreSQL gradebook.

    python deploy/hub.py start [--background]   set everything up (idempotent), then run JupyterHub
    python deploy/hub.py stop                   stop a background hub and the PostgreSQL server
    python deploy/hub.py status                 what is running, where, and how to log in

Run as root (it creates Unix accounts and starts PostgreSQL as the ``postgres`` account). Everything lives under
``HUB_ROOT`` (default ``/srv/microneedling-hub``):

    state/        hub database, cookie secret, settings.json, secrets.json (root only), logs
    postgres/     the private PostgreSQL cluster (data owned by postgres) holding the gradebook
    exchange/     nbgrader's exchange (world-writable, as nbgrader requires; submissions hidden by name)
    courses/<course_id>/   the course folder (source/, release, submitted/, autograded/, feedback/), owned by the
                  grader account, readable by the graders group only: trainees never see keys
    lessons.git   the trainee copy of the lessons, pulled into each trainee's home with nbgitpuller
    etc/jupyter/  per-role Jupyter settings (trainee, instructor, grader) given to each server
    bin/          course-nbgrader and course-autograde: the instructor's commands, run as the grader account

The Python environment for the hub and every user server is ``HUB_VENV`` (default ``HUB_ROOT/venv``): a
non-editable install of the course package with its ``hub`` extra, so trainees import the package without
reading this repository.
"""

from __future__ import annotations

import argparse
import grp
import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
sys.path.insert(0, str(ROOT))

from deploy.postgres import Postgres, free_port, server_bindir  # noqa: E402

PROXY_PACKAGE = "configurable-http-proxy@^5"
# The hub's Python must be executable by every account: Debian's python3 (a pyenv or conda Python under /root
# is not), at least 3.11 like the course.
SYSTEM_PYTHON = Path("/usr/bin/python3")
# The course's own Jupyter settings (jupyter/, helper I: the trainee view and the saving extension) are used as they
# are; on the hub a trainee also needs nbgrader's Assignment List (fetch, submit, feedback) and nbgitpuller.
# Extensions a trainee never sees: nbgrader's authoring and grading tools, the debugger, JupyterLab's news pop-up.
TRAINEE_HIDDEN_LABEXTENSIONS = [
    "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:validate-assignment", "@jupyterlab/debugger-extension",
    "@jupyterlab/apputils-extension:announcements",
]
TRAINEE_SHOWN_LABEXTENSIONS = ["@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:menu"]
TRAINEE_SERVER_EXTENSIONS = {
    "nbgrader.server_extensions.formgrader": False,
    "nbgrader.server_extensions.course_list": False,
    "nbgrader.server_extensions.validate_assignment": False,
    "nbgrader.server_extensions.assignment_list": True,
    "nbgitpuller": True,
    "microneedling.saving": True,
}
LESSONS_FOLDER = "microneedling-course"  # where nbgitpuller puts the lessons in each trainee's home


@dataclass(frozen=True)
class Cohort:
    course_id: str
    course_title: str
    grader_account: str
    grader_group: str
    instructors: list[str]
    trainees: list[str]
    database: str
    database_role: str
    names: dict[str, list[str]] = field(default_factory=dict)

    @property
    def formgrade_group(self) -> str:
        return f"formgrade-{self.course_id}"

    @property
    def trainee_group(self) -> str:
        return f"nbgrader-{self.course_id}"

    @classmethod
    def load(cls, path: Path = DEPLOY / "cohort.toml") -> "Cohort":
        data = tomllib.loads(path.read_text())
        for account in [data["grader_account"], *data["instructors"], *data["trainees"]]:
            if not account.startswith("mn-") or not account.replace("-", "").isalnum():
                raise SystemExit(f"cohort.toml: account {account!r} must start with 'mn-' and use letters, digits, -")
        return cls(**data)


@dataclass(frozen=True)
class Layout:
    """Where everything lives under HUB_ROOT."""

    root: Path
    venv: Path
    course_id: str

    state = property(lambda self: self.root / "state")
    exchange = property(lambda self: self.root / "exchange")
    course = property(lambda self: self.root / "courses" / self.course_id)
    lessons_repo = property(lambda self: self.root / "lessons.git")
    etc = property(lambda self: self.root / "etc" / "jupyter")
    git_config = property(lambda self: self.root / "etc" / "gitconfig")
    bin = property(lambda self: self.root / "bin")
    settings_file = property(lambda self: self.state / "settings.json")
    secrets_file = property(lambda self: self.state / "secrets.json")
    pidfile = property(lambda self: self.state / "jupyterhub.pid")
    hub_log = property(lambda self: self.state / "jupyterhub.log")
    proxy = property(lambda self: self.venv / "node" / "node_modules" / ".bin" / "configurable-http-proxy")

    def postgres(self, port: int) -> Postgres:
        return Postgres(self.root / "postgres" / "data", port)

    def role_config(self, role: str) -> Path:
        return self.etc / role

    def config_path(self, role: str) -> str:
        """JUPYTER_CONFIG_PATH of a server: the role's settings first, then the course's, then the shared ones."""
        course = self.role_config("course")
        layers = [self.role_config(role)] + ([course / "trainee"] if role in ("trainee", "instructor") else [])
        return os.pathsep.join(str(p) for p in [*layers, course / "common", self.role_config("common")])

    @property
    def lab_settings(self) -> Path:
        return self.role_config("course") / "lab-settings"


def hub_groups(cohort: Cohort) -> dict[str, list[str]]:
    """JupyterHub groups, named as nbgrader expects. The grader account is in the graders' group (as in nbgrader's
    demos): Formgrader asks the hub which courses it serves."""
    return {cohort.formgrade_group: [*cohort.instructors, cohort.grader_account],
            cohort.trainee_group: list(cohort.trainees)}


def hub_roles(cohort: Cohort) -> list[dict]:
    course = cohort.course_id
    return [
        {   # graders: the shared Formgrader service
            "name": cohort.formgrade_group,
            "groups": [cohort.formgrade_group],
            "scopes": [f"access:services!service={course}", "list:services", f"read:services!service={course}"],
        },
        {   # trainees: discover the course (nbgrader's course list); nothing else
            "name": cohort.trainee_group,
            "groups": [cohort.trainee_group],
            "scopes": ["list:services", f"read:services!service={course}"],
        },
        {   # the grader service: read course membership; add trainees to the course group (nbgrader db student add)
            "name": f"grader-{course}",
            "services": [course],
            "scopes": ["read:users:groups", "list:groups", f"read:groups!group={cohort.trainee_group}",
                       f"groups!group={cohort.trainee_group}"],
        },
    ]


def server_token_scopes(cohort: Cohort) -> list[str]:
    """A server's own API token: nbgrader's JupyterHubAuthPlugin reads the owner's groups to find their courses."""
    return ["users:activity!user", "access:servers!server", "read:users:groups!user", "list:services",
            f"read:services!service={cohort.course_id}"]


def common_nbgrader_config(cohort: Cohort, exchange: str) -> str:
    """The nbgrader settings every server of the cohort shares (no secrets)."""
    return (
        "from nbgrader.auth import JupyterHubAuthPlugin\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {cohort.course_id!r}\n"
        f"c.Exchange.root = {exchange!r}\n"
        "c.Exchange.path_includes_course = True\n"
        "# Course membership comes from the JupyterHub groups nbgrader-<course> (trainees), formgrade-<course>.\n"
        "c.Authenticator.plugin_class = JupyterHubAuthPlugin\n"
    )


def lessons_link(repo_url: str) -> str:
    """nbgitpuller's link: lessons merged into ~/microneedling-course, the trainee's own changes kept."""
    return (f"/git-pull?repo={repo_url}&branch=main&targetpath={LESSONS_FOLDER}"
            f"&urlpath=lab/tree/{LESSONS_FOLDER}/notebooks/00_welcome.ipynb")


_STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[make hub {time.monotonic() - _STARTED:5.0f} s] {message}", flush=True)


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("check", True)
    return subprocess.run(list(args), **kwargs)


def as_account(account: str, *args: str, cwd: Path | None = None, env: dict | None = None,
               check: bool = True) -> subprocess.CompletedProcess:
    """Run a command as another Unix account with a clean environment (``runuser`` needs root)."""
    environment = {"HOME": pwd.getpwnam(account).pw_dir, "USER": account, "LANG": "C.UTF-8",
                   "PATH": "/usr/bin:/bin", **(env or {})}
    command = ["runuser", "-u", account, "--", "env", "-i", *(f"{k}={v}" for k, v in environment.items()), *args]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"as {account}, `{' '.join(args)}` failed ({result.returncode}): "
                           f"{(result.stderr or result.stdout).strip()[-2000:]}")
    return result


# ---------------------------------------------------------------- system packages, Python env, proxy

def ensure_system_packages() -> None:
    missing = []
    try:
        server_bindir()
    except RuntimeError:
        missing.append("postgresql")
    missing += [pkg for pkg, tool in [("nodejs", "node"), ("npm", "npm"), ("git", "git")] if not shutil.which(tool)]
    if not SYSTEM_PYTHON.exists() or run(str(SYSTEM_PYTHON), "-c", "import ensurepip, venv", check=False,
                                         capture_output=True).returncode != 0:
        missing += ["python3", "python3-venv"]
    if not missing:
        return
    log(f"installing Debian packages: {' '.join(missing)}")
    run("apt-get", "update", "-qq")
    run("apt-get", "install", "-y", "-qq", *missing, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def _package_fingerprint() -> str:
    digest = hashlib.sha256()
    files = [ROOT / "pyproject.toml", *sorted((ROOT / "microneedling").rglob("*"))]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_python_env(layout: Layout) -> None:
    """A venv with the course package (non-editable) and its hub extra; reinstalled when the package changes."""
    stamp = layout.venv / ".microneedling-installed"
    fingerprint = _package_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    if not (layout.venv / "bin" / "python").exists():
        log(f"creating the hub's Python environment in {layout.venv}")
        base = os.environ.get("HUB_PYTHON", str(SYSTEM_PYTHON))
        version = run(base, "-c", "import sys; print(sys.version_info >= (3, 11))", capture_output=True, text=True)
        if version.stdout.strip() != "True":
            raise SystemExit(f"{base} is older than Python 3.11; set HUB_PYTHON to a Python 3.11+ every user can run")
        run(base, "-m", "venv", str(layout.venv))
    log("installing JupyterHub, nbgrader and the course package into it (first time: a few minutes)")
    pip = [str(layout.venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    run(*pip, "--upgrade", "pip")
    run(*pip, f"{ROOT}[hub]")
    run(*pip, "--no-deps", "--force-reinstall", str(ROOT))  # the package itself, even when its version is unchanged
    layout.venv.chmod(0o755)
    stamp.write_text(fingerprint)


def ensure_proxy(layout: Layout) -> None:
    if layout.proxy.exists():
        return
    log("installing configurable-http-proxy from npm")
    run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(layout.venv / "node"),
        PROXY_PACKAGE)


# ---------------------------------------------------------------- accounts and folders

def ensure_group(name: str) -> None:
    try:
        grp.getgrnam(name)
    except KeyError:
        run("groupadd", name)


def ensure_account(name: str, groups: list[str]) -> None:
    try:
        pwd.getpwnam(name)
    except KeyError:
        log(f"creating Unix account {name}")
        run("useradd", "--create-home", "--shell", "/bin/bash", "--user-group", name)
    for group in groups:
        run("usermod", "--append", "--groups", group, name)
    Path(pwd.getpwnam(name).pw_dir).chmod(0o700)  # trainees cannot read each other's work


def chown_tree(path: Path, user: str, group: str) -> None:
    run("chown", "-R", f"{user}:{group}", str(path))


def ensure_accounts(cohort: Cohort) -> None:
    ensure_group(cohort.grader_group)
    ensure_account(cohort.grader_account, [cohort.grader_group])
    for instructor in cohort.instructors:
        ensure_account(instructor, [cohort.grader_group])
    for trainee in cohort.trainees:
        ensure_account(trainee, [])


def ensure_folders(layout: Layout, cohort: Cohort) -> None:
    layout.root.mkdir(parents=True, exist_ok=True)
    layout.root.chmod(0o755)
    layout.state.mkdir(exist_ok=True)
    layout.state.chmod(0o700)
    layout.exchange.mkdir(exist_ok=True)
    layout.exchange.chmod(0o777)  # nbgrader's exchange must be writable by every trainee (it checks)
    (layout.root / "courses").mkdir(exist_ok=True)
    (layout.root / "courses").chmod(0o755)


# ---------------------------------------------------------------- settings and secrets

def load_settings(layout: Layout, port: int | None) -> dict:
    settings = json.loads(layout.settings_file.read_text()) if layout.settings_file.exists() else {}
    settings["hub_root"] = str(layout.root)
    settings["venv"] = str(layout.venv)
    settings["repo"] = str(ROOT)
    settings["cohort_file"] = os.environ["HUB_COHORT"]
    settings["port"] = port or settings.get("port") or 8000
    for key in ("hub_api_port", "proxy_api_port", "service_port", "postgres_port"):
        settings.setdefault(key, free_port())
    layout.settings_file.write_text(json.dumps(settings, indent=2))
    return settings


def load_secrets(layout: Layout) -> dict:
    data = json.loads(layout.secrets_file.read_text()) if layout.secrets_file.exists() else {}
    data.setdefault("user_password", secrets.token_urlsafe(12))
    data.setdefault("database_password", secrets.token_urlsafe(24))
    layout.secrets_file.write_text(json.dumps(data, indent=2))
    layout.secrets_file.chmod(0o600)
    return data


# ---------------------------------------------------------------- PostgreSQL

def ensure_database(layout: Layout, cohort: Cohort, settings: dict, secret: dict) -> str:
    pg = layout.postgres(settings["postgres_port"])
    pg.start()
    return pg.ensure_database(cohort.database, cohort.database_role, secret["database_password"])


# ---------------------------------------------------------------- Jupyter settings per role

def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")


def write_role_configs(layout: Layout, cohort: Cohort) -> None:
    """nbgrader + Jupyter settings given to each kind of server through JUPYTER_CONFIG_PATH."""
    common = layout.role_config("common")
    common.mkdir(parents=True, exist_ok=True)
    (common / "nbgrader_config.py").write_text(
        "# Written by deploy/hub.py: every server of the cohort (no secrets here).\n"
        + common_nbgrader_config(cohort, str(layout.exchange)))
    # The course's settings, copied where every account can read them (the repository may not be readable).
    shutil.copytree(ROOT / "jupyter", layout.role_config("course"), dirs_exist_ok=True)
    trainee = layout.role_config("trainee")
    disabled = {name: True for name in TRAINEE_HIDDEN_LABEXTENSIONS}
    disabled.update({name: False for name in TRAINEE_SHOWN_LABEXTENSIONS})
    write_json(trainee / "labconfig" / "page_config.json", {"disabledExtensions": disabled})
    write_json(trainee / "jupyter_server_config.json",
               {"ServerApp": {"jpserver_extensions": TRAINEE_SERVER_EXTENSIONS}})
    # Instructors' own servers are trainee views too (they see what trainees see); grading is in the service.
    shutil.copytree(trainee, layout.role_config("instructor"), dirs_exist_ok=True)
    grader = layout.role_config("grader")
    write_json(grader / "labconfig" / "page_config.json",
               {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    for path in layout.etc.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    layout.etc.parent.chmod(0o755)
    layout.etc.chmod(0o755)


# ---------------------------------------------------------------- the course folder and the gradebook

def course_env(layout: Layout) -> dict[str, str]:
    return {
        "PATH": f"{layout.venv / 'bin'}:/usr/bin:/bin",
        "JUPYTER_CONFIG_PATH": layout.config_path("grader"),
        "PYTHONWARNINGS": "ignore",
    }


def ensure_course(layout: Layout, cohort: Cohort, db_url: str) -> None:
    """The grader account's course folder: source/ copied once (never over the instructor's edits)."""
    course = layout.course
    course.mkdir(parents=True, exist_ok=True)
    if not (course / "source").exists():
        log(f"copying the quizzes' instructor versions to {course}/source")
        shutil.copytree(ROOT / "source", course / "source")
    config = (ROOT / "nbgrader_config.py").read_text()
    (course / "nbgrader_config.py").write_text(
        config
        + "\n# ---- cohort deployment (written by deploy/hub.py at every `make hub`: edit the repository's copy) ----\n"
        + f"c.CourseDirectory.root = {str(course)!r}\n"
        + f"c.CourseDirectory.db_url = {db_url!r}\n"
        + "c.CourseDirectory.groupshared = True\n"
        + f"c.NbGrader.logfile = {str(course / 'nbgrader.log')!r}\n"
    )
    chown_tree(course, cohort.grader_account, cohort.grader_group)
    run("chmod", "-R", "u+rwX,g+rwX,o-rwx", str(course))
    for folder in [course, *(p for p in course.rglob("*") if p.is_dir())]:
        folder.chmod(folder.stat().st_mode | 0o2000)  # new files keep the graders group


GRADEBOOK_SCRIPT = """
import json, sys
from nbgrader.api import Gradebook
from nbgrader.apps import NbGrader
from nbgrader.converters import GenerateAssignment
from nbgrader.utils import capture_log, temp_attrs

app = NbGrader()
app.initialize([])  # reads nbgrader_config.py: the course folder, the PostgreSQL gradebook
assert app.coursedir.db_url.startswith("postgresql"), app.coursedir.db_url
names, quizzes = json.loads(sys.argv[1]), json.loads(sys.argv[2])
with Gradebook(app.coursedir.db_url, app.coursedir.course_id) as gb:
    for trainee, (first, last) in names.items():
        gb.update_or_create_student(trainee, first_name=first, last_name=last)
    known = {a.name for a in gb.assignments}
for quiz in quizzes:
    if quiz in known:
        continue
    with temp_attrs(app.coursedir, assignment_id=quiz):
        converter = GenerateAssignment(coursedir=app.coursedir, parent=app)
        converter.force = True
        result = capture_log(converter)
    if not result["success"]:
        sys.exit(f"nbgrader generate_assignment {quiz} failed:\\n{result['log']}\\n{result.get('error')}")
    print(quiz)
"""


def ensure_gradebook(layout: Layout, cohort: Cohort) -> None:
    """Trainees in the gradebook; every quiz generated once, so Formgrader lists it ready to release."""
    names = {t: cohort.names.get(t, [t.removeprefix("mn-").title(), ""]) for t in cohort.trainees}
    quizzes = sorted(p.name for p in (layout.course / "source").iterdir() if p.is_dir())
    result = as_account(cohort.grader_account, str(layout.venv / "bin" / "python"), "-c", GRADEBOOK_SCRIPT,
                        json.dumps(names), json.dumps(quizzes), cwd=layout.course, env=course_env(layout),
                        check=False)
    if result.returncode != 0:
        raise SystemExit(f"could not prepare the gradebook:\n{result.stdout}\n{result.stderr[-3000:]}")
    for quiz in result.stdout.split():
        log(f"quiz {quiz} generated (ready to release in Formgrader)")


def write_commands(layout: Layout, cohort: Cohort) -> None:
    """The instructor's commands on the host: nbgrader and the cohort autograde, run as the grader account."""
    layout.bin.mkdir(exist_ok=True)
    env = " ".join(f"{k}={v}" for k, v in course_env(layout).items())
    for name, program in [("course-nbgrader", "nbgrader"),
                          ("course-autograde", "python -m microneedling.cohort.autograde"),
                          ("course-report", "python -m microneedling.cohort.report")]:
        path = layout.bin / name
        home = pwd.getpwnam(cohort.grader_account).pw_dir
        path.write_text(
            "#!/bin/sh\n"
            f"# {program} in the course folder, as {cohort.grader_account} (written by deploy/hub.py)\n"
            f"cd {layout.course} && exec runuser -u {cohort.grader_account} -- env -i HOME={home} "
            f"LANG=C.UTF-8 {env} {program} \"$@\"\n"
        )
        path.chmod(0o750)


# ---------------------------------------------------------------- lessons for nbgitpuller

def ensure_lessons_repo(layout: Layout) -> None:
    """lessons.git: the trainee copy of the course (``make trainee-copy``: lessons, released quizzes, the course's
    Jupyter settings — never source/), one commit per course update, served to trainees by nbgitpuller."""
    from microneedling.distribution import build

    copy = layout.state / "trainee-course"
    summary = build(copy)
    bare = layout.lessons_repo
    if not (bare / "HEAD").exists():
        run("git", "init", "--quiet", "--bare", "--initial-branch=main", str(bare))
    before = run("git", "-C", str(bare), "rev-parse", "--verify", "--quiet", "main", capture_output=True, text=True,
                 check=False).stdout.strip()
    run("git", "-C", str(copy), "push", "--quiet", "--force", str(bare), "HEAD:main")
    after = run("git", "-C", str(bare), "rev-parse", "main", capture_output=True, text=True).stdout.strip()
    if after != before:
        log(f"lessons updated in lessons.git ({summary}); trainees get them at their next login, their changes kept")
    run("chmod", "-R", "a+rX", str(bare))


def lessons_git_environment(layout: Layout) -> dict[str, str]:
    """What user servers need to read lessons.git, which root owns: git refuses another account's repository unless
    a protected config marks it safe. The deployment's own system config (the machine's /etc/gitconfig included)
    does that for nbgitpuller in every user server, and writes nothing into trainees' homes; git drops
    command-line config (GIT_CONFIG_COUNT) for file:// fetches, so it has to be the system file."""
    return {"GIT_CONFIG_SYSTEM": str(layout.git_config)}


def write_git_config(layout: Layout) -> None:
    layout.git_config.parent.mkdir(parents=True, exist_ok=True)
    layout.git_config.write_text(f"[include]\n\tpath = /etc/gitconfig\n[safe]\n\tdirectory = {layout.lessons_repo}\n")
    layout.git_config.chmod(0o644)


# ---------------------------------------------------------------- running JupyterHub

def hub_command(layout: Layout) -> list[str]:
    return [str(layout.venv / "bin" / "jupyterhub"), "-f", str(DEPLOY / "jupyterhub_config.py")]


def hub_env(layout: Layout) -> dict[str, str]:
    return {**os.environ, "MN_HUB_SETTINGS": str(layout.settings_file),
            "PATH": f"{layout.venv / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}"}


def wait_for_hub(settings: dict, process: subprocess.Popen | None, timeout: float = 240) -> None:
    url = f"http://127.0.0.1:{settings['port']}/hub/api/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"JupyterHub exited with code {process.returncode}; see its log")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"JupyterHub did not answer at {url} within {timeout:.0f} s")


def setup(layout: Layout, cohort: Cohort, port: int | None) -> dict:
    if os.geteuid() != 0:
        raise SystemExit("make hub must run as root: it creates the cohort's Unix accounts and starts PostgreSQL "
                         "as the postgres account (see docs/operator-guide.md)")
    ensure_system_packages()
    log(f"setting up the cohort deployment in {layout.root}")
    ensure_folders(layout, cohort)
    settings = load_settings(layout, port)
    secret = load_secrets(layout)
    ensure_python_env(layout)
    ensure_proxy(layout)
    ensure_accounts(cohort)
    log("accounts ready; starting PostgreSQL")
    db_url = ensure_database(layout, cohort, settings, secret)
    log("gradebook database ready")
    write_role_configs(layout, cohort)
    ensure_course(layout, cohort, db_url)
    ensure_gradebook(layout, cohort)
    write_commands(layout, cohort)
    ensure_lessons_repo(layout)
    write_git_config(layout)
    log("set up; starting JupyterHub")
    return settings


def greet(layout: Layout, cohort: Cohort, settings: dict) -> None:
    password = load_secrets(layout)["user_password"]
    url = f"http://127.0.0.1:{settings['port']}"
    print(f"""
JupyterHub for {cohort.course_id}: {url}
  password for every account: {password}   (loopback demo; see docs/operator-guide.md for production login)
  instructors: {', '.join(cohort.instructors)}  -> Formgrader: {url}/services/{cohort.course_id}/formgrader
  trainees:    {', '.join(cohort.trainees)}     -> lessons in ~/{LESSONS_FOLDER}, quizzes in the Assignments tab
  instructor's commands on this machine: {layout.bin}/course-nbgrader, course-autograde, course-report
  gradebook: PostgreSQL on 127.0.0.1:{settings['postgres_port']}, database {cohort.database}
""", flush=True)


def start(layout: Layout, cohort: Cohort, port: int | None, background: bool) -> None:
    settings = setup(layout, cohort, port)
    if background:
        logfile = layout.hub_log.open("ab")
        process = subprocess.Popen(hub_command(layout), cwd=layout.state, env=hub_env(layout), stdout=logfile,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        layout.pidfile.write_text(str(process.pid))
        wait_for_hub(settings, process)
        greet(layout, cohort, settings)
        return
    greet(layout, cohort, settings)
    process = subprocess.Popen(hub_command(layout), cwd=layout.state, env=hub_env(layout))
    layout.pidfile.write_text(str(process.pid))
    try:
        process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    finally:
        layout.pidfile.unlink(missing_ok=True)
        layout.postgres(settings["postgres_port"]).stop()
        log("JupyterHub and PostgreSQL stopped")


def stop(layout: Layout) -> None:
    if layout.pidfile.exists():
        pid = int(layout.pidfile.read_text())
        try:
            os.kill(pid, signal.SIGTERM)
            for _ in range(120):
                os.kill(pid, 0)
                time.sleep(0.5)
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        layout.pidfile.unlink(missing_ok=True)
    if layout.settings_file.exists():
        settings = json.loads(layout.settings_file.read_text())
        layout.postgres(settings["postgres_port"]).stop()
    log("stopped")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["start", "stop", "status", "setup"])
    parser.add_argument("--root", default=os.environ.get("HUB_ROOT") or "/srv/microneedling-hub")
    parser.add_argument("--venv", default=os.environ.get("HUB_VENV") or None)
    parser.add_argument("--port", type=int, default=int(os.environ["HUB_PORT"]) if os.environ.get("HUB_PORT") else None)
    parser.add_argument("--background", action="store_true", help="return once the hub answers (tests)")
    parser.add_argument("--cohort", default=os.environ.get("HUB_COHORT") or None,
                        help="the cohort file (default deploy/cohort.toml)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    settings_file = root / "state" / "settings.json"
    saved = json.loads(settings_file.read_text()) if settings_file.exists() else {}
    cohort_file = Path(args.cohort or saved.get("cohort_file") or DEPLOY / "cohort.toml").resolve()
    cohort = Cohort.load(cohort_file)
    venv = args.venv or saved.get("venv") or root / "venv"
    layout = Layout(root, Path(venv).resolve(), cohort.course_id)
    os.environ["HUB_COHORT"] = str(cohort_file)
    if args.command == "start":
        start(layout, cohort, args.port, args.background)
    elif args.command == "setup":
        greet(layout, cohort, setup(layout, cohort, args.port))
    elif args.command == "stop":
        stop(layout)
    else:
        settings = json.loads(layout.settings_file.read_text()) if layout.settings_file.exists() else None
        if settings is None:
            print("not set up: run make hub")
            return
        running = layout.pidfile.exists()
        print(f"JupyterHub {'running' if running else 'stopped'}; PostgreSQL "
              f"{'running' if layout.postgres(settings['postgres_port']).running() else 'stopped'}")
        greet(layout, cohort, settings)


if __name__ == "__main__":
    main()
