"""The recidivism analysis against published reference results and constructed cases."""

import io
import json
import math

import numpy as np
import pandas as pd
import pytest

from veilignet.monitor import recidivism as r
from veilignet.monitor import synthetic

# R: coxph(Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio, data = Rossi) (Efron ties);
# coefficients and standard errors as published (Fox & Weisberg, An R Companion, appendix "Cox regression").
ROSSI_R = {"fin": (-0.37942, 0.19138), "age": (-0.05744, 0.02200), "race": (0.31390, 0.30799),
           "wexp": (-0.14980, 0.21222), "mar": (-0.43370, 0.38187), "paro": (-0.08487, 0.19576),
           "prio": (0.09150, 0.02865)}


def test_cox_reproduces_r_coxph_on_rossi():
    from lifelines.datasets import load_rossi

    rossi = load_rossi()
    X = rossi[list(ROSSI_R)].astype(float)
    res = r.fit_cox(X, rossi["week"].to_numpy(float), rossi["arrest"].to_numpy(int))
    for term, (coef, se) in ROSSI_R.items():
        assert res[term]["coef"] == pytest.approx(coef, abs=5e-5), term
        assert res[term]["se"] == pytest.approx(se, abs=5e-5), term
        assert res[term]["hr"] == pytest.approx(math.exp(res[term]["coef"]))
        lo, hi = math.exp(res[term]["coef"] - 1.959964 * res[term]["se"]), math.exp(res[term]["coef"] + 1.959964 * res[term]["se"])
        assert res[term]["ci_low"] == pytest.approx(lo, rel=1e-4)
        assert res[term]["ci_high"] == pytest.approx(hi, rel=1e-4)
    # fin: Wald p = 0.0474 in R's summary
    assert res["fin"]["p"] == pytest.approx(0.0474, abs=5e-4)


def test_fast_efron_cox_reproduces_r_and_lifelines():
    from lifelines import CoxPHFitter
    from lifelines.datasets import load_rossi

    rossi = load_rossi()
    beta, cov = r.cox_efron(rossi[list(ROSSI_R)].to_numpy(float), rossi["week"].to_numpy(float),
                            rossi["arrest"].to_numpy(int))
    for (term, (coef, se)), b, v in zip(ROSSI_R.items(), beta, np.diag(cov)):
        assert b == pytest.approx(coef, abs=5e-5), term
        assert math.sqrt(v) == pytest.approx(se, abs=5e-5), term
    # many ties (whole days) and dummies: the fast path equals lifelines (the path used below 5,000 rows)
    p, c = synthetic.cohorts(5200, 10, seed=8)
    P, _ = r.load_cohorts(_csv(p), _csv(c))
    X, _ = r.cox_design(P.frame)
    d, e = r.survival_data(P.frame, "any")
    fast = r.fit_cox(X, d, e)
    df = X[list(fast)].assign(_T=d, _E=e)
    ref = CoxPHFitter().fit(df, "_T", "_E").summary
    for term, v in fast.items():
        assert v["coef"] == pytest.approx(ref.loc[term, "coef"], abs=1e-6), term
        assert v["se"] == pytest.approx(ref.loc[term, "se(coef)"], abs=1e-6), term
        assert v["p"] == pytest.approx(ref.loc[term, "p"], abs=1e-5), term
        assert v["ci_low"] == pytest.approx(ref.loc[term, "exp(coef) lower 95%"], rel=1e-6), term


def test_cox_drops_constant_and_collinear_columns():
    from lifelines.datasets import load_rossi

    rossi = load_rossi()
    X = rossi[["fin", "age", "prio"]].astype(float).assign(const=1.0, fin_copy=rossi["fin"].astype(float))
    res = r.fit_cox(X, rossi["week"].to_numpy(float), rossi["arrest"].to_numpy(int))
    assert set(res) == {"fin", "age", "prio"}


def _loglog_ci(s, greenwood):
    """R survfit(conf.type = "log-log") by hand."""
    se = math.sqrt(greenwood) / abs(math.log(s))
    return s ** math.exp(1.959964 * se), s ** math.exp(-1.959964 * se)


