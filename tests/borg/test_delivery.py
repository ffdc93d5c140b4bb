"""Pure delivery and timeliness logic (001 §4.2, 000)."""

from datetime import date, datetime

import pytest

from veilignet.borg.delivery import choose_cluster_start, cluster_of, plan_series, size_warning, timeliness


@pytest.mark.parametrize(("total", "clusters"), [
    (12, [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]),
    (10, [1, 1, 1, 2, 2, 2, 3, 3, 4, 4]),
    (4, [1, 2, 3, 4]),
])
def test_clusters(total, clusters):
    assert [cluster_of(n, total) for n in range(1, total + 1)] == clusters


def test_next_cycle_starts_again_at_cluster_one():
    assert cluster_of(13, 12) == 1 and cluster_of(24, 12) == 4


def test_plan_series_dates_and_numbers():
    series = plan_series(datetime(2026, 1, 5, 19), 3, interval_days=7, minutes=150, cycle=12, first_number=4)
    assert [(s.number, s.cluster, s.at.day, s.minutes) for s in series] == [(4, 2, 5, 150), (5, 2, 12, 150),
                                                                           (6, 2, 19, 150)]
    with pytest.raises(ValueError):
        plan_series(datetime(2026, 1, 5), 0, minutes=90, cycle=None)


@pytest.mark.parametrize(("size", "warns"), [(0, True), (3, True), (7, True), (8, False), (12, False), (13, True)])
def test_size_warning(size, warns):
    assert bool(size_warning(size)) is warns


def test_choose_cluster_start():
    starts = {1: date(2026, 1, 5), 2: date(2026, 1, 26), 3: date(2026, 2, 16)}
    assert choose_cluster_start(starts, date(2026, 1, 10)) == (2, date(2026, 1, 26))
    assert choose_cluster_start(starts, date(2026, 1, 10), 3) == (3, date(2026, 2, 16))
    assert choose_cluster_start(starts, date(2026, 1, 10), 1) is None
    assert choose_cluster_start(starts, date(2026, 3, 1)) is None


def test_timeliness_on_time():
    t = timeliness(date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 20), date(2026, 2, 10))
    assert (t.days_incident_to_arrest, t.days_arrest_to_intake, t.days_intake_to_start) == (1, 18, 21)
    assert (t.days_incident_to_start, t.days_arrest_to_start) == (40, 39)
    assert t.start_on_time is True and t.start_within_one_month is False and t.intake_start_on_time is True
    assert t.problems == ()


def test_timeliness_late_and_wodc_like():
    # WODC: 8.5 months on average from incident to start (001 §4.3)
    t = timeliness(date(2025, 1, 1), date(2025, 1, 1), date(2025, 8, 1), date(2025, 9, 15))
    assert t.start_on_time is False and t.intake_start_on_time is False and t.days_incident_to_start == 257


def test_timeliness_boundaries():
    assert timeliness(None, date(2026, 1, 1), None, date(2026, 3, 3)).start_on_time is True  # 61 days
    assert timeliness(None, date(2026, 1, 1), None, date(2026, 3, 4)).start_on_time is False  # 62 days
    assert timeliness(None, None, date(2026, 1, 1), date(2026, 1, 29)).intake_start_on_time is True  # 28 days
    assert timeliness(None, None, date(2026, 1, 1), date(2026, 1, 30)).intake_start_on_time is False


def test_without_arrest_the_incident_is_the_reference():
    assert timeliness(date(2026, 1, 1), None, None, date(2026, 2, 1)).start_on_time is True
    assert timeliness(date(2026, 1, 1), None, None, date(2026, 6, 1)).start_on_time is False


def test_not_started_is_late_once_the_target_has_passed():
    t = timeliness(None, date(2026, 1, 1), date(2026, 1, 5), None, today=date(2026, 4, 1))
    assert t.start_on_time is False and t.intake_start_on_time is False
    t = timeliness(None, date(2026, 1, 1), date(2026, 1, 5), None, today=date(2026, 1, 10))
    assert t.start_on_time is None and t.intake_start_on_time is None


def test_dates_out_of_order_are_reported():
    t = timeliness(date(2026, 2, 1), date(2026, 1, 1), None, None)
    assert t.problems and "aanhouding" in t.problems[0]
