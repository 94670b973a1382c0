"""The bibliography links originals and reads cleanly (issue 10, item 14).

* No reference links a document-sharing copy, an SEO/site proxy, a raw IP address or a gist.
* Every link is https on DOI / PubMed / PMC (or the DOAJ index), or on a host listed here as official or as the
  publisher's own site: adding a new host is a conscious decision in this file.
* Every reference has authors (or an organisation, or 'Unidentified authors' with a title-based label) and a year.
* Labels read "Author Year" ("Hou 2017", "NICE 2019", "Agrawal, undated"), never a journal or a PMC number.
* Nothing a learner sees (citations, labels, fact text) carries research notes; `note` stays maintainer-only.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import fields
from urllib.parse import urlparse

import pytest

from microneedling.facts import registry
from microneedling.facts.schema import UNDATED, Reference

REFERENCES = sorted(registry().references.values(), key=lambda r: r.key)
LINKED = [r for r in REFERENCES if r.link]

# Document-sharing sites, proxies and aggregators that republish other people's work: never a citation link.
DENIED_HOST_PARTS = (
    "scribd.", "doczz.", "docksci.", "abcdocz.", "pdfslide.", "vdocuments.", "fdocuments.", "studylib.", "docslib.",
    "cupdf.", "coek.info", "pdfcoke.", "123docz.", "medworm.", "read.qxmd.", "researcher.life", "scilit.",
    "researchgate.", "prideseotools.", "siteproxy.", "paperai.life", "booksc.", "ouci.dntb.gov.ua",
    "plasticsurgerykey.", "gist.github.com", "webarchive.", "cybercemetery.", "laibokeji.", "vukou.",
)
# Bibliographic indexes that resolve to the original (WorldCat for printed books).
INDEX_HOSTS = {"doi.org", "pubmed.ncbi.nlm.nih.gov", "pmc.ncbi.nlm.nih.gov", "doaj.org", "search.worldcat.org"}
# Government, regulators, professional and standards bodies (their own pages).
OFFICIAL_SUFFIXES = (".gov", ".gov.uk", ".nhs.uk", ".int")
OFFICIAL_HOSTS = {
    "www.nice.org.uk", "www.resus.org.uk", "www.gmc-uk.org", "ico.org.uk", "www.cqc.org.uk", "www.supremecourt.uk",
    "www.jccp.org.uk", "www.racgp.org.au", "www.hha.org.au", "www.rcemlearning.co.uk", "eccguidelines.heart.org",
    "www.medicines.org.uk", "pubs.neha.org", "govt.westlaw.com", "www.dpic.org", "health.ucsd.edu",
}
# Publishers' and authors' own pages (journals, magazines, clinics, manufacturers, reference works).
PUBLISHER_HOSTS = {
    "jcadonline.com", "jddonline.com", "journals.lww.com", "www.nature.com", "www.statpearls.com",
    "emedicine.medscape.com", "bestpractice.bmj.com", "pigmentinternational.com", "medcomhk.com", "www.cda-adc.ca",
    "selcukmedj.org", "pagepress.org", "www.termedia.pl", "utsouthwestern.elsevierpure.com", "ma1.mdedge.com",
    "aestheticsjournal.com", "aestheticmedicalpractitioner.com.au", "practicaldermatology.com", "prime-journal.com",
    "viewer.joomag.com", "www.empr.com", "inpharmd.com", "healthy.kaiserpermanente.org", "www.dentalcare.com",
    "www.dermalinknz.org", "www.clinicminds.com", "pepfactorse.com", "www.medicalalgorithms.com", "buzzrx.com",
    "amieamed.com", "dermapen.com", "pinovaaesthetics.com", "grahamplasticsurgery.com", "balancedayspa.com",
    "belislaser.com", "premierfaceandbodywork.com", "beautyoasisrx.com", "inkblossomclinic.ca", "www.drdivyasharma.com", "www.summahealth.org",
    "www.dermatiquelaserandskin.com", "www.fifthelementesthetics.com", "frontrangederm.com", "www.lovmedspa.com",
}
NOTE_PATTERNS = re.compile(
    r"dossier|general knowledge|not recorded|not retrieved|not shown|authors not|consulted copy|copy consulted|"
    r"secondary copy|verify|check on|one report|year is given|\bn\.d\.", re.IGNORECASE)


def _host(ref: Reference) -> str:
    return urlparse(ref.link).hostname or ""


@pytest.mark.parametrize("ref", LINKED, ids=lambda r: r.key)
def test_no_link_to_a_copy_a_proxy_an_ip_address_or_a_gist(ref):
    host = _host(ref)
    assert not any(part in host for part in DENIED_HOST_PARTS), f"{ref.key} links a copy or proxy: {ref.link}"
    assert "medscape.com/viewarticle" not in ref.link, f"{ref.key} links a Medscape reprint"
    with pytest.raises(ValueError):
        ipaddress.ip_address(host)  # a raw IP address is never an original's address


@pytest.mark.parametrize("ref", LINKED, ids=lambda r: r.key)
def test_links_are_https_on_an_index_or_an_allowed_host(ref):
    parsed = urlparse(ref.link)
    assert parsed.scheme == "https", f"{ref.key}: {ref.link}"
    host = parsed.hostname or ""
    allowed = (host in INDEX_HOSTS or host.endswith(OFFICIAL_SUFFIXES) or host in OFFICIAL_HOSTS
               or host in PUBLISHER_HOSTS)
    assert allowed, f"{ref.key}: {host} is not a DOI/PubMed/PMC index or a listed official/publisher host"


def test_the_denied_list_catches_the_issue_examples():
    bad = ["https://www.scribd.com/document/1", "https://d.docksci.com/x", "http://218.28.6.71:81/Qikan",
           "https://gist.github.com/someone/1", "https://siteproxy.ruqli.workers.dev/https/www.scribd.com/x",
           "https://onehourindexing01.prideseotools.com/index.php?q=x", "https://vdocuments.site/x"]
    for url in bad:
        host = urlparse(url).hostname or ""
        is_ip = host.replace(".", "").isdigit()
        assert is_ip or any(part in host for part in DENIED_HOST_PARTS), url


def test_references_without_a_link_say_why_and_give_a_full_entry():
    for ref in REFERENCES:
        if not ref.link:
            assert ref.title and ref.container and ref.note, ref.key


@pytest.mark.parametrize("ref", REFERENCES, ids=lambda r: r.key)
def test_every_reference_has_authors_and_a_year(ref):
    assert ref.authors.strip(), ref.key
    assert ref.year == UNDATED or (isinstance(ref.year, int) and 1800 < ref.year <= 2100), f"{ref.key}: {ref.year!r}"


@pytest.mark.parametrize("ref", REFERENCES, ids=lambda r: r.key)
def test_labels_read_author_year(ref):
    label = ref.label
    assert re.fullmatch(r"[^\[\];]+ \d{4}|[^\[\];]+, undated", label), label
    name = ref.label_name
    assert not re.match(r"PMC\d|n\.d\.", name), label
    # The name is an author or organisation, or (authors unidentified) the title's own words - never a journal.
    in_authors = name.lower() in ref.authors.lower()
    in_title = name.lower() in ref.title.lower()
    assert in_authors or (in_title and ref.authors.startswith("Unidentified authors")), (
        f"{ref.key}: label {label!r} names neither an author nor (for unidentified authors) the title")


@pytest.mark.parametrize("ref", REFERENCES, ids=lambda r: r.key)
def test_learner_visible_reference_fields_hold_no_research_notes(ref):
    for name in ("authors", "title", "container", "short"):
        value = getattr(ref, name)
        assert not NOTE_PATTERNS.search(value), f"{ref.key}.{name}: {value!r}"
    shown = ref.markdown() + ref.citation() + ref.label
    if ref.note:
        assert ref.note not in shown, f"{ref.key}: maintainer note rendered"


def test_fact_text_holds_no_research_notes():
    facts_notes = re.compile(r"dossier|year is given|one report\)|verify on|consulted copy|secondary copy",
                             re.IGNORECASE)
    for record in registry().records.values():
        for field in fields(record):
            value = getattr(record, field.name)
            if isinstance(value, str) and field.name not in ("id", "topic", "addendum"):
                assert not facts_notes.search(value), f"{record.id}.{field.name}: {value!r}"


def test_fitzpatrick_history_rests_on_statpearls_not_only_the_1988_paper():
    reg = registry()
    assert reg.record("skin_types.fitzpatrick.us_most_common").refs == ("statpearls_fitzpatrick",)
    assert "statpearls_fitzpatrick" in reg.record("skin_types.fitzpatrick.history").refs
    assert reg.reference("fitzpatrick1988").doi == "10.1001/archderm.1988.01670060015008"
    assert not reg.reference("fitzpatrick1988").pmid  # the PMID belonged to the StatPearls chapter


def test_citation_renders_undated_and_no_n_d():
    ref = registry().reference("agrawal_slides")
    assert ref.label == "Agrawal, undated" and "(undated)" in ref.citation() and "n.d." not in ref.citation()
