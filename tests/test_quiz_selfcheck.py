"""The self-check widget driven headless: controls via .value / .click(), asserting state and displayed verdict."""

from __future__ import annotations

import html

import pytest

from microneedling import progress
from microneedling.quiz import MemoryRecorder, SelfCheck, load_bank, self_check, set_recorder
from microneedling.quiz.events import emit, get_recorder
from microneedling.quiz.selfcheck import InputProblem, initial_order, parse_number


@pytest.fixture(autouse=True)
def own_progress_store(tmp_path, monkeypatch):
    """Each test starts with an empty progress store of its own (self_check installs the learner's store)."""
    monkeypatch.setenv("MICRONEEDLING_PROGRESS", str(tmp_path / "progress.sqlite3"))
    monkeypatch.setattr(progress, "_store", None)
    monkeypatch.setattr(progress, "_visits", {})
    previous = set_recorder(None)
    yield
    set_recorder(previous)


@pytest.fixture
def sc() -> SelfCheck:
    return self_check("00_welcome")


@pytest.fixture
def recorder():
    memory = MemoryRecorder()
    previous = set_recorder(memory)
    yield memory
    set_recorder(previous)


def test_bank_view_has_one_question_view_each_and_css_classes(sc):
    assert len(sc.questions) == 6
    assert "mn-self-check" in sc.ui._dom_classes
    assert all("mn-question" in v.ui._dom_classes and "mn-verdict" in v.feedback._dom_classes for v in sc.questions)
    assert "0 of 5 points" in sc.total.value and "0 of 5 scored question(s) checked" in sc.total.value


def test_single_choice_verdict_words_icon_explanation_sources_and_retry(sc, recorder):
    q = sc.view("q1_device_class")
    assert q.show_answer_button.disabled
    q.choice.value = "D"
    q.check_button.click()
    assert q.state.attempts == 1 and q.state.score == 0 and q.state.verdict == "incorrect"
    assert "mn-icon" in q.feedback.value and "<strong>Incorrect</strong>" in q.feedback.value
    assert "PMA is the approval route" in q.feedback.value  # per-option feedback
    assert "class II" in q.feedback.value and "eCFR 2018" in q.feedback.value  # explanation + sources
    assert q.show_answer_button.disabled
    q.choice.value = "C"
    q.check_button.click()
    assert q.state.verdict == "correct" and q.state.score == 1 and q.state.attempts == 2
    assert "mn-icon" in q.feedback.value and "<strong>Correct</strong> — 1 of 1 point" in q.feedback.value
    assert not q.show_answer_button.disabled
    q.show_answer_button.click()
    assert q.state.answer_shown and "A class II medical device with special controls" in q.feedback.value
    assert "1 of 5 points" in sc.total.value
    assert [(e.lesson_id, e.question_id, e.kind, e.score, e.max_points, e.answer) for e in recorder.events] == [
        ("00_welcome", "q1_device_class", "answer", 0.0, 1.0, "D"),
        ("00_welcome", "q1_device_class", "answer", 1.0, 1.0, "C"),
        ("00_welcome", "q1_device_class", "reveal", 0.0, 1.0, None)]
    assert recorder.events[0].time.tzinfo is not None


def test_nothing_selected_gets_a_message_and_costs_no_try(sc, recorder):
    q = sc.view("q1_device_class")
    q.check_button.click()
    assert q.state.attempts == 0 and q.state.message == "choose one option first"
    assert "Not checked yet:" in q.feedback.value and "choose one option first" in q.feedback.value
    m = sc.view("q2_authorised_uses")
    m.check_button.click()
    assert m.state.attempts == 0 and "tick at least one option" in m.feedback.value
    t = sc.view("q6_explain_to_client")
    t.text.value = "   "
    t.check_button.click()
    assert t.state.attempts == 0 and "write your answer first" in t.feedback.value
    assert recorder.events == []


def test_multiple_choice_partial_credit(sc):
    q = sc.view("q2_authorised_uses")
    ids = [o.id for o in q.question.options]
    for box, option_id in zip(q.choices, ids):
        box.value = option_id in {"acne_scars", "wrinkles", "serum_delivery"}
    q.check_button.click()
    assert q.state.verdict == "partly correct" and q.state.score == 0.33
    assert "<strong>Partly correct</strong>" in q.feedback.value and "1 wrong tick" in q.feedback.value
    assert "outside the microneedling regulation" in q.feedback.value


