"""The vocabulary (golive/vocabulary.py): one table per kind of business word, and the glossary made from them."""

import subprocess
import sys

import pytest

from golive import vocabulary
from golive.config import ROOT
from golive.vocabulary import BUS_TOPICS, NEIGHBOUR_TOPICS, TOPICS, Words, term


def test_docs_glossary_md_is_in_sync_with_the_vocabulary():
    expected = subprocess.run([sys.executable, "-m", "golive.cli", "glossary"], capture_output=True, text=True,
                              cwd=ROOT, check=True).stdout
    actual = (ROOT / "docs" / "GLOSSARY.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/GLOSSARY.md is stale: run `golive glossary > docs/GLOSSARY.md`"


def test_every_glossary_table_has_a_title_a_gloss_and_words_in_some_language():
    for table in vocabulary.GLOSSARY_TABLES:
        assert table.title and table.gloss, table.name
        assert all(t.da or t.en for t in table.terms), table.name


def test_a_table_is_the_lookup_from_either_language_to_the_code():
    assert TOPICS["ændret lægevalg"] == TOPICS["changed doctor"] == "sygesikring.laegevalg-changed"


def test_a_word_that_names_two_codes_is_refused():
    with pytest.raises(ValueError, match="names both"):
        Words("X", "x", "x", term("a", "samme"), term("b", "samme"))


def test_a_bus_fault_may_name_the_suts_topics_and_the_neighbours():
    assert BUS_TOPICS == {**TOPICS, **NEIGHBOUR_TOPICS}


def test_neighbour_words_come_from_the_registry():
    assert vocabulary.neighbour_words()["the Servicebus"] == "servicebus"
    assert "sygesikringen" not in vocabulary.neighbour_words()  # the SUT is no neighbour


def test_a_municipality_is_named_with_or_without_kommune():
    assert vocabulary.municipality_code("Aarhus Kommune") == vocabulary.municipality_code("aarhus") == 751


def test_the_topic_words_name_the_topics_the_drivers_know():
    from golive.drivers import cpr, luna, sut

    assert set(TOPICS.values()) == set(sut.PUBLISHED_TOPICS)
    assert set(NEIGHBOUR_TOPICS.values()) == {luna.PRACTICE_CHANGED, cpr.PERSON_CHANGED}
