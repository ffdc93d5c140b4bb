"""Synthetic cohorts in the CSV format of ``borg_monitor`` (for tests, benchmarks and demos).

Pure numpy/pandas. The offender profile follows the WODC description (001 §4.3): mean age ~37,
nearly all men, ~75% earlier convicted, ~30% five times or more; 8.5 months from incident to start
on average, 86% completed, 13% (partly) individual. Recidivism hazards depend on prior cases and
age; ``effect`` is the hazard ratio of participating (1.0 = no effect, as the WODC found).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .recidivism import OFFENCES

FRAMEWORKS = ("voorwaardelijke_straf", "voorwaardelijk_sepot", "vrijwillig", "gedragsaanwijzing", "schorsing_vh")
FRAMEWORK_P = (0.40, 0.37, 0.11, 0.07, 0.05)
EPOCH = np.datetime64("1970-01-01")


def _iso(days: np.ndarray) -> np.ndarray:
    out = np.full(len(days), "", dtype=object)
    ok = ~np.isnan(days)
    out[ok] = np.datetime_as_string(EPOCH + days[ok].astype(np.int64).astype("timedelta64[D]"), unit="D")
    return out


def offenders(rng: np.random.Generator, n: int, treated: bool) -> dict:
    sex = rng.choice(["m", "v", "x"], size=n, p=[0.95, 0.045, 0.005] if treated else [0.85, 0.14, 0.01])
    age = np.clip(rng.normal(37 if treated else 35, 10, n), 18, 80).round()
    lam = 4.0 if treated else 2.5
    prior = rng.poisson(lam * rng.gamma(1.0, 1.0, n))
    prior_violent = rng.binomial(prior, 0.45)
    prior_dv = rng.binomial(prior_violent, 0.5)
    age_first = np.where(prior > 0, np.maximum(12, age - rng.integers(0, 20, n)), age).astype(float)
    age_first = np.minimum(age_first, age)
    offence = rng.choice(OFFENCES, size=n, p=[0.45, 0.25, 0.2, 0.1] if treated else [0.35, 0.3, 0.2, 0.15])
    return {"sex": sex, "age": age.astype(int), "offence": offence, "prior_cases": prior,
            "prior_violent_cases": prior_violent, "prior_dv_cases": prior_dv, "age_first_case": age_first.astype(int)}


def _recid(rng, base: dict, index_day: np.ndarray, end_day: np.ndarray, hr: np.ndarray) -> dict:
    """Recidivism dates (empty = none within follow-up) per type; nested: dv ⊂ violent ⊂ any (roughly)."""
    n = len(index_day)
    risk = np.exp(0.08 * np.minimum(base["prior_cases"], 15) - 0.02 * (base["age"] - 37)) * hr
    out = {}
    for t, yearly in (("any", 0.25), ("violent", 0.12), ("dv", 0.08)):
        rate = -np.log(1 - yearly) / 365.0 * risk
        time = np.floor(rng.exponential(1 / rate, n))
        day = index_day + time
        day[day > end_day] = np.nan
        out[t] = day
    # an earlier dv/violent offence is also an offence of a wider type
    out["violent"] = np.fmin(out["violent"], out["dv"])
    out["any"] = np.fmin(out["any"], out["violent"])
    return out


def cohorts(n_participants: int, n_controls: int, seed: int = 1, effect: float = 1.0,
            completion_effect: float = 0.65) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(participants, controls) as data frames with exactly the CSV columns."""
    rng = np.random.default_rng(seed)
    start0 = int((np.datetime64("2015-01-01") - EPOCH).astype(int))
    cutoff = int((np.datetime64("2021-12-31") - EPOCH).astype(int))

    p = offenders(rng, n_participants, True)
    start = start0 + rng.integers(0, 3 * 365, n_participants)
    to_start = np.clip(rng.gamma(2.0, 128.0, n_participants), 10, 900).astype(int)
    incident = start - to_start
    completed = (rng.random(n_participants) < 0.86).astype(int)
    individual = (rng.random(n_participants) < 0.13).astype(int)
    attendance = np.where(completed == 1, rng.uniform(0.75, 1.0, n_participants),
                          rng.uniform(0.05, 0.6, n_participants)).round(2)
    end = np.minimum(start + rng.integers(3 * 365, 5 * 365, n_participants), cutoff).astype(float)
    hr = effect * np.where(completed == 1, completion_effect, 1.0)
    rec = _recid(rng, p, start.astype(float), end, hr)
    participants = pd.DataFrame({
        "id": [f"P{i:07d}" for i in range(n_participants)], **p,
        "region": rng.choice(["utrecht", "haaglanden", "twente", "groningen", "zeeland"], n_participants),
        "framework": rng.choice(FRAMEWORKS, n_participants, p=FRAMEWORK_P),
        "incident_date": _iso(incident.astype(float)), "start_date": _iso(start.astype(float)),
        "completed": completed, "attendance_rate": attendance, "individual": individual,
        "end_of_followup": _iso(end),
        "dv_recid_date": _iso(rec["dv"]), "violent_recid_date": _iso(rec["violent"]),
        "any_recid_date": _iso(rec["any"]),
    })

    c = offenders(rng, n_controls, False)
    index = start0 + rng.integers(0, 3 * 365, n_controls)
    end_c = np.minimum(index + rng.integers(3 * 365, 5 * 365, n_controls), cutoff).astype(float)
    rec_c = _recid(rng, c, index.astype(float), end_c, np.ones(n_controls))
    controls = pd.DataFrame({
        "id": [f"C{i:08d}" for i in range(n_controls)], **c,
        "index_date": _iso(index.astype(float)), "end_of_followup": _iso(end_c),
        "dv_recid_date": _iso(rec_c["dv"]), "violent_recid_date": _iso(rec_c["violent"]),
        "any_recid_date": _iso(rec_c["any"]),
    })
    return participants, controls
