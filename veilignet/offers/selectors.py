"""Read paths of the social map and referrals."""

from django.apps import apps
from django.db.models import Q

from veilignet.access.models import LegalBasis, Participation, Scope
from veilignet.access.selectors import can_see_part
from veilignet.accounts.models import Organisation, OrganisationType
from veilignet.cases.models import Gender, HouseholdMember, PersonRole, Relation, ReportPerson

from . import gaps
from .models import MinimumBlock, Offer, Referral
from .services import offer_dicts


def offers(*, q: str = "", category: str = "", region: str = "", framework: str = "", effectiveness: str = "",
           kind: str = "", active: str = "", block: str = ""):
    qs = Offer.objects.all()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(provider__icontains=q) | Q(description__icontains=q))
    if framework:
        qs = qs.filter(framework=framework)
    if effectiveness:
        qs = qs.filter(effectiveness=effectiveness)
    if kind:
        qs = qs.filter(kind=kind)
    if active in ("1", "0"):
        qs = qs.filter(active=active == "1")
    items = list(qs.order_by("name"))
    # JSON list filters in Python: portable between SQLite and PostgreSQL, and the map is small.
    if category:
        items = [o for o in items if category in (o.categories or [o.category])]
    if region:
        items = [o for o in items if o.national or region in (o.regions or [])]
    if block:
        items = [o for o in items if block in (o.blocks or [])]
    return items


def blocks() -> list[dict]:
    return [{"code": b.code, "name": b.name, "description": b.description,
             "requires_no_indication": b.requires_no_indication} for b in MinimumBlock.objects.all()]


def municipalities_by_region() -> dict[str, list[str]]:
    out: dict[str, set] = {}
    for org in Organisation.objects.filter(type=OrganisationType.GEMEENTE).exclude(municipality=""):
        out.setdefault(org.region, set()).add(org.municipality)
    for offer in Offer.objects.exclude(municipalities=[]):
        for region in offer.regions or []:
            out.setdefault(region, set()).update(offer.municipalities or [])
    return {k: sorted(v) for k, v in out.items()}


def gap_table(region: str = "") -> list[dict]:
    rows = gaps.table(offer_dicts(), blocks(), municipalities_by_region())
    return [r for r in rows if not region or r["region"] == region]


# --- the perpetrator of a case ---------------------------------------------------------------------------

def perpetrators(case):
    """Persons named as pleger in the case's reports (each once)."""
    ids = ReportPerson.objects.filter(report__case=case, role=PersonRole.PLEGER).values_list("person_id", flat=True)
    members = HouseholdMember.objects.filter(household_id=case.household_id, person_id__in=ids).select_related("person")
    return [m.person for m in members.order_by("person__last_name", "person__first_name")]


def _risk_violence_type(case) -> str:
    """The violence type of the case's newest final risk assessment, when the risk app stores one
    (`risk.Assessment.violence_type`; coercive control without a type counts as suspected intimate terror)."""
    try:
        config = apps.get_app_config("risk")
    except LookupError:
        return "unclear"
    for model in config.get_models():
        names = {f.name for f in model._meta.get_fields()}
        if "case" not in names or "violence_type" not in names:
            continue
        qs = model.objects.filter(case=case)
        if "is_draft" in names:
            qs = qs.filter(is_draft=False)
        fields = ["violence_type"] + (["coercive_control"] if "coercive_control" in names else [])
        row = qs.order_by("-created_at" if "created_at" in names else "-pk").values(*fields).first()
        if row is None:
            continue
        if row["violence_type"] in ("intimate_terror_suspected", "situational", "unclear"):
            return row["violence_type"]
        if row.get("coercive_control"):
            return "intimate_terror_suspected"
    return "unclear"


_SEX = {Gender.MAN: "m", Gender.VROUW: "v", Gender.X: "x"}


def case_profile(case, person=None) -> dict:
    """The case dict for matching.match(): region, the perpetrator's age and sex, the violence type (risk
    app when available, else 'unclear'), Case.risk_level, the framework (criminal when a participant works
    on a criminal-law basis), children in the household. Flags not recorded yet are False."""
    from datetime import date

    age = sex = None
    if person is not None:
        if person.birth_date:
            today = date.today()
            b = person.birth_date
            age = today.year - b.year - ((today.month, today.day) < (b.month, b.day))
        sex = _SEX.get(person.gender)
    criminal = Participation.objects.filter(
        case=case, ended_at__isnull=True, basis__in=[LegalBasis.STRAFRECHT, LegalBasis.RECLASSERINGSTOEZICHT]
    ).exists()
    children = (HouseholdMember.objects.filter(household_id=case.household_id, relation=Relation.KIND).exists()
                or ReportPerson.objects.filter(report__case=case, role=PersonRole.KIND).exists())
    return {
        "id": str(case.pk), "region": case.region, "age": age, "sex": sex,
        "violence_type": _risk_violence_type(case), "risk_level": case.risk_level or None,
        "framework": "criminal" if criminal else "voluntary", "substance_problem": False, "lvb": False,
        "serious_psychopathology": False, "children": children,
    }


def referrals_for_case(user, case):
    if not can_see_part(user, case, Scope.PLEGER):
        return Referral.objects.none()
    return (Referral.objects.filter(case=case).select_related("offer", "person", "organisation")
            .prefetch_related("status_history"))
