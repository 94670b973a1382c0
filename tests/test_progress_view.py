"""The progress summary, figure and view from a seeded history; the study planner adapting to it."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from microneedling.course import LESSONS
from microneedling.model.study_plan import plan_study
from microneedling.plots import alt_text
from microneedling.plots.progress import progress_figure
from microneedling.progress.store import ProgressStore
from microneedling.progress.summary import course_progress, question_progress, when
from microneedling.quiz import load_bank
from microneedling.quiz.events import ResultEvent
from microneedling.widgets.progress_view import ProgressView
from microneedling.widgets.study_planner import StudyPlanner

T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.timezone.utc)
TODAY = dt.date(2026, 3, 20)
WELCOME = load_bank("00_welcome")
SKIN = load_bank("01_skin_and_wound_healing")


@pytest.fixture
def store(tmp_path) -> ProgressStore:
    """A learner who finished lesson 00 (one wrong), started 01 (a partly right answer, a revealed answer)."""
    store = ProgressStore(tmp_path / "progress.sqlite3", learner="ann")
    minute = iter(range(1000))

    def answer(lesson, question, score, data=None, text="", revealed=False, kind="answer"):
        store.record(ResultEvent(lesson, question, score, 1.0, T0 + dt.timedelta(minutes=next(minute)), data, text,
                                 revealed, kind))

    for q in WELCOME.questions:
        if q.scored:
            answer("00_welcome", q.id, 1.0, "x", "x")
    answer("00_welcome", "q1_device_class", 0.0, "D", "A class III device that needs premarket approval (PMA)")
    answer("00_welcome", "q6_explain_to_client", 0.0, "Cleared, not approved.", "Cleared, not approved.")
    first, second = SKIN.questions[0].id, SKIN.questions[1].id
    answer("01_skin_and_wound_healing", first, 0.5, None, "2. Proliferation, 1. Inflammation")
    answer("01_skin_and_wound_healing", second, 0.0, None, "", kind="reveal")
    answer("01_skin_and_wound_healing", second, 0.0, {}, "Inflammation → clot", revealed=True)
    store.save_visit("a", "00_welcome", T0, 18 * 60)
    store.save_visit("b", "01_skin_and_wound_healing", T0, 20 * 60)
    store.save_visit("c", "01_skin_and_wound_healing", T0 + dt.timedelta(days=1), 15 * 60)
    return store


def test_summary_per_lesson_counts_scores_time_and_review(store):
    progress = course_progress(store.attempts(), store.visits())
    assert [p.lesson.id for p in progress.lessons] == [lesson.id for lesson in LESSONS]
    welcome, skin = progress.lesson("00_welcome"), progress.lesson("01_skin_and_wound_healing")
    assert (welcome.answered, len(welcome.scored), welcome.points, welcome.max_points) == (5, 5, 4.0, 5.0)
    assert welcome.done and welcome.state == "done" and welcome.minutes == 18
    assert [q.question.id for q in welcome.to_review] == ["q1_device_class"]
    assert welcome.questions[-1].status == "compare" and not welcome.questions[-1].to_review
    assert skin.state == "in progress" and skin.minutes == 35 and skin.points == 0.5 and skin.answered == 1
    assert [(q.question.id, q.status) for q in skin.to_review] == [(SKIN.questions[0].id, "partly correct"),
                                                                  (SKIN.questions[1].id, "revealed")]
    assert progress.lesson("02_indications_and_evidence").state == "not started"
    assert progress.next_lesson.id == "01_skin_and_wound_healing" and len(progress.to_review) == 3
    assert progress.minutes_left()["00_welcome"] == 0 and progress.minutes_left()["01_skin_and_wound_healing"] == 25
    assert progress.minutes_left()["02_indications_and_evidence"] == 50


def test_practice_after_a_reveal_never_counts_and_a_later_answer_does():
    q = WELCOME.questions[0]
    at = [T0 + dt.timedelta(minutes=n) for n in range(5)]

    def ev(kind, score, revealed, n):
        from microneedling.progress.store import Attempt
        return Attempt("00_welcome", q.id, kind, score, 1.0, "C", "C", revealed, at[n])

    shown = question_progress(q, [ev("answer", 0.0, False, 0), ev("reveal", 0.0, False, 1),
                                  ev("answer", 0.0, True, 2)])
    assert shown.status == "revealed" and shown.score == 0.0 and shown.attempts == 1 and shown.to_review
    later = question_progress(q, [ev("answer", 0.0, False, 0), ev("reveal", 0.0, False, 1),
                                  ev("answer", 1.0, False, 3)])
    assert later.status == "correct" and later.score == 1.0 and not later.to_review


def test_figure_is_titled_labelled_colour_blind_safe_with_text_alternative(store):
    fig = progress_figure(course_progress(store.attempts(), store.visits()))
    points_ax, time_ax = fig.axes
    assert "1 of" in fig._suptitle.get_text() and "4.5 of" in fig._suptitle.get_text()
    assert "%" in points_ax.get_xlabel() and "minutes" in time_ax.get_xlabel()
    labels = dict(zip(points_ax.get_yticks(), (t.get_text() for t in points_ax.get_yticklabels())))
    assert labels[max(labels)].startswith("00 ") and len(labels) == len(LESSONS)  # first lesson on top
    texts = [t.get_text() for t in points_ax.texts + time_ax.texts]
    assert "4/5 pts · 5/5 answered" in texts and "35 of 60 min" in texts  # numbers as text, not colour alone
    assert alt_text(fig) == (f"Bar chart of {len(LESSONS)} lessons: 1 done, 1 in progress; 4.5 of "
                             f"{course_progress([], []).max_points:g} self-check points; 53 minutes spent of "
                             f"{sum(m.minutes for m in LESSONS)} planned; 3 questions to review.")
    from microneedling.plots import PALETTE
    colours = {tuple(round(c, 3) for c in bar.get_facecolor()) for ax in fig.axes for bar in ax.patches}
    import matplotlib.colors as mc
    allowed = {tuple(round(c, 3) for c in mc.to_rgba(x)) for x in (*PALETTE.values(), "white")}
    assert colours <= allowed


def test_view_shows_table_links_review_list_with_last_answers_and_where_progress_is_kept(store):
    view = ProgressView(store, today=TODAY)
    summary, review = html.unescape(view.summary_html), html.unescape(view.review_html)
    assert "1 of " in summary and "4.5 of " in summary and "53 minutes so far" in summary
    links = dict(re.findall(r'<a href="([^"]+)" target="_self"[^>]*>([^<]+)</a>', summary))
    assert "Continue with <a href=\"01_skin_and_wound_healing.ipynb\"" in summary
    for lesson in LESSONS:  # every lesson of the course map, linked in the same tab
        assert links[lesson.path.split("/")[-1]] == f"{lesson.id[:2]} · {lesson.title}"
    row = re.sub("<[^>]+>", "|", re.search(r"<tr><td[^>]*><a href=\"00_welcome.ipynb\".*?</tr>", summary).group(0))
    assert "Done" in row and "5 of 5 answered · 4 of 5 points" in row and "18 of 20 min" in row
    assert "question 1: In the US, what kind of product" in review
    assert "You answered “A class III device that needs premarket approval (PMA)” on 12 March: incorrect." in review
    assert "You answered “Inflammation → clot” on 12 March: answer shown." in review
    assert str(store.path) in review


def test_view_for_a_new_learner_says_where_to_start(tmp_path):
    view = ProgressView(ProgressStore(tmp_path / "p.sqlite3", learner="new"))
    assert "You have not started yet. Begin with" in view.summary_html and "Nothing to review" in view.review_html


def test_when_reads_like_a_person():
    assert when(T0, dt.date(2026, 3, 12)).startswith("today at ")
    assert when(T0, dt.date(2026, 3, 13)).startswith("yesterday at ")
    assert when(T0, TODAY) == "on 12 March" and when(T0, dt.date(2027, 1, 2)) == "on 12 March 2026"


def test_plan_uses_minutes_left_and_skips_finished_modules():
    plan = plan_study(["00_welcome", "01_skin_and_wound_healing", "02_indications_and_evidence"], 1, TODAY,
                      {"00_welcome": 0, "01_skin_and_wound_healing": 25, "02_indications_and_evidence": 50})
    assert [(b.module_id, b.minutes) for b in plan.blocks] == [("01_skin_and_wound_healing", 25),
                                                               ("02_indications_and_evidence", 35),
                                                               ("02_indications_and_evidence", 15)]
    with pytest.raises(ValueError, match="everything you chose is done"):
        plan_study(["00_welcome"], 1, TODAY, {"00_welcome": 0})


def test_planner_adapts_to_the_learners_progress(store):
    planner = StudyPlanner(start=TODAY, progress=course_progress(store.attempts(), store.visits()))
    assert not planner.modules["00_welcome"].value and planner.modules["00_welcome"].description.endswith("(done)")
    assert planner.modules["01_skin_and_wound_healing"].description.endswith("(25 of 60 min left)")
    assert planner.state.plan.total_minutes == sum(m.minutes for m in LESSONS) - 20 - 35
    assert "From your progress: 1 lesson(s) done, 1 in progress" in planner.ui.children[0].value
    assert "3 self-check question(s) to review" in planner.ui.children[0].value
    planner.modules["00_welcome"].value = True  # a done lesson adds nothing to the plan
    assert planner.state.plan.total_minutes == sum(m.minutes for m in LESSONS) - 20 - 35


def test_views_of_a_page_prepared_in_advance_refresh_when_it_is_opened(tmp_path, monkeypatch):
    """The app executes a page before the learner opens it (preheated kernel): what the learner did meanwhile
    shows when the page is opened, and the lesson's time counts from then."""
    import threading

    import voila.utils

    from microneedling import progress
    from microneedling.quiz import self_check, set_recorder
    from microneedling.widgets.progress_view import show_progress

    opened = threading.Event()
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda: opened.wait(30))
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    store = ProgressStore(tmp_path / "p.sqlite3", learner="ann")
    for name, value in (("_store", store), ("_waiter", None), ("_on_request", []), ("_visits", {})):
        monkeypatch.setattr(progress, name, value)
    previous = set_recorder(None)
    try:
        view, planner, check = show_progress(), StudyPlanner(start=TODAY), self_check("00_welcome")
        assert progress._visits["00_welcome"].started is None  # not counting before the page is opened
        for q in WELCOME.questions:  # meanwhile, in another kernel, the learner finishes lesson 00
            if q.scored:
                store.record(ResultEvent("00_welcome", q.id, 1.0, 1.0, T0, "C", "C", False, "answer"))
        assert "0 of 5 answered" in view.summary.value and check.score == 0
        opened.set()
        progress._waiter.join(30)
        assert "5 of 5 answered · 5 of 5 points" in view.summary.value
        assert check.score == 5 and "Your last answer" in check.view("q1_device_class").feedback.value
        assert planner.modules["00_welcome"].description.endswith("(done)") and not planner.modules["00_welcome"].value
        assert progress._visits["00_welcome"].started is not None
    finally:
        set_recorder(previous)
