"""Fast bulk insert for generated data: rows as tuples straight into ``executemany``.

``Model.objects.bulk_create`` spends most of its time building model instances and preparing
values one by one; for a million generated rows a year that is minutes. Here the values are
converted per column with a converter picked once per field (UUID, date, datetime, JSON), and
every concrete column not given gets the field's default (so a field another app adds with a
default keeps working). Only for trusted, generated data: no model ``save()``, no signals.
"""

from __future__ import annotations

import datetime as dt
import json

from django.db import connection, models
from django.utils import timezone


def _converter(field):
    vendor = connection.vendor
    target = field.target_field if field.is_relation else field
    if isinstance(target, models.UUIDField):
        if vendor == "postgresql":
            return lambda v: v
        return lambda v: None if v is None else v.hex
    if isinstance(field, models.DateTimeField):
        if vendor == "postgresql":
            return lambda v: v
        return lambda v: None if v is None else v.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(field, models.DateField):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(field, models.JSONField):
        if vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return lambda v: Jsonb(v)
        return lambda v: json.dumps(v)
    return lambda v: v


def _default(field):
    if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
        return timezone.now()
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, (models.CharField, models.TextField)):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name}: no value and no default")


def insert(model, columns: list[str], rows: list[tuple], batch_size: int = 5000) -> int:
    """INSERT the rows (tuples in ``columns`` order, by attname) into the model's table."""
    if not rows:
        return 0
    opts = model._meta
    fields = {f.attname: f for f in opts.concrete_fields}
    unknown = [c for c in columns if c not in fields]
    if unknown:
        raise ValueError(f"unknown columns for {opts.label}: {unknown}")
    extra = [f for f in opts.concrete_fields
             if f.attname not in columns and not isinstance(f, (models.AutoField, models.BigAutoField))]
    convs = [_converter(fields[c]) for c in columns]
    extra_values = tuple(_converter(f)(_default(f)) for f in extra)
    all_columns = list(columns) + [f.column for f in extra]
    db_columns = [fields[c].column for c in columns] + [f.column for f in extra]
    del all_columns
    qn = connection.ops.quote_name
    sql = (f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(c) for c in db_columns)}) "
           f"VALUES ({', '.join(['%s'] * len(db_columns))})")
    with connection.cursor() as cursor:
        for lo in range(0, len(rows), batch_size):
            batch = [tuple(conv(v) for conv, v in zip(convs, row)) + extra_values for row in rows[lo:lo + batch_size]]
            cursor.executemany(sql, batch)
    return len(rows)
