"""Recidivism analysis of BORG as the WODC did it (001 §4.3; 000), from two CSV files.

Pure logic: pandas/numpy + statsmodels (propensity model), lifelines (Kaplan–Meier, log-rank, Cox).
No Django here; the command `manage.py borg_monitor` and the later BORG-monitor screens call
:func:`run_analysis` / :func:`analyse` and the pieces below.

Definitions (these are the choices the reference implementation is checked against; see also
docs in ``veilignet/monitor/README.md``):

* **Covariates** (propensity model, SMDs, Cox adjustment): ``sex`` (one-hot, reference ``m``),
  ``age``, ``offence`` (one-hot, reference ``simple_assault``), ``prior_cases``,
  ``prior_violent_cases``, ``prior_dv_cases``, ``age_first_case``. Dummy columns that are constant
  in the data the model is fitted on are dropped (they are not estimable).
* **Propensity score**: unpenalised logistic regression of treatment (participant = 1) on the
  covariates plus an intercept (statsmodels ``Logit``, Newton–Raphson = R ``glm``), fitted on all
  valid participants and controls. The matching distance is the *linear predictor* (logit of the
  score), as MatchIt with ``link = "linear.logit"``.
* **Matching**: 1:1 greedy nearest neighbour without replacement, exact on sex; treated taken in
  order of decreasing propensity score (MatchIt ``m.order = "largest"``; ties by input order);
  for each the available control with the smallest absolute logit distance (ties: the control
  earliest in the controls file); caliper ``0.2 × SD(logit)`` with the SD (n − 1) over the pooled
  sample of participants and controls; a treated unit with no available control within the caliper
  (``|d| <= caliper``) stays unmatched and uses no control.
* **SMD** (MatchIt ``summary()`` default for the ATT): (mean treated − mean control) / SD, where the
  SD is that of the *treated group in the full sample* and is used both before and after matching;
  continuous variables: sample SD (n − 1); binary (dummy) variables: ``sqrt(p (1 − p))``. When that
  SD is 0 the pooled ``sqrt((var_t + var_c) / 2)`` is used, and 0 when that is 0 as well.
* **Follow-up**: in days from the index date (participant: ``start_date``; control: ``index_date``)
  to the recidivism date of the type, or to ``end_of_followup`` (censored). A recidivism date after
  ``end_of_followup`` counts as censored at ``end_of_followup`` (reported as a warning).
* **Prevalence**: 1 − Kaplan–Meier (lifelines) at 365, 730 and 1095 days (a year = 365 days; with
  whole-day data 365.25-day years give the same values); 95% CI = 1 − the log(−log) (R's
  ``conf.type = "log-log"``) interval of the survival: ``ci_low = 1 − S_upper``, ``ci_high = 1 − S_lower``.
  Groups: the *matched* participants and their matched controls. Log-rank test (lifelines) between them.
* **Cox** (lifelines ``CoxPHFitter``, Efron ties): within *all* valid participants, on ``completed``,
  ``individual``, ``framework`` (one-hot, reference = the most frequent framework, ties
  alphabetically; an empty framework is the level ``onbekend``), ``days_to_start`` (start_date −
  incident_date, per day) and the covariates. Terms keyed by column name (``framework_<value>``).
* **Landmark** (immortal-time bias): follow-up restarts at ``start_date + LANDMARK_DAYS`` (112 days =
  16 weeks, the planned length of the group variant: 3 individual + 12 weekly group sessions plus
  a week of slack, SYSTEM.md §5) for participants still free of that recidivism type and still
  under follow-up then; completers vs dropouts by KM, log-rank and Cox (same terms).
"""

from __future__ import annotations

import base64
import io
import json
import math
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

SEXES = ("m", "v", "x")
OFFENCES = ("simple_assault", "threat", "aggravated_assault", "other")
TYPES = ("dv", "violent", "any")
TYPE_LABELS = {"dv": "huiselijk geweld", "violent": "geweld", "any": "algemeen"}
HORIZONS = {"1y": 365, "2y": 730, "3y": 1095}
LANDMARK_DAYS = 112
Z95 = 1.959963984540054  # inv_normal_cdf(0.975), as lifelines
CALIPER_SD = 0.2

COMMON_COLUMNS = ["id", "sex", "age", "offence", "prior_cases", "prior_violent_cases", "prior_dv_cases",
                  "age_first_case"]
RECID_COLUMNS = ["dv_recid_date", "violent_recid_date", "any_recid_date"]
PARTICIPANT_COLUMNS = COMMON_COLUMNS + ["region", "framework", "incident_date", "start_date", "completed",
                                        "attendance_rate", "individual", "end_of_followup"] + RECID_COLUMNS
CONTROL_COLUMNS = COMMON_COLUMNS + ["index_date", "end_of_followup"] + RECID_COLUMNS
COUNT_COLUMNS = ["prior_cases", "prior_violent_cases", "prior_dv_cases"]
CONTINUOUS = ["age"] + COUNT_COLUMNS + ["age_first_case"]
# Column order of the covariates (all levels; the model drops the references).
BALANCE_COLUMNS = (["sex_" + s for s in SEXES] + ["age"] + ["offence_" + o for o in OFFENCES]
                   + COUNT_COLUMNS + ["age_first_case"])
MODEL_COLUMNS = (["sex_v", "sex_x", "age"] + ["offence_" + o for o in OFFENCES[1:]]
                 + COUNT_COLUMNS + ["age_first_case"])


# --------------------------------------------------------------------------------------------
# Reading and validation
# --------------------------------------------------------------------------------------------

@dataclass
class RowError:
    file: str
    line: int  # line number in the file (the header is line 1); 0 for errors about the file
    id: str
    column: str
    message: str

    def __str__(self):
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" (id {self.id})" if self.id else ""
        col = f" [{self.column}]" if self.column else ""
        return f"{where}{who}{col}: {self.message}"


