"""The Kubernetes (Zero to JupyterHub) values describe the same course as the loopback deployment (`make hub`):
course id, groups, roles, token scopes, exchange path, gradebook database, trainee settings, limits."""

from __future__ import annotations

import re

import pytest
import yaml

from deploy.hub import (LESSONS_FOLDER, TRAINEE_HIDDEN_LABEXTENSIONS, TRAINEE_SERVER_EXTENSIONS,
                        TRAINEE_SHOWN_LABEXTENSIONS, Cohort,
                        common_nbgrader_config, hub_groups, hub_roles, server_token_scopes)
from tests.conftest import ROOT

K8S = ROOT / "deploy" / "k8s"
EXCHANGE = "/srv/nbgrader/exchange"


@pytest.fixture(scope="module")
def cohort() -> Cohort:
    return Cohort.load()


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((K8S / "values.yaml").read_text())


@pytest.fixture(scope="module")
def grader() -> dict[str, dict]:
    return {doc["kind"] + "/" + doc["metadata"]["name"]: doc
            for doc in yaml.safe_load_all((K8S / "grader-service.yaml").read_text())}


def _bytes(quantity: str) -> float:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "K": 1e3, "M": 1e6, "G": 1e9}
    number, unit = re.fullmatch(r"([\d.]+)([A-Za-z]*)", str(quantity)).groups()
    return float(number) * units.get(unit, 1)


def test_course_service_matches(values, grader, cohort):
    course = cohort.course_id
    assert list(values["hub"]["services"]) == [course]
    service = values["hub"]["services"][course]
    assert service["url"].startswith(f"http://grader-{course}:")
    deployment = grader[f"Deployment/grader-{course}"]
    env = {e["name"]: e.get("value") for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["JUPYTERHUB_SERVICE_NAME"] == course
    assert env["JUPYTERHUB_SERVICE_PREFIX"] == f"/services/{course}/"
    assert env["JUPYTERHUB_USER"] == cohort.grader_account
    assert env["JUPYTERHUB_DEFAULT_URL"] == "/formgrader"  # Formgrader in its own tab (nbgrader #1870)
    assert f"Service/grader-{course}" in grader


def test_groups_roles_and_token_scopes_match(values, cohort):
    groups = values["hub"]["config"]["JupyterHub"]["load_groups"]
    loopback = hub_groups(cohort)
    assert set(groups) == set(loopback) == {f"formgrade-{cohort.course_id}", f"nbgrader-{cohort.course_id}"}
    assert groups[cohort.formgrade_group]["users"] == loopback[cohort.formgrade_group]
    roles = {name: {k: v for k, v in role.items()} for name, role in values["hub"]["loadRoles"].items()}
    assert roles == {role["name"]: {k: v for k, v in role.items() if k != "name"} for role in hub_roles(cohort)}
    assert values["hub"]["config"]["Spawner"]["server_token_scopes"] == server_token_scopes(cohort)


def test_shared_exchange_and_nbgrader_settings_match(values, grader, cohort):
    mounts = {m["name"]: m["mountPath"] for m in values["singleuser"]["storage"]["extraVolumeMounts"]}
    assert mounts["nbgrader-exchange"] == EXCHANGE
    claim = values["singleuser"]["storage"]["extraVolumes"][0]["persistentVolumeClaim"]["claimName"]
    pvc = grader[f"PersistentVolumeClaim/{claim}"]
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"], "every trainee pod mounts the exchange"
    trainee_config = values["singleuser"]["extraFiles"]["nbgrader-config"]["stringData"]
    assert trainee_config.strip() == common_nbgrader_config(cohort, EXCHANGE).strip()
    grader_config = grader[f"ConfigMap/grader-{cohort.course_id}"]["data"]["nbgrader_config.py"]
    for line in common_nbgrader_config(cohort, EXCHANGE).splitlines():
        if line.startswith("c."):
            assert line in grader_config, f"the grader service lacks: {line}"
    volumes = grader[f"Deployment/grader-{cohort.course_id}"]["spec"]["template"]["spec"]
    grader_mounts = {m["mountPath"] for m in volumes["containers"][0]["volumeMounts"]}
    assert EXCHANGE in grader_mounts


def test_gradebook_is_postgresql_with_the_same_database(grader, cohort):
    secret = grader[f"Secret/grader-{cohort.course_id}"]["stringData"]["NBGRADER_DB_URL"]
    assert secret.startswith("postgresql+psycopg://")
    assert secret.rsplit("/", 1)[1] == cohort.database
    assert secret.split("//")[1].split(":")[0] == cohort.database_role
    assert "os.environ['NBGRADER_DB_URL']" in grader[f"ConfigMap/grader-{cohort.course_id}"]["data"][
        "nbgrader_config.py"]


def test_trainee_view_settings_match(values):
    files = values["singleuser"]["extraFiles"]
    disabled = files["trainee-lab-settings"]["data"]["disabledExtensions"]
    assert {name for name, off in disabled.items() if off} == set(TRAINEE_HIDDEN_LABEXTENSIONS)
    assert {name for name, off in disabled.items() if not off} == set(TRAINEE_SHOWN_LABEXTENSIONS)
    extensions = files["trainee-server-settings"]["data"]["ServerApp"]["jpserver_extensions"]
    assert extensions == TRAINEE_SERVER_EXTENSIONS
    assert f"targetpath={LESSONS_FOLDER}" in values["singleuser"]["defaultUrl"]
    assert values["singleuser"]["defaultUrl"].startswith("/git-pull?")


def test_resource_limits_are_set_and_consistent(values, grader, cohort):
    single = values["singleuser"]
    assert _bytes(single["memory"]["guarantee"]) <= _bytes(single["memory"]["limit"])
    assert 0 < float(single["cpu"]["guarantee"]) <= float(single["cpu"]["limit"])
    # The capacity sketch in the guide is built on these numbers.
    guide = (ROOT / "docs" / "k8s-guide.md").read_text()
    assert single["memory"]["guarantee"] in guide and single["memory"]["limit"] in guide
    resources = grader[f"Deployment/grader-{cohort.course_id}"]["spec"]["template"]["spec"]["containers"][0][
        "resources"]
    assert _bytes(resources["requests"]["memory"]) <= _bytes(resources["limits"]["memory"])
