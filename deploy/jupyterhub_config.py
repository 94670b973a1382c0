"""JupyterHub configuration for the cohort deployment (started by `make hub`, i.e. deploy/hub.py).

Topology: nbgrader's "one class, multiple graders" (its docs, configuration/jupyterhub_config): the course folder
belongs to a grader account that runs a shared Jupyter server as a JupyterHub *service* named after the course;
instructors in the group ``formgrade-<course>`` reach it; trainees in ``nbgrader-<course>`` get only the
Assignments tab. Everyone runs as a real Unix account (LocalProcessSpawner), so the exchange's permissions hold.

Formgrader under JupyterHub >= 4.1 (nbgrader #1870): JupyterHub forbids framing single-user pages
(``Content-Security-Policy: frame-ancestors 'none'``), which leaves JupyterLab's embedded Formgrader panel blank.
We keep that protection and use nbgrader's documented workaround of opening Formgrader in its own browser tab: the
service's landing page *is* Formgrader (``/services/<course>/formgrader``), linked from the hub's Services menu.

Login here is a shared password on loopback (SharedPasswordAuthenticator); docs/operator-guide.md describes the
production choices (OAuth with your identity provider, LTI 1.3 from the LMS, or NativeAuthenticator).
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deploy.hub import (  # noqa: E402
    Cohort,
    Layout,
    hub_groups,
    hub_roles,
    lessons_git_environment,
    lessons_link,
    server_token_scopes,
)

c = get_config()  # noqa: F821 (provided by JupyterHub)

settings = json.loads(Path(os.environ["MN_HUB_SETTINGS"]).read_text())
cohort = Cohort.load(Path(settings["cohort_file"]))
layout = Layout(Path(settings["hub_root"]), Path(settings["venv"]), cohort.course_id)
secret = json.loads(layout.secrets_file.read_text())
venv_bin = layout.venv / "bin"
course = cohort.course_id

# ---- network: loopback only
c.JupyterHub.bind_url = f"http://127.0.0.1:{settings['port']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings["hub_api_port"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [str(layout.proxy)]
c.JupyterHub.db_url = f"sqlite:///{layout.state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(layout.state / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True

# ---- who may log in
c.JupyterHub.authenticator_class = "jupyterhub.authenticators.shared.SharedPasswordAuthenticator"
c.SharedPasswordAuthenticator.user_password = secret["user_password"]
c.Authenticator.allowed_users = set(cohort.instructors) | set(cohort.trainees)
c.Authenticator.admin_users = set()

# ---- groups and roles (names as nbgrader expects: formgrade-<course>, nbgrader-<course>)
c.JupyterHub.load_groups = {name: {"users": users} for name, users in hub_groups(cohort).items()}
c.JupyterHub.load_roles = hub_roles(cohort)
c.Spawner.server_token_scopes = server_token_scopes(cohort)

# ---- single-user servers: real Unix accounts, the deployment's Python, per-role Jupyter settings
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [str(venv_bin / "jupyterhub-singleuser")]
c.Spawner.args = [f"--LabApp.app_settings_dir={layout.lab_settings}"]  # the course's JupyterLab defaults
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.environment = {"PATH": f"{venv_bin}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
                         **lessons_git_environment(layout)}
# Lessons arrive with nbgitpuller at every login: new and updated lessons are merged in, and a trainee's own
# changes are always kept (nbgitpuller never overwrites a file the trainee has modified).
def pre_spawn_hook(spawner):
    role = "instructor" if spawner.user.name in cohort.instructors else "trainee"
    spawner.environment["JUPYTER_CONFIG_PATH"] = layout.config_path(role)
    spawner.default_url = lessons_link(f"file://{layout.lessons_repo}")


c.Spawner.pre_spawn_hook = pre_spawn_hook

# ---- the course's shared grading server (nbgrader's formgrader as a JupyterHub service)
c.JupyterHub.services = [
    {
        "name": course,
        "display": True,
        "url": f"http://127.0.0.1:{settings['service_port']}",
        "command": [str(venv_bin / "jupyterhub-singleuser"), f"--ServerApp.root_dir={layout.course}",
                    f"--LabApp.app_settings_dir={layout.lab_settings}"],
        "user": cohort.grader_account,
        "cwd": str(layout.course),
        "oauth_no_confirm": True,
        "environment": {
            "PATH": f"{venv_bin}:/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "JUPYTER_CONFIG_PATH": layout.config_path("grader"),
            # Formgrader in its own tab (nbgrader #1870 workaround): the service opens on it.
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
        },
    }
]
