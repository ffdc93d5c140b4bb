"""Default terms (SYSTEM.md §6). Seeded by migration 0002; a beheerder changes them in the UI.

(kind, risk_level, amount, unit, warn_hours, source)."""

DEFAULT_TERMS = [
    ("vt_safety_assessment", "", 5, "werkdagen", 24, "003 §2; Wmo-uitvoeringsbesluit: werkdagen"),
    ("vt_investigation", "", 10, "weken", 7 * 24, "003 §2"),
    ("serious_followup", "", 7, "kalenderdagen", 48, "001 §4.1 (contact binnen een week, niet zes)"),
    ("spreekuur", "", 14, "kalenderdagen", 48, "004 Bijlage 2 §4"),
    ("borg_start", "", 28, "kalenderdagen", 7 * 24, "001 §4.2"),
    ("borg_incident_start", "", 60, "kalenderdagen", 7 * 24, "000, 001 §4.3 (1–2 maanden)"),
    ("gedragsaanwijzing_end", "", 90, "kalenderdagen", 14 * 24, "004 Bijlage 1 §2"),
    ("huisverbod_end", "", 10, "kalenderdagen", 48, "Wet tijdelijk huisverbod"),
    # Re-assessment by risk level: not in the sources (SYSTEM.md §6), configurable.
    # Re-assessment by risk level: the risk instrument's defaults (issue 4: 3/7/30/60/90 days for
    # extreme/high/medium/low/none); not in the sources, so configurable.
    ("reassessment", "", 90, "kalenderdagen", 7 * 24, "niet in de bronnen: instelbaar"),
    ("reassessment", "none", 90, "kalenderdagen", 7 * 24, "niet in de bronnen: instelbaar"),
    ("reassessment", "low", 60, "kalenderdagen", 7 * 24, "niet in de bronnen: instelbaar"),
    ("reassessment", "medium", 30, "kalenderdagen", 72, "niet in de bronnen: instelbaar"),
    ("reassessment", "high", 7, "kalenderdagen", 48, "niet in de bronnen: instelbaar"),
    ("reassessment", "extreme", 3, "kalenderdagen", 24, "niet in de bronnen: instelbaar"),
    # Follow-up after a high or extreme risk assessment.
    ("risk_followup", "", 5, "werkdagen", 24, "niet in de bronnen: instelbaar"),
    ("risk_followup", "high", 3, "werkdagen", 24, "niet in de bronnen: instelbaar"),
    ("risk_followup", "extreme", 1, "werkdagen", 4, "niet in de bronnen: instelbaar"),
    ("plan_agreement", "", 14, "kalenderdagen", 48, "standaard voor afspraken zonder datum"),
    ("meeting_decision", "", 7, "kalenderdagen", 48, "standaard voor besluiten zonder datum"),
    ("handover_check", "", 6, "weken", 7 * 24, "controle na warme overdracht"),
]
