"""Read paths of BORG, scoped to the user: trajectories only in cases the user can see (through
access.selectors.visible_cases) and of the user's own organisation; groups of the own organisation."""

from veilignet.access.selectors import visible_cases

from .models import ACTIVE_STATUSES, CLOSED_STATUSES, BorgGroup, BorgTrajectory, Status, Variant


def trajectories_for(user, status: str = "actief"):
    if not user.organisation_id:
        return BorgTrajectory.objects.none()
    qs = (BorgTrajectory.objects.filter(organisation_id=user.organisation_id, case__in=visible_cases(user))
          .select_related("person", "case", "group", "supervisor"))
    if status == "actief":
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    elif status == "afgesloten":
        qs = qs.filter(status__in=CLOSED_STATUSES)
    return qs.order_by("-created_at")


def case_trajectories(user, case):
    """The BORG trajectories of a case (the caller has checked the case is visible)."""
    return BorgTrajectory.objects.filter(case=case).select_related("person", "organisation", "group")


def groups_for(user):
    if not user.organisation_id:
        return BorgGroup.objects.none()
    return BorgGroup.objects.filter(organisation_id=user.organisation_id)


def group_candidates(user, group):
    """Trajectories that could join this group: own organisation, after intake, group variant,
    not in a group. Participants of the other framework kind are listed too (labelled): adding one
    is refused with a Dutch explanation (001 §2.7)."""
    return list(trajectories_for(user).filter(status__in=(Status.INTAKE, Status.STARTED), variant=Variant.GROUP,
                                             group__isnull=True))