def test_ordering_up_down_buttons_and_partial_score(sc):
    q = sc.view("q3_submit_steps")
    key = list(q.question.key)
    assert q.order != key and sorted(q.order) == sorted(key)
    assert q.up_buttons[0].disabled and q.down_buttons[-1].disabled
    first = q.order[0]
    q.down_buttons[0].click()
    assert q.order[1] == first and q.labels[1].value.startswith("2. ")
    q.up_buttons[1].click()
    assert q.order[0] == first
    q.check_button.click()
    assert q.state.verdict in {"partly correct", "incorrect"} and q.state.score < q.question.points
    # sort into the key with the buttons only, like a keyboard user would
    for target, item_id in enumerate(key):
        while q.order.index(item_id) > target:
            q.up_buttons[q.order.index(item_id)].click()
    assert q.order == key
    q.check_button.click()
    assert q.state.verdict == "correct" and q.state.score == q.question.points


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "type a number first"),
        ("three", "'three' is not a number: type digits, e.g. 1.5 (a decimal comma, 1,5, works too)"),
        ("1.000,5", "more than one decimal mark"),
        ("-3", "-3 years is out of range: enter a value between 0 and 120 years"),
        ("500", "out of range"),
    ],
)
def test_numeric_bad_input_gets_a_clear_message(sc, typed, message):
    q = sc.view("q4_minimum_age")
    q.number.value = typed
    q.check_button.click()
    assert q.state.attempts == 0 and message in q.state.message and html.escape(message) in q.feedback.value


@pytest.mark.parametrize(("typed", "verdict"), [("22", "correct"), ("22,0", "correct"), ("22 years", "correct"),
                                                ("21,5", "incorrect")])
def test_numeric_accepts_decimal_comma_and_a_typed_unit(sc, typed, verdict):
    q = sc.view("q4_minimum_age")
    q.number.value = typed
    q.check_button.click()
    assert q.state.verdict == verdict and q.state.message == ""
    assert "aged 22 and over" in q.feedback.value  # the explanation renders the fact's value


def test_numeric_unit_dropdown_converts_mm_and_micrometres(tmp_path):
    from microneedling.quiz import load_bank

    path = tmp_path / "01_depth.toml"
    path.write_text('title = "T"\n[[question]]\nid = "d"\ntype = "numeric"\nstem = "Depth?"\nkey = 0.5\n'
                    'tolerance = 0.05\nunit = "mm"\nexplanation = "E"\nfacts = []\n')
    q = SelfCheck(load_bank(path)).view("d")
    assert list(q.unit.options) == ["mm", "µm"] and q.unit.value == "mm" and not q.unit.disabled
    q.number.value = "500"
    q.check_button.click()
    assert q.state.verdict == "incorrect"  # 500 mm
    q.unit.value = "µm"
    q.check_button.click()
    assert q.state.verdict == "correct"
    q.number.value = "0,45 mm"
    q.check_button.click()
    assert q.unit.value == "mm" and q.state.verdict == "correct"
    q.number.value = "-1"
    q.check_button.click()
    assert "out of range: enter a value at least 0 mm" in q.state.message


def test_matching_half_done_and_duplicates_get_messages_then_scores_pairs(sc):
    q = sc.view("q5_regulatory_terms")
    q.pairs["cfr"].value = "regulation"
    q.check_button.click()
    assert q.state.attempts == 0 and "still open: QAI; De Novo DEN160029; Premarket approval (PMA)" in q.state.message
    q.pairs["qai"].value = "regulation"
    q.pairs["den160029"].value = "first_device"
    q.pairs["pma"].value = "approval_route"
    q.check_button.click()
    assert "is chosen for more than one item (21 CFR 878.4430; QAI)" in q.state.message
    q.pairs["qai"].value = "approval_route"
    q.pairs["pma"].value = "product_code"
    q.check_button.click()
    assert q.state.score == 0.5 and "2 of 4 pairs are right" in q.feedback.value