def test_km_prevalence_and_loglog_ci_by_hand():
    # times 1,2,2+,3,5+,8 (+ = censored): S(1)=5/6, S(2)=5/6*4/5=2/3, S(3)=2/3*2/3=4/9
    durations = np.array([1, 2, 2, 3, 5, 8], float)
    events = np.array([1, 1, 0, 1, 0, 1])
    out, _ = r.km_at(durations, events, {"a": 1, "b": 2.5, "c": 4})
    assert out["a"]["estimate"] == pytest.approx(1 / 6)
    assert out["b"]["estimate"] == pytest.approx(1 / 3)
    assert out["c"]["estimate"] == pytest.approx(5 / 9)
    gw1 = 1 / (6 * 5)
    gw3 = 1 / (6 * 5) + 1 / (5 * 4) + 1 / (3 * 2)
    lo, hi = _loglog_ci(5 / 6, gw1)
    assert (out["a"]["ci_low"], out["a"]["ci_high"]) == (pytest.approx(1 - hi, abs=1e-6), pytest.approx(1 - lo, abs=1e-6))
    lo, hi = _loglog_ci(4 / 9, gw3)
    assert (out["c"]["ci_low"], out["c"]["ci_high"]) == (pytest.approx(1 - hi, abs=1e-6), pytest.approx(1 - lo, abs=1e-6))
    # the known R values for S(1): 0.2731, 0.9747
    assert out["a"]["ci_low"] == pytest.approx(1 - 0.9747, abs=1e-4)
    assert out["a"]["ci_high"] == pytest.approx(1 - 0.2731, abs=1e-4)


def test_km_before_first_event_is_zero_with_degenerate_ci():
    out, _ = r.km_at(np.array([400.0, 500, 900]), np.array([1, 0, 1]), {"1y": 365})
    assert out["1y"] == {"estimate": 0.0, "ci_low": 0.0, "ci_high": 0.0}


# ---- matching -----------------------------------------------------------------------------

def test_matching_takes_largest_score_first_and_applies_caliper():
    # A (1.0) goes first and takes c0 (0.85); B (0.8) is then 0.35 from c1 > caliper 0.3: unmatched.
    # (Smallest first would have matched B with c0 and left A unmatched.)
    m = r.greedy_match(np.array([0.8, 1.0]), np.array([0.85, 0.45]), caliper=0.3)
    assert m.tolist() == [-1, 0]


def test_matching_is_exact_on_sex_and_without_replacement():
    t = np.array([0.5, 0.5, 0.5])
    c = np.array([0.5, 0.51, 2.0])
    m = r.greedy_match(t, c, caliper=10, exact_t=np.array(["m", "m", "v"]), exact_c=np.array(["v", "m", "m"]))
    assert m[2] == 0          # the woman gets the only female control
    assert sorted(m[:2].tolist()) == [1, 2]  # the men share no control; no woman used
    assert m[0] == 1          # first in order (ties by position) gets the nearest


def test_matching_ties_take_earliest_control():
    m = r.greedy_match(np.array([1.0]), np.array([0.75, 1.25, 0.75]), caliper=1)
    assert m.tolist() == [0]
    m = r.greedy_match(np.array([1.0]), np.array([1.5, 1.25, 1.25, 0.75]), caliper=1)
    assert m.tolist() == [1]


def _naive_match(t, c, caliper, et, ec):
    order = np.lexsort((np.arange(len(t)), -t))
    used = np.zeros(len(c), bool)
    out = np.full(len(t), -1)
    for i in order:
        best, bd = -1, math.inf
        for j in range(len(c)):
            if used[j] or ec[j] != et[i]:
                continue
            d = abs(t[i] - c[j])
            if d < bd:
                best, bd = j, d
        if best >= 0 and bd <= caliper:
            out[i] = best
            used[best] = True
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_matching_equals_naive_greedy(seed):
    rng = np.random.default_rng(seed)
    t = np.round(rng.normal(0.5, 1, 150), 1)  # rounding creates many ties
    c = np.round(rng.normal(0, 1, 400), 1)
    et = rng.choice(["m", "v"], 150, p=[0.8, 0.2])
    ec = rng.choice(["m", "v"], 400, p=[0.6, 0.4])
    fast = r.greedy_match(t, c, 0.15, et, ec)
    assert fast.tolist() == _naive_match(t, c, 0.15, et, ec).tolist()
    assert (fast >= 0).sum() > 50


def test_logistic_mle_equals_statsmodels():
    import statsmodels.api as sm

    rng = np.random.default_rng(5)
    X = np.column_stack([np.ones(3000), rng.normal(size=3000), rng.integers(0, 2, 3000)])
    y = (rng.random(3000) < 1 / (1 + np.exp(-(-1 + 0.7 * X[:, 1] - 0.4 * X[:, 2])))).astype(float)
    ours = r.logistic_mle(X, y)
    ref = sm.Logit(y, X).fit(disp=0).params
    assert np.allclose(ours, ref, atol=1e-7)


