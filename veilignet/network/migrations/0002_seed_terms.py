from django.db import migrations


def seed(apps, schema_editor):
    from veilignet.network.defaults import DEFAULT_TERMS

    Term = apps.get_model("network", "Term")
    for kind, risk_level, amount, unit, warn_hours, source in DEFAULT_TERMS:
        Term.objects.get_or_create(kind=kind, region="", risk_level=risk_level,
                                   defaults={"amount": amount, "unit": unit, "warn_hours": warn_hours,
                                             "source": source})


def unseed(apps, schema_editor):
    apps.get_model("network", "Term").objects.filter(region="").delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
