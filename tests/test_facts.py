"""The cited-facts registry: every fact cites a known reference, every reference is used, ids unique."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from microneedling.facts import FactsError, Status, load_registry, registry, unused_references
from microneedling.facts.registry import DATA_DIR


def test_registry_loads_and_has_content():
    reg = registry()
    assert reg.references and reg.records


def test_every_record_cites_known_references():
    reg = registry()
    for record in reg.records.values():
        assert record.refs, record.id
        for key in record.refs:
            assert key in reg.references, f"{record.id} cites unknown {key}"


def test_every_reference_is_used():
    assert unused_references(registry()) == []


def test_references_have_a_stable_link_or_say_why_not():
    for ref in registry().references.values():
        assert ref.title and ref.authors and ref.year and ref.container, ref.key
        if ref.link:
            assert ref.link.startswith("https://") or ref.link.startswith("http://"), ref.key
        else:  # no original could be found: a full bibliographic entry, and a maintainer note saying why
            assert ref.note, f"{ref.key} has no link and no note explaining why"


def test_only_confirmed_records_are_gradeable():
    reg = registry()
    for record in reg.records.values():
        assert record.gradeable == (record.status is Status.CONFIRMED)
    assert not reg.fact("regulation.us.no_otc").gradeable  # dossier: secondary repost only


def test_welcome_regulatory_facts_match_the_dossier():
    reg = registry()
    assert reg.fact("regulation.us.regulation_number").value == "21 CFR 878.4430"
    assert reg.fact("regulation.us.device_class").value == "II"
    assert reg.fact("regulation.us.first_authorisation").value == 2018
    assert reg.fact("regulation.us.product_code").value == "QAI"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + "\n" + text)


def test_duplicate_id_is_reported_with_file_and_id(data_copy: Path):
    _append(data_copy / "course.toml", '[[fact]]\nid = "regulation.us.device_class"\nstatement = "x"\nrefs = ["hou2017"]\n')
    with pytest.raises(FactsError, match=r"course.toml: duplicate id 'regulation.us.device_class'"):
        load_registry(data_copy)


def test_unknown_reference_is_reported(data_copy: Path):
    _append(data_copy / "course.toml", '[[fact]]\nid = "x.y"\nstatement = "x"\nrefs = ["nobody1999"]\n')
    with pytest.raises(FactsError, match=r"'x.y' cites unknown reference\(s\) \['nobody1999'\]"):
        load_registry(data_copy)


def test_missing_refs_and_bad_status_and_unknown_field_are_reported(data_copy: Path):
    (data_copy / "extra.toml").write_text('[[fact]]\nid = "a"\nstatement = "x"\nrefs = []\n')
    with pytest.raises(FactsError, match="'a' cites no reference"):
        load_registry(data_copy)
    (data_copy / "extra.toml").write_text('[[fact]]\nid = "b"\nrefs = ["hou2017"]\nstatus = "maybe"\n')
    with pytest.raises(FactsError, match="extra.toml: fact 'b': status 'maybe'"):
        load_registry(data_copy)
    (data_copy / "extra.toml").write_text('[[fact]]\nid = "c"\nrefs = ["hou2017"]\ncolour = "red"\n')
    with pytest.raises(FactsError, match=r"unknown field\(s\) \['colour'\]"):
        load_registry(data_copy)


def test_unknown_kind_and_broken_toml_are_reported(data_copy: Path):
    (data_copy / "extra.toml").write_text('[[factoid]]\nid = "a"\n')
    with pytest.raises(FactsError, match=r"extra.toml: unknown record kind \[\[factoid\]\]"):
        load_registry(data_copy)
    (data_copy / "extra.toml").write_text("[[fact]\n")
    with pytest.raises(FactsError, match="extra.toml: not valid TOML"):
        load_registry(data_copy)


def test_duplicate_reference_key_across_files_is_reported(data_copy: Path):
    original = (data_copy / "references.toml").read_text()
    first = original.split("[[reference]]")[1]
    (data_copy / "references_more.toml").write_text("[[reference]]" + first)
    with pytest.raises(FactsError, match="references_more.toml: duplicate reference key"):
        load_registry(data_copy)


def test_unknown_fact_lookup_names_the_id():
    with pytest.raises(KeyError, match="unknown fact id 'regulation.nope'"):
        registry().fact("regulation.nope")


def test_bibliography_lists_every_reference_once_with_its_lessons():
    from microneedling.notebook import bibliography_markdown

    text = bibliography_markdown()
    reg = registry()
    assert len(text.splitlines()) == len(reg.references)
    for ref in reg.references.values():
        assert text.count(ref.citation(include_url=False)) == 1, ref.key
    assert "lessons 00, 03" in text  # the eCFR regulation is taught in the welcome and in lesson 03
