"""manage.py validate_instrument --assessments A.csv --outcomes O.csv --out DIR [--months N]

Writes DIR/report.html, DIR/report.json and the plots roc.png, calibration.png, subgroups.png.
CSV columns: see veilignet/risk/README.md. Bad rows are reported on stderr and skipped.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from veilignet.risk import validation
from veilignet.risk.instrument import LEVEL_LABELS


class Command(BaseCommand):
    help = "Valideer het risico-instrument tegen uitkomsten: AUC, kalibratie, sensitiviteit/specificiteit."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--assessments", required=True)
        parser.add_argument("--outcomes", required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--months", type=int, default=None,
                            help="tel een uitkomst alleen binnen N maanden na de taxatie (met event_date)")
        parser.add_argument("--bootstrap", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=20261123)

    def handle(self, *args, assessments, outcomes, out, months, bootstrap, seed, **options):
        try:
            loaded = validation.load(assessments, outcomes, months=months)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for p in loaded.problems:
            self.stderr.write(p)
        if not loaded.rows:
            raise CommandError("Geen bruikbare regels: niets te valideren.")
        result = validation.analyse(loaded.rows, n_boot=bootstrap, seed=seed)
        result["months"] = months
        result["problems"] = loaded.problems
        outdir = Path(out)
        outdir.mkdir(parents=True, exist_ok=True)
        self._plots(result, outdir)
        (outdir / "report.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
        html = render_to_string("risk/validation_report.html", {
            "r": result, "level_labels": LEVEL_LABELS, "months": months,
            "subgroups": [(k, sorted(v.items())) for k, v in result["subgroups"].items()],
        })
        (outdir / "report.html").write_text(html, encoding="utf-8")
        o = result["overall"]
        auc = "n.v.t." if o["auc"] is None else f"{o['auc']:.3f}"
        self.stdout.write(f"{o['n']} taxaties, {o['events']} uitkomsten; AUC {auc}. Rapport: {outdir / 'report.html'}")

    def _plots(self, result, outdir: Path):
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot as plt

        cal = result["overall"]["calibration"]
        fig, ax = plt.subplots(figsize=(6, 3.5))
        xs = [LEVEL_LABELS[c["level"]] for c in cal]
        ys = [c["observed"] if c["observed"] is not None else float("nan") for c in cal]
        err = [[(c["observed"] - c["ci"][0]) if c["ci"] else 0 for c in cal],
               [(c["ci"][1] - c["observed"]) if c["ci"] else 0 for c in cal]]
        ax.bar(xs, ys, color="#154273", yerr=err, capsize=4)
        ax.set_ylabel("waargenomen uitkomst")
        ax.set_ylim(0, 1)
        ax.set_title("Kalibratie per niveau")
        fig.tight_layout()
        fig.savefig(outdir / "calibration.png", dpi=90)
        plt.close(fig)
        fig, ax = plt.subplots(figsize=(7, 3.5))
        labels, aucs, lows, highs = [], [], [], []
        for attr, groups in result["subgroups"].items():
            for name, m in sorted(groups.items()):
                if m["auc"] is None:
                    continue
                labels.append(f"{attr}: {name}")
                aucs.append(m["auc"])
                ci = m["auc_ci"] or [m["auc"], m["auc"]]
                lows.append(m["auc"] - ci[0])
                highs.append(ci[1] - m["auc"])
        ax.errorbar(range(len(aucs)), aucs, yerr=[lows, highs], fmt="o", color="#d52b1e")
        ax.axhline(result["overall"]["auc"] or 0.5, color="#154273", linestyle="--", label="totaal")
        ax.axhline(0.5, color="#999", linestyle=":")
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, rotation=45, ha="right", fontsize=7)
        ax.set_ylim(0, 1)
        ax.set_title("AUC per subgroep (95%-BI)")
        fig.tight_layout()
        fig.savefig(outdir / "subgroups.png", dpi=90)
        plt.close(fig)
        # ROC from the ordinal level: one point per threshold
        fig, ax = plt.subplots(figsize=(4, 4))
        c = result["overall"]["calibration"]
        pos = sum(x["events"] for x in c) or 1
        neg = sum(x["n"] - x["events"] for x in c) or 1
        pts = [(0.0, 0.0)]
        tp = fp = 0
        for x in reversed(c):
            tp += x["events"]
            fp += x["n"] - x["events"]
            pts.append((fp / neg, tp / pos))
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", color="#154273")
        ax.plot([0, 1], [0, 1], linestyle=":", color="#999")
        ax.set_xlabel("1 - specificiteit")
        ax.set_ylabel("sensitiviteit")
        ax.set_title("ROC (drempel per niveau)")
        fig.tight_layout()
        fig.savefig(outdir / "roc.png", dpi=90)
        plt.close(fig)

