"""RCT: stratified permuted blocks, reproducibility, idempotency, concealment, concurrency."""

import io
import json
import threading
from collections import Counter, defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from veilignet.access.models import AuditEvent
from veilignet.monitor import rct, services
from veilignet.monitor.models import Allocation, Trial

ARMS = [{"code": "borg", "ratio": 1}, {"code": "control", "ratio": 1}]


def test_sequence_is_permuted_blocks_of_random_size():
    seq = rct.sequence("s3cr3t", "t1", "regio=utrecht", ARMS, 400)
    # walk the blocks: every block of 2 or 4 is balanced, and both sizes occur
    sizes, i = Counter(), 0
    while i < len(seq) - 4:
        size = 2 if Counter(seq[i:i + 2])["borg"] == 1 else 4
        assert Counter(seq[i:i + size]) == Counter({"borg": size // 2, "control": size // 2})
        sizes[size] += 1
        i += size
    assert sizes[2] > 10 and sizes[4] > 10


def test_balance_within_stratum_at_every_point():
    for stratum in ("a=1", "a=2", "a=3|b=x", ""):
        seq = rct.sequence("seed", "trial", stratum, ARMS, 1000)
        diff = 0
        for arm in seq:
            diff += 1 if arm == "borg" else -1
            assert abs(diff) <= rct.max_imbalance(ARMS)


def test_unequal_ratio_blocks():
    arms = [{"code": "a", "ratio": 2}, {"code": "b", "ratio": 1}]
    seq = rct.sequence("x", "t", "", arms, 600)
    assert Counter(seq)["a"] / 600 == pytest.approx(2 / 3, abs=0.02)


def test_sequence_depends_on_seed_and_stratum_but_is_reproducible():
    a = rct.sequence("seed-1", "t", "s=1", ARMS, 50)
    assert a == rct.sequence("seed-1", "t", "s=1", ARMS, 50)
    assert a != rct.sequence("seed-2", "t", "s=1", ARMS, 50)
    assert a != rct.sequence("seed-1", "t", "s=2", ARMS, 50)


def test_stratum_key_is_canonical():
    assert rct.stratum_key({"sex": "m", "region": "utrecht"}) == "region=utrecht|sex=m"
    assert rct.stratum_key({"risk": 2, "first": True}) == "first=true|risk=2"


@pytest.mark.django_db
def test_enrol_is_idempotent_audited_and_reproducible():
    trial = services.create_trial("borg-rct", seed="geheim")
    alloc, created = services.enrol(trial, "p1", {"region": "utrecht"})
    assert created and alloc.sequence_no == 1
    again, created2 = services.enrol(trial, "p1", {"region": "utrecht"})
    assert not created2 and again.pk == alloc.pk and again.arm == alloc.arm
    assert Allocation.objects.count() == 1
    ev = AuditEvent.objects.filter(action="rct.allocate").get()
    assert ev.details["participant"] == "p1" and ev.details["arm"] == alloc.arm
    for i in range(2, 40):
        services.enrol(trial, f"p{i}", {"region": "utrecht" if i % 3 else "twente"})
    assert services.reproduce(trial, "geheim") == []
    assert services.reproduce(trial, "fout") != []
    expected = rct.sequence("geheim", "borg-rct", "region=utrecht", trial.arms, 100)
    got = list(Allocation.objects.filter(stratum="region=utrecht").order_by("sequence_no").values_list("arm", flat=True))
    assert got == expected[: len(got)]


@pytest.mark.django_db
def test_nobody_randomised_twice_at_database_level():
    trial = services.create_trial("t-uniq", seed="x")
    services.enrol(trial, "p1", {})
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(trial=trial, participant_id="p1", stratum="", arm="borg", sequence_no=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(trial=trial, participant_id="p2", stratum="", arm="borg", sequence_no=1)


@pytest.mark.django_db
def test_fixed_strata_fields_are_enforced_and_nothing_saved():
    trial = services.create_trial("t-fixed", strata_fields=["region"], seed="x")
    with pytest.raises(ValidationError):
        services.enrol(trial, "p1", {"sex": "m"})
    with pytest.raises(ValidationError):
        services.create_trial("t-fixed")
    with pytest.raises(ValidationError):
        services.create_trial("Bad Code")
    assert not Allocation.objects.exists()


@pytest.mark.django_db
def test_seed_reveal_is_audited_and_default_seed_is_secret_but_stable(settings):
    settings.RCT_SEED_SECRET = "server-secret"
    trial = services.create_trial("t-seed")
    assert trial.seed == services.derive_seed("t-seed") and "t-seed" not in trial.seed
    settings.RCT_SEED_SECRET = "other"
    assert services.derive_seed("t-seed") != trial.seed
    out = io.StringIO()
    call_command("rct_seed", trial="t-seed", purpose="analyse", stdout=out)
    assert out.getvalue().strip() == trial.seed
    assert AuditEvent.objects.filter(action="rct.seed.reveal", purpose="analyse").exists()


@pytest.mark.django_db
def test_rct_allocate_command(tmp_path):
    lines = [json.dumps({"id": f"d{i}", "region": ["utrecht", "twente"][i % 2], "sex": "m"}) for i in range(60)]
    lines.insert(5, "{not json")
    lines.insert(9, json.dumps({"region": "utrecht"}))
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    err = io.StringIO()
    call_command("rct_allocate", trial="nieuw", infile=str(tmp_path / "in.jsonl"), outfile=str(tmp_path / "out.jsonl"),
                 stderr=err)
    assert "regel 6" in err.getvalue() and "regel 10" in err.getvalue()
    rows = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(rows) == 60 and set(rows[0]) == {"id", "arm", "stratum", "sequence_no"}
    trial = Trial.objects.get(code="nieuw")
    assert trial.arm_codes == ["borg", "control"]
    by_stratum = defaultdict(list)
    for row in rows:
        by_stratum[row["stratum"]].append(row)
    assert set(by_stratum) == {"region=twente|sex=m", "region=utrecht|sex=m"}
    for stratum_rows in by_stratum.values():
        assert [r["sequence_no"] for r in stratum_rows] == list(range(1, 31))
        diff = 0
        for r in stratum_rows:
            diff += 1 if r["arm"] == "borg" else -1
            assert abs(diff) <= 2
    # again, shuffled: same arms
    (tmp_path / "in2.jsonl").write_text("\n".join(reversed(lines[10:])) + "\n")
    call_command("rct_allocate", trial="nieuw", infile=str(tmp_path / "in2.jsonl"), outfile=str(tmp_path / "out2.jsonl"),
                 stderr=io.StringIO())
    again = {r["id"]: r["arm"] for r in map(json.loads, (tmp_path / "out2.jsonl").read_text().splitlines())}
    first = {r["id"]: r["arm"] for r in rows}
    assert again and all(first[k] == v for k, v in again.items())
    assert Allocation.objects.count() == 60
    out = io.StringIO()
    call_command("rct_reproduce", trial="nieuw", seed=trial.seed, stdout=out)
    assert "Alle 60" in out.getvalue()


@pytest.mark.django_db
def test_command_fails_when_nothing_processed(tmp_path):
    from django.core.management import CommandError

    (tmp_path / "in.jsonl").write_text("[1, 2]\n")
    with pytest.raises(CommandError):
        call_command("rct_allocate", trial="leeg", infile=str(tmp_path / "in.jsonl"),
                     outfile=str(tmp_path / "o.jsonl"), stderr=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolment_is_safe():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    trial = services.create_trial("t-conc", seed="c")
    errors = []

    def worker(k):
        from django.db import connections

        try:
            for i in range(15):
                services.enrol(trial, f"p{(k * 7 + i) % 40}", {"s": "a"})
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    allocs = list(Allocation.objects.filter(trial=trial).order_by("sequence_no"))
    assert [a.sequence_no for a in allocs] == list(range(1, len(allocs) + 1))
    assert len({a.participant_id for a in allocs}) == len(allocs)
    assert services.reproduce(trial, "c") == []


@pytest.mark.django_db
def test_admin_creates_trial_with_hidden_seed_and_validates_arms(client, make_user):
    from veilignet.accounts.models import User

    user = make_user("beheer1", roles=("beheerder",))
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    client.force_login(User.objects.get(pk=user.pk))
    bad = client.post("/beheer/monitor/trial/add/", {"code": "t-admin", "name": "x", "arms": '[{"code": "a"}]',
                                                     "strata_fields": "[]", "block_multipliers": "[1, 2]", "open": "on"})
    assert bad.status_code == 200 and "minstens twee armen" in bad.content.decode()
    assert not Trial.objects.exists()
    ok = client.post("/beheer/monitor/trial/add/", {"code": "t-admin", "name": "x", "arms": json.dumps(ARMS),
                                                    "strata_fields": '["region"]', "block_multipliers": "[1, 2]",
                                                    "open": "on"})
    assert ok.status_code == 302
    trial = Trial.objects.get(code="t-admin")
    assert trial.seed == services.derive_seed("t-admin") and trial.strata_fields == ["region"]
    page = client.get(f"/beheer/monitor/trial/{trial.pk}/change/").content.decode()
    assert trial.seed not in page
    assert AuditEvent.objects.filter(action="rct.trial.create").exists()
    assert client.get("/beheer/monitor/allocation/add/").status_code == 403
