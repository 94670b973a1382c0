"""The self-check widget driven headless: controls via .value / .click(), asserting state and displayed verdict."""

from __future__ import annotations

import html

import pytest

from microneedling.quiz import MemoryRecorder, SelfCheck, self_check, set_recorder
from microneedling.quiz.events import emit, get_recorder
from microneedling.quiz.selfcheck import InputProblem, initial_order, parse_number


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
    assert "✘" in q.feedback.value and "<strong>Incorrect</strong>" in q.feedback.value
    assert "PMA is the approval route" in q.feedback.value  # per-option feedback
    assert "class II" in q.feedback.value and "eCFR 2018" in q.feedback.value  # explanation + sources
    assert q.show_answer_button.disabled
    q.choice.value = "C"
    q.check_button.click()
    assert q.state.verdict == "correct" and q.state.score == 1 and q.state.attempts == 2
    assert "✔" in q.feedback.value and "<strong>Correct</strong> — 1 of 1 point" in q.feedback.value
    assert not q.show_answer_button.disabled
    q.show_answer_button.click()
    assert q.state.answer_shown and "A class II medical device with special controls" in q.feedback.value
    assert "1 of 5 points" in sc.total.value
    assert [(e.lesson_id, e.question_id, e.score, e.max_points) for e in recorder.events] == [
        ("00_welcome", "q1_device_class", 0.0, 1.0), ("00_welcome", "q1_device_class", 1.0, 1.0)]
    assert recorder.events[0].time.tzinfo is not None


def test_nothing_selected_gets_a_message_and_costs_no_try(sc, recorder):
    q = sc.view("q1_device_class")
    q.check_button.click()
    assert q.state.attempts == 0 and q.state.message == "choose one option first"
    assert "mn-icon" in q.feedback.value and "choose one option first" in q.feedback.value
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
    assert "◐" in q.feedback.value and "1 wrong tick" in q.feedback.value
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
