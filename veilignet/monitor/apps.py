from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "veilignet.monitor"
    label = "monitor"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registering a report collects its dirty months and writes them once (aggregates.deferred_marks).
        from veilignet.cases import services as case_services

        from .aggregates import deferred_marks

        if deferred_marks not in case_services.REPORT_SCOPES:
            case_services.REPORT_SCOPES.append(deferred_marks)

        from veilignet.network import services as network_services

        from .aggregates import on_deadlines_updated

        if on_deadlines_updated not in network_services.DEADLINES_UPDATED_HOOKS:
            network_services.DEADLINES_UPDATED_HOOKS.append(on_deadlines_updated)
