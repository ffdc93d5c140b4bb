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
        if services.on_reports_registered not in case_services.REPORT_BATCH_HOOKS:
            case_services.REPORT_BATCH_HOOKS.append(services.on_reports_registered)
        from veilignet.access import services as access_services

        if services.on_participation_ended not in access_services.PARTICIPATION_END_HOOKS:
            access_services.PARTICIPATION_END_HOOKS.append(services.on_participation_ended)
        hooks.connect()
