"""The instrument is versioned data with the fixed code vocabulary, each item cited to the seeds."""

import re

import pytest
import yaml

from veilignet.risk.instrument import (
    ALL_CODES,
    INSTRUMENT_DIR,
    InstrumentError,
    load_instrument,
    parse_instrument,
)

VOCABULARY = """stalking death_threat suicide_threat weapons recent_violence pregnancy_violence forced_sex
care_withholding strangulation extreme_fear fear_of_partner escalation separation isolation autonomy_restriction
gender_role_enforcement financial_control body_control gaslighting humiliation jealousy_blackmail
child_alienation third_party_abuse threat_children_pets surveillance substance_abuse stressors
personality_problems""".split()


def test_vocabulary_is_exactly_the_issue_list():
    assert sorted(ALL_CODES) == sorted(VOCABULARY)
    assert sorted(load_instrument(1).codes) == sorted(VOCABULARY)


def test_every_item_has_question_help_type_and_seed_citation():
    for item in load_instrument(1).items:
        assert item.question.endswith("?"), item.code
        assert len(item.help) > 10
        assert item.answer_type == "yes_no_unknown"
        assert re.match(r"^00[0-4] (§[\d.]+|Bijlage)", item.source), item.source


def test_unknown_version_is_a_clear_error():
    with pytest.raises(InstrumentError, match="bestaat niet"):
        load_instrument(99)


def test_parse_rejects_codes_outside_the_vocabulary():
    data = yaml.safe_load((INSTRUMENT_DIR / "v1.yaml").read_text())
    data["items"][0]["code"] = "something_else"
    with pytest.raises(InstrumentError, match="Onbekende code"):
        parse_instrument(data)


def test_parse_rejects_missing_fields():
    data = yaml.safe_load((INSTRUMENT_DIR / "v1.yaml").read_text())
    del data["items"][3]["source"]
    with pytest.raises(InstrumentError, match="source"):
        parse_instrument(data)


def test_published_version_is_immutable(db):
    from django.core.exceptions import ValidationError

    from veilignet.risk.services import ensure_instrument

    row = ensure_instrument(1)
    assert row.status == "published" and row.version == 1
    assert ensure_instrument(1).pk == row.pk  # stored once
    row.definition = {**row.definition, "title": "anders"}
    row.checksum = "0" * 64
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()


def test_changed_file_under_published_version_is_refused(db):
    from django.core.exceptions import ValidationError

    from veilignet.risk.models import InstrumentVersion
    from veilignet.risk.services import ensure_instrument

    row = ensure_instrument(1)
    InstrumentVersion.objects.filter(pk=row.pk).update(checksum="f" * 64)  # as if the file changed since
    with pytest.raises(ValidationError, match="nieuwe versie"):
        ensure_instrument(1)
