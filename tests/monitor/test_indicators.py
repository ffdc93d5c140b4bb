"""Pure indicator computations on hand-made rows (veilignet.monitor.indicators)."""

import datetime as dt

import pytest

from veilignet.monitor import indicators as ind

D = dt.date
UTC = dt.UTC


def test_periods():
    assert ind.period_of(D(2024, 3, 31), ind.MONTH) == ("2024-03", D(2024, 3, 1))
    assert ind.period_of(D(2024, 3, 31), ind.QUARTER) == ("2024-K1", D(2024, 1, 1))
    assert ind.period_of(D(2024, 10, 1), ind.QUARTER) == ("2024-K4", D(2024, 10, 1))
    assert ind.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert ind.add_months(D(2024, 11, 15), 3) == D(2025, 2, 15)
    assert ind.period_end(D(2024, 10, 1), ind.QUARTER) == D(2025, 1, 1)


def test_share_aggregated_per_level_and_period():
    rows = [
        (D(2024, 1, 5), "utrecht", "Utrecht", "vt-utrecht", True),
        (D(2024, 1, 20), "utrecht", "Zeist", "vt-utrecht", False),
        (D(2024, 2, 3), "utrecht", "", "vt-utrecht", True),
        (D(2024, 2, 3), "twente", "Enschede", "vt-twente", True),
    ]
    cells = ind.aggregate(rows, ind.SHARE)
    start, nl_q1 = cells[(ind.NATIONAL, "NL", ind.QUARTER, "2024-K1")]
    assert start == D(2024, 1, 1)
    assert (nl_q1.n, nl_q1.numerator, nl_q1.denominator, nl_q1.value) == (4, 3, 4, 0.75)
    _, utr_jan = cells[(ind.REGION, "utrecht", ind.MONTH, "2024-01")]
    assert (utr_jan.numerator, utr_jan.denominator, utr_jan.value) == (1, 2, 0.5)
    _, zeist = cells[(ind.MUNICIPALITY, "Zeist", ind.MONTH, "2024-01")]
    assert zeist.value == 0.0
    # blank municipality: not aggregated at municipality level
    assert (ind.MUNICIPALITY, "", ind.MONTH, "2024-02") not in cells
    _, org = cells[(ind.ORGANISATION, "vt-twente", ind.QUARTER, "2024-K1")]
    assert org.n == 1


def test_count_median_ratio():
    rows = [(D(2024, 4, 1), "r", "", "o", 10), (D(2024, 4, 2), "r", "", "o", 30), (D(2024, 5, 2), "r", "", "o", 100)]
    med = ind.aggregate(rows, ind.MEDIAN)
    assert med[(ind.NATIONAL, "NL", ind.MONTH, "2024-04")][1].value == 20
    assert med[(ind.NATIONAL, "NL", ind.QUARTER, "2024-K2")][1].value == 30  # not the mean of month medians
    cnt = ind.aggregate(rows, ind.COUNT)
    assert cnt[(ind.REGION, "r", ind.QUARTER, "2024-K2")][1].value == 3
    ratio = ind.aggregate([(D(2024, 4, 1), "r", "", "o", (10, 15)), (D(2024, 4, 9), "r", "", "o", (5, 15))],
                          ind.RATIO)
    cell = ratio[(ind.NATIONAL, "NL", ind.MONTH, "2024-04")][1]
    assert (cell.numerator, cell.denominator) == (15, 30) and cell.value == 0.5


def test_deadline_rules():
    due = dt.datetime(2024, 1, 10, 12, tzinfo=UTC)
    now = dt.datetime(2024, 2, 1, tzinfo=UTC)
    assert ind.deadline_on_time("met", due, due - dt.timedelta(hours=1))
    assert not ind.deadline_on_time("met", due, due + dt.timedelta(hours=1))  # met late
    assert not ind.deadline_on_time("missed", due, None)
    assert ind.deadline_counts("missed", due, now)
    assert not ind.deadline_counts("waived", due, now)
    assert ind.deadline_counts("open", due, now)  # open and past due: late
    assert not ind.deadline_counts("open", now + dt.timedelta(days=1), now)  # not due yet


def test_within_months():
    assert ind.within_months(D(2024, 1, 31), D(2024, 4, 30), 3)
    assert not ind.within_months(D(2024, 1, 31), D(2024, 5, 1), 3)
    assert ind.within_months(None, D(2024, 5, 1), 3) is None


