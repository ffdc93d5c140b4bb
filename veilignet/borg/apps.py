from django.apps import AppConfig


class BorgConfig(AppConfig):
    name = "veilignet.borg"
    label = "borg"
    default_auto_field = "django.db.models.BigAutoField"