def test_free_text_shows_the_model_answer_and_is_not_scored(sc, recorder):
    q = sc.view("q6_explain_to_client")
    assert q.show_answer_button.layout.display == "none"
    q.text.value = "It is cleared, not approved; evidence is limited."
    q.check_button.click()
    assert q.state.verdict == "compare" and q.state.score is None and q.state.answer_shown
    assert "Model answer:" in q.feedback.value and "A good answer:" in q.feedback.value
    assert "0 of 5 scored question(s) checked" in sc.total.value
    assert recorder.events[-1].max_points == 0.0


def test_show_answer_needs_two_tries_and_shows_the_key(sc):
    q = sc.view("q5_regulatory_terms")
    q.show_answer()
    assert not q.state.answer_shown and "try at least 2 times" in q.feedback.value
    for left, right in zip(q.pairs, ["product_code", "regulation", "approval_route", "first_device"]):
        q.pairs[left].value = right
    q.check_button.click()
    q.check_button.click()
    q.show_answer_button.click()
    assert q.state.answer_shown and "QAI → The FDA product code for these devices" in q.feedback.value


def test_running_total_sums_the_last_score_of_each_question(sc):
    single, multiple = sc.view("q1_device_class"), sc.view("q2_authorised_uses")
    single.choice.value = "C"
    single.check_button.click()
    for box, option in zip(multiple.choices, multiple.question.options):
        box.value = option.id in multiple.question.key
    multiple.check_button.click()
    assert sc.score == 2 and "2 of 5 points · 2 of 5 scored question(s) checked" in sc.total.value
    single.choice.value = "A"
    single.check_button.click()
    assert sc.score == 1


def test_parse_number_accepts_decimal_comma():
    assert parse_number(" 1,5 ") == 1.5 and parse_number(".5") == 0.5 and parse_number("-2") == -2
    for bad in ("1,5,0", "1.5.0", "nan", "inf", "1e3", "1 5"):
        with pytest.raises(InputProblem):
            parse_number(bad)


def test_initial_order_is_stable_mixed_and_never_the_key(sc):
    question = sc.view("q3_submit_steps").question
    assert initial_order(question) == initial_order(question)
    assert initial_order(question) not in (list(question.key), list(reversed(question.key)))


def test_recorder_protocol_is_checked_and_off_by_default():
    assert get_recorder() is None
    assert emit("00_welcome", "q1", 1.0, 1.0).question_id == "q1"  # no recorder: nothing stored, no error
    with pytest.raises(ValueError, match="a recorder needs a record\\(event\\) method"):
        set_recorder(object())  # type: ignore[arg-type]


