"""National-scale synthetic data (``manage.py generate_national``).

About 130,000 reports and 2,000 BORG participants a year over the 25 Veilig Thuis regions
(SYSTEM.md §1, §2, §5), written in bulk into the case registry (Person, Household, HouseholdMember,
Case, Report, ReportPerson, Participation of the lead Veilig Thuis) and into the monitor's
JusticeRecord (criminal history and recidivism of every perpetrator, as the WODC takes from the
justice documentation) and BorgRecord (delivery of BORG, 001 §4.3). When the borg app's
BorgTrajectory table exists, the BORG participants get a trajectory there as well.

Recidivism is generated with hazards that depend on the criminal history and age; participating in
BORG has hazard ratio ``borg_effect`` (default 1.0, no effect, as the WODC found) and completing it
``completion_effect`` (default 0.65, the 35% lower hazard of the completers). Nothing here is real.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from veilignet.access.models import DEFAULT_SCOPE, LegalBasis, Participation, ParticipationVia, Scope
from veilignet.accounts.models import Organisation, OrganisationType
from veilignet.accounts.regions import REGIONS
from veilignet.accounts.services import add_organisation
from veilignet.cases.identity import fold, name_keys
from veilignet.cases.models import (
    Case,
    CaseStatus,
    Category,
    Household,
    HouseholdMember,
    Person,
    PersonRole,
    Relation,
    Report,
    ReportPerson,
    Urgency,
)

from . import bulk, synthetic
from .models import BorgRecord, JusticeRecord

REPORTS_PER_YEAR = 130_000
BORG_PER_YEAR = 2_000
REPORTS_PER_CASE = 1.3
# Rough share of the reports per region (population of the veiligheidsregio's, in REGIONS order).
REGION_WEIGHTS = np.array([3.4, 3.7, 2.8, 3.0, 3.7, 4.8, 4.0, 3.1, 7.7, 3.8, 1.9, 3.3, 6.4, 1.5, 6.4, 4.7, 7.9, 2.6,
                           2.2, 6.6, 3.8, 4.3, 3.0, 3.4, 2.5])
CATEGORIES = [Category.PARTNERGEWELD, Category.EX_PARTNERGEWELD, Category.KINDERMISHANDELING,
              Category.OUDERENMISHANDELING, Category.EERGERELATEERD, Category.OVERIG]
CATEGORY_P = [0.45, 0.15, 0.25, 0.07, 0.01, 0.07]
OFFENCE_BY_CATEGORY_P = [0.45, 0.25, 0.2, 0.1]
URGENCIES = [Urgency.ACUUT, Urgency.HOOG, Urgency.NORMAAL, Urgency.LAAG]
URGENCY_P = [0.05, 0.2, 0.6, 0.15]
FRAMEWORKS = ["bijzondere_voorwaarde", "voorwaardelijk_sepot", "vrijwillig_lopende_zaak", "gedragsaanwijzing",
              "schorsing_voorlopige_hechtenis", "vrijwillig_vt_wijkteam"]
FRAMEWORK_P = [0.40, 0.37, 0.11, 0.07, 0.03, 0.02]
MEN = ["Mark", "Jan", "Peter", "Mohamed", "Kevin", "Dennis", "Ahmed", "Bas", "Thijs", "Ricardo", "Sander", "Erik",
       "Youssef", "Tim", "Stefan", "Hans", "Mehmet", "Jeroen", "Rob", "Daan"]
WOMEN = ["Anna", "Maria", "Sanne", "Fatima", "Linda", "Esther", "Naima", "Lisa", "Kim", "Ingrid", "Eva", "Sara",
         "Ayse", "Marieke", "Priya", "Ilse", "Noor", "Femke", "Joyce", "Chantal"]
CHILDREN = ["Sem", "Emma", "Noah", "Julia", "Liam", "Mila", "Luca", "Tess", "Milan", "Zoë", "Adam", "Nora"]
SURNAMES = ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
            "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
            "Brouwer", "El Amrani", "Yilmaz", "Kaya", "Biharie", "Nguyen", "Wouters", "Kok", "Veenstra"]
EPOCH = dt.date(1970, 1, 1)


def _date(days) -> dt.date:
    return EPOCH + dt.timedelta(days=int(days))


def _day(d: dt.date) -> int:
    return (d - EPOCH).days


def ensure_organisations() -> dict[str, dict[str, Organisation]]:
    """A Veilig Thuis and a reclassering organisation per region (idempotent)."""
    out = {}
    for code, name in REGIONS:
        out[code] = {
            "vt": add_organisation(f"vt-{code}", f"Veilig Thuis {name}", OrganisationType.VEILIG_THUIS, code),
            "rn": add_organisation(f"rn-{code}", f"Reclassering {name}", OrganisationType.RECLASSERING, code),
        }
    return out


def _next_seq(year: int) -> int:
    prefix = f"VN-{year}-"
    last = Case.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    return int(last.rsplit("-", 1)[1]) + 1 if last else 1


def _borg_trajectory_model():
    """The borg app's BorgTrajectory when its table exists (the app is developed alongside)."""
    try:
        from veilignet.borg.models import BorgTrajectory
    except ImportError:
        return None
    if BorgTrajectory._meta.db_table not in connection.introspection.table_names():
        return None
    return BorgTrajectory


