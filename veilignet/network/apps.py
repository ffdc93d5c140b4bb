from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "veilignet.network"
    label = "network"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Netwerk: termijnen, veiligheidsplan, overleg, overdracht"

    def ready(self):
        from veilignet.cases import services as case_services

        from . import hooks, services

        if services.on_report_registered not in case_services.REPORT_HOOKS:
            case_services.REPORT_HOOKS.append(services.on_report_registered)
        hooks.connect()