def test_smd_uses_treated_sd_before_and_after():
    Xt = pd.DataFrame({"age": [30.0, 40.0, 50.0], "sex_v": [1.0, 0.0, 0.0]})
    Xc = pd.DataFrame({"age": [20.0, 30.0, 40.0, 60.0], "sex_v": [1.0, 1.0, 0.0, 0.0]})
    tab = r.smd_table(Xt, Xc, Xt.iloc[:2], Xc.iloc[1:3]).set_index("covariate")
    assert tab.loc["age", "smd_before"] == pytest.approx((40 - 37.5) / 10.0)
    assert tab.loc["age", "smd_after"] == pytest.approx((35 - 35) / 10.0)
    p = 1 / 3
    assert tab.loc["sex_v", "smd_before"] == pytest.approx((p - 0.5) / math.sqrt(p * (1 - p)))
    assert tab.loc["sex_v", "smd_after"] == pytest.approx((0.5 - 0.5) / math.sqrt(p * (1 - p)))


# ---- whole analysis -----------------------------------------------------------------------

def _csv(df):
    return io.StringIO(df.to_csv(index=False))


@pytest.fixture(scope="module")
def small_analysis():
    p, c = synthetic.cohorts(600, 6000, seed=11, effect=1.0)
    P, C = r.load_cohorts(_csv(p), _csv(c))
    return p, c, r.analyse(P, C)


def test_summary_shape_and_recidivism_equals_km_on_the_matched_pairs(small_analysis):
    p, c, a = small_analysis
    s = a.summary
    assert set(s) == {"matching", "recidivism", "cox"}
    m = s["matching"]
    assert m["n_participants"] == 600 and m["n_controls"] == 6000
    assert m["n_matched"] == len(a.match.pairs) and 0.8 < m["share_matched"] <= 1
    assert set(m["smd_before"]) == set(m["smd_after"]) == set(r.BALANCE_COLUMNS)
    assert m["smd_after"]["sex_v"] == 0.0
    assert abs(m["smd_after"]["prior_cases"]) < abs(m["smd_before"]["prior_cases"])
    # independent recomputation with lifelines on the matched pairs
    from lifelines import KaplanMeierFitter

    pairs = a.match.pairs
    pp = p.set_index("id").loc[pairs["participant_id"]]
    cc = c.set_index("id").loc[pairs["control_id"]]
    for t in r.TYPES:
        assert set(s["recidivism"][t]) == {"participants", "controls", "logrank_p"}
        for group, df, index_col in (("participants", pp, "start_date"), ("controls", cc, "index_date")):
            start = pd.to_datetime(df[index_col])
            end = pd.to_datetime(df["end_of_followup"])
            ev = pd.to_datetime(df[f"{t}_recid_date"].replace("", None))
            event = ev.notna() & (ev <= end)
            dur = (ev.where(event, end) - start).dt.days
            kmf = KaplanMeierFitter().fit(dur, event)
            for key, days in (("1y", 365), ("2y", 730), ("3y", 1095)):
                est = 1 - float(kmf.predict(days))
                got = s["recidivism"][t][group][key]
                assert got["estimate"] == pytest.approx(est, abs=1e-9)
                assert 0 <= got["ci_low"] <= got["estimate"] <= got["ci_high"] <= 1
        assert 0 <= s["recidivism"][t]["logrank_p"] <= 1


def test_cox_terms_and_completion_effect(small_analysis):
    _, _, a = small_analysis
    cox = a.summary["cox"]["any"]
    for term in ("completed", "individual", "days_to_start", "age", "prior_cases"):
        assert set(cox[term]) == {"hr", "ci_low", "ci_high", "p"}
        assert cox[term]["ci_low"] < cox[term]["hr"] < cox[term]["ci_high"]
    # reference framework (most frequent in the generator) is not a term; the others are
    assert a.cox_reference == "voorwaardelijke_straf"
    assert "framework_voorwaardelijke_straf" not in cox and "framework_vrijwillig" in cox
    # synthetic completion hazard ratio 0.65
    assert cox["completed"]["hr"] < 1


def test_landmark_excludes_early_events(small_analysis):
    p, _, a = small_analysis
    lm = a.landmark["types"]["any"]
    start = pd.to_datetime(p["start_date"])
    ev = pd.to_datetime(p["any_recid_date"].replace("", None))
    end = pd.to_datetime(p["end_of_followup"])
    stop = ev.where(ev.notna() & (ev <= end), end)
    assert lm["n_at_risk"] == int(((stop - start).dt.days > r.LANDMARK_DAYS).sum())
    assert lm["n_completers"] + lm["n_dropouts"] == lm["n_at_risk"]
    assert "completed" in lm["cox"]


# ---- bad input ----------------------------------------------------------------------------