def generate(years: int = 1, start_year: int | None = None, scale: float = 1.0, seed: int = 1,
             borg_effect: float = 1.0, completion_effect: float = 0.65, chunk: int = 10_000,
             progress=lambda msg: None, fill_borg_app: bool = True) -> dict:
    """Generate ``years`` years of data. Returns counts."""
    today = timezone.localdate()
    start_year = start_year or today.year - years
    extraction = today  # the data are "extracted" today: follow-up runs until now
    orgs = ensure_organisations()
    region_codes = [c for c, _ in REGIONS]
    weights = REGION_WEIGHTS / REGION_WEIGHTS.sum()
    traj_model = _borg_trajectory_model() if fill_borg_app else None
    totals = {"reports": 0, "cases": 0, "persons": 0, "borg": 0, "justice": 0, "borg_trajectories": 0}
    t0 = time.monotonic()
    for year in range(start_year, start_year + years):
        rng = np.random.default_rng([seed, year])
        n_reports = int(round(REPORTS_PER_YEAR * scale))
        n_cases = max(1, int(round(n_reports / REPORTS_PER_CASE)))
        n_borg = int(round(BORG_PER_YEAR * scale))
        case_of_report = np.r_[np.arange(n_cases), rng.integers(0, n_cases, max(0, n_reports - n_cases))]
        reports_per_case = np.bincount(case_of_report, minlength=n_cases)
        seq = _next_seq(year)
        year_start = _day(dt.date(year, 1, 1))
        days_in_year = _day(dt.date(year, 12, 31)) - year_start + 1
        first_day_all = year_start + rng.integers(0, days_in_year, n_cases)
        # BORG: ~8.5 months from incident to start (001 §4.3); only trajectories started by now count,
        # so draw candidates until n_borg have started.
        delays = np.clip(rng.gamma(2.0, 128.0, n_cases), 14, 900).astype(int)
        start_all = first_day_all + delays
        candidates = rng.permutation(n_cases)
        chosen = candidates[start_all[candidates] <= _day(extraction)][:n_borg]
        borg_start = {int(c): int(start_all[c]) for c in chosen}
        for lo in range(0, n_cases, chunk):
            hi = min(n_cases, lo + chunk)
            counts = _generate_chunk(rng, year, lo, hi, seq + lo, reports_per_case, borg_start, region_codes,
                                     weights, orgs, first_day_all[lo:hi], extraction, borg_effect,
                                     completion_effect, traj_model)
            for k, v in counts.items():
                totals[k] += v
            progress(f"{year}: {hi}/{n_cases} dossiers, {totals['reports']} meldingen totaal, "
                     f"{totals['borg']} BORG-deelnemers ({time.monotonic() - t0:.0f}s)")
        months = {_date(d).replace(day=1) for d in range(year_start, year_start + days_in_year, 28)}
        months |= {_date(d).replace(day=1) for d in borg_start.values()}
        _mark_indicators_dirty(months)
    return totals


