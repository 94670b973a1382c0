"""What the course's Jupyter server does to a notebook just before saving it (a ``ContentsManager.pre_save_hook``,
registered by this module as a Jupyter server extension, enabled in ``jupyter/common``).

Widgets live in the kernel: a notebook saved with widget outputs shows "Error displaying widget" when reopened
after the kernel is gone, and JupyterLab's autosave would rewrite every lesson a trainee opens, so ``git pull``
would refuse the next course update. So:

* **Lesson notebooks** (in a ``notebooks/`` folder) are saved as the course ships them: no outputs, no execution
  counts, and the notebook's and each cell's metadata as they are on disk (JupyterLab adds the kernel's
  ``language_info``, timing and view flags). A lesson a trainee only ran and read is saved byte-identical to the
  committed file; text the trainee edits or adds is kept.
* **Graded quizzes** (any other notebook with nbgrader cell metadata) lose only their widget views: the recorded
  answers (``application/vnd.microneedling.answer+json`` outputs with a text rendering) and every other output
  are kept.
* Any other notebook is saved untouched.

Opening is made clean too: the course stores ``language_info`` as ``{"name": "python"}`` (the full record names
the maintainer's Python version), and JupyterLab marks a notebook *modified* the moment its kernel reports a
different ``language_info``. The server extension hands such notebooks to the browser with the kernel's own
``language_info``, so a lesson opens without unsaved changes; on save the disk copy's metadata is restored.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
from pathlib import Path, PurePosixPath
from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LESSON_FOLDER = "notebooks"
# Cell metadata that only records how JupyterLab showed a cell, for cells the disk copy does not have.
VIEW_KEYS = ("collapsed", "scrolled", "execution", "trusted")


def is_lesson(path: str) -> bool:
    return PurePosixPath(path).parent.name == LESSON_FOLDER and path.endswith(".ipynb")


def is_graded(nb: dict[str, Any]) -> bool:
    return any("nbgrader" in cell.get("metadata", {}) for cell in nb.get("cells", []))


def clean_lesson(nb: dict[str, Any], on_disk: dict[str, Any] | None) -> None:
    """Strip outputs and execution counts; take notebook and cell metadata from the disk copy where it has them."""
    disk_cells = {cell.get("id"): cell for cell in (on_disk or {}).get("cells", []) if cell.get("id")}
    if on_disk is not None:
        nb["metadata"] = on_disk.get("metadata", {})
        nb["nbformat"], nb["nbformat_minor"] = on_disk.get("nbformat", 4), on_disk.get("nbformat_minor", 5)
    else:
        nb.get("metadata", {}).pop("widgets", None)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        disk = disk_cells.get(cell.get("id"))
        if disk is not None and disk.get("cell_type") == cell.get("cell_type"):
            cell["metadata"] = disk.get("metadata", {})
        else:
            metadata = cell.setdefault("metadata", {})
            for key in VIEW_KEYS:
                metadata.pop(key, None)
            metadata.get("jupyter", {}).pop("outputs_hidden", None)


def drop_widget_views(nb: dict[str, Any]) -> None:
    """Remove outputs that are widget views (dead once the kernel is gone) and any stored widget state."""
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", []) if WIDGET_VIEW not in o.get("data", {})]


def _read_disk_copy(contents_manager: Any, path: str) -> dict[str, Any] | None:
    root = getattr(contents_manager, "root_dir", None)
    if not root:
        return None
    os_path = Path(root, *PurePosixPath(path).parts)
    try:
        return json.loads(os_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def scrub_before_save(model: dict[str, Any], path: str, contents_manager: Any = None, **_: Any) -> None:
    """The pre-save hook: clean lessons, drop widget views from graded quizzes, leave other notebooks alone."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    nb = model["content"]
    path = path.lstrip("/").replace(os.sep, "/")
    if is_lesson(path):
        clean_lesson(nb, _read_disk_copy(contents_manager, path))
    elif is_graded(nb):
        drop_widget_views(nb)


@functools.cache
def kernel_language_info() -> dict[str, Any]:
    """The ``language_info`` the course's Python kernel (ipykernel, this interpreter) reports."""
    from ipykernel.ipkernel import IPythonKernel

    return json.loads(json.dumps(IPythonKernel.language_info))


def with_kernel_language_info(model: dict[str, Any]) -> dict[str, Any]:
    """A notebook model whose bare ``language_info`` (name only) is replaced by the kernel's full record."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        metadata = model["content"].get("metadata", {})
        info = metadata.get("language_info")
        if isinstance(info, dict) and set(info) == {"name"} and info["name"] == "python":
            metadata["language_info"] = kernel_language_info()
    return model


def open_with_kernel_language_info(contents_manager: Any) -> None:
    """Wrap the contents manager's ``get`` (sync or async) with :func:`with_kernel_language_info`."""
    original = contents_manager.get
    if inspect.iscoroutinefunction(original):
        async def get(*args: Any, **kwargs: Any) -> dict[str, Any]:
            return with_kernel_language_info(await original(*args, **kwargs))
    else:
        def get(*args: Any, **kwargs: Any) -> dict[str, Any]:
            return with_kernel_language_info(original(*args, **kwargs))
    contents_manager.get = functools.wraps(original)(get)


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "microneedling.saving"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Enabled by ``jupyter/common/jupyter_server_config.d/microneedling.json`` (``make lab``, ``make instructor``)."""
    serverapp.contents_manager.register_pre_save_hook(scrub_before_save)
    open_with_kernel_language_info(serverapp.contents_manager)
    serverapp.log.info("microneedling: lessons are saved without outputs, quizzes without widget views")
