"""Monitor write paths: trials and allocation (RCT). Transactional and audited."""

from __future__ import annotations

import hashlib
import hmac

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from veilignet.access import audit

from . import conf, rct
from .models import Allocation, Trial

_CACHE = rct.SequenceCache()


def derive_seed(code: str) -> str:
    """The default seed of a new trial: secret (keyed by the server secret) and stable."""
    return hmac.new(conf.rct_seed_secret().encode(), f"rct-seed|{code}".encode(), hashlib.sha256).hexdigest()


def _validate_arms(arms):
    if not isinstance(arms, list) or len(arms) < 2:
        raise ValidationError({"arms": "Een trial heeft minstens twee armen."})
    codes = [a.get("code") for a in arms]
    if len(set(codes)) != len(codes) or not all(codes):
        raise ValidationError({"arms": "Elke arm heeft een unieke code."})
    for a in arms:
        if not isinstance(a.get("ratio", 1), int) or a.get("ratio", 1) < 1:
            raise ValidationError({"arms": "De verhouding van een arm is een geheel getal ≥ 1."})


@transaction.atomic
def create_trial(code: str, *, name: str = "", arms=None, strata_fields=None, block_multipliers=None,
                 seed: str | None = None, user=None) -> Trial:
    from django.utils.text import slugify

    if not code or slugify(code) != code:
        raise ValidationError({"code": "Gebruik alleen kleine letters, cijfers en streepjes in de code."})
    if Trial.objects.filter(code=code).exists():
        raise ValidationError({"code": f"Trial '{code}' bestaat al."})
    arms = arms or [{"code": "borg", "label": "BORG", "ratio": 1}, {"code": "control", "label": "Controle", "ratio": 1}]
    _validate_arms(arms)
    multipliers = block_multipliers or [1, 2]
    if not all(isinstance(m, int) and m >= 1 for m in multipliers):
        raise ValidationError({"block_multipliers": "Blokgroottes zijn gehele getallen ≥ 1."})
    trial = Trial.objects.create(code=code, name=name or code, arms=arms, strata_fields=list(strata_fields or []),
                                 block_multipliers=multipliers, seed=seed or derive_seed(code), created_by=user)
    audit.record("rct.trial.create", "monitor.Trial", trial.pk, user=user,
                 details={"code": code, "arms": arms, "strata_fields": trial.strata_fields,
                          "block_multipliers": multipliers})
    return trial


def get_or_create_trial(code: str, *, seed: str | None = None, user=None) -> tuple[Trial, bool]:
    trial = Trial.objects.filter(code=code).first()
    if trial:
        return trial, False
    try:
        return create_trial(code, seed=seed, user=user), True
    except IntegrityError:  # created concurrently
        return Trial.objects.get(code=code), False


def enrol(trial: Trial, participant_id: str, strata: dict, *, user=None, via: str = "cli") -> tuple[Allocation, bool]:
    """Enrol a participant irrevocably and randomise them, in one transaction.

    Returns (allocation, created). A participant already randomised in the trial gets the
    existing allocation back (nobody is randomised twice). The arm is computed only here, after
    the trial row is locked, so no one can read the next allocation beforehand (concealment).
    """
    participant_id = str(participant_id or "").strip()
    if not participant_id:
        raise ValidationError({"id": "Deelnemer-id ontbreekt."})
    if not isinstance(strata, dict):
        raise ValidationError({"strata": "Stratificatievariabelen moeten een object zijn."})
    for attempt in range(3):
        try:
            return _enrol(trial.pk, participant_id, strata, user=user, via=via)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _enrol(trial_pk, participant_id, strata, *, user, via):
    trial = Trial.objects.select_for_update().get(pk=trial_pk)
    existing = Allocation.objects.filter(trial=trial, participant_id=participant_id).first()
    if existing:
        return existing, False
    if not trial.open:
        raise ValidationError({"trial": "Deze trial is gesloten voor inclusie."})
    if trial.strata_fields:
        missing = [f for f in trial.strata_fields if f not in strata]
        extra = [f for f in strata if f not in trial.strata_fields]
        if missing or extra:
            raise ValidationError({"strata": "Stratificatievariabelen kloppen niet: verwacht "
                                             + ", ".join(trial.strata_fields) + "."})
    stratum = rct.stratum_key(strata)
    if len(stratum) > 500:
        raise ValidationError({"strata": "Stratum te lang."})
    last = (Allocation.objects.filter(trial=trial, stratum=stratum).order_by("-sequence_no")
            .values_list("sequence_no", flat=True).first())
    seq = (last or 0) + 1
    arm = _CACHE.arm(trial.seed, trial.code, stratum, trial.arms, seq, trial.block_multipliers)
    with transaction.atomic():
        alloc = Allocation.objects.create(trial=trial, participant_id=participant_id, strata=strata, stratum=stratum,
                                          arm=arm, sequence_no=seq, enrolled_by=user, enrolled_via=via)
    audit.record("rct.allocate", "monitor.Allocation", alloc.pk, user=user,
                 details={"trial": trial.code, "participant": participant_id, "stratum": stratum, "arm": arm,
                          "sequence_no": seq})
    return alloc, True


def reveal_seed(trial: Trial, *, purpose: str, user=None) -> str:
    """The seed, for the trial statistician only; every reveal is audited."""
    audit.record("rct.seed.reveal", "monitor.Trial", trial.pk, user=user, purpose=purpose,
                 details={"trial": trial.code})
    return trial.seed


def reproduce(trial: Trial, seed: str) -> list[dict]:
    """Recompute every recorded allocation from the seed; returns the rows that differ (empty = all match)."""
    diffs = []
    cache = rct.SequenceCache()
    for alloc in Allocation.objects.filter(trial=trial).order_by("stratum", "sequence_no"):
        expected = cache.arm(seed, trial.code, alloc.stratum, trial.arms, alloc.sequence_no, trial.block_multipliers)
        if expected != alloc.arm:
            diffs.append({"id": alloc.participant_id, "stratum": alloc.stratum, "sequence_no": alloc.sequence_no,
                          "recorded": alloc.arm, "reproduced": expected})
    return diffs
