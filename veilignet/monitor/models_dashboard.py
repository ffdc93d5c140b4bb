"""Precomputed indicator aggregates for the monitoring dashboard (issue 7 part 1).

Imported at the bottom of monitor/models.py. ``aggregates.py`` fills and reads these tables;
``indicators.py`` holds the definitions.
"""

from django.db import models
from django.utils import timezone

__all__ = ["IndicatorAggregate", "DirtyMonth"]


class IndicatorAggregate(models.Model):
    """One cell: (indicator, level, area, granularity, period) → n, numerator, denominator, value."""

    indicator = models.CharField(max_length=60)
    level = models.CharField(max_length=12)
    area = models.CharField(max_length=100)
    granularity = models.CharField(max_length=8)
    period = models.CharField(max_length=8)
    period_start = models.DateField()
    n = models.PositiveIntegerField(default=0)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level", "area", "granularity", "period"],
                                    name="monitor_aggregate_once"),
        ]
        indexes = [
            models.Index(fields=["level", "area", "granularity", "period_start"], name="monitor_agg_area_period"),
            models.Index(fields=["granularity", "period_start"], name="monitor_agg_period"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.level}:{self.area} {self.period}"


class DirtyMonth(models.Model):
    """A month whose aggregates must be recomputed before the next read: ``scope`` "all" (a bulk
    write the hooks could not follow exactly) or "median" (only the medians, which are not additive
    and so not kept by deltas)."""

    month = models.DateField()
    scope = models.CharField(max_length=8, default="all")
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "scope"], name="monitor_dirty_once")]

    def __str__(self):
        return f"{self.month:%Y-%m} ({self.scope})"


class RefreshState(models.Model):
    """Bookkeeping of refresh_indicators (one row)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_full_at = models.DateTimeField(null=True, blank=True)
    last_refresh_at = models.DateTimeField(null=True, blank=True)
    first_month = models.DateField(null=True, blank=True)
    # The moment the stored cells reflect for open terms (an open VT term counts as late once its
    # due moment is before this); ensure_fresh() moves it forward with exact deltas.
    checkpoint = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"refresh {self.last_refresh_at}"


__all__.append("RefreshState")

# Connect the write-path hooks (post_save etc.) once the models exist; lazy model references.
from .aggregates import connect_signals  # noqa: E402

connect_signals()
