"""Stratified permuted-block randomisation with random block sizes (pure; no Django).

The allocation sequence of a stratum is a deterministic function of (seed, trial code, stratum):
a numpy ``Generator`` (PCG64) seeded with HMAC-SHA256(key=seed, msg="<trial>|<stratum>"). Blocks
follow each other; each block has size ``m × sum(ratios)`` with ``m`` drawn uniformly from the
multipliers (default 1 or 2, so blocks of 2 or 4 for 1:1) and holds every arm ``ratio × m`` times in
a random order. The k-th participant enrolled in a stratum gets element k of that sequence, so the
statistician who knows the seed can recompute every allocation (``sequence``), and the arm of the
next participant follows from nothing a user can see. Within a stratum the difference between
arms never exceeds half the largest block (for 1:1), at any point.
"""

from __future__ import annotations

import hashlib
import hmac
import json

import numpy as np


def stratum_key(fields: dict) -> str:
    """Canonical stratum label: "name=value|name=value", names sorted; "" without stratum fields."""
    parts = []
    for name in sorted(fields):
        value = fields[name]
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        parts.append(f"{name}={text}")
    return "|".join(parts)


def stratum_rng(seed: str, trial_code: str, stratum: str) -> np.random.Generator:
    digest = hmac.new(seed.encode(), f"{trial_code}|{stratum}".encode(), hashlib.sha256).digest()
    return np.random.Generator(np.random.PCG64(int.from_bytes(digest, "big")))


def blocks(seed: str, trial_code: str, stratum: str, arms: list[dict], multipliers=(1, 2)):
    """Yield the blocks (lists of arm codes) of a stratum, endlessly."""
    rng = stratum_rng(seed, trial_code, stratum)
    multipliers = list(multipliers)
    while True:
        m = multipliers[int(rng.integers(len(multipliers)))]
        block = [a["code"] for a in arms for _ in range(int(a.get("ratio", 1)) * m)]
        yield [block[i] for i in rng.permutation(len(block))]


def sequence(seed: str, trial_code: str, stratum: str, arms: list[dict], length: int,
             multipliers=(1, 2)) -> list[str]:
    """The first ``length`` allocations of a stratum (element k-1 is sequence_no k)."""
    out: list[str] = []
    gen = blocks(seed, trial_code, stratum, arms, multipliers)
    while len(out) < length:
        out.extend(next(gen))
    return out[:length]


class SequenceCache:
    """Per-process cache of generated sequences, extended on demand (for bulk enrolment)."""

    def __init__(self):
        self._data: dict[tuple, tuple[list[str], object]] = {}

    def arm(self, seed, trial_code, stratum, arms, sequence_no, multipliers=(1, 2)) -> str:
        key = (seed, trial_code, stratum, json.dumps(arms, sort_keys=True), tuple(multipliers))
        if key not in self._data:
            self._data[key] = ([], blocks(seed, trial_code, stratum, arms, multipliers))
        seq, gen = self._data[key]
        while len(seq) < sequence_no:
            seq.extend(next(gen))
        return seq[sequence_no - 1]


def max_imbalance(arms: list[dict], multipliers=(1, 2)) -> int:
    """Largest possible |n_a − n_b| within a stratum for 1:1 designs: half the largest block."""
    total = sum(int(a.get("ratio", 1)) for a in arms)
    return max(multipliers) * total // 2