def _mark_indicators_dirty(months) -> None:
    """The bulk insert bypasses the model signals that keep the dashboard aggregates exact: mark the
    months dirty so the next read (or ``manage.py refresh_indicators``) recomputes them."""
    try:
        from . import aggregates
    except ImportError:
        return
    mark = getattr(aggregates, "mark_dirty", None)
    if mark is not None:
        mark(sorted(months))


def _names(rng, pool, n):
    return np.asarray(pool, dtype=object)[rng.integers(0, len(pool), n)]


@transaction.atomic
def _generate_chunk(rng, year, lo, hi, first_seq, reports_per_case, borg_start, region_codes, weights, orgs,
                    first_day, extraction, borg_effect, completion_effect, traj_model) -> dict:
    n = hi - lo
    now = timezone.now()
    region = np.asarray(region_codes, dtype=object)[rng.choice(len(region_codes), n, p=weights)]
    category = np.asarray(CATEGORIES, dtype=object)[rng.choice(len(CATEGORIES), n, p=CATEGORY_P)]
    perp_male = rng.random(n) < np.where(np.isin(category, [Category.PARTNERGEWELD, Category.EX_PARTNERGEWELD]),
                                         0.8, 0.6)
    perp_age = np.clip(rng.normal(37, 10, n), 18, 85).round().astype(int)
    vict_age = np.where(category == Category.KINDERMISHANDELING, rng.integers(0, 18, n),
                        np.clip(perp_age + rng.integers(-8, 6, n), 18, 95))
    has_child = (rng.random(n) < 0.35) | (category == Category.KINDERMISHANDELING)
    surname = _names(rng, SURNAMES, n)
    perp_first = np.where(perp_male, _names(rng, MEN, n), _names(rng, WOMEN, n))
    vict_first = np.where(perp_male, _names(rng, WOMEN, n), _names(rng, MEN, n))
    child_first = _names(rng, CHILDREN, n)

    persons, households, members, cases, reports, rps, parts = [], [], [], [], [], [], []
    perp_ids, case_ids = [], []
    scope = list(DEFAULT_SCOPE) + [Scope.MELDER]
    counts = {"reports": 0, "cases": 0, "persons": 0, "borg": 0, "justice": 0, "borg_trajectories": 0}
    uuid4 = uuid.uuid4
    keys = {name: fold(name) for name in MEN + WOMEN + CHILDREN + SURNAMES}
    surname_keys = {name: name_keys("", name)[2] for name in SURNAMES}
    extra_reports = rng.integers(5, 200, size=int(reports_per_case[lo:hi].sum()) + 1)
    report_delay = rng.integers(0, 10, size=len(extra_reports))
    source_citizen = rng.random(len(extra_reports)) < 0.3
    urgency = rng.choice(4, size=len(extra_reports), p=URGENCY_P)
    hour = rng.integers(9, 18, n)
    minute = rng.integers(0, 60, n)
    close_after = rng.integers(30, 300, n)
    birth_jitter = rng.integers(0, 365, (n, 2))
    child_age_days = rng.integers(0, 17 * 365, n)
    child_sex = rng.choice(["m", "v"], n)
    r_i = 0
    for i in range(n):
        reg = region[i]
        vt_id = orgs[reg]["vt"].id
        hh = uuid4()
        households.append((hh, f"Huishouden {surname[i]}", now))
        day0 = int(first_day[i])
        sn = surname[i]
        perp, vict = uuid4(), uuid4()
        pm = bool(perp_male[i])
        group = [(perp, perp_first[i], day0 - int(perp_age[i] * 365.25) - int(birth_jitter[i, 0]), "m" if pm else "v",
                  PersonRole.PLEGER, Relation.PARTNER),
                 (vict, vict_first[i], day0 - int(vict_age[i] * 365.25) - int(birth_jitter[i, 1]), "v" if pm else "m",
                  PersonRole.SLACHTOFFER, Relation.PARTNER)]
        if category[i] == Category.KINDERMISHANDELING:
            group[0] = group[0][:5] + (Relation.OUDER,)
            group[1] = group[1][:5] + (Relation.KIND,)
        elif has_child[i]:
            group.append((uuid4(), child_first[i], day0 - int(child_age_days[i]), str(child_sex[i]),
                          PersonRole.KIND, Relation.KIND))
        for pid, first, birth_day, gender, _, relation in group:
            persons.append((pid, first, sn, _date(birth_day), gender, keys[first], keys[sn], surname_keys[sn], now))
            members.append((hh, pid, relation))
        opened = timezone.make_aware(dt.datetime.combine(_date(day0), dt.time(int(hour[i]), int(minute[i]))))
        closed = opened + dt.timedelta(days=int(close_after[i]))
        is_closed = closed < now
        case = uuid4()
        cases.append((case, f"VN-{year}-{first_seq + i:06d}", hh, CaseStatus.CLOSED if is_closed else CaseStatus.OPEN,
                      vt_id, reg, opened, closed if is_closed else None,
                      "Veiligheid stabiel (gegenereerd)." if is_closed else ""))
        case_ids.append(case)
        perp_ids.append(perp)
        parts.append((case, vt_id, True, LegalBasis.WMO_VEILIG_THUIS, "Onderzoek en regie (Veilig Thuis)", scope,
                      ParticipationVia.CREATION, opened))
        k = int(reports_per_case[lo + i])
        for j in range(k):
            received = opened + dt.timedelta(days=0 if j == 0 else int(extra_reports[r_i]))
            rep = uuid4()
            reports.append((rep, case, received, vt_id, bool(source_citizen[r_i]), category[i],
                            "Gegenereerde melding (nationale testdata).", URGENCIES[int(urgency[r_i])],
                            (received - dt.timedelta(days=int(report_delay[r_i]))).date(), received))
            r_i += 1
            for pid, _, _, _, role, _ in group:
                rps.append((rep, pid, role))
        counts["reports"] += k
    bulk.insert(Household, ["id", "label", "created_at"], households)
    bulk.insert(Person, ["id", "first_name", "last_name", "birth_date", "gender", "first_name_key", "last_name_key",
                         "surname_key", "created_at"], persons)
    bulk.insert(HouseholdMember, ["household_id", "person_id", "relation"], members)
    bulk.insert(Case, ["id", "number", "household_id", "status", "lead_organisation_id", "region", "opened_at",
                       "closed_at", "close_reason"], cases)
    bulk.insert(Participation, ["case_id", "organisation_id", "is_lead", "basis", "purpose", "scope", "via",
                                "started_at"], parts)
    bulk.insert(Report, ["id", "case_id", "received_at", "received_by_id", "source_citizen", "category", "description",
                         "urgency", "incident_date", "created_at"], reports)
    bulk.insert(ReportPerson, ["report_id", "person_id", "role"], rps)
    counts["cases"] = n
    counts["persons"] = len(persons)

    # Justice data for every perpetrator; BORG for the chosen ones.
    base = synthetic.offenders(rng, n, treated=False)
    base["age"] = perp_age
    base["sex"] = np.where(perp_male, "m", "v")
    index_day = first_day.astype(float)
    is_borg = np.array([(lo + i) in borg_start for i in range(n)], dtype=bool)
    # BORG participants have a heavier history (WODC: ~75% earlier convicted)
    base["prior_cases"] = np.where(is_borg, base["prior_cases"] + rng.poisson(1.5, n), base["prior_cases"])
    start_day = np.array([borg_start.get(lo + i, first_day[i]) for i in range(n)])
    completed = rng.random(n) < 0.86
    individual = rng.random(n) < 0.13
    index_day = np.where(is_borg, start_day, first_day).astype(float)
    end_day = np.full(n, float(_day(extraction)))
    end_day = np.maximum(end_day, index_day)
    hr = np.where(is_borg, borg_effect * np.where(completed, completion_effect, 1.0), 1.0)
    recid = synthetic._recid(rng, base, index_day, end_day, hr)
    offence = np.asarray(synthetic.OFFENCES, dtype=object)[rng.choice(4, size=n, p=OFFENCE_BY_CATEGORY_P)]
    prior = base["prior_cases"]
    prior_violent = np.minimum(base["prior_violent_cases"], prior)
    prior_dv = np.minimum(base["prior_dv_cases"], prior_violent)
    age_first = np.minimum(base["age_first_case"], perp_age)

    def opt_date(x):
        return None if np.isnan(x) else _date(x)

    records = [(perp_ids[i], offence[i], int(prior[i]), int(prior_violent[i]), int(prior_dv[i]), int(age_first[i]),
                _date(index_day[i]), _date(end_day[i]), opt_date(recid["dv"][i]), opt_date(recid["violent"][i]),
                opt_date(recid["any"][i]), "generated") for i in range(n)]
    bulk.insert(JusticeRecord, ["person_id", "offence", "prior_cases", "prior_violent_cases", "prior_dv_cases",
                                "age_first_case", "index_date", "end_of_followup", "dv_recid_date",
                                "violent_recid_date", "any_recid_date", "source"], records)
    counts["justice"] = len(records)
    borg_rows, trajectories = [], []
    framework = np.asarray(FRAMEWORKS, dtype=object)[rng.choice(len(FRAMEWORKS), n, p=FRAMEWORK_P)]
    attendance = np.where(completed, rng.uniform(0.75, 1.0, n), rng.uniform(0.05, 0.6, n)).round(2)
    for i in np.flatnonzero(is_borg):
        fw = framework[i]
        start = _date(start_day[i])
        if fw == "voorwaardelijk_sepot" and start >= dt.date(2021, 3, 1):
            fw = "bijzondere_voorwaarde"  # no conditional dismissal since 1 March 2021 (000)
        rec = BorgRecord(id=uuid.uuid4(), person_id=perp_ids[i], case_id=case_ids[i], region=region[i], framework=fw,
                         incident_date=_date(first_day[i]), start_date=start, completed=bool(completed[i]),
                         attendance_rate=float(attendance[i]), individual=bool(individual[i]), source="generated")
        borg_rows.append(rec)
        if traj_model is not None:
            trajectories.append(_trajectory(traj_model, rec, orgs[region[i]]["rn"], extraction, rng))
    BorgRecord.objects.bulk_create(borg_rows, batch_size=2000)
    counts["borg"] = len(borg_rows)
    if trajectories:
        try:
            with transaction.atomic():
                traj_model.objects.bulk_create(trajectories, batch_size=1000)
            counts["borg_trajectories"] = len(trajectories)
        except Exception:  # noqa: BLE001 - the borg app is developed alongside; its schema may move
            pass
    return counts


def _trajectory(model, rec: BorgRecord, org, extraction, rng):
    """A finished BorgTrajectory for the borg app's monitor screens (fields as in borg/models.py)."""
    planned = 15 if not rec.individual else 13
    attended = int(round(planned * rec.attendance_rate))
    end = rec.start_date + dt.timedelta(days=int(112 if rec.completed else rng.integers(14, 100)))
    return model(case_id=rec.case_id, person_id=rec.person_id, organisation_id=org.id, region=rec.region,
                 status="afgerond" if rec.completed else "uitgevallen", framework=rec.framework,
                 framework_kind="vrijwillig" if rec.framework.startswith("vrijwillig") else "verplicht",
                 variant="individueel" if rec.individual else "groep", incident_date=rec.incident_date,
                 start_date=rec.start_date, end_date=min(end, extraction), sessions_planned=planned,
                 sessions_held=planned, sessions_attended=attended, attendance_rate=rec.attendance_rate,
                 days_incident_to_start=(rec.start_date - rec.incident_date).days,
                 eligible=bool(rng.random() < 0.6))