class DataError(Exception):
    """Raised when the input files hold errors; ``errors`` lists every bad row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        rows = {(e.file, e.line) for e in errors}
        super().__init__(f"{len(errors)} fout(en) in {len(rows)} regel(s); de analyse is niet uitgevoerd.")


@dataclass
class Cohort:
    """Validated data: ``frame`` has typed columns; dates as int days since 1970-01-01."""

    frame: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def _factor_map(series: pd.Series, fn) -> np.ndarray:
    """Apply ``fn`` to the distinct values only (codes and dates repeat a lot in a million rows)."""
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=False)
    mapped = fn(pd.Index(uniques).astype(str))
    return np.asarray(mapped)[codes]


def _days(series: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse ISO dates (YYYY-MM-DD), strictly. Returns (days since epoch as float, NaN when empty;
    empty mask; bad mask)."""

    def parse(values: pd.Index):
        stripped = values.str.strip()
        parsed = pd.to_datetime(pd.Series(stripped), format="%Y-%m-%d", errors="coerce")
        days = np.full(len(values), np.nan)
        ok = parsed.notna().to_numpy()
        days[ok] = parsed[ok].to_numpy().astype("datetime64[D]").astype(np.int64)
        empty = np.asarray(stripped == "", dtype=bool)
        return np.column_stack([days, empty, ~ok & ~empty]) if len(values) else np.zeros((0, 3))

    res = _factor_map(series, parse).reshape(-1, 3) if len(series) else np.zeros((0, 3))
    return res[:, 0].astype(float), res[:, 1].astype(bool), res[:, 2].astype(bool)


def _read_raw(source, required: list[str], numeric: list[str]) -> pd.DataFrame:
    """Read the required columns; numeric columns as float when they all parse (fast path),
    else everything as text (the validation then names every bad value)."""
    common = dict(usecols=required, keep_default_na=False, skipinitialspace=True, encoding="utf-8-sig")
    try:
        frame = pd.read_csv(source, dtype={c: ("float64" if c in numeric else str) for c in required},
                            na_values={c: [""] for c in numeric}, **common)
    except ValueError:
        if hasattr(source, "seek"):
            source.seek(0)
        frame = pd.read_csv(source, dtype=str, na_filter=False, **common)
    return frame


