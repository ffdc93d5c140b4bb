"""Notifications: in-app rows, direct e-mail and the daily digest (issue 6 §6).

An e-mail never contains case content: not the title of the notification, not the case number —
only that there is something new and a link to the notification in VeiligNet (behind login)."""

from __future__ import annotations

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from veilignet.accounts.models import User

from . import conf
from .models import EmailMode, Notification, NotificationPreference


def preference_of(user) -> NotificationPreference:
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref or NotificationPreference(user=user)


def modes_for(user_ids) -> dict[int, str]:
    modes = {uid: EmailMode.DIRECT for uid in user_ids}
    for uid, mode in NotificationPreference.objects.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "email_mode"
    ):
        modes[uid] = mode
    return modes


def notify(recipients, reason: str, title: str, *, dedupe_key: str, case=None, deadline=None, link: str = "",
           now=None, send_mail: bool = True) -> int:
    """Create one notification per recipient (once per dedupe key). Returns how many were new."""
    now = now or timezone.now()
    rows = [
        Notification(recipient_id=getattr(r, "pk", r), reason=reason, dedupe_key=dedupe_key[:120],
                     case=case, deadline=deadline, title=title[:200], link=link, created_at=now)
        for r in {getattr(r, "pk", r) for r in recipients if r}
    ]
    if not rows:
        return 0
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    created = Notification.objects.filter(pk__gt=before, dedupe_key=dedupe_key[:120]).count()
    if send_mail:
        transaction.on_commit(send_direct_emails)
    return created


def _absolute(path: str) -> str:
    return conf.SITE_URL.rstrip("/") + path


def _email_for(user, count: int, link: str, digest: bool) -> EmailMessage:
    if digest:
        subject = "VeiligNet: uw dagelijks overzicht"
        body = (f"Goedemorgen {user.first_name or user.username},\n\n"
                f"Er staan {count} nieuwe berichten voor u klaar in VeiligNet.\n"
                f"Bekijk ze na inloggen: {link}\n\n"
                "Om privacyredenen staat de inhoud van dossiers nooit in een e-mail.\n")
    else:
        subject = "VeiligNet: er staat een bericht voor u klaar"
        body = (f"Beste {user.first_name or user.username},\n\n"
                f"Er staat een nieuw bericht voor u klaar in VeiligNet.\n"
                f"Bekijk die na inloggen: {link}\n\n"
                "Om privacyredenen staat de inhoud van dossiers nooit in een e-mail.\n")
    return EmailMessage(subject, body, to=[user.email])


def send_direct_emails() -> int:
    """Send pending notifications of users who want e-mail directly; settle those of users who want
    none. At most once: rows are claimed (mail_done) before the message goes out."""
    pending = list(Notification.objects.filter(mail_done=False).values_list("pk", "recipient_id")[:5000])
    if not pending:
        return 0
    modes = modes_for({uid for _, uid in pending})
    direct = [pk for pk, uid in pending if modes[uid] == EmailMode.DIRECT]
    none = [pk for pk, uid in pending if modes[uid] == EmailMode.NONE]
    now = timezone.now()
    Notification.objects.filter(pk__in=none, mail_done=False).update(mail_done=True)
    claimed = list(Notification.objects.filter(pk__in=direct, mail_done=False).select_related("recipient"))
    Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(mail_done=True, emailed_at=now)
    messages = [
        _email_for(n.recipient, 1, _absolute(reverse("network:notification", kwargs={"pk": n.pk})), False)
        for n in claimed if n.recipient.email
    ]
    if messages:
        get_connection(fail_silently=True).send_messages(messages)
    return len(messages)


def send_digest(now=None) -> int:
    """One e-mail per digest user with pending notifications. Returns the number of e-mails."""
    now = now or timezone.now()
    digest_users = NotificationPreference.objects.filter(email_mode=EmailMode.DIGEST).values_list("user_id",
                                                                                                 flat=True)
    pending = Notification.objects.filter(mail_done=False, recipient_id__in=list(digest_users))
    counts: dict[int, list[int]] = {}
    for pk, uid in pending.values_list("pk", "recipient_id"):
        counts.setdefault(uid, []).append(pk)
    sent = 0
    messages = []
    for user in User.objects.filter(pk__in=list(counts), is_active=True):
        ids = counts[user.pk]
        with transaction.atomic():
            claimed = Notification.objects.filter(pk__in=ids, mail_done=False).update(mail_done=True,
                                                                                      digested_at=now)
        if claimed and user.email:
            messages.append(_email_for(user, claimed, _absolute(reverse("network:notifications")), True))
            sent += 1
    if messages:
        get_connection(fail_silently=True).send_messages(messages)
    return sent
