from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "veilignet.risk"
    label = "risk"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Risicotaxatie"

    def ready(self):
        from veilignet.cases import services as case_services

        from .services import on_note, on_report, on_reports

        if on_report not in case_services.REPORT_HOOKS:
            case_services.REPORT_HOOKS.append(on_report)
        if on_reports not in case_services.REPORT_BATCH_HOOKS:
            case_services.REPORT_BATCH_HOOKS.append(on_reports)
        if on_note not in case_services.NOTE_HOOKS:
            case_services.NOTE_HOOKS.append(on_note)
