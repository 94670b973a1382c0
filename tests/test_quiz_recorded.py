"""The recorded-answer format: durable writes, merging, and untrusted files that never break grading."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microneedling.quiz.recorded import (
    ANSWER_MIME,
    FORMAT,
    MAX_ANSWERS_FILE_BYTES,
    MAX_TEXT_CHARS,
    AnswersFile,
    Record,
    answers_path,
    embedded_records,
    merge,
    parse_time,
    plain_value,
    read_answers_file,
    read_submission,
)

T0 = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc)


def test_an_answer_is_on_disk_the_moment_it_is_recorded(tmp_path):
    store = AnswersFile(tmp_path, "quiz")
    store.record("q1", "b", T0)
    data = json.loads(answers_path(tmp_path, "quiz").read_text())
    assert data["format"] == FORMAT and data["notebook"] == "quiz"
    assert data["answers"] == {"q1": {"value": "b", "at": "2026-11-26T10:00:00Z"}}
    store.record("q2", ["a", "c"], T0)
    store.record("q1", "c", T0 + dt.timedelta(minutes=1))
    assert {q: r.value for q, r in store.read().records.items()} == {"q1": "c", "q2": ["a", "c"]}


def test_no_temporary_files_are_left_behind(tmp_path):
    store = AnswersFile(tmp_path, "quiz")
    for n in range(20):
        store.record(f"q{n}", "a")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".quiz.answers.json.") and
                 not p.name.endswith(".lock")]
    assert leftovers == []


def _hammer(directory: str, prefix: str, count: int) -> None:
    store = AnswersFile(directory, "quiz")
    for n in range(count):
        store.record(f"{prefix}{n}", "a")


def test_two_kernels_answering_at_once_lose_nothing(tmp_path):
    workers = [multiprocessing.Process(target=_hammer, args=(str(tmp_path), p, 40)) for p in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    records = AnswersFile(tmp_path, "quiz").read().records
    assert set(records) == {f"{p}{n}" for p in "ab" for n in range(40)}


def test_a_kernel_killed_while_recording_leaves_a_readable_file(tmp_path):
    """kill -9 in the middle of a stream of writes: the file is always the last complete version."""
    script = (f"import sys; sys.path.insert(0, {str(os.getcwd())!r})\n"
              "from microneedling.quiz.recorded import AnswersFile\n"
              f"store = AnswersFile({str(tmp_path)!r}, 'quiz')\n"
              "n = 0\n"
              "while True:\n    store.record(f'q{n % 50}', 'x' * 5000 + str(n)); n += 1\n")
    process = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 20
    while not answers_path(tmp_path, "quiz").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    result = read_answers_file(answers_path(tmp_path, "quiz"))
    assert result.notes == [] and result.records, "the answers file must still be complete JSON"


@pytest.mark.parametrize("content, note", [
    (b"{not json", "not readable JSON"),
    (b"[1, 2, 3]", "not in the course's recorded-answers format"),
    (json.dumps({"format": "other", "answers": {}}).encode(), "not in the course's recorded-answers format"),
    (b"[" * 100_000 + b"]" * 100_000, "not readable JSON"),
    (b"\xff\xfe\x00garbage", "not readable JSON"),
])
def test_a_broken_answers_file_is_a_note_not_an_exception(tmp_path, content, note):
    path = answers_path(tmp_path, "quiz")
    path.write_bytes(content)
    result = read_answers_file(path)
    assert result.records == {}
    assert any(note in n for n in result.notes), result.notes


def test_an_enormous_answers_file_is_not_read(tmp_path):
    path = answers_path(tmp_path, "quiz")
    path.write_bytes(b" " * (MAX_ANSWERS_FILE_BYTES + 1))
    result = read_answers_file(path)
    assert result.records == {} and "over the" in result.notes[0]


@pytest.mark.parametrize("value, kept", [
    ("b", "b"), (1.5, 1.5), (3, 3.0), (["a", "b"], ["a", "b"]), ({"x": "p", "y": None}, {"x": "p"}),
    (True, None), (float("inf"), None), ({"x": 3}, None), ([1, 2], None), (["a"] * 1000, None),
    ({"nested": {"deep": "x"}}, None), (None, None),
])
def test_only_plain_answer_shapes_are_kept(value, kept):
    assert plain_value(value)[0] == kept


def test_a_long_text_is_kept_to_the_limit_with_a_reason():
    value, reason = plain_value("x" * (MAX_TEXT_CHARS + 10))
    assert len(value) == MAX_TEXT_CHARS and "first" in reason


def test_forged_entries_are_dropped_one_by_one(tmp_path):
    answers = {"q1": {"value": "a", "at": "2026-11-26T10:00:00Z"}, "../../etc": {"value": "a"},
               "q2": "not a record", "q3": {"value": {"__class__": {"os": "system"}}}, "q4": {"value": 1e309}}
    answers_path(tmp_path, "quiz").write_text(json.dumps({"format": FORMAT, "version": 1, "answers": answers}))
    result = read_answers_file(answers_path(tmp_path, "quiz"))
    assert set(result.records) == {"q1"}
    assert len(result.notes) == 4


def test_answers_in_the_notebook_are_read_back_and_the_later_record_wins(tmp_path):
    AnswersFile(tmp_path, "quiz").record("q1", "a", T0)
    AnswersFile(tmp_path, "quiz").record("q2", "a", T0 + dt.timedelta(hours=1))
    outputs = [{"output_type": "display_data", "metadata": {},
                "data": {ANSWER_MIME: {"question": "q1", "value": "b", "at": "2026-11-26T10:30:00Z"}}},
               {"output_type": "display_data", "metadata": {},
                "data": {ANSWER_MIME: {"question": "q2", "value": "b", "at": "2026-11-26T10:30:00Z"}}},
               {"output_type": "display_data", "metadata": {},
                "data": {ANSWER_MIME: {"question": "q3", "value": None}}}]
    (tmp_path / "quiz.ipynb").write_text(json.dumps({"cells": [{"cell_type": "code", "outputs": outputs}]}))
    result, notebook = read_submission(tmp_path, "quiz")
    assert notebook is not None
    assert {q: r.value for q, r in result.records.items()} == {"q1": "b", "q2": "a"}


def test_a_notebook_that_is_not_json_costs_only_its_own_copy_of_the_answers(tmp_path):
    AnswersFile(tmp_path, "quiz").record("q1", "a", T0)
    (tmp_path / "quiz.ipynb").write_text("this is not a notebook")
    result, notebook = read_submission(tmp_path, "quiz")
    assert notebook is None and result.records["q1"].value == "a"
    assert any("notebook file" in n for n in result.notes)


def test_unreadable_times_never_win():
    assert parse_time("yesterday") < T0
    assert parse_time(12) < T0
    old = Record("q1", "a", parse_time("9999-99-99"))
    new = Record("q1", "b", T0)
    assert merge({"q1": old}, {"q1": new})["q1"].value == "b"


@settings(deadline=None)  # the machine may be busy; speed is not what is tested
@given(st.lists(st.tuples(st.sampled_from(["q1", "q2", "q3"]), st.text(max_size=5),
                          st.integers(min_value=0, max_value=10_000)), max_size=30))
def test_merging_keeps_the_latest_record_of_each_question_whatever_the_order(entries):
    records = [Record(q, v, T0 + dt.timedelta(seconds=s), src) for (q, v, s), src in
               zip(entries, ["answers file", "notebook"] * 30)]
    forward = merge(*({r.question: r} for r in records))
    backward = merge(*({r.question: r} for r in reversed(records)))
    for question in {r.question for r in records}:
        newest = max(r.at for r in records if r.question == question)
        assert forward[question].at == backward[question].at == newest


def test_embedded_records_skip_malformed_outputs():
    notes: list[str] = []
    notebook = {"cells": [{"outputs": "no"}, "junk", {"outputs": [{"data": {ANSWER_MIME: "x"}}, 5]}]}
    assert embedded_records(notebook, notes) == {}
