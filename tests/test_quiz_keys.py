"""The hidden keys of the graded quizzes agree with the cited facts and the model.

Keys are read back from the hidden tests of ``source/`` (never retyped here); each is compared with what
the registry or a model function says, and every fact a key rests on must be ``confirmed``.
"""

from __future__ import annotations

import ast

import nbformat
import pytest

from microneedling.facts import registry
from microneedling.facts.kinds.protocol import ACTION_LABELS
from microneedling.model import aftercare, anatomy, depth, healing, procedure, screening
from tests.conftest import ROOT
from tests.nbgrader_course import QUIZ_IDS, hidden_keys


def _source(quiz: str):
    return ROOT / "source" / quiz / f"{quiz}.ipynb"


def _keys(quiz: str):
    return {name: k.key for name, k in hidden_keys(_source(quiz)).items()}


def _choices(quiz: str) -> dict[str, dict]:
    """Every ``Qn_OPTIONS`` / ``Qn_ITEMS`` / ``Qn_LEFT`` / ``Qn_RIGHT`` dict of the read-only option cells."""
    found = {}
    for cell in nbformat.read(_source(quiz), as_version=4).cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_choices"):
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign):
                    found[node.targets[0].id] = ast.literal_eval(node.value)
    return found


def _confirmed(*fact_ids: str) -> None:
    reg = registry()
    for fact_id in fact_ids:
        assert reg.record(fact_id).gradeable, f"{fact_id} is not confirmed, so it cannot be a quiz key"


def _fact_value(fact_id: str) -> float:
    _confirmed(fact_id)
    return float(registry().fact(fact_id).value)


def _option(choices: dict, text_start: str) -> str:
    return next(k for k, v in choices.items() if v.startswith(text_start))


@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_every_key_is_an_allowed_value_of_its_question(quiz):
    choices = _choices(quiz)
    for name, hk in hidden_keys(_source(quiz)).items():
        number = name.removeprefix("answer_q")
        if hk.grader in ("grade_single", "grade_multiple"):
            options = choices[f"Q{number}_OPTIONS"]
            keys = [hk.key] if hk.grader == "grade_single" else hk.key
            assert set(keys) <= set(options), name
        elif hk.grader == "grade_ordering":
            assert sorted(hk.key) == sorted(choices[f"Q{number}_ITEMS"]), name
        elif hk.grader == "grade_matching":
            assert set(hk.key) == set(choices[f"Q{number}_LEFT"]), name
            assert set(hk.key.values()) <= set(choices[f"Q{number}_RIGHT"]), name
        else:
            assert hk.tolerance is not None and hk.tolerance >= 0, name


def test_science_devices_keys_follow_the_skin_depth_device_healing_and_regulation_facts():
    keys, choices = _keys("science_devices_quiz"), _choices("science_devices_quiz")
    eyelid = anatomy.skin_profile("eyelid", "female")
    assert keys["answer_q1"] == anatomy.layer_at(eyelid, 1.5).layer
    forehead = anatomy.skin_profile("forehead", "female")
    assert keys["answer_q2"] == pytest.approx(forehead.epidermis_mm + forehead.dermis_mm)
    _confirmed(*eyelid.record_ids, *forehead.record_ids)
    acne = depth.depth_range("acne_scars")
    assert acne.gradeable
    assert keys["answer_q3"] == {k for k, v in choices["Q3_OPTIONS"].items()
                                 if acne.min_mm <= float(v.split()[0]) <= acne.max_mm}
    assert keys["answer_q4"] == _fact_value("devices.roller.punctures_15_passes")
    phases = sorted(healing.phases(), key=lambda p: p.order)
    _confirmed(*(p.id for p in phases))
    assert keys["answer_q5"] == [p.name.lower() for p in phases]
    assert keys["answer_q6"] == {d: healing.phase_on_day(int(d.split("_")[1])).name.lower()
                                 for d in choices["Q6_LEFT"]}
    _confirmed("regulation.us.device_class", "regulation.us.cleared_not_approved",
               "regulation.us.excludes_delivery", "regulation.us.authorised_uses", "depth.pen.sasaki_set_length")
    assert choices["Q7_OPTIONS"][keys["answer_q7"]].startswith(f"Class {registry().fact('regulation.us.device_class').value} ")
    assert "cleared" in choices["Q8_OPTIONS"][keys["answer_q8"]]
    assert all(choices["Q9_OPTIONS"][k].startswith("Delivering") for k in keys["answer_q9"])
    assert keys["answer_q9"] == {k for k, v in choices["Q9_OPTIONS"].items() if v.startswith("Delivering")}
    assert choices["Q10_OPTIONS"][keys["answer_q10"]] == "Motorised pen"


