"""The progress store: round trip, atomic writes under kill -9, corrupt and unusable files, concurrent writers from
two processes, schema upgrades (and a store from a newer course), a file moved aside by another kernel."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from microneedling.progress.store import MIGRATIONS, SCHEMA_VERSION, ProgressStore, default_path
from microneedling.quiz.events import ResultEvent
from tests.conftest import ROOT

T0 = dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.timezone.utc)


def event(question: str = "q1", score: float = 1.0, *, lesson: str = "00_welcome", minutes: int = 0,
          answer=None, text: str = "", revealed: bool = False, kind: str = "answer") -> ResultEvent:
    return ResultEvent(lesson, question, score, 1.0, T0 + dt.timedelta(minutes=minutes), answer, text, revealed, kind)


def rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT question_id, score FROM answers ORDER BY id").fetchall()


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def run_child(code: str, **popen) -> subprocess.Popen:
    """A Python child process (a stand-in for a lesson kernel) that can import the course package."""
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def test_round_trip_keeps_answers_as_data_and_separates_learners(tmp_path):
    path = tmp_path / "progress.sqlite3"
    ann = ProgressStore(path, learner="ann")
    ann.record(event("q1", 0.0, answer="D", text="Class I"))
    ann.record(event("q2", 0.5, minutes=1, answer={"cfr": "regulation"}, text="21 CFR → regulation"))
    ann.record(event("q1", 0.0, minutes=2, kind="reveal"))
    ann.record(event("q1", 0.0, minutes=3, answer="C", text="Class II", revealed=True))
    ProgressStore(path, learner="bob").record(event("q9", 1.0))
    got = ann.attempts()
    assert [(a.question_id, a.kind, a.score, a.answer, a.answer_text, a.revealed) for a in got] == [
        ("q1", "answer", 0.0, "D", "Class I", False),
        ("q2", "answer", 0.5, {"cfr": "regulation"}, "21 CFR → regulation", False),
        ("q1", "reveal", 0.0, None, "", False),
        ("q1", "answer", 0.0, "C", "Class II", True),
    ]
    assert got[0].at == T0 and got[0].at.tzinfo is not None
    assert [a.question_id for a in ProgressStore(path, learner="bob").attempts()] == ["q9"]
    assert ann.attempts("01_skin_and_wound_healing") == [] and ann.notices == [] and ann.persistent


def test_visits_are_created_then_updated(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3", learner="ann")
    assert store.save_visit("v1", "01_skin_and_wound_healing", T0, 15.0)
    assert store.save_visit("v1", "01_skin_and_wound_healing", T0, 45.0)
    store.save_visit("v2", "02_indications_and_evidence", T0, 5.0)
    visits = store.visits()
    assert [(v.lesson_id, v.seconds) for v in visits] == [("01_skin_and_wound_healing", 45.0),
                                                          ("02_indications_and_evidence", 5.0)]
    assert visits[0].started == T0 and visits[0].last_seen > T0


def test_location_is_configurable_defaults_to_the_user_data_dir_and_never_the_repository(tmp_path, monkeypatch):
    monkeypatch.setenv("MICRONEEDLING_PROGRESS", str(tmp_path / "mine.sqlite3"))
    assert default_path() == tmp_path / "mine.sqlite3"
    monkeypatch.delenv("MICRONEEDLING_PROGRESS")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "microneedling" / "progress.sqlite3"
    inside = ProgressStore(ROOT / "build" / "progress.sqlite3")
    assert not inside.persistent and not (ROOT / "build" / "progress.sqlite3").exists()
    assert "may not live inside the course folder" in inside.notices[0]
    inside.record(event())  # still works for the session, in memory
    assert len(inside.attempts()) == 1


def test_kill_9_in_the_middle_of_a_write_loses_only_that_answer(tmp_path):
    """The child records 20 answers, then is killed while SQLite is executing the 21st (a progress handler
    pauses it mid-statement). Every acknowledged answer survives, the file is intact and still writable."""
    path = tmp_path / "progress.sqlite3"
    child = run_child(f"""
        import sys, time
        from microneedling.progress.store import ProgressStore
        from microneedling.quiz.events import emit, set_recorder
        store = ProgressStore({str(path)!r}, learner="ann")
        set_recorder(store)
        for n in range(20):
            emit("00_welcome", f"q{{n}}", 1.0, 1.0, answer="B", answer_text="B")
            print("saved", n, flush=True)
        def pause(calls=[0]):
            calls[0] += 1
            if calls[0] == 3:
                print("writing", flush=True)
                time.sleep(60)
            return 0
        store._conn.set_progress_handler(pause, 1)
        emit("00_welcome", "q20", 1.0, 1.0, answer="B", answer_text="B")
        print("saved 20", flush=True)
    """)
    lines = []
    for line in child.stdout:
        lines.append(line.strip())
        if line.strip() == "writing":
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, child.stderr.read()
    assert lines[-2:] == ["saved 19", "writing"]
    assert integrity(path) == "ok"
    assert [q for q, _ in rows(path)] == [f"q{n}" for n in range(20)]
    store = ProgressStore(path, learner="ann")
    store.record(event("after"))
    assert store.notices == [] and len(store.attempts()) == 21


def test_kill_9_at_random_moments_never_loses_an_acknowledged_answer(tmp_path):
    path = tmp_path / "progress.sqlite3"
    for round_ in range(3):
        child = run_child(f"""
            from microneedling.progress.store import ProgressStore
            from microneedling.quiz.events import emit, set_recorder
            set_recorder(ProgressStore({str(path)!r}, learner="ann"))
            n = 0
            while True:
                emit("00_welcome", "r{round_}-" + str(n), 1.0, 1.0, answer=["a", "b"], answer_text="a; b")
                print(n, flush=True)
                n += 1
        """)
        acknowledged = -1
        deadline = time.monotonic() + 0.3 + 0.2 * round_
        for line in child.stdout:
            acknowledged = int(line)
            if acknowledged >= 30 and time.monotonic() > deadline:
                break
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        stored = [q for q, _ in rows(path) if q.startswith(f"r{round_}-")]
        assert len(stored) >= acknowledged + 1  # the one being written may or may not have made it
        assert stored == [f"r{round_}-{n}" for n in range(len(stored))]
        assert integrity(path) == "ok"


@pytest.mark.parametrize("damage", ["garbage", "truncated", "bad page"])
def test_a_corrupt_file_is_moved_aside_with_a_message_and_a_fresh_store_started(tmp_path, damage):
    path = tmp_path / "progress.sqlite3"
    if damage == "garbage":
        path.write_bytes(b"these are not the answers you are looking for" * 200)
    else:
        good = ProgressStore(path, learner="ann")
        for n in range(300):
            good.record(event(f"q{n}", answer="x" * 200, text="x" * 200))
        good.close()
        data = bytearray(path.read_bytes())
        data = data[: len(data) // 2] if damage == "truncated" else data[:4096] + b"\xff" * 8192 + data[12288:]
        path.write_bytes(bytes(data))
    damaged = path.read_bytes()
    store = ProgressStore(path, learner="ann")
    assert store.persistent and len(store.notices) == 1
    notice = store.notices[0]
    assert notice.startswith("Your progress file could not be read (") and "moved aside to" in notice
    aside = [p for p in tmp_path.iterdir() if ".unreadable-" in p.name and not p.name.endswith("-wal")]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged and str(aside[0]) in notice
    store.record(event("fresh"))
    assert [a.question_id for a in store.attempts()] == ["fresh"] and integrity(path) == "ok"


def test_an_unusable_location_keeps_progress_in_memory_and_says_so(tmp_path):
    blocked = tmp_path / "progress.sqlite3"
    blocked.mkdir()  # a folder where the file should be: cannot be opened, must not be moved away
    store = ProgressStore(blocked, learner="ann")
    assert not store.persistent and blocked.is_dir()
    assert store.notices[0].startswith("Progress is kept only until this lesson is closed: the progress file")
    store.record(event())
    assert len(store.attempts()) == 1
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    store = ProgressStore(not_a_folder / "progress.sqlite3")
    assert not store.persistent and "cannot be created" in store.notices[0]


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "progress.sqlite3"
    go = tmp_path / "go"
    code = """
        import os, sys, time
        from microneedling.progress.store import ProgressStore
        from microneedling.quiz.events import emit, set_recorder
        print("ready", flush=True)
        while not os.path.exists({go!r}):
            time.sleep(0.01)
        store = ProgressStore({path!r}, learner="ann")  # both kernels create the new store at the same moment
        set_recorder(store)
        for n in range(300):
            emit("{lesson}", f"q{{n}}", 1.0, 1.0, answer="A", answer_text="A")
        print("notices", store.notices, flush=True)
    """
    lessons = ["01_skin_and_wound_healing", "02_indications_and_evidence"]
    children = [run_child(code.format(path=str(path), go=str(go), lesson=lesson)) for lesson in lessons]
    for child in children:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
    go.touch()
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0 and out.strip() == "notices []", (out, err)
    store = ProgressStore(path, learner="ann")
    for lesson in lessons:
        assert [a.question_id for a in store.attempts(lesson)] == [f"q{n}" for n in range(300)]


def test_kernels_creating_the_store_at_the_same_moment_all_keep_it_on_disk(tmp_path):
    """Opening several lessons at once on a first visit: each kernel creates the store; none may fall back to
    memory-only progress (switching a new file to WAL meets the other kernels' locks without SQLite's busy wait)."""
    code = """
        import os, sys, time
        from microneedling.progress.store import ProgressStore
        print("ready", flush=True)
        while not os.path.exists({go!r}):
            time.sleep(0.001)
        store = ProgressStore({path!r}, learner="ann")
        print(store.persistent, store.notices, flush=True)
    """
    for round_ in range(8):
        path, go = tmp_path / f"round{round_}" / "progress.sqlite3", tmp_path / f"go{round_}"
        children = [run_child(code.format(path=str(path), go=str(go))) for _ in range(4)]
        for child in children:
            assert child.stdout.readline().strip() == "ready", child.stderr.read()
        go.touch()
        for child in children:
            out, err = child.communicate(timeout=120)
            assert out.strip() == "True []", (out, err)


def test_a_writer_waits_for_another_kernels_long_transaction(tmp_path):
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path, learner="ann")
    blocker = run_child(f"""
        import sqlite3, time
        conn = sqlite3.connect({str(path)!r}, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        time.sleep(1.5)
        conn.execute("COMMIT")
    """)
    assert blocker.stdout.readline().strip() == "locked"
    started = time.monotonic()
    store.record(event("waited"))
    assert time.monotonic() - started > 0.5 and store.notices == []
    blocker.wait(timeout=30)
    assert [a.question_id for a in store.attempts()] == ["waited"]


def make_version_1_store(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        for statement in MIGRATIONS[0]:
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        conn.executemany("INSERT INTO answers (learner, lesson_id, question_id, score, max_points, at) "
                         "VALUES ('ann', '00_welcome', ?, ?, 1.0, ?)",
                         [("q1", 0.0, T0.isoformat()), ("q1", 1.0, (T0 + dt.timedelta(minutes=5)).isoformat())])


def test_an_older_store_is_upgraded_in_place_keeping_its_answers(tmp_path):
    path = tmp_path / "progress.sqlite3"
    make_version_1_store(path)
    store = ProgressStore(path, learner="ann")
    assert store.schema_version() == SCHEMA_VERSION == 2 and store.notices == []
    old = store.attempts()
    assert [(a.question_id, a.score, a.kind, a.answer, a.answer_text, a.revealed) for a in old] == [
        ("q1", 0.0, "answer", None, "", False), ("q1", 1.0, "answer", None, "", False)]
    store.record(event("q2", minutes=10, answer="B", text="B"))
    assert store.attempts()[-1].answer == "B"
    assert store.save_visit("v", "00_welcome", T0, 60.0)


def test_kill_9_during_the_upgrade_leaves_the_old_store_intact(tmp_path):
    path = tmp_path / "progress.sqlite3"
    make_version_1_store(path)
    child = run_child(f"""
        import sqlite3, time
        import microneedling.progress.store as store_module
        real_connect = sqlite3.connect
        def connect(*args, **kwargs):
            conn = real_connect(*args, **kwargs)
            def pause(calls=[0]):
                calls[0] += 1
                if calls[0] == 200:
                    print("upgrading", flush=True)
                    time.sleep(60)
                return 0
            conn.set_progress_handler(pause, 1)
            return conn
        store_module.sqlite3.connect = connect
        store_module.ProgressStore({str(path)!r}, learner="ann")
    """)
    assert child.stdout.readline().strip() == "upgrading", child.stderr.read()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] in (1, 2)
    store = ProgressStore(path, learner="ann")
    assert store.schema_version() == 2 and len(store.attempts()) == 2 and integrity(path) == "ok"


def test_a_store_from_a_newer_course_version_is_left_untouched(tmp_path):
    path = tmp_path / "progress.sqlite3"
    make_version_1_store(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = path.read_bytes()
    store = ProgressStore(path, learner="ann")
    assert not store.persistent and "newer version of the course (schema 99" in store.notices[0]
    store.record(event())
    assert path.read_bytes() == before and len(store.attempts()) == 1


def test_a_file_moved_aside_by_another_kernel_is_followed(tmp_path):
    path = tmp_path / "progress.sqlite3"
    first = ProgressStore(path, learner="ann")
    first.record(event("before"))
    for suffix in ("", "-wal", "-shm"):  # what a second kernel's recovery does
        if Path(f"{path}{suffix}").exists():
            os.replace(f"{path}{suffix}", f"{path}.unreadable-x{suffix}")
    second = ProgressStore(path, learner="ann")
    first.record(event("after"))
    assert [a.question_id for a in second.attempts()] == ["after"]


def test_the_recording_benchmark_runs():
    from benchmarks.bench_app import time_recording

    result = time_recording(answers=20)
    assert result["samples"] == 20 and 0 < result["median_ms"] <= result["p99_ms"]
