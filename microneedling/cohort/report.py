"""The instructor's cohort report: one HTML page from the gradebook (SQLite or PostgreSQL).

    make report COURSE=<course folder>                 # writes build/cohort-report.html
    python -m microneedling.cohort.report --course . --out report.html
    python -m microneedling.cohort.report --demo       # a simulated cohort with a planted bad key

In a notebook (one call; the page shows in the output)::

    from microneedling.cohort.report import cohort_report
    cohort_report("/path/to/course")

It shows what needs doing first (items that misbehave, written answers waiting for a grader), then per quiz the
score distribution, each question's difficulty and discrimination, and which options the stronger and weaker
trainees chose. Figures have text alternatives; every trainee-supplied string is escaped.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import io
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from microneedling.cohort import figures
from microneedling.cohort.data import Cohort, read_cohort
from microneedling.cohort.stats import QuizStats, analyse

FLAG_TITLES = {
    "negative-discrimination": "Negative discrimination",
    "distractor-attracts-strong": "A distractor attracts strong trainees",
    "everyone-right": "Everyone right",
    "everyone-wrong": "Everyone wrong",
    "never-answered": "Never answered",
    "low-discrimination": "Low discrimination",
}
SEVERITY = {"negative-discrimination": 0, "distractor-attracts-strong": 0, "everyone-wrong": 1,
            "never-answered": 1, "everyone-right": 2, "low-discrimination": 3}

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cohort report — {{ course }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; margin: 0;
       background: #f6f7f9; line-height: 1.45; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 64px; background: #fff; }
h1 { font-size: 1.7rem; margin: 0 0 4px; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #e3e6ea;
 padding-bottom: 4px; } h3 { margin-top: 1.6rem; }
.meta { color: #555; font-size: 0.9rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 18px 0; }
.card { border: 1px solid #dde1e6; border-radius: 8px; padding: 10px 14px; }
.card b { display: block; font-size: 1.6rem; } .card span { color: #444; font-size: 0.9rem; }
.card.alert { border-color: #D55E00; background: #fff4ec; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.92rem; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e6e8eb; vertical-align: top; }
th { background: #f0f2f5; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.flagged td { background: #fff4ec; }
.tag { display: inline-block; border-radius: 4px; padding: 1px 6px; font-size: 0.8rem; font-weight: 600;
       border: 1px solid #999; margin: 1px 2px 1px 0; }
.tag.s0 { background: #D55E00; color: #fff; border-color: #D55E00; }
.tag.s1 { background: #E69F00; color: #000; border-color: #E69F00; }
.tag.s2, .tag.s3 { background: #fff; color: #333; }
figure { margin: 12px 0 20px; } figure img { max-width: 100%; height: auto; }
figcaption { font-size: 0.88rem; color: #444; }
.note { background: #f0f6fb; border-left: 4px solid #0072B2; padding: 8px 12px; font-size: 0.92rem; }
dt { font-weight: 600; margin-top: 6px; }
</style></head>
<body><main>
<h1>Cohort report — {{ title }}</h1>
<p class="meta">Course <code>{{ course }}</code> · gradebook {{ source }} · generated {{ generated }}</p>

<div class="cards">
  <div class="card"><b>{{ trainees }}</b><span>trainees in the gradebook</span></div>
  <div class="card"><b>{{ submissions }}</b><span>submissions graded, {{ quizzes|length }} quizzes</span></div>
  <div class="card {{ 'alert' if serious else '' }}"><b>{{ serious }}</b><span>questions to review</span></div>
  <div class="card {{ 'alert' if backlog else '' }}"><b>{{ backlog }}</b>
    <span>written answers waiting for a grader</span></div>
</div>

<h2 id="review">1. Questions to review first</h2>
{% if review %}
<p>These questions behave unlike a good test item. Most often the key is wrong, two options are defensible, or
the wording gives the answer away; sometimes the teaching did not reach everyone. Fix the quiz in
<code>source/</code>, regenerate it, and regrade: manual marks are kept.</p>
<table><thead><tr><th>Quiz</th><th>Question</th><th>What the data show</th></tr></thead><tbody>
{% for row in review %}<tr><td>{{ row.quiz }}</td><td><a href="#{{ row.quiz }}-{{ row.question }}">{{ row.question }}</a></td>
<td>{% for kind, message in row.flags %}<span class="tag s{{ severity[kind] }}">{{ flag_titles[kind] }}</span>
{{ message }}<br>{% endfor %}</td></tr>{% endfor %}
</tbody></table>
{% else %}<p>No question misbehaves{{ ' (too few submissions to judge discrimination)' if small else '' }}.</p>{% endif %}

<h2 id="backlog">2. Manual-grading backlog</h2>
{% if backlog_rows %}
<p>Written answers not yet marked (Formgrader → Manual Grading). Feedback and exports before marking count them
as 0.</p>
<table><thead><tr><th>Quiz</th><th>Question</th><th class="num">Waiting</th><th>Trainees</th></tr></thead><tbody>
{% for row in backlog_rows %}<tr><td>{{ row.quiz }}</td><td>{{ row.question }}</td>
<td class="num">{{ row.pending|length }}</td><td>{{ row.pending[:12]|join(', ') }}{{ ' …' if row.pending|length > 12 else '' }}</td></tr>{% endfor %}
</tbody></table>
{% else %}<p>Nothing waiting: every written answer is marked.</p>{% endif %}

<h2 id="scores">3. Score distribution</h2>
<figure><img src="{{ distribution.src }}" alt="{{ distribution.alt }}"><figcaption>{{ distribution.alt }}</figcaption></figure>
<table><thead><tr><th>Quiz</th><th class="num">Submitted</th><th class="num">Points</th><th class="num">Mean</th>
<th class="num">Median</th><th class="num">Lowest</th><th class="num">Highest</th></tr></thead><tbody>
{% for q in summaries %}<tr><td><a href="#{{ q.quiz }}">{{ q.quiz }}</a></td><td class="num">{{ q.n }}</td>
<td class="num">{{ q.points }}</td><td class="num">{{ q.mean }}</td><td class="num">{{ q.median }}</td>
<td class="num">{{ q.low }}</td><td class="num">{{ q.high }}</td></tr>{% endfor %}
</tbody></table>

<h2 id="items">4. Questions, quiz by quiz</h2>
{% for q in sections %}
<h3 id="{{ q.quiz }}">{{ q.quiz }}</h3>
{% if q.map %}<figure><img src="{{ q.map.src }}" alt="{{ q.map.alt }}"><figcaption>{{ q.map.alt }}</figcaption></figure>{% endif %}
<table><thead><tr><th>Question</th><th class="num">Points</th><th class="num">Answered</th>
<th class="num">Difficulty p</th><th class="num">Discrimination r</th><th class="num">Upper–lower D</th><th>Flags</th></tr></thead><tbody>
{% for i in q.rows %}<tr id="{{ q.quiz }}-{{ i.question }}" class="{{ 'flagged' if i.serious else '' }}">
<td>{{ i.question }}{{ ' (written)' if i.manual else '' }}</td><td class="num">{{ i.points }}</td>
<td class="num">{{ i.answered }}</td><td class="num">{{ i.p }}</td><td class="num">{{ i.r }}</td>
<td class="num">{{ i.d }}</td>
<td>{% for kind, message in i.flags %}<span class="tag s{{ severity[kind] }}" title="{{ message }}">{{ flag_titles[kind] }}</span>{% endfor %}</td></tr>{% endfor %}
</tbody></table>
{% for o in q.options %}
<h4>{{ o.question }} — options chosen</h4>
{% if o.chart %}<figure><img src="{{ o.chart.src }}" alt="{{ o.chart.alt }}"><figcaption>{{ o.chart.alt }}</figcaption></figure>{% endif %}
<table><thead><tr><th>Option</th><th>Text</th><th class="num">Chosen by</th><th class="num">Top 27%</th>
<th class="num">Bottom 27%</th></tr></thead><tbody>
{% for s in o.shares %}<tr><td>{{ s.option }}{{ ' ✓ key' if s.is_key else '' }}</td><td>{{ s.label }}</td>
<td class="num">{{ s.count }}</td><td class="num">{{ '%.0f%%' % (100 * s.upper) }}</td>
<td class="num">{{ '%.0f%%' % (100 * s.lower) }}</td></tr>{% endfor %}
</tbody></table>
{% endfor %}
{% if not q.has_answers %}<p class="note">No recorded answers for this quiz, so no option analysis: its
autograded notebooks carry no <code>microneedling.graded</code> metadata (graded before the recorded-answer
grader?).</p>{% endif %}
{% endfor %}

<h2 id="method">5. How to read this report</h2>
<dl>
<dt>Difficulty p</dt><dd>The share of a question's points the trainees earned (0 = nobody, 1 = everyone). Items
near 0 or 1 tell you little about who has learnt what.</dd>
<dt>Discrimination r</dt><dd>Correlation between a question's score and the rest of the quiz (the point-biserial,
corrected item–total correlation). Above about 0.2 the question separates stronger from weaker trainees; below 0
stronger trainees do <em>worse</em> on it, which usually means a wrong key or an ambiguous question.</dd>
<dt>Upper–lower D</dt><dd>Difficulty in the top 27% of quiz totals minus difficulty in the bottom 27%.</dd>
<dt>Options chosen</dt><dd>For choice questions, from the answers trainees recorded. The key is the option every
full-score answer contains. A wrong option chosen more by the top group than the key points at a wrong key or a
second defensible answer.</dd>
<dt>Small cohorts</dt><dd>With fewer than {{ min_n }} submissions a quiz's r and D are shown but not flagged:
they are too noisy to judge.</dd>
</dl>
</main></body></html>
"""


