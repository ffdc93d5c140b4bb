"""Reading and writing JSON lines for the batch commands (pure Python): one way for every CLI."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager


@contextmanager
def open_in(path: str):
    if path == "-":
        yield sys.stdin
    else:
        with open(path, encoding="utf-8-sig") as fh:  # tolerate a byte-order mark
            yield fh


@contextmanager
def open_out(path: str):
    if path == "-":
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8") as fh:
            yield fh


def read_objects(fh, report):
    """Yield (line_number, dict) for each well-formed line; call report(line_number, message) for bad ones."""
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            report(n, f"geen geldige JSON ({exc.msg}, kolom {exc.colno})")
            continue
        if not isinstance(obj, dict):
            report(n, "verwacht een JSON-object")
            continue
        yield n, obj


def dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