def read_cohort(source, kind: str, name: str | None = None) -> tuple[pd.DataFrame | None, list[RowError]]:
    """Read and validate one CSV (``kind`` = "participants" or "controls").

    Returns (frame or None, errors). Every bad row gets an error per bad field.
    """
    name = name or (str(source) if isinstance(source, (str, Path)) else kind + ".csv")
    required = PARTICIPANT_COLUMNS if kind == "participants" else CONTROL_COLUMNS
    numeric = CONTINUOUS + (["attendance_rate"] if kind == "participants" else [])
    errors: list[RowError] = []
    try:
        header = [str(c).strip() for c in pd.read_csv(source, nrows=0, dtype=str, encoding="utf-8-sig").columns]
        if hasattr(source, "seek"):
            source.seek(0)
        missing = [c for c in required if c not in header]
        if missing:
            return None, [RowError(name, 1, "", c, "kolom ontbreekt") for c in missing]
        raw = _read_raw(source, required, numeric)
    except (OSError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return None, [RowError(name, 0, "", "", f"bestand niet te lezen: {exc}")]
    raw.columns = [str(c).strip() for c in raw.columns]
    n = len(raw)
    lines = np.arange(n) + 2
    ids = raw["id"].astype(str).str.strip() if raw["id"].dtype != object else raw["id"]
    ids = ids.to_numpy()
    bad_rows: list[tuple[np.ndarray, str, str]] = []  # (mask, column, message)

    def flag(mask, column, message):
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            bad_rows.append((mask, column, message))

    def code(col):
        return _factor_map(raw[col], lambda u: u.str.strip().str.lower()) if n else np.array([], dtype=object)

    out = pd.DataFrame({"id": ids})
    flag(out["id"] == "", "id", "id ontbreekt")
    dup = out["id"].duplicated(keep="first").to_numpy() & (out["id"] != "").to_numpy()
    flag(dup, "id", "id komt vaker voor in dit bestand")

    sex = code("sex")
    flag(~np.isin(sex, SEXES), "sex", "geslacht moet m, v of x zijn")
    out["sex"] = sex
    offence = code("offence")
    flag(~np.isin(offence, OFFENCES), "offence", "delict moet een van " + ", ".join(OFFENCES) + " zijn")
    out["offence"] = offence
    for col in CONTINUOUS:
        if raw[col].dtype == object:
            values = pd.to_numeric(raw[col].str.strip(), errors="coerce").to_numpy(dtype=float)
        else:
            values = raw[col].to_numpy(dtype=float)
        flag(~np.isfinite(values), col, "geen getal of leeg")
        flag(np.isfinite(values) & (values < 0), col, "mag niet negatief zijn")
        if col in COUNT_COLUMNS:
            flag(np.isfinite(values) & (values != np.round(values)), col, "moet een geheel getal zijn")
        out[col] = values

    index_col = "start_date" if kind == "participants" else "index_date"
    dates = {}
    date_cols = ([index_col, "end_of_followup"] + RECID_COLUMNS
                 + (["incident_date"] if kind == "participants" else []))
    for col in date_cols:
        days, empty, bad = _days(raw[col])
        flag(bad, col, "ongeldige datum '{value}' (verwacht JJJJ-MM-DD)")
        if col not in RECID_COLUMNS:
            flag(empty, col, "datum ontbreekt")
        dates[col] = days
    index = dates[index_col]
    with np.errstate(invalid="ignore"):
        flag(dates["end_of_followup"] < index, "end_of_followup", "einde follow-up ligt vóór de indexdatum")
        for col in RECID_COLUMNS:
            flag(dates[col] < index, col, "recidivedatum ligt vóór de indexdatum")
        if kind == "participants":
            flag(index < dates["incident_date"], "start_date", "startdatum ligt vóór de incidentdatum")
    out["index_day"] = index
    out["end_day"] = dates["end_of_followup"]
    for t, col in zip(TYPES, RECID_COLUMNS):
        out[f"{t}_day"] = dates[col]

    if kind == "participants":
        for col in ("completed", "individual"):
            values = code(col)
            flag(~np.isin(values, ["0", "1"]), col, "moet 0 of 1 zijn")
            out[col] = (values == "1").astype(int)
        if raw["attendance_rate"].dtype == object:
            text = raw["attendance_rate"].str.strip()
            att = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
            flag((text != "").to_numpy() & np.isnan(att), "attendance_rate", "geen getal")
        else:
            att = raw["attendance_rate"].to_numpy(dtype=float)
        flag(~np.isnan(att) & (att < 0), "attendance_rate", "mag niet negatief zijn")
        out["attendance_rate"] = att
        framework = _factor_map(raw["framework"], lambda u: u.str.strip()) if n else np.array([], dtype=object)
        out["framework"] = np.where(framework == "", "onbekend", framework)
        out["region"] = raw["region"].to_numpy()
        out["incident_day"] = dates["incident_date"]

    for mask, column, message in bad_rows:
        for i in np.flatnonzero(mask):
            msg = message.replace("{value}", str(raw[column].iat[i]))
            errors.append(RowError(name, int(lines[i]), str(ids[i]), column, msg))
    errors.sort(key=lambda e: (e.line, e.column))
    out["line"] = lines
    return out, errors


def load_cohorts(participants, controls, names=("participants.csv", "controls.csv")) -> tuple[Cohort, Cohort]:
    """Read and validate both files; raise :class:`DataError` listing every bad row."""
    p_name = str(participants) if isinstance(participants, (str, Path)) else names[0]
    c_name = str(controls) if isinstance(controls, (str, Path)) else names[1]
    p, p_err = read_cohort(participants, "participants", p_name)
    c, c_err = read_cohort(controls, "controls", c_name)
    errors = p_err + c_err
    if p is not None and c is not None:
        both = set(p["id"]) & set(c["id"]) - {""}
        for frame, fname, other in ((p, p_name, "controlebestand"), (c, c_name, "deelnemersbestand")):
            hit = frame[frame["id"].isin(both)]
            errors += [RowError(fname, int(line), str(i), "id", f"id staat ook in het {other}")
                       for i, line in zip(hit["id"], hit["line"])]
        if len(p) == 0:
            errors.append(RowError(p_name, 0, "", "", "geen deelnemers"))
        if len(c) == 0:
            errors.append(RowError(c_name, 0, "", "", "geen controles"))
    if errors:
        raise DataError(errors)
    return Cohort(p, _warnings(p, "deelnemers")), Cohort(c, _warnings(c, "controles"))


def _warnings(frame: pd.DataFrame, label: str) -> list[str]:
    out = []
    for t in TYPES:
        late = int(np.sum(frame[f"{t}_day"].to_numpy() > frame["end_day"].to_numpy()))
        if late:
            out.append(f"{label}: {late} {TYPE_LABELS[t]}-recidivedatum(s) na einde follow-up; "
                       "behandeld als gecensureerd op het einde van de follow-up.")
    return out


# --------------------------------------------------------------------------------------------
# Covariates, propensity score, matching, balance
# --------------------------------------------------------------------------------------------

def covariate_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """All covariate columns (every level of sex and offence as 0/1)."""
    out = pd.DataFrame(index=frame.index)
    for s in SEXES:
        out["sex_" + s] = (frame["sex"] == s).astype(float)
    out["age"] = frame["age"].astype(float)
    for o in OFFENCES:
        out["offence_" + o] = (frame["offence"] == o).astype(float)
    for col in COUNT_COLUMNS + ["age_first_case"]:
        out[col] = frame[col].astype(float)
    return out[BALANCE_COLUMNS]


def _estimable(X: pd.DataFrame) -> list[str]:
    """Columns that vary (constant columns cannot be estimated)."""
    return [c for c in X.columns if len(X) and np.ptp(X[c].to_numpy(dtype=float)) > 0]


def logistic_mle(design: np.ndarray, y: np.ndarray, tol: float = 1e-10, max_iter: int = 25) -> np.ndarray:
    """Unpenalised logistic regression by Newton–Raphson (= IRLS, R ``glm(family = binomial)``).

    Checked against statsmodels ``Logit`` in the tests; written out because it is ~10× faster on a
    million rows. Stops when the relative change of the deviance is below ``tol`` (glm's criterion)
    or after 25 iterations (glm's ``maxit``; with separation the coefficient stays large but finite).
    """
    beta = np.zeros(design.shape[1])
    dev_old = np.inf
    for _ in range(max_iter):
        eta = design @ beta
        mu = 1.0 / (1.0 + np.exp(-eta))
        w = np.clip(mu * (1.0 - mu), 1e-12, None)
        grad = design.T @ (y - mu)
        hess = (design * w[:, None]).T @ design
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(hess, grad, rcond=None)[0]
        beta = beta + step
        eta = design @ beta
        # deviance, computed stably
        dev = 2.0 * float(np.sum(np.logaddexp(0.0, eta) - y * eta))
        if abs(dev - dev_old) / (abs(dev) + 0.1) < tol:
            break
        dev_old = dev
    return beta


def propensity_logit(X: pd.DataFrame, treated: np.ndarray) -> tuple[np.ndarray, dict]:
    """Unpenalised logistic regression (with intercept); returns (linear predictor, coefficients)."""
    cols = [c for c in MODEL_COLUMNS if c in _estimable(X)]
    design = np.column_stack([np.ones(len(X))] + [X[c].to_numpy(dtype=float) for c in cols])
    params = logistic_mle(design, treated.astype(float))
    return design @ params, dict(zip(["(Intercept)"] + cols, params.tolist()))


class _NextFree:
    """Union–find over sorted positions: find(i) = first unused position >= i (n when none)."""

    def __init__(self, n: int):
        self.parent = list(range(n + 1))

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def remove(self, i: int):
        self.parent[i] = i + 1


class _PrevFree:
    """find(i) = last unused position <= i (-1 when none); positions shifted by one internally."""

    def __init__(self, n: int):
        self.parent = list(range(n + 1))

    def find(self, i: int) -> int:
        parent = self.parent
        j = i + 1
        root = j
        while parent[root] != root:
            root = parent[root]
        while parent[j] != root:
            parent[j], j = root, parent[j]
        return root - 1

    def remove(self, i: int):
        self.parent[i + 1] = i


def greedy_match(dist_t: np.ndarray, dist_c: np.ndarray, caliper: float, exact_t=None, exact_c=None,
                 order_t: np.ndarray | None = None) -> np.ndarray:
    """1:1 greedy nearest-neighbour matching without replacement on a scalar distance.

    ``dist_t``/``dist_c``: the treated and control scores (here the logit of the propensity score);
    ``order_t``: processing order of the treated (default: decreasing score, ties by position);
    ``exact_t``/``exact_c``: labels that must be equal within a pair. Returns for every treated the
    index of its control, or -1. Exactly the sequential greedy algorithm (MatchIt
    ``method = "nearest"``), in O((n_t + n_c) log n_c) with a union–find of used controls.
    """
    dist_t = np.asarray(dist_t, dtype=float)
    dist_c = np.asarray(dist_c, dtype=float)
    n_t = len(dist_t)
    if exact_t is None:
        exact_t = np.zeros(n_t, dtype=int)
        exact_c = np.zeros(len(dist_c), dtype=int)
    exact_t = np.asarray(exact_t)
    exact_c = np.asarray(exact_c)
    if order_t is None:
        order_t = np.lexsort((np.arange(n_t), -dist_t))
    match = np.full(n_t, -1, dtype=np.int64)
    rank = np.empty(n_t, dtype=np.int64)
    rank[order_t] = np.arange(n_t)
    for label in np.unique(exact_t):
        t_idx = np.flatnonzero(exact_t == label)
        c_idx = np.flatnonzero(exact_c == label)
        if len(c_idx) == 0:
            continue
        t_idx = t_idx[np.argsort(rank[t_idx], kind="stable")]
        c_order = np.lexsort((c_idx, dist_c[c_idx]))
        c_sorted = c_idx[c_order]
        vals = dist_c[c_sorted]
        n = len(vals)
        group_start = np.searchsorted(vals, vals, side="left").tolist()
        pos = np.searchsorted(vals, dist_t[t_idx], side="left").tolist()
        vals_l = vals.tolist()
        c_sorted_l = c_sorted.tolist()
        right, left = _NextFree(n), _PrevFree(n)
        available = n
        for t, p in zip(t_idx.tolist(), pos):
            if available == 0:
                break
            x = float(dist_t[t])
            r = right.find(p) if p < n else n
            lft = left.find(p - 1) if p > 0 else -1
            dr = vals_l[r] - x if r < n else math.inf
            dl = x - vals_l[lft] if lft >= 0 else math.inf
            if lft >= 0:
                lft = right.find(group_start[lft])  # earliest unused control with that same score
            if dl < dr:
                chosen, d = lft, dl
            elif dr < dl:
                chosen, d = r, dr
            elif math.isinf(dr):
                continue
            else:
                chosen, d = (lft, dl) if c_sorted_l[lft] < c_sorted_l[r] else (r, dr)
            if d > caliper:
                continue
            match[t] = c_sorted_l[chosen]
            right.remove(chosen)
            left.remove(chosen)
            available -= 1
    return match


def smd_table(X_t: pd.DataFrame, X_c: pd.DataFrame, Xm_t: pd.DataFrame, Xm_c: pd.DataFrame) -> pd.DataFrame:
    """Standardised mean differences before and after matching (MatchIt ATT default, see module doc)."""
    rows = []
    for col in X_t.columns:
        t = X_t[col].to_numpy(dtype=float)
        c = X_c[col].to_numpy(dtype=float)
        binary = col.startswith(("sex_", "offence_"))
        if binary:
            p = t.mean() if len(t) else 0.0
            sd = math.sqrt(p * (1 - p))
        else:
            sd = float(np.std(t, ddof=1)) if len(t) > 1 else 0.0
        if sd == 0:
            vt = np.var(t, ddof=1) if len(t) > 1 else 0.0
            vc = np.var(c, ddof=1) if len(c) > 1 else 0.0
            sd = math.sqrt((vt + vc) / 2)

        def smd(a, b, sd=sd):
            if len(a) == 0 or len(b) == 0:
                return float("nan")
            diff = float(np.mean(a) - np.mean(b))
            return 0.0 if sd == 0 else diff / sd

        mt = Xm_t[col].to_numpy(dtype=float)
        mc = Xm_c[col].to_numpy(dtype=float)
        rows.append({"covariate": col, "mean_treated_before": t.mean() if len(t) else float("nan"),
                     "mean_control_before": c.mean() if len(c) else float("nan"),
                     "mean_treated_after": mt.mean() if len(mt) else float("nan"),
                     "mean_control_after": mc.mean() if len(mc) else float("nan"),
                     "smd_before": smd(t, c), "smd_after": smd(mt, mc)})
    return pd.DataFrame(rows)


@dataclass
class MatchResult:
    participants: pd.DataFrame  # all participants with column logit and control_row (-1 unmatched)
    controls: pd.DataFrame
    pairs: pd.DataFrame  # participant_id, control_id, logit_participant, logit_control, sex
    balance: pd.DataFrame
    caliper: float
    coefficients: dict


def match_cohorts(p: pd.DataFrame, c: pd.DataFrame) -> MatchResult:
    X_p = covariate_frame(p)
    X_c = covariate_frame(c)
    X = pd.concat([X_p, X_c], ignore_index=True)
    treated = np.r_[np.ones(len(p)), np.zeros(len(c))]
    logit, coefs = propensity_logit(X, treated)
    caliper = CALIPER_SD * float(np.std(logit, ddof=1))
    lp, lc = logit[: len(p)], logit[len(p):]
    match = greedy_match(lp, lc, caliper, p["sex"].to_numpy(), c["sex"].to_numpy())
    matched = match >= 0
    pairs = pd.DataFrame({
        "participant_id": p["id"].to_numpy()[matched],
        "control_id": c["id"].to_numpy()[match[matched]],
        "sex": p["sex"].to_numpy()[matched],
        "logit_participant": lp[matched],
        "logit_control": lc[match[matched]],
    })
    balance = smd_table(X_p, X_c, X_p[matched], X_c.iloc[match[matched]])
    p = p.assign(logit=lp, control_row=match)
    c = c.assign(logit=lc)
    return MatchResult(p, c, pairs, balance, caliper, coefs)


# --------------------------------------------------------------------------------------------
# Survival
# --------------------------------------------------------------------------------------------

def survival_data(frame: pd.DataFrame, rtype: str) -> tuple[np.ndarray, np.ndarray]:
    """(duration in days, event 0/1) for a recidivism type."""
    index = frame["index_day"].to_numpy()
    end = frame["end_day"].to_numpy()
    recid = frame[f"{rtype}_day"].to_numpy()
    event = ~np.isnan(recid) & (recid <= end)
    stop = np.where(event, recid, end)
    return (stop - index).astype(float), event.astype(int)


def km_at(durations, events, horizons=HORIZONS) -> tuple[dict, object]:
    """1 − KM with the log(−log) 95% CI at the horizons (days)."""
    from lifelines import KaplanMeierFitter

    kmf = KaplanMeierFitter().fit(durations, events)
    sf = kmf.survival_function_.iloc[:, 0]
    ci = kmf.confidence_interval_
    times = sf.index.to_numpy()
    out = {}
    for key, h in horizons.items():
        i = int(np.searchsorted(times, h, side="right") - 1)
        s = float(sf.iloc[i])
        lo, hi = float(ci.iloc[i, 0]), float(ci.iloc[i, 1])
        if math.isnan(lo) or math.isnan(hi):
            lo = hi = s
        out[key] = {"estimate": 1 - s, "ci_low": 1 - hi, "ci_high": 1 - lo}
    return out, kmf


def logrank_p(d1, e1, d2, e2) -> float:
    from lifelines.statistics import logrank_test

    if len(d1) == 0 or len(d2) == 0:
        return float("nan")
    return float(logrank_test(d1, d2, event_observed_A=e1, event_observed_B=e2).p_value)


def cox_design(p: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Design frame for the Cox model within participants; returns (frame, framework reference)."""
    counts = p["framework"].value_counts()
    ref = sorted(counts[counts == counts.max()].index)[0] if len(counts) else "onbekend"
    X = pd.DataFrame(index=p.index)
    X["completed"] = p["completed"].astype(float)
    X["individual"] = p["individual"].astype(float)
    for level in sorted(set(p["framework"]) - {ref}):
        X["framework_" + level] = (p["framework"] == level).astype(float)
    X["days_to_start"] = (p["index_day"] - p["incident_day"]).astype(float)
    cov = covariate_frame(p)
    for col in MODEL_COLUMNS:
        X[col] = cov[col]
    return X, ref


FAST_COX_MIN_ROWS = 5000


def cox_efron(X: np.ndarray, durations: np.ndarray, events: np.ndarray, tol: float = 1e-9,
              max_iter: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """Cox proportional hazards by Newton–Raphson on the Efron partial likelihood (R ``coxph``
    default ties). Returns (coefficients, covariance). Vectorised: the risk-set sums over
    ``x x^T`` are never formed per row; Σ_k c_k S2_k is written as X^T diag(w_i C_i) X with
    C_i the cumulated per-event-time weights. Used for large data (lifelines is the reference
    and is used below ``FAST_COX_MIN_ROWS``; the tests check both against R on the Rossi data).
    """
    X = np.asarray(X, dtype=float)
    X = X - X.mean(axis=0)
    T = np.asarray(durations, dtype=float)
    E = np.asarray(events).astype(bool)
    order = np.argsort(T, kind="stable")
    X, T, E = X[order], T[order], E[order]
    n, p = X.shape
    times = np.unique(T[E])  # event times t_k
    K = len(times)
    start = np.searchsorted(T, times, side="left")  # risk set of t_k = rows start_k..n-1
    ev_idx = np.flatnonzero(E)
    ev_k = np.searchsorted(times, T[ev_idx])  # event -> k
    d = np.bincount(ev_k, minlength=K)
    # one (k, l) pair per event: l = 0..d_k-1
    first = np.r_[0, np.cumsum(d)[:-1]]
    l_idx = np.arange(len(ev_idx)) - first[ev_k]
    a = l_idx / d[ev_k]
    row_k = np.searchsorted(times, T, side="right") - 1  # last event time <= T_i (-1: none)
    Xe = X[ev_idx]

    def pieces(beta):
        eta = X @ beta
        w = np.exp(eta)
        rc0 = np.cumsum(w[::-1])[::-1]
        rc1 = np.cumsum((X * w[:, None])[::-1], axis=0)[::-1]
        S0, S1 = rc0[start], rc1[start]
        we = w[ev_idx]
        T0 = np.bincount(ev_k, we, minlength=K)
        T1 = np.add.reduceat(Xe * we[:, None], first, axis=0) if K else np.zeros((0, p))
        phi = S0[ev_k] - a * T0[ev_k]
        loglik = float(eta[ev_idx].sum() - np.log(phi).sum())
        return eta, w, S0, S1, T0, T1, phi, loglik

    def grad_hess(beta, w, S1, T1, phi):
        c = np.bincount(ev_k, 1 / phi, minlength=K)
        e = np.bincount(ev_k, a / phi, minlength=K)
        f0 = np.bincount(ev_k, 1 / phi ** 2, minlength=K)
        f1 = np.bincount(ev_k, a / phi ** 2, minlength=K)
        f2 = np.bincount(ev_k, a * a / phi ** 2, minlength=K)
        grad = Xe.sum(axis=0) - (S1 * c[:, None]).sum(axis=0) + (T1 * e[:, None]).sum(axis=0)
        C = np.where(row_k >= 0, np.cumsum(c)[np.maximum(row_k, 0)], 0.0)
        H = (X * (w * C)[:, None]).T @ X
        H -= (Xe * (w[ev_idx] * e[ev_k])[:, None]).T @ Xe
        H -= (S1 * f0[:, None]).T @ S1
        cross = (S1 * f1[:, None]).T @ T1
        H += cross + cross.T
        H -= (T1 * f2[:, None]).T @ T1
        return grad, H

    beta = np.zeros(p)
    _, w, S0, S1, T0, T1, phi, ll = pieces(beta)
    for _ in range(max_iter):
        grad, H = grad_hess(beta, w, S1, T1, phi)
        step = np.linalg.solve(H, grad)
        for _half in range(30):
            new = beta + step
            _, w2, S0b, S1b, T0b, T1b, phi2, ll2 = pieces(new)
            if ll2 >= ll - 1e-12 and np.all(np.isfinite(phi2)):
                break
            step = step / 2
        converged = abs(ll2 - ll) < tol and np.max(np.abs(step)) < 1e-7
        beta, w, S1, T1, phi, ll = new, w2, S1b, T1b, phi2, ll2
        if converged:
            break
    _, H = grad_hess(beta, w, S1, T1, phi)
    return beta, np.linalg.inv(H)


def fit_cox(X: pd.DataFrame, durations, events) -> dict:
    """Cox PH with Efron ties on the estimable columns of X; {term: {hr, ci_low, ci_high, p, coef, se}}.

    lifelines ``CoxPHFitter`` below FAST_COX_MIN_ROWS rows, :func:`cox_efron` above (same
    estimator, ~5× faster; the tests check both against R's coxph and against each other).
    Wald CI and p, as lifelines and R.
    """
    cols = _estimable(X)
    # Drop exactly collinear columns (e.g. a framework level that equals another column), checked
    # on the Gram matrix of the centred design (cheap: k × k).
    Z = X[cols].to_numpy(dtype=float)
    Z = Z - Z.mean(axis=0)
    Z = Z / np.maximum(np.sqrt((Z ** 2).mean(axis=0)), 1e-300)
    gram = Z.T @ Z / max(len(Z), 1)
    keep_idx: list[int] = []
    for j in range(len(cols)):
        trial = keep_idx + [j]
        if np.linalg.matrix_rank(gram[np.ix_(trial, trial)], tol=1e-9) == len(trial):
            keep_idx.append(j)
    keep = [cols[j] for j in keep_idx]
    if events.sum() == 0 or not keep:
        return {}
    if len(X) >= FAST_COX_MIN_ROWS:
        try:
            beta, cov = cox_efron(X[keep].to_numpy(dtype=float), durations, events)
        except np.linalg.LinAlgError:
            return {}
        se = np.sqrt(np.diag(cov))
        out = {}
        for term, b, s_ in zip(keep, beta, se):
            out[term] = {"hr": math.exp(b), "ci_low": math.exp(b - Z95 * s_), "ci_high": math.exp(b + Z95 * s_),
                         "p": math.erfc(abs(b / s_) / math.sqrt(2)), "coef": float(b), "se": float(s_)}
        return out
    df = X[keep].copy()
    df["_T"] = durations
    df["_E"] = events
    from lifelines import CoxPHFitter
    from lifelines.exceptions import ConvergenceError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            cph = CoxPHFitter().fit(df, duration_col="_T", event_col="_E", batch_mode=True)
        except (ConvergenceError, np.linalg.LinAlgError):
            return {}  # too few events for this many terms; the report shows "–"
    s = cph.summary
    return {term: {"hr": float(s.loc[term, "exp(coef)"]), "ci_low": float(s.loc[term, "exp(coef) lower 95%"]),
                   "ci_high": float(s.loc[term, "exp(coef) upper 95%"]), "p": float(s.loc[term, "p"]),
                   "coef": float(s.loc[term, "coef"]), "se": float(s.loc[term, "se(coef)"])}
            for term in keep}


# --------------------------------------------------------------------------------------------
# The whole analysis
# --------------------------------------------------------------------------------------------

@dataclass
class Analysis:
    summary: dict
    landmark: dict
    match: MatchResult
    curves: dict  # (type, group) -> lifelines KaplanMeierFitter
    landmark_curves: dict
    warnings: list[str]
    cox_reference: str
    n_participants_cox: int


def _public_cox(result: dict) -> dict:
    return {t: {k: v[k] for k in ("hr", "ci_low", "ci_high", "p")} for t, v in result.items()}


def analyse(participants: Cohort, controls: Cohort, progress=lambda msg: None) -> Analysis:
    """The whole analysis on validated cohorts. BLAS runs single-threaded: the matrices are thin
    (n × ~16), and oversubscribed BLAS threads on a busy server cost far more than they give."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _analyse(participants, controls, progress)


def _analyse(participants: Cohort, controls: Cohort, progress) -> Analysis:
    p, c = participants.frame.reset_index(drop=True), controls.frame.reset_index(drop=True)
    progress(f"Propensityscore en matching ({len(p)} deelnemers, {len(c)} controles)…")
    m = match_cohorts(p, c)
    matched_p = m.participants[m.participants["control_row"] >= 0]
    matched_c = m.controls.iloc[matched_p["control_row"].to_numpy()]
    n_matched = len(matched_p)
    progress(f"Gematcht: {n_matched} van {len(p)} deelnemers (caliper {m.caliper:.4f} op de logit).")
    summary = {"matching": {
        "n_participants": len(p), "n_controls": len(c), "n_matched": n_matched,
        "share_matched": n_matched / len(p) if len(p) else 0.0,
        "smd_before": {r.covariate: _num(r.smd_before) for r in m.balance.itertuples()},
        "smd_after": {r.covariate: _num(r.smd_after) for r in m.balance.itertuples()},
    }, "recidivism": {}, "cox": {}}
    curves = {}
    progress("Kaplan–Meier en log-rank…")
    for t in TYPES:
        d_p, e_p = survival_data(matched_p, t)
        d_c, e_c = survival_data(matched_c, t)
        entry = {}
        for group, d, e in (("participants", d_p, e_p), ("controls", d_c, e_c)):
            if len(d):
                entry[group], curves[(t, group)] = km_at(d, e)
            else:
                entry[group] = {k: {"estimate": None, "ci_low": None, "ci_high": None} for k in HORIZONS}
        entry["logrank_p"] = _num(logrank_p(d_p, e_p, d_c, e_c))
        summary["recidivism"][t] = entry
    progress("Cox-regressie binnen deelnemers en landmarkanalyse…")
    X, ref = cox_design(p)
    jobs = {}
    for t in TYPES:
        d, e = survival_data(p, t)
        jobs[("full", t)] = (X, d, e)
    landmark, landmark_curves, landmark_jobs = landmark_analysis(p, X)
    jobs.update(landmark_jobs)
    results = fit_cox_many(jobs)
    for t in TYPES:
        summary["cox"][t] = _public_cox(results[("full", t)])
        landmark["types"][t]["cox"] = _public_cox(results[("landmark", t)])
    summary = _clean(summary)
    return Analysis(summary, _clean(landmark), m, curves, landmark_curves,
                    participants.warnings + controls.warnings, ref, len(p))


def fit_cox_many(jobs: dict) -> dict:
    """Fit several Cox models: {key: fit_cox(*job)}."""
    return {k: fit_cox(*job) for k, job in jobs.items()}


def landmark_analysis(p: pd.DataFrame, X: pd.DataFrame, days: int = LANDMARK_DAYS) -> tuple[dict, dict, dict]:
    """Completers vs dropouts from the landmark: KM and log-rank here; the Cox jobs are returned
    (keyed ("landmark", type)) for :func:`fit_cox_many`."""
    out = {"landmark_days": days, "types": {}}
    curves = {}
    jobs = {}
    for t in TYPES:
        d, e = survival_data(p, t)
        at_risk = d > days
        d_l, e_l = d[at_risk] - days, e[at_risk]
        comp = p["completed"].to_numpy()[at_risk] == 1
        entry = {"n_at_risk": int(at_risk.sum()), "n_completers": int(comp.sum()),
                 "n_dropouts": int((~comp).sum())}
        for group, mask in (("completers", comp), ("dropouts", ~comp)):
            if mask.sum():
                entry[group], curves[(t, group)] = km_at(d_l[mask], e_l[mask])
        entry["logrank_p"] = _num(logrank_p(d_l[comp], e_l[comp], d_l[~comp], e_l[~comp]))
        entry["cox"] = {}
        jobs[("landmark", t)] = (X[at_risk], d_l, e_l)
        out["types"][t] = entry
    return out, curves, jobs


def _num(x):
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def _clean(obj):
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    if isinstance(obj, (float, np.floating)):
        return _num(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    return obj


# --------------------------------------------------------------------------------------------
# Figures, report, files
# --------------------------------------------------------------------------------------------

def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def love_plot(balance: pd.DataFrame) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    b = balance.iloc[::-1]
    fig, ax = plt.subplots(figsize=(6.5, 0.32 * len(b) + 1.2))
    y = np.arange(len(b))
    ax.scatter(b["smd_before"].abs(), y, marker="o", facecolors="none", edgecolors="#8a1c1c", label="vóór matching")
    ax.scatter(b["smd_after"].abs(), y, marker="s", color="#154273", label="na matching")
    ax.axvline(0.1, color="grey", linestyle="--", linewidth=0.8)
    ax.set_yticks(y, b["covariate"])
    ax.set_xlabel("absolute gestandaardiseerde gemiddelde verschil (SMD)")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Balans van de covariaten (love plot)")
    return _png(fig)


def km_plot(curves: dict, groups: tuple[str, str], labels: dict, title: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(11, 3.4), sharey=True)
    colours = {groups[0]: "#154273", groups[1]: "#c05600"}
    for ax, t in zip(axes, TYPES):
        for g in groups:
            kmf = curves.get((t, g))
            if kmf is None:
                continue
            times = kmf.cumulative_density_.index.to_numpy() / 365.0
            est = kmf.cumulative_density_.iloc[:, 0].to_numpy()
            ci = kmf.confidence_interval_cumulative_density_
            ax.step(times, est, where="post", color=colours[g], label=labels[g])
            ax.fill_between(times, ci.iloc[:, 0].to_numpy(), ci.iloc[:, 1].to_numpy(), step="post",
                            color=colours[g], alpha=0.15)
        ax.set_title(TYPE_LABELS[t])
        ax.set_xlabel("jaren")
        ax.set_xlim(0, 3.2)
    axes[0].set_ylabel("cumulatieve recidive")
    axes[0].legend(fontsize=8, loc="upper left")
    fig.suptitle(title, y=1.04)
    return _png(fig)


def _fmt(x, pct=False):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{100 * x:.1f}%" if pct else (f"{x:.3g}" if abs(x) < 1e-3 and x != 0 else f"{x:.3f}")


def _uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def render_html(a: Analysis, figures: dict[str, bytes]) -> str:
    from html import escape

    s = a.summary
    mt = s["matching"]
    parts = [
        "<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>BORG-monitor: recidive</title>",
        "<style>body{font-family:sans-serif;font-size:10pt;margin:1.5em}table{border-collapse:collapse;"
        "margin:.5em 0 1.2em}td,th{border:1px solid #bbb;padding:2px 6px;text-align:right}"
        "th:first-child,td:first-child{text-align:left}img{max-width:100%}.caveat{border-left:4px solid "
        "#c05600;padding:.3em .8em;background:#fff4e5}</style></head><body>",
        "<h1>BORG-monitor: recidiveanalyse</h1>",
        "<p>Opzet zoals het WODC-onderzoek (001 §4.3): propensityscorematching, cumulatieve recidive na 1–3 jaar "
        "(1 − Kaplan–Meier, 95%-betrouwbaarheidsinterval log(−log)), log-ranktoets, en een multipele "
        "Cox-regressie binnen de deelnemers.</p>",
        "<h2>Matching</h2>",
        f"<p>{mt['n_participants']} deelnemers, {mt['n_controls']} controles; {mt['n_matched']} gematcht "
        f"({_fmt(mt['share_matched'], True)}). 1-op-1 dichtstbijzijnde buur zonder teruglegging, exact op geslacht, "
        f"caliper 0,2 SD van de logit van de propensityscore ({a.match.caliper:.4f}), grootste score eerst.</p>",
        "<table><tr><th>covariaat</th><th>SMD vóór</th><th>SMD na</th></tr>",
    ]
    for r in a.match.balance.itertuples():
        parts.append(f"<tr><td>{escape(r.covariate)}</td><td>{_fmt(r.smd_before)}</td><td>{_fmt(r.smd_after)}</td></tr>")
    parts.append(f"</table><img alt='Love plot' src='{_uri(figures['love_plot'])}'>")
    parts.append("<h2>Recidive: gematchte deelnemers en controles</h2>")
    parts.append("<table><tr><th>type</th><th>groep</th><th>1 jaar</th><th>2 jaar</th><th>3 jaar</th>"
                 "<th>log-rank p</th></tr>")
    for t in TYPES:
        e = s["recidivism"][t]
        for g, label in (("participants", "deelnemers"), ("controls", "controles")):
            cells = "".join(
                f"<td>{_fmt(e[g][h]['estimate'], True)} ({_fmt(e[g][h]['ci_low'], True)}–"
                f"{_fmt(e[g][h]['ci_high'], True)})</td>" for h in HORIZONS)
            p_cell = f"<td rowspan='2'>{_fmt(e['logrank_p'])}</td>" if g == "participants" else ""
            parts.append(f"<tr><td>{TYPE_LABELS[t]}</td><td>{label}</td>{cells}{p_cell}</tr>")
    parts.append(f"</table><img alt='Cumulatieve recidive' src='{_uri(figures['km_matched'])}'>")
    parts.append(f"<h2>Cox-regressie binnen deelnemers (n = {a.n_participants_cox})</h2>"
                 f"<p>Referentie kader: <em>{escape(a.cox_reference)}</em>; geslacht: m; delict: simple_assault. "
                 "Hazard ratio (95%-BI), p; days_to_start per dag.</p>")
    parts.append(_cox_table(s["cox"]))
    parts.append(
        "<h2>Let op: immortal-time- en selectiebias</h2><div class='caveat'><p>Of iemand de training afmaakt, "
        "is pas bekend ná de start. Wie vroeg recidiveert (of in detentie raakt), valt vaak uit; de follow-up van "
        "de afmakers bevat zo een periode waarin zij per definitie niet konden ‘uitvallen’ (immortal time), en "
        "afmakers verschillen ook op andere punten van uitvallers (selectie). Het verschil tussen afmakers en "
        "uitvallers in de Cox-regressie hierboven overschat daardoor het effect van afmaken. De landmarkanalyse "
        f"hieronder start de follow-up pas op het geplande einde van de training ({LANDMARK_DAYS} dagen na de "
        "start) voor iedereen die dan nog geen recidive van dat type had en nog in follow-up was.</p></div>")
    lm = a.landmark
    parts.append("<h3>Landmarkanalyse: afmakers en uitvallers</h3><table><tr><th>type</th><th>n in risico</th>"
                 "<th>groep</th><th>1 jaar</th><th>2 jaar</th><th>3 jaar</th><th>log-rank p</th></tr>")
    for t in TYPES:
        e = lm["types"][t]
        for g, label in (("completers", "afmakers"), ("dropouts", "uitvallers")):
            if g not in e:
                continue
            cells = "".join(f"<td>{_fmt(e[g][h]['estimate'], True)} ({_fmt(e[g][h]['ci_low'], True)}–"
                            f"{_fmt(e[g][h]['ci_high'], True)})</td>" for h in HORIZONS)
            parts.append(f"<tr><td>{TYPE_LABELS[t]}</td><td>{e['n_at_risk']}</td><td>{label}</td>{cells}"
                         f"<td>{_fmt(e['logrank_p'])}</td></tr>")
    parts.append("</table>")
    if "km_landmark" in figures:
        parts.append(f"<img alt='Landmark' src='{_uri(figures['km_landmark'])}'>")
    parts.append("<h3>Cox-regressie vanaf de landmark</h3>")
    parts.append(_cox_table({t: lm["types"][t]["cox"] for t in TYPES}))
    if a.warnings:
        parts.append("<h2>Waarschuwingen</h2><ul>" + "".join(f"<li>{escape(w)}</li>" for w in a.warnings) + "</ul>")
    parts.append("</body></html>")
    return "".join(parts)


def _cox_table(cox: dict) -> str:
    from html import escape

    terms: list[str] = []
    for t in TYPES:
        for term in cox.get(t, {}):
            if term not in terms:
                terms.append(term)
    rows = ["<table><tr><th>term</th>" + "".join(f"<th>{TYPE_LABELS[t]}</th>" for t in TYPES) + "</tr>"]
    for term in terms:
        cells = []
        for t in TYPES:
            v = cox.get(t, {}).get(term)
            cells.append("<td>–</td>" if v is None else
                         f"<td>{_fmt(v['hr'])} ({_fmt(v['ci_low'])}–{_fmt(v['ci_high'])}), p={_fmt(v['p'])}</td>")
        rows.append(f"<tr><td>{escape(term)}</td>{''.join(cells)}</tr>")
    rows.append("</table>")
    return "".join(rows)


def write_outputs(a: Analysis, out: Path, pdf: bool = True, progress=lambda msg: None) -> dict[str, Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    files["summary"] = out / "summary.json"
    files["summary"].write_text(json.dumps(a.summary, indent=2, ensure_ascii=False))
    files["landmark"] = out / "landmark.json"
    files["landmark"].write_text(json.dumps(a.landmark, indent=2, ensure_ascii=False))
    a.match.balance.to_csv(out / "balance.csv", index=False)
    a.match.pairs.to_csv(out / "matched_pairs.csv", index=False)
    rows = []
    for t in TYPES:
        for g in ("participants", "controls"):
            for h in HORIZONS:
                rows.append({"type": t, "group": g, "horizon": h, **a.summary["recidivism"][t][g][h],
                             "logrank_p": a.summary["recidivism"][t]["logrank_p"]})
    pd.DataFrame(rows).to_csv(out / "recidivism.csv", index=False)
    rows = [{"type": t, "term": term, **v} for t in TYPES for term, v in a.summary["cox"][t].items()]
    pd.DataFrame(rows, columns=["type", "term", "hr", "ci_low", "ci_high", "p"]).to_csv(out / "cox.csv", index=False)
    rows = [{"type": t, "term": term, **v} for t in TYPES for term, v in a.landmark["types"][t]["cox"].items()]
    pd.DataFrame(rows, columns=["type", "term", "hr", "ci_low", "ci_high", "p"]).to_csv(
        out / "landmark_cox.csv", index=False)
    progress("Figuren…")
    figures = {
        "love_plot": love_plot(a.match.balance),
        "km_matched": km_plot(a.curves, ("participants", "controls"),
                              {"participants": "deelnemers", "controls": "controles"},
                              "Cumulatieve recidive, gematchte groepen"),
    }
    if a.landmark_curves:
        figures["km_landmark"] = km_plot(a.landmark_curves, ("completers", "dropouts"),
                                         {"completers": "afmakers", "dropouts": "uitvallers"},
                                         f"Vanaf de landmark ({LANDMARK_DAYS} dagen na de start)")
    for name, png in figures.items():
        (out / f"{name}.png").write_bytes(png)
    html = render_html(a, figures)
    files["html"] = out / "report.html"
    files["html"].write_text(html, encoding="utf-8")
    if pdf:
        progress("PDF…")
        from weasyprint import HTML

        files["pdf"] = out / "report.pdf"
        HTML(string=html).write_pdf(files["pdf"])
    return files


def write_errors(errors: list[RowError], path: Path):
    pd.DataFrame([asdict(e) for e in errors], columns=["file", "line", "id", "column", "message"]).to_csv(
        path, index=False)


def run_analysis(participants, controls, out, pdf=True, progress=lambda msg: None) -> Analysis:
    """Read, validate, analyse and write. Raises DataError (after writing ``errors.csv``) on bad data."""
    out = Path(out)
    progress("Inlezen en controleren…")
    try:
        p, c = load_cohorts(participants, controls)
    except DataError as exc:
        out.mkdir(parents=True, exist_ok=True)
        write_errors(exc.errors, out / "errors.csv")
        raise
    a = analyse(p, c, progress)
    write_outputs(a, out, pdf=pdf, progress=progress)
    return a