@dataclass
class Report:
    """The rendered page; shows itself in a notebook."""

    html: str
    stats: list[QuizStats]

    def _repr_html_(self) -> str:
        from html import escape

        return (f'<iframe srcdoc="{escape(self.html)}" style="width:100%;height:900px;border:1px solid #ddd" '
                'title="Cohort report"></iframe>')

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html, encoding="utf-8")
        return path

    def flagged(self) -> dict[tuple[str, str], list[str]]:
        """(quiz, question) -> flag kinds, for every flagged question."""
        return {(i.quiz, i.question): [k for k, _ in i.flags] for q in self.stats for i in q.items if i.flags}


def _svg(fig) -> dict[str, str]:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(pair) -> dict[str, str]:
    fig, alt = pair
    return {"src": _svg(fig), "alt": alt}


def _fmt(value: float | None, digits: int = 2, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def render(cohort: Cohort, title: str | None = None) -> Report:
    from microneedling.cohort.stats import MIN_FOR_DISCRIMINATION

    stats = analyse(cohort)
    review, backlog_rows, summaries, sections = [], [], [], []
    for quiz in stats:
        for item in quiz.items:
            if any(SEVERITY[k] <= 2 for k, _ in item.flags):
                review.append({"quiz": quiz.quiz, "question": item.question,
                               "flags": sorted(item.flags, key=lambda f: SEVERITY[f[0]])})
            if item.pending_manual:
                backlog_rows.append({"quiz": quiz.quiz, "question": item.question, "pending": item.pending_manual})
        values = sorted(quiz.totals.values())
        if values:
            import statistics

            summaries.append({"quiz": quiz.quiz, "n": len(values), "points": f"{quiz.max_points:g}",
                              "mean": f"{statistics.fmean(values):.1f}", "median": f"{statistics.median(values):.1f}",
                              "low": f"{values[0]:g}", "high": f"{values[-1]:g}"})
        has_answers = any(item.options for item in quiz.items) or any(
            key[0] == quiz.quiz for key in cohort.answers)
        option_blocks = []
        for item in quiz.items:
            if not item.options:
                continue
            flagged = any(k in figures.SERIOUS for k, _ in item.flags)
            option_blocks.append({"question": item.question, "shares": item.options,
                                  "chart": _figure(figures.option_chart(item)) if flagged else None})
        sections.append({
            "quiz": quiz.quiz,
            "map": _figure(figures.item_map(quiz)) if quiz.totals else None,
            "has_answers": has_answers,
            "options": option_blocks,
            "rows": [{"question": i.question, "manual": i.manual, "points": f"{i.max_points:g}",
                       "answered": "—" if i.answered is None else f"{i.answered}/{i.submitted}",
                       "p": _fmt(i.difficulty), "r": _fmt(i.discrimination, signed=True),
                       "d": _fmt(i.upper_lower, signed=True), "flags": i.flags,
                       "serious": any(k in figures.SERIOUS for k, _ in i.flags)} for i in quiz.items],
        })
    review.sort(key=lambda row: (min(SEVERITY[k] for k, _ in row["flags"]), row["quiz"], row["question"]))
    env = Environment(autoescape=True)
    html = env.from_string(TEMPLATE).render(
        title=title or cohort.course_id, course=cohort.course_id, source=cohort.source,
        generated=dt.datetime.now().strftime("%d %B %Y %H:%M"), trainees=len(cohort.students),
        submissions=sum(len(q.totals) for q in stats), quizzes=stats,
        serious=len(review),
        backlog=sum(len(r["pending"]) for r in backlog_rows), review=review, backlog_rows=backlog_rows,
        distribution=_figure(figures.score_distributions(stats)), summaries=summaries, sections=sections,
        flag_titles=FLAG_TITLES, severity=SEVERITY, min_n=MIN_FOR_DISCRIMINATION,
        small=any(0 < len(q.totals) < MIN_FOR_DISCRIMINATION for q in stats))
    return Report(html, stats)


def course_settings(course: Path) -> tuple[str, str, Path, str, str]:
    """db_url, course_id and folders from the course's nbgrader configuration (as nbgrader's CLI reads it)."""
    from microneedling.cohort.autograde import load_config

    app = load_config(course)
    coursedir = app.coursedir
    return (coursedir.db_url, coursedir.course_id or "course", Path(coursedir.root),
            coursedir.autograded_directory, coursedir.release_directory)


def cohort_report(course: str | Path = ".", db_url: str | None = None) -> Report:
    """The cohort report of a course folder (its nbgrader_config.py says where the gradebook is)."""
    course = Path(course).resolve()
    url, course_id, root, autograded, release = course_settings(course)
    cohort = read_cohort(db_url or url, course_id, root, autograded, release)
    return render(cohort)


def demo_cohort(target: Path, trainees: int = 60) -> Path:
    """A simulated cohort (SQLite) with a planted bad key (quiz A, q3), an easy item and an unanswered one."""
    from microneedling.cohort.simulate import build_cohort, standard_quiz

    target.mkdir(parents=True, exist_ok=True)
    db = target / "gradebook.db"
    db.unlink(missing_ok=True)
    quizzes = [standard_quiz("demo_quiz_a", seed=1, bad_key="q3", everyone_right="q5"),
               standard_quiz("demo_quiz_b", seed=2, never_answered="q7")]
    build_cohort(target, f"sqlite:///{db}", quizzes, trainees)
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m microneedling.cohort.report",
                                     description="The instructor's cohort report (HTML) from nbgrader's gradebook.")
    parser.add_argument("--course", type=Path, default=Path("."), help="the course folder (nbgrader_config.py)")
    parser.add_argument("--db-url", default=None, help="a gradebook URL instead of the course's configured one")
    parser.add_argument("--out", type=Path, default=Path("cohort-report.html"), help="where to write the page")
    parser.add_argument("--demo", action="store_true", help="report on a simulated cohort (planted bad key)")
    args = parser.parse_args(argv)
    if args.demo:
        folder = Path(tempfile.mkdtemp(prefix="cohort-demo-"))
        db = demo_cohort(folder)
        report = render(read_cohort(f"sqlite:///{db}", "microneedling101", folder), title="simulated cohort")
    else:
        try:
            report = cohort_report(args.course, args.db_url)
        except Exception as error:  # a missing or unreadable gradebook: say so plainly
            print(f"Could not read the gradebook of {args.course.resolve()}: {error}\n"
                  "Run it in a course folder after autograding (or --demo for a simulated cohort).", file=sys.stderr)
            return 2
        if not report.stats or not any(q.totals for q in report.stats):
            print("The gradebook has no graded submissions yet: collect and autograde first.", file=sys.stderr)
    path = report.save(args.out)
    flagged = report.flagged()
    print(f"Cohort report written to {path} ({len(flagged)} questions flagged)")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.exit(main())
