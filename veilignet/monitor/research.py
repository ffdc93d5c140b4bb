"""Pseudonymised research export (``manage.py export_research``).

Writes ``participants.csv`` and ``controls.csv`` in exactly the format ``borg_monitor`` reads
(issue 7), from BorgRecord + JusticeRecord + Person:

* no direct identifiers: no names, BSN, birth dates, addresses, contact data or case numbers;
  the age (whole years at the index date) instead of the birth date;
* ``id`` = a stable pseudonym, HMAC-SHA256 keyed by ``settings.PSEUDONYM_KEY`` over the person's
  UUID, hex, truncated to ``MONITOR_PSEUDONYM_LENGTH`` (20) characters: the same person gets the
  same pseudonym in every export with the same key, and it cannot be reversed without the key;
* free text is left out (the registry's descriptions are not needed for the analysis);
* participants: every BorgRecord (the first per person) with a JusticeRecord; controls: every
  perpetrator with a JusticeRecord and no BorgRecord. A recidivism date before the index date
  (cannot happen in generated data) is exported empty; gender "o" (unknown) is exported as "x".
"""

from __future__ import annotations

import csv
import hashlib
import hmac
from datetime import date
from pathlib import Path

from . import conf
from .models import BorgRecord, JusticeRecord
from .recidivism import CONTROL_COLUMNS, PARTICIPANT_COLUMNS


def pseudonym(value, key: str | None = None, length: int | None = None) -> str:
    key = key if key is not None else conf.pseudonym_key()
    digest = hmac.new(key.encode(), f"person:{value}".encode(), hashlib.sha256).hexdigest()
    return digest[: length or conf.PSEUDONYM_LENGTH]


def _age(birth: date | None, at: date) -> int | str:
    if birth is None:
        return ""
    return at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))


def _sex(gender: str) -> str:
    return gender if gender in ("m", "v", "x") else "x"


def _recid(d: date | None, index: date) -> str:
    return d.isoformat() if d is not None and d >= index else ""


JUSTICE_FIELDS = ["person_id", "person__gender", "person__birth_date", "offence", "prior_cases",
                  "prior_violent_cases", "prior_dv_cases", "age_first_case", "index_date", "end_of_followup",
                  "dv_recid_date", "violent_recid_date", "any_recid_date"]


def export(out: Path, progress=lambda msg: None, key: str | None = None) -> dict:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    counts = {"participants": 0, "controls": 0, "skipped": 0}
    with open(out / "participants.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(PARTICIPANT_COLUMNS)
        seen = set()
        rows = (BorgRecord.objects.filter(person__justice_record__isnull=False)
                .order_by("person_id", "start_date")
                .values_list("person_id", "region", "framework", "incident_date", "start_date", "completed",
                             "attendance_rate", "individual", *("person__justice_record__" + f for f in
                                                                 JUSTICE_FIELDS[3:]),
                             "person__gender", "person__birth_date"))
        for (pid, region, framework, incident, start, completed, att, individual, offence, pc, pvc, pdc, afc,
             _index, end, dv, vi, an, gender, birth) in rows.iterator(chunk_size=5000):
            if pid in seen:
                continue
            seen.add(pid)
            if end < start:
                counts["skipped"] += 1
                continue
            w.writerow([pseudonym(pid, key), _sex(gender), _age(birth, start), offence, pc, pvc, pdc,
                        "" if afc is None else afc, region, framework, incident.isoformat(), start.isoformat(),
                        int(completed), "" if att is None else att, int(individual), end.isoformat(),
                        _recid(dv, start), _recid(vi, start), _recid(an, start)])
            counts["participants"] += 1
    progress(f"{counts['participants']} deelnemers geschreven")
    with open(out / "controls.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CONTROL_COLUMNS)
        rows = (JusticeRecord.objects.exclude(person__borg_records__isnull=False).order_by("person_id")
                .values_list(*JUSTICE_FIELDS))
        for (pid, gender, birth, offence, pc, pvc, pdc, afc, index, end, dv, vi, an) in rows.iterator(chunk_size=20000):
            w.writerow([pseudonym(pid, key), _sex(gender), _age(birth, index), offence, pc, pvc, pdc,
                        "" if afc is None else afc, index.isoformat(), end.isoformat(), _recid(dv, index),
                        _recid(vi, index), _recid(an, index)])
            counts["controls"] += 1
            if counts["controls"] % 200_000 == 0:
                progress(f"{counts['controls']} controles geschreven…")
    progress(f"{counts['controls']} controles geschreven")
    return counts
