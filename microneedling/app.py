"""The course as an app: Voilà serves the lessons with their prose, figures and live widgets and no code.

``python -m microneedling.app`` (``make app``) serves ``notebooks/`` on http://127.0.0.1:8866/: the home page
(``notebooks/home.ipynb``) lists the lessons with the learner's progress; each lesson page gets navigation
(previous / course home / next) and records answers and time in the learner's progress store, without a line of
code in the lesson: the app's contents manager adds them as the notebook is read (the files are not changed).
Lessons come from :data:`microneedling.course.LESSONS`, so new lessons appear without edits here.

Pages open at once because Voilà keeps one kernel per notebook started and executed in advance (preheated);
views of stored progress refresh when the page is actually opened (``progress.when_page_requested``).
``--no-preheat`` executes each page on request instead (slower; saves about 150 MB per waiting kernel).

Voilà lets a page's kernel exchange widget messages only (no code execution from the browser) and listens on the
loopback interface only, so no login token is needed; it never refuses root.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import nbformat
from IPython.display import HTML, display
from jupyter_server.services.contents.largefilemanager import LargeFileManager
from tornado.web import RedirectHandler

from .course import LESSONS, Module
from .progress import track

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
HOME = "home.ipynb"
DEFAULT_PORT = 8866


def _nav_link(lesson: Module, label: str) -> str:
    return f"[{label}: {lesson.id[:2]} · {lesson.title}]({Path(lesson.path).name})"


def navigation_markdown(lesson_id: str, where: str) -> str:
    """'← Previous: … · Course home · Next: … →' for a lesson page (``where`` is 'top' or 'bottom')."""
    ids = [lesson.id for lesson in LESSONS]
    index = ids.index(lesson_id)
    parts = []
    if index > 0:
        parts.append("← " + _nav_link(LESSONS[index - 1], "Previous"))
    parts.append(f"[Course home and your progress]({HOME})")
    if index + 1 < len(LESSONS):
        parts.append(_nav_link(LESSONS[index + 1], "Next") + " →")
    position = f"Lesson {index + 1} of {len(LESSONS)}"
    line = " · ".join(parts)
    return f"**{position}** · {line}" if where == "top" else f"---\n\n{line}"


def lesson_page(lesson_id: str) -> None:
    """Run by the app at the top of a lesson page: record this lesson's answers and time; say so in one line."""
    visit = track(lesson_id)
    if visit is None:
        return
    notices = "".join(f" {note}" for note in visit.store.notices)
    saved = ("Your answers and time in this lesson are saved on this computer." if visit.store.persistent
             else "Your progress is not being saved:")
    display(HTML(f"<p class='mn-app-status' role='note'><small>{saved}{notices}</small></p>"))


def lesson_id_for(path: str) -> str | None:
    """The course lesson a notebook path belongs to, or None (home page, references)."""
    stem = Path(path).stem
    return next((lesson.id for lesson in LESSONS if lesson.id == stem), None)


def with_navigation(notebook: nbformat.NotebookNode, lesson_id: str) -> nbformat.NotebookNode:
    """A lesson notebook as the app shows it: navigation at the top and bottom, and the call that records
    progress."""
    top = [nbformat.v4.new_markdown_cell(navigation_markdown(lesson_id, "top")),
           nbformat.v4.new_code_cell(f"from microneedling.app import lesson_page\nlesson_page({lesson_id!r})")]
    notebook.cells = [*top, *notebook.cells, nbformat.v4.new_markdown_cell(navigation_markdown(lesson_id, "bottom"))]
    return notebook


class CourseContents(LargeFileManager):
    """Reads notebooks for Voilà; lesson notebooks come with the app's navigation and progress cell."""

    def get(self, path, content=True, type=None, format=None, **kwargs):  # noqa: A002 - the base class's names
        model = super().get(path, content=content, type=type, format=format, **kwargs)
        lesson_id = lesson_id_for(path)
        if content and model.get("type") == "notebook" and lesson_id is not None:
            model["content"] = with_navigation(model["content"], lesson_id)
        return model


def build_app(argv: list[str] | None = None):
    """The configured Voilà application (not started)."""
    from voila.app import Voila

    class CourseApp(Voila):
        def init_settings(self) -> dict:
            settings = super().init_settings()
            self.contents_manager = settings["contents_manager"] = CourseContents(parent=self)
            return settings

        def init_handlers(self) -> list:
            # The bare address opens the course home instead of a file listing.
            home = {"url": self.server_url.rstrip("/") + f"/voila/render/{HOME}"}
            return [(self.server_url, RedirectHandler, home), *super().init_handlers()]

    parser = argparse.ArgumentParser(prog="make app", description="Serve the course as an app (no code in sight).")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    parser.add_argument("--no-preheat", action="store_true",
                        help="execute each page when it is requested (slower; no kernels kept waiting)")
    args, extra = parser.parse_known_args(argv)
    app = CourseApp()
    app.initialize([
        str(NOTEBOOKS),
        f"--port={args.port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        f"--Voila.open_browser={not args.no_browser}",
        "--VoilaConfiguration.template=lab",
        "--VoilaConfiguration.theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--VoilaConfiguration.preheat_kernel={not args.no_preheat}",
        "--VoilaConfiguration.default_pool_size=1",
        *extra,
    ])
    # A page shuts its kernel down when it is closed with a bare POST (no XSRF token), which jupyter_server would
    # refuse: kernels of closed pages would run on, and keep counting time. The app listens on 127.0.0.1 only and has
    # no login, so there is no cookie for XSRF protection to protect.
    app.tornado_settings = {**app.tornado_settings, "disable_check_xsrf": True}
    # JupyterLab's own extensions for notebooks and nbgrader fail in Voilà (console errors) and slow the page.
    app.voila_configuration.extension_denylist = [
        "@jupyter/nbgrader", "@jupyter-notebook/lab-extension", "@voila-dashboards/jupyterlab-preview"]
    return app


def main(argv: list[str] | None = None) -> None:
    app = build_app(argv)
    print(f"The course app is at http://127.0.0.1:{app.port}/ (stop it with Ctrl+C)", flush=True)
    app.start()


if __name__ == "__main__":
    main()
