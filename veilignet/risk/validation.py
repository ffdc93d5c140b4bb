"""Validation of the instrument against outcomes (pure Python + scikit-learn, no Django).

Inputs (CSV with a header row; see README.md):
  assessments: assessment_id, assessed_at (YYYY-MM-DD), level (none/low/medium/high/extreme or Dutch
               label), gender (v/m/x/o), region, age (years) or age_band
  outcomes:    assessment_id, outcome (1/0, ja/nee, true/false): repeat or escalating violence,
               optional event_date (YYYY-MM-DD) to apply the --months window
Output: metrics overall and per subgroup (gender, region, age band): AUC of the level (ordinal score)
with a seeded bootstrap confidence interval, calibration (observed outcome rate per level with Wilson
interval), sensitivity and specificity of high-or-above.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from datetime import date

from .instrument import LEVEL_LABELS, LEVELS

LEVEL_ALIASES = {**{lv: lv for lv in LEVELS}, **{v: k for k, v in LEVEL_LABELS.items()},
                 "zeer_hoog": "extreme", "geen": "none", "hoog": "high", "laag": "low", "midden": "medium"}
TRUE = {"1", "ja", "true", "yes", "j", "y"}
FALSE = {"0", "nee", "false", "no", "n"}
SUBGROUPS = ("gender", "region", "age_band")


@dataclass
class Row:
    assessment_id: str
    assessed_at: date
    level: str
    gender: str
    region: str
    age_band: str
    outcome: int | None = None


@dataclass
class Loaded:
    rows: list[Row]
    problems: list[str] = field(default_factory=list)


def age_band(age: int) -> str:
    if age < 25:
        return "<25"
    if age < 35:
        return "25-34"
    if age < 45:
        return "35-44"
    if age < 55:
        return "45-54"
    return "55+"


def _date(value: str) -> date:
    return date.fromisoformat(value.strip()[:10])


def load(assessments_path: str, outcomes_path: str, *, months: int | None = None) -> Loaded:
    problems: list[str] = []
    rows: dict[str, Row] = {}
    with open(assessments_path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        need = {"assessment_id", "level"}
        if not reader.fieldnames or not need <= set(reader.fieldnames):
            raise ValueError(f"{assessments_path}: kolommen {', '.join(sorted(need))} zijn verplicht")
        for n, rec in enumerate(reader, 2):
            try:
                level = LEVEL_ALIASES.get((rec.get("level") or "").strip().lower())
                if level is None:
                    raise ValueError(f"onbekend niveau '{rec.get('level')}'")
                aid = (rec.get("assessment_id") or "").strip()
                if not aid:
                    raise ValueError("assessment_id ontbreekt")
                if aid in rows:
                    raise ValueError(f"assessment_id {aid} komt twee keer voor")
                band = (rec.get("age_band") or "").strip()
                if not band and (rec.get("age") or "").strip():
                    band = age_band(int(float(rec["age"])))
                rows[aid] = Row(aid, _date(rec["assessed_at"]) if rec.get("assessed_at") else date.min, level,
                                (rec.get("gender") or "o").strip().lower() or "o",
                                (rec.get("region") or "onbekend").strip() or "onbekend", band or "onbekend")
            except (ValueError, KeyError) as exc:
                problems.append(f"{assessments_path} regel {n}: {exc} (overgeslagen)")
    with open(outcomes_path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        need = {"assessment_id", "outcome"}
        if not reader.fieldnames or not need <= set(reader.fieldnames):
            raise ValueError(f"{outcomes_path}: kolommen {', '.join(sorted(need))} zijn verplicht")
        for n, rec in enumerate(reader, 2):
            try:
                aid = (rec.get("assessment_id") or "").strip()
                if aid not in rows:
                    raise ValueError(f"assessment_id '{aid}' staat niet in de taxaties")
                raw = (rec.get("outcome") or "").strip().lower()
                if raw in TRUE:
                    outcome = 1
                elif raw in FALSE:
                    outcome = 0
                else:
                    raise ValueError(f"uitkomst '{rec.get('outcome')}' is geen 1/0 of ja/nee")
                if outcome and months and (rec.get("event_date") or "").strip():
                    row = rows[aid]
                    delta = (_date(rec["event_date"]) - row.assessed_at).days
                    if delta < 0:
                        raise ValueError("event_date ligt voor de taxatie")
                    if delta > months * 30.44:
                        outcome = 0
                rows[aid].outcome = outcome
            except (ValueError, KeyError) as exc:
                problems.append(f"{outcomes_path} regel {n}: {exc} (overgeslagen)")
    usable = [r for r in rows.values() if r.outcome is not None]
    missing = len(rows) - len(usable)
    if missing:
        problems.append(f"{missing} taxatie(s) zonder uitkomst (niet meegeteld)")
    return Loaded(usable, problems)


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def metrics(rows: list[Row], *, n_boot: int = 1000, seed: int = 20261123) -> dict:
    import numpy as np
    from sklearn.metrics import roc_auc_score

    y = np.array([r.outcome for r in rows], dtype=int)
    s = np.array([LEVELS.index(r.level) for r in rows], dtype=float)
    out: dict = {"n": int(len(rows)), "events": int(y.sum()) if len(rows) else 0}
    out["prevalence"] = float(y.mean()) if len(rows) else math.nan
    if len(rows) and 0 < y.sum() < len(y):
        out["auc"] = float(roc_auc_score(y, s))
        rng = np.random.default_rng(seed)
        boots = []
        for _ in range(n_boot):
            idx = rng.integers(0, len(y), len(y))
            if 0 < y[idx].sum() < len(idx):
                boots.append(roc_auc_score(y[idx], s[idx]))
        out["auc_ci"] = [float(np.percentile(boots, 2.5)), float(np.percentile(boots, 97.5))] if boots else None
    else:
        out["auc"], out["auc_ci"] = None, None
    high = s >= LEVELS.index("high")
    tp = int((high & (y == 1)).sum())
    fn = int((~high & (y == 1)).sum())
    tn = int((~high & (y == 0)).sum())
    fp = int((high & (y == 0)).sum())
    out["sensitivity_high"] = tp / (tp + fn) if tp + fn else None
    out["specificity_high"] = tn / (tn + fp) if tn + fp else None
    out["confusion_high"] = {"tp": tp, "fn": fn, "tn": tn, "fp": fp}
    cal = []
    for i, level in enumerate(LEVELS):
        mask = s == i
        n = int(mask.sum())
        k = int(y[mask].sum()) if n else 0
        lo, hi = wilson(k, n)
        cal.append({"level": level, "label": LEVEL_LABELS[level], "n": n, "events": k,
                    "observed": (k / n) if n else None, "ci": [lo, hi] if n else None})
    out["calibration"] = cal
    return out


def analyse(rows: list[Row], *, n_boot: int = 1000, seed: int = 20261123) -> dict:
    result = {"overall": metrics(rows, n_boot=n_boot, seed=seed), "subgroups": {}}
    for attr in SUBGROUPS:
        groups: dict[str, list[Row]] = {}
        for r in rows:
            groups.setdefault(getattr(r, attr), []).append(r)
        result["subgroups"][attr] = {k: metrics(v, n_boot=max(200, n_boot // 5), seed=seed)
                                     for k, v in sorted(groups.items())}
    return result