def test_every_bad_row_is_reported():
    p, c = synthetic.cohorts(30, 60, seed=2)
    p, c = p.astype(object), c.astype(object)
    p.loc[3, "start_date"] = "2019-13-45"
    p.loc[5, "sex"] = "q"
    p.loc[6, "dv_recid_date"] = "2000-01-01"  # before the index date
    p.loc[7, "completed"] = "ja"
    c.loc[4, "id"] = p.loc[8, "id"]  # in both files
    c.loc[9, "age"] = "oud"
    c.loc[10, "offence"] = "moord"
    with pytest.raises(r.DataError) as exc:
        r.load_cohorts(_csv(p), _csv(c))
    errs = {(e.file, e.line, e.column) for e in exc.value.errors}
    assert ("participants.csv", 5, "start_date") in errs
    assert ("participants.csv", 7, "sex") in errs
    assert ("participants.csv", 8, "dv_recid_date") in errs
    assert ("participants.csv", 9, "completed") in errs
    assert ("participants.csv", 10, "id") in errs and ("controls.csv", 6, "id") in errs
    assert ("controls.csv", 11, "age") in errs
    assert ("controls.csv", 12, "offence") in errs
    msg = next(str(e) for e in exc.value.errors if e.column == "start_date")
    assert "2019-13-45" in msg and "participants.csv:5" in msg


def test_missing_column_is_reported():
    p, c = synthetic.cohorts(10, 20, seed=2)
    with pytest.raises(r.DataError) as exc:
        r.load_cohorts(_csv(p.drop(columns=["framework"])), _csv(c.drop(columns=["index_date"])))
    errs = {(e.file, e.column, e.message) for e in exc.value.errors}
    assert ("participants.csv", "framework", "kolom ontbreekt") in errs
    assert ("controls.csv", "index_date", "kolom ontbreekt") in errs


def test_command_refuses_bad_data(tmp_path):
    from django.core.management import CommandError, call_command

    p, c = synthetic.cohorts(30, 60, seed=2)
    p.loc[2, "any_recid_date"] = "2001-01-01"
    p.to_csv(tmp_path / "p.csv", index=False)
    c.to_csv(tmp_path / "c.csv", index=False)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("borg_monitor", participants=str(tmp_path / "p.csv"), controls=str(tmp_path / "c.csv"),
                     out=str(tmp_path / "out"), stderr=err, stdout=io.StringIO())
    assert "recidivedatum ligt vóór de indexdatum" in err.getvalue()
    assert not (tmp_path / "out" / "summary.json").exists()
    errors = pd.read_csv(tmp_path / "out" / "errors.csv")
    assert errors["line"].tolist() == [4]


def test_command_writes_report_and_summary(tmp_path):
    from django.core.management import call_command

    p, c = synthetic.cohorts(300, 3000, seed=4)
    p.to_csv(tmp_path / "p.csv", index=False)
    c.to_csv(tmp_path / "c.csv", index=False)
    out = io.StringIO()
    call_command("borg_monitor", participants=str(tmp_path / "p.csv"), controls=str(tmp_path / "c.csv"),
                 out=str(tmp_path / "out"), stdout=out, stderr=io.StringIO())
    assert "Klaar" in out.getvalue()
    s = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert s["matching"]["n_participants"] == 300
    html = (tmp_path / "out" / "report.html").read_text()
    assert "immortal-time" in html and "data:image/png;base64," in html
    assert (tmp_path / "out" / "report.pdf").read_bytes()[:4] == b"%PDF"
    for name in ("balance.csv", "cox.csv", "recidivism.csv", "matched_pairs.csv", "love_plot.png", "landmark.json"):
        assert (tmp_path / "out" / name).exists()


def test_sex_without_controls_is_left_unmatched_not_an_error():
    p, c = synthetic.cohorts(200, 2000, seed=6)
    c["sex"] = c["sex"].replace("x", "m")
    p.loc[:4, "sex"] = "x"
    P, C = r.load_cohorts(_csv(p), _csv(c))
    a = r.analyse(P, C)
    assert set(a.match.pairs["sex"]) <= {"m", "v"}
    assert a.summary["matching"]["n_matched"] <= 195
    assert all(v is None or math.isfinite(v) for v in a.summary["matching"]["smd_after"].values())


def test_reads_bom_spaces_and_upper_case_codes(tmp_path):
    p, c = synthetic.cohorts(40, 80, seed=9)
    p = p.astype(object)
    p.loc[0, "sex"] = "M"
    p.loc[1, "age"] = "41 "
    p.loc[2, "start_date"] = " " + str(p.loc[2, "start_date"])
    (tmp_path / "p.csv").write_text("\ufeff" + p.to_csv(index=False), encoding="utf-8")
    (tmp_path / "c.csv").write_text(c.to_csv(index=False), encoding="utf-8")
    P, C = r.load_cohorts(tmp_path / "p.csv", tmp_path / "c.csv")
    assert P.frame.loc[0, "sex"] == "m" and P.frame.loc[1, "age"] == 41.0
    assert len(P.frame) == 40 and len(C.frame) == 80