def test_preparation_keys_follow_screening_and_the_anaesthesia_facts():
    keys, choices = _keys("preparation_quiz"), _choices("preparation_quiz")
    stems = {c.metadata["nbgrader"]["grade_id"]: c.source
             for c in nbformat.read(_source("preparation_quiz"), as_version=4).cells if c.cell_type == "markdown"}
    cases = 0
    for case in screening.client_cases():
        for grade_id, stem in stems.items():
            if case.story in stem:
                number = grade_id.split("_")[0][1:]
                assert case.gradeable, case.id
                assert keys[f"answer_q{number}"] == screening.screen_case(case.id).decision, case.id
                assert set(choices[f"Q{number}_OPTIONS"]) <= set(ACTION_LABELS)
                cases += 1
    assert cases == 4
    matching = next(k for k in keys.values() if isinstance(k, dict))
    for finding, action in matching.items():
        record = screening.contraindication(finding)
        assert record.gradeable and record.action == action, finding
    ordering = next(k for k in keys.values() if isinstance(k, list))
    assert ordering == [s for s in procedure.step_ids() if s in ordering]
    numerics = sorted(k for k in keys.values() if isinstance(k, float))
    assert numerics == sorted([_fact_value("anaesthesia.emla_us_minor"), _fact_value("anaesthesia.emla_max_area")])
    _confirmed("contraindications.skinpen_label_list", "consultation.consent", "anaesthesia.absorption_factors")


def test_procedure_keys_follow_the_protocol_step_order_and_facts():
    keys, choices = _keys("procedure_quiz"), _choices("procedure_quiz")
    assert keys["answer_q1"] == procedure.step_ids()
    assert all(s.gradeable for s in procedure.steps())
    for step_id, reason_id in keys["answer_q2"].items():
        assert choices["Q2_RIGHT"][reason_id] == procedure.step(step_id).reason
    numerics = sorted(k for k in keys.values() if isinstance(k, float))
    assert numerics == sorted([_fact_value("procedure.max_depth_trial"), _fact_value("procedure.granuloma_cases_2014")])
    _confirmed("procedure.orbital_rim", "procedure.chlorhexidine_keratitis", "procedure.serum_hazard",
               "skin.iyengar.bony_sites")


def test_aftercare_keys_follow_the_aftercare_model_and_facts():
    keys, choices = _keys("aftercare_quiz"), _choices("aftercare_quiz")
    expected = {r.id.split(".")[-1]: r for r in aftercare.all_rules() if r.kind == "expected"}
    assert all(r.gradeable for r in expected.values())
    for moment, response in keys["answer_q1"].items():
        hours = float(moment.removeprefix("h"))
        assert expected[response] in aftercare.rules_in_force(hours), moment
    assert keys["answer_q2"] == [k for k in sorted(expected, key=lambda k: expected[k].start_hour)]
    contact = [r for r in aftercare.all_rules() if r.kind == "contact_clinic"]
    assert all(r.gradeable for r in contact)
    assert len(keys["answer_q3"]) == len(contact)
    numerics = sorted(k for k in keys.values() if isinstance(k, float))
    assert numerics == sorted([_fact_value("adverse.transient_resolve_72h"),
                               _fact_value("adverse.transient_up_to_7_days"), _fact_value("adverse.ntm_incubation")])
    _confirmed("aftercare.barrier_rationale", "procedure.serum_hazard", "aftercare.expected.remodelling")
    assert choices["Q7_OPTIONS"][keys["answer_q7"]].startswith("The skin barrier is measurably disrupted")
