"""Screens of the social map: list, detail with history, edit, CSV import/export, gaps, and the
perpetrator's matches and referrals of a case (URLs with case_id; cases via cases.selectors.get_case)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from veilignet.access import audit
from veilignet.access.models import Scope
from veilignet.access.selectors import can_see_part
from veilignet.accounts.regions import REGION_NAMES, REGIONS
from veilignet.cases.models import Case
from veilignet.cases.selectors import get_case

from . import matching, selectors, services
from .forms import ImportForm, OfferFilterForm, OfferForm, ReferralForm, ReferralStatusForm
from .gaps import STATUS_LABELS
from .models import Offer, Referral, ReferralStatus
from .seeding import snapshot


@login_required
def offer_list(request):
    form = OfferFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    items = selectors.offers(**{k: v or "" for k, v in f.items()})
    for o in items:
        o.region_display = ", ".join(REGION_NAMES.get(r, r) for r in o.regions or [])
    context = {"form": form, "offers": items, "can_maintain": services.can_maintain(request.user),
               "region_names": REGION_NAMES, "query": request.GET.urlencode()}
    return render(request, "offers/offer_list.html", context)


@login_required
def offer_detail(request, offer_id):
    offer = get_object_or_404(Offer, pk=offer_id)
    return render(request, "offers/offer_detail.html", {
        "offer": offer, "history": offer.history.select_related("changed_by")[:50],
        "can_edit": services.can_edit_offer(request.user, offer),
        "regions": [REGION_NAMES.get(r, r) for r in offer.regions or []],
    })


def _maintainer_or_403(request, offer=None):
    if not services.can_edit_offer(request.user, offer):
        raise PermissionDenied("Alleen beheerders en teamleiders van gemeenten en Veilig Thuis (in de regio van "
                               "het aanbod) kunnen de sociale kaart wijzigen.")


@login_required
def offer_edit(request, offer_id=None):
    offer = get_object_or_404(Offer, pk=offer_id) if offer_id else None
    _maintainer_or_403(request, offer)
    if request.method == "POST":
        form = OfferForm(request.POST)
        if form.is_valid():
            keep = snapshot(offer) if offer else {}
            try:
                saved = services.save_offer(request.user, offer, form.to_data(keep),
                                            expected_version=form.cleaned_data.get("version") if offer else None)
            except ValidationError as exc:
                form.add_service_errors(exc.message_dict)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Aanbod '%(name)s' opgeslagen (versie %(version)s).") % {
                    "name": saved.name, "version": saved.version})
                return redirect("offers:detail", offer_id=saved.pk)
    else:
        initial = OfferForm.initial_for(offer) if offer else {"active": True, "category": "laagdrempelig",
                                                              "lvb": "geschikt", "kind": "aanbod",
                                                              "framework": "vrijwillig"}
        if offer is None and request.user.organisation_id:
            initial["regions"] = [request.user.organisation.region]
        form = OfferForm(initial=initial)
    return render(request, "offers/offer_form.html", {"form": form, "offer": offer})


@login_required
def offer_export(request):
    audit.record("export", "offer", "", details={"format": "csv"})
    response = HttpResponse(services.export_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sociale-kaart-plegeraanbod.csv"'
    return response


@login_required
def offer_import(request):
    _maintainer_or_403(request)
    errors, counts = [], None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            raw = form.cleaned_data["file"].read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = None
                form.add_error("file", "Het bestand is geen UTF-8-tekst (sla het op als CSV UTF-8).")
            if text is not None:
                try:
                    counts = services.import_csv(request.user, text)
                except services.CsvImportError as exc:
                    errors = exc.rows
                else:
                    messages.success(request, _("Import geslaagd: %(created)s nieuw, %(updated)s gewijzigd, "
                                                "%(unchanged)s ongewijzigd.") % counts)
                    return redirect("offers:list")
    else:
        form = ImportForm()
    return render(request, "offers/offer_import.html", {"form": form, "errors": errors})


@login_required
def gaps_view(request):
    region = request.GET.get("regio", "")
    if region and region not in REGION_NAMES:
        region = ""
    rows = selectors.gap_table(region)
    for row in rows:
        for b in row["blocks"]:
            b["label"] = STATUS_LABELS[b["status"]]
    blocks = selectors.blocks()
    if request.GET.get("formaat") == "csv":
        return _gaps_csv(rows, blocks)
    return render(request, "offers/gaps.html", {"rows": rows, "blocks": blocks, "regions": REGIONS,
                                                "region": region})


def _gaps_csv(rows, blocks):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["regio", "gemeente"] + [f"{b['code']} status" for b in blocks]
                    + [f"{b['code']} wachttijd" for b in blocks] + ["ontbreekt"])
    for row in rows:
        writer.writerow([row["region_name"], row["municipality"]] + [b["status"] for b in row["blocks"]]
                        + ["" if b["min_wait"] is None else b["min_wait"] for b in row["blocks"]]
                        + [len(row["missing"])])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tekorten-plegeraanbod.csv"'
    return response


# --- case: the perpetrator's matches and referrals ---------------------------------------------------------

def _case_for_pleger(request, case_id):
    try:
        case = get_case(request.user, case_id, purpose="plegeraanpak")
    except Case.DoesNotExist as exc:
        raise Http404("Dossier niet gevonden.") from exc
    if not can_see_part(request.user, case, Scope.PLEGER):
        raise Http404("Dossier niet gevonden.")
    return case


PROFILE_FLAGS = ("substance_problem", "lvb", "serious_psychopathology", "children")


def _profile_overrides(request) -> dict:
    """What the professional adds on the case page (?geweldstype=&kader=&substance_problem=1...)."""
    if request is None or request.GET.get("profiel") != "1":
        return {}
    out = {flag: request.GET.get(flag) == "1" for flag in PROFILE_FLAGS}
    if request.GET.get("geweldstype") in matching.VIOLENCE_TYPES:
        out["violence_type"] = request.GET["geweldstype"]
    if request.GET.get("kader") in ("voluntary", "criminal"):
        out["framework"] = request.GET["kader"]
    return out


def case_matches(request, case):
    """The matches for each perpetrator of the case (or the case without a named perpetrator)."""
    prepared = matching.prepare_all(services.offer_dicts())
    persons = selectors.perpetrators(case) or [None]
    overrides = _profile_overrides(request)
    out = []
    for person in persons:
        profile = {**selectors.case_profile(case, person), **overrides}
        result = matching.match(prepared, profile, prepared=True)
        out.append({"person": person, "profile": profile, "result": result})
    return out


@login_required
def case_offers(request, case_id):
    case = _case_for_pleger(request, case_id)
    matches = case_matches(request, case)
    offer_ids = dict(Offer.objects.values_list("name", "pk"))
    for m in matches:
        for item in m["result"]["offers"]:
            item["id"] = offer_ids.get(item["name"])
        if m["person"] is not None:
            audit.record("read", "person", m["person"].pk, case_id=case.pk, person_id=m["person"].pk,
                         purpose="plegeraanbod")
    referrals = selectors.referrals_for_case(request.user, case)
    persons = selectors.perpetrators(case)
    base = matches[0]["profile"] if matches else {}
    return render(request, "offers/case_offers.html", {
        "case": case, "matches": matches, "profile": base, "violence_types": matching.VIOLENCE_TYPES, "referrals": referrals, "persons": persons,
        "referral_form": ReferralForm(persons=persons, initial={"incident_date": services.latest_incident_date(case)}),
        "statuses": ReferralStatus.choices,
    })


@login_required
@require_POST
def referral_create(request, case_id):
    case = _case_for_pleger(request, case_id)
    persons = selectors.perpetrators(case)
    form = ReferralForm(request.POST, persons=persons)
    if form.is_valid():
        offer = Offer.objects.filter(pk=form.cleaned_data["offer"]).first()
        person = next((p for p in persons if str(p.pk) == form.cleaned_data["person"]), None)
        try:
            services.create_referral(request.user, case, offer, person=person,
                                     incident_date=form.cleaned_data["incident_date"],
                                     arrest_date=form.cleaned_data["arrest_date"], note=form.cleaned_data["note"])
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                messages.error(request, f"{form.fields[field].label if field in form.fields else 'Verwijzing'}: "
                                        + " ".join(msgs))
        else:
            messages.success(request, _("Verwijzing naar %(name)s verzonden.") % {"name": offer.name})
    else:
        for msgs in form.errors.values():
            messages.error(request, " ".join(msgs))
    return redirect("offers:case", case_id=case.pk)


@login_required
@require_POST
def referral_status(request, case_id, referral_id):
    case = _case_for_pleger(request, case_id)
    referral = get_object_or_404(Referral, pk=referral_id, case=case)
    form = ReferralStatusForm(request.POST)
    if form.is_valid():
        cd = form.cleaned_data
        try:
            services.change_referral_status(request.user, referral, cd["status"], expected_version=cd["version"],
                                            on_date=cd["on_date"], reason=cd["reason"],
                                            bridging_help=cd["bridging_help"])
        except ValidationError as exc:
            for msgs in exc.message_dict.values():
                messages.error(request, " ".join(msgs))
        else:
            messages.success(request, _("Status bijgewerkt: %(status)s.") % {"status": ReferralStatus(cd["status"]).label})
    else:
        messages.error(request, _("Kies een geldige status."))
    return redirect("offers:case", case_id=case.pk)