@pytest.mark.parametrize("num,den,expect_num,expect_value", [
    (3, 200, "<5", "afgeschermd"),      # small numerator
    (0, 40, "<5", "afgeschermd"),       # zero is under five too
    (197, 200, "afgeschermd", "afgeschermd"),  # complement of 3 would be revealed
    (50, 200, "50", "25,0%"),
])
def test_share_suppression(num, den, expect_num, expect_value):
    out = ind.display_cell(ind.SHARE, den, num, den, num / den, suppress=True)
    assert out["numerator"] == expect_num
    assert out["value"] == expect_value
    assert out["denominator"] == ind.format_count(den)
    # own organisation: nothing suppressed
    own = ind.display_cell(ind.SHARE, den, num, den, num / den, suppress=False)
    assert own["numerator"] == ind.format_count(num) and "%" in own["value"]


def test_small_denominator_and_counts_suppressed():
    out = ind.display_cell(ind.SHARE, 4, 2, 4, 0.5, suppress=True)
    assert out["denominator"] == "<5" and out["numerator"] == "<5" and out["value"] == "afgeschermd"
    assert ind.display_cell(ind.COUNT, 4, 4, None, 4.0, suppress=True)["value"] == "<5"
    assert ind.display_cell(ind.COUNT, 5, 5, None, 5.0, suppress=True)["value"] == "5"
    assert ind.display_cell(ind.MEDIAN, 3, None, None, 40.0, suppress=True)["value"] == "afgeschermd"
    assert ind.display_cell(ind.MEDIAN, 7, None, None, 40.0, suppress=True)["value"] == "40 dagen"


def _traj(**kw):
    base = dict(eligible=True, criteria_failed=[], overridden=False, status="afgerond", sessions_planned=15,
                sessions_held=15, attendance_rate=1.0, incident_date=D(2024, 1, 1), start_date=D(2024, 2, 1),
                variant="groep", dual_role=False, partner_involvement="geen", goals_total=2, goals_met=1,
                group_id="g1")
    base.update(kw)
    return base


def test_borg_summary():
    rows = [
        _traj(),
        _traj(eligible=False, criteria_failed=["iq", "verslaving"], overridden=True, status="uitgevallen",
              sessions_held=10, attendance_rate=0.4, start_date=D(2024, 8, 1), variant="individueel", group_id=None,
              dual_role=True, partner_involvement="betrokken", goals_total=0, goals_met=0),
        _traj(eligible=False, criteria_failed=["iq"], start_date=D(2024, 5, 1), attendance_rate=0.8),
        _traj(eligible=None, status="gestart", start_date=None, attendance_rate=None),
    ]
    s = ind.borg_summary(rows, group_sizes={"g1": 3})
    assert s["reach"]["all_criteria_met"] == (1, 3, 1 / 3)
    assert s["reach"]["not_assessed"] == 1
    assert s["reach"]["criteria_failed"][0] == ("iq", 2)
    assert s["reach"]["overridden"][0] == 1
    d = s["delivery"]
    assert d["started"] == 3
    assert d["sessions_held_share"] == (40, 45, 40 / 45)
    assert dict(d["attendance"]) == {"alle sessies": 1, "75–99%": 1, "50–74%": 0, "minder dan de helft": 1,
                                     "onbekend": 0}
    assert d["within_3_months"][:2] == (1, 3)  # only Feb 1; May 1 is after Jan 1 + 3 months
    assert d["over_6_months"][:2] == (1, 3)  # Aug 1 > Jul 1
    assert d["days_incident_to_start_median"] == (D(2024, 5, 1) - D(2024, 1, 1)).days
    assert d["individual"][:2] == (1, 3)
    assert d["dual_role"][:2] == (1, 3)
    assert d["partner_involved"][:2] == (1, 3)
    assert dict(d["group_sizes"])["3–4"] == 1
    o = s["outcomes"]
    assert o["completed"][:2] == (2, 3)
    assert o["dropped_out"][:2] == (1, 3)
    assert o["goals"][:2] == (3, 6)


def test_weighted_median_equals_the_median_of_the_expanded_values():
    import statistics

    pairs = [(10, 3), (40, 1), (20, 2), (5, 0)]
    expanded = [10, 10, 10, 40, 20, 20]
    assert ind.weighted_median(pairs) == statistics.median(expanded)
    assert ind.weighted_median([(1, 1), (3, 1)]) == 2
    assert ind.weighted_median([]) is None
    rows = [(D(2024, 1, 1), "r", "", "o", True, 3), (D(2024, 1, 9), "r", "", "o", False, 1)]
    cell = ind.aggregate(rows, ind.SHARE)[(ind.NATIONAL, "NL", ind.MONTH, "2024-01")][1]
    assert (cell.n, cell.numerator, cell.value) == (4, 3, 0.75)
