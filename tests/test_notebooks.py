"""Every notebook in notebooks/ and source/ runs top to bottom and is stored clean."""

from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tests.conftest import BUILD, ROOT

NOTEBOOKS = sorted(
    p for folder in ("notebooks", "source") for p in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
COMMITTED = NOTEBOOKS + sorted((ROOT / "assignments").rglob("*.ipynb"))
TIMES_FILE = BUILD / "notebook-times.json"


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(scope="module")
def timings():
    times: dict[str, float] = {}
    yield times
    previous = json.loads(TIMES_FILE.read_text()) if TIMES_FILE.exists() else {}
    TIMES_FILE.write_text(json.dumps({**previous, **times}, indent=2, sort_keys=True))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_executes_without_error_or_stderr(path: Path, timings: dict[str, float]):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{_id(path)} failed:\n{exc}")
    timings[_id(path)] = round(time.perf_counter() - start, 2)
    stderr = [
        (index, output.get("text", ""))
        for index, cell in enumerate(nb.cells) if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stderr"
    ]
    assert not stderr, f"{_id(path)} wrote to stderr: {stderr}"


@pytest.mark.parametrize("path", COMMITTED, ids=_id)
def test_notebook_is_stored_clean(path: Path):
    raw = json.loads(path.read_text())
    assert raw["nbformat"] == 4
    nb = nbformat.reads(path.read_text(), as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    for cell in nb.cells:
        assert cell.get("id"), f"{_id(path)}: a cell has no id"
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{_id(path)}: cell {cell.id} has outputs"
            assert cell.execution_count is None, f"{_id(path)}: cell {cell.id} has an execution count"


def test_there_are_notebooks_to_check():
    assert ROOT / "notebooks" / "00_welcome.ipynb" in NOTEBOOKS


def test_every_lesson_opens_with_objectives_and_ends_with_references():
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        for heading in ("Learning objectives", "Time needed", "Key points", "References"):
            assert heading.lower() in text.lower(), f"{path.name} lacks '{heading}'"
        first_code = next(c for c in nb.cells if c.cell_type == "code")
        assert "from microneedling" in first_code.source, f"{path.name}: first code cell must import the package"
