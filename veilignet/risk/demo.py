"""Demo risk assessments: most open demo cases get one or two final assessments, so the worklist,
the trend chart and the re-assessment deadlines have something to show."""

from veilignet.access.context import Actor, reset_actor, set_actor

from .instrument import load_instrument

# Answer profiles from situational to intimate terror with femicide red flags.
PROFILES = [
    {"recent_violence": True, "substance_abuse": True, "stressors": True},
    {"recent_violence": True, "fear_of_partner": True, "jealousy_blackmail": True, "isolation": True},
    {"isolation": True, "financial_control": True, "surveillance": True, "separation": True, "stalking": True},
    {"strangulation": True, "death_threat": True, "separation": True, "extreme_fear": True, "isolation": True,
     "autonomy_restriction": True, "jealousy_blackmail": True},
    {"humiliation": True, "gaslighting": True, "stressors": True},
    {},
]


def load(stdout, rng):
    from veilignet.cases.models import Case

    from .services import save_assessment

    codes = [item.code for item in load_instrument().items]
    made = 0
    cases = Case.objects.filter(status="open", case_director__isnull=False).select_related("case_director")
    for case in cases.order_by("number"):
        if rng.random() < 0.25:
            continue
        user = case.case_director
        token = set_actor(Actor(user, "cli"))
        try:
            for _ in range(rng.choice([1, 1, 2])):
                profile = rng.choice(PROFILES)
                answers = {code: profile.get(code, False if rng.random() < 0.8 else None) for code in codes}
                save_assessment(user, case, answers, draft=False)
                made += 1
        finally:
            reset_actor(token)
    stdout.write(f"  {made} risicotaxaties")