def test_widget_is_inert_during_nbgrader_execution(sc, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert sc._repr_mimebundle_() == {"text/plain": "[SelfCheck: interactive widget, not shown during grading]"}


# --- progress: practice after a reveal, restored answers, store notices --------------------------------------


def wrong_twice_then_show(q):
    q.choice.value = "D"
    q.check_button.click()
    q.choice.value = "A"
    q.check_button.click()
    q.show_answer_button.click()


def test_checks_after_show_answer_are_practice_and_never_scored(sc, recorder):
    q = sc.view("q1_device_class")
    wrong_twice_then_show(q)
    q.choice.value = "C"  # the key, now that it has been shown
    q.check_button.click()
    assert q.state.verdict == "correct" and q.state.score == 0 and q.state.attempts == 2 and q.state.practice == 1
    assert "practice: the answer was shown, so this check is not scored" in q.feedback.value
    assert sc.score == 0 and "0 of 5 points" in sc.total.value
    assert [(e.kind, e.score, e.revealed) for e in recorder.events] == [
        ("answer", 0.0, False), ("answer", 0.0, False), ("reveal", 0.0, False), ("answer", 0.0, True)]


def test_a_correct_answer_before_the_reveal_keeps_its_score(sc):
    q = sc.view("q1_device_class")
    q.choice.value = "D"
    q.check_button.click()
    q.choice.value = "C"
    q.check_button.click()
    q.show_answer_button.click()
    q.choice.value = "A"
    q.check_button.click()  # practice: neither loses nor gains
    assert q.state.score == 1 and sc.score == 1


def test_reopened_lesson_shows_last_answers_sets_the_controls_and_restores_the_total():
    first = self_check("00_welcome")
    single, multiple, ordering = first.view("q1_device_class"), first.view("q2_authorised_uses"), first.view("q3_submit_steps")
    numeric, matching, text = first.view("q4_minimum_age"), first.view("q5_regulatory_terms"), first.view("q6_explain_to_client")
    single.choice.value = "D"
    single.check_button.click()
    single.choice.value = "C"
    single.check_button.click()
    for box, option in zip(multiple.choices, multiple.question.options):
        box.value = option.id in multiple.question.key
    multiple.check_button.click()
    ordering.down_buttons[0].click()
    ordering.check_button.click()
    numeric.number.value = "21,5 years"
    numeric.check_button.click()
    for left, right in zip(matching.pairs, ["product_code", "regulation", "approval_route", "first_device"]):
        matching.pairs[left].value = right
    matching.check_button.click()
    text.text.value = "Cleared, not approved."
    text.check_button.click()
    order, total = list(ordering.order), first.total.value

    again = self_check("00_welcome")
    q1 = again.view("q1_device_class")
    assert q1.choice.value == "C" and q1.state.attempts == 2 and q1.state.score == 1 and not q1.show_answer_button.disabled
    assert "<strong>Your last answer</strong> (today at" in q1.feedback.value
    assert ": A class II medical device with special controls — correct, 1 of 1 point." in html.unescape(q1.feedback.value)
    assert [box.value for box in again.view("q2_authorised_uses").choices] == [box.value for box in multiple.choices]
    assert again.view("q3_submit_steps").order == order
    assert again.view("q4_minimum_age").number.value == "21.5" and "21.5 years — incorrect, 0 of 1 point" in again.view("q4_minimum_age").feedback.value
    assert {k: d.value for k, d in again.view("q5_regulatory_terms").pairs.items()} == {k: d.value for k, d in matching.pairs.items()}
    assert again.view("q6_explain_to_client").text.value == "Cleared, not approved."
    assert "compared with the model answer" in again.view("q6_explain_to_client").feedback.value
    assert again.total.value == total and again.score == first.score


def test_a_reveal_holds_for_the_rest_of_the_day_then_the_question_scores_again():
    import datetime as dt

    wrong_twice_then_show(self_check("00_welcome").view("q1_device_class"))
    same_day = self_check("00_welcome").view("q1_device_class")
    assert same_day.state.answer_shown and "You showed the answer today at" in same_day.feedback.value
    same_day.choice.value = "C"
    same_day.check_button.click()
    assert same_day.state.score == 0 and "not scored" in same_day.feedback.value
    tomorrow = SelfCheck(load_bank("00_welcome"), progress.learner_store(),
                         today=dt.date.today() + dt.timedelta(days=1)).view("q1_device_class")
    assert not tomorrow.state.answer_shown and "yesterday at" in tomorrow.feedback.value
    tomorrow.choice.value = "C"
    tomorrow.check_button.click()
    assert tomorrow.state.score == 1 and tomorrow.state.verdict == "correct"


def test_a_corrupt_progress_file_is_reported_in_the_self_check_which_still_works(tmp_path, monkeypatch):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"not a database" * 100)
    monkeypatch.setenv("MICRONEEDLING_PROGRESS", str(path))
    sc = self_check("00_welcome")
    assert "About your progress:" in sc.notices.value and "moved aside to" in sc.notices.value
    q = sc.view("q1_device_class")
    q.choice.value = "C"
    q.check_button.click()
    assert q.state.verdict == "correct" and len(progress.learner_store().attempts("00_welcome")) == 1


def test_matching_starts_with_an_explicit_placeholder_and_units_are_readable(sc):
    m = sc.view("q5_regulatory_terms")
    assert all(d.options[0] == ("Choose…", "") and d.value == "" and d.label == "Choose…" for d in m.pairs.values())
    assert [d.description for d in m.pairs.values()] == [item.text for item in m.question.left]  # visible labels
    assert not any(d.tooltip for d in m.pairs.values())  # a title alone is no label (axe label-title-only)
    unit = sc.view("q4_minimum_age").unit
    assert unit.layout.width == "auto" and unit.style.description_width == "initial"
    assert "white-space: normal" in sc.ui.children[0].value  # long options wrap instead of overprinting
