"""The risk trend chart: matplotlib to SVG (no inline script; served as an image)."""

from __future__ import annotations

import io

from .instrument import LEVEL_LABELS, LEVELS


def trend_svg(points: list[tuple]) -> bytes:
    """points: [(datetime, computed_level, final_level)] oldest first. Returns an SVG document."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "veilignet"  # stable ids
    fig, ax = plt.subplots(figsize=(7, 2.8), dpi=100)
    try:
        if points:
            xs = [p[0] for p in points]
            ax.plot(xs, [LEVELS.index(p[2]) for p in points], marker="o", color="#154273", label="vastgesteld")
            ax.plot(xs, [LEVELS.index(p[1]) for p in points], marker="x", linestyle="--", color="#d52b1e",
                    label="berekend")
            ax.legend(loc="upper left", fontsize=8, frameon=False)
        else:
            ax.text(0.5, 0.5, "Nog geen definitieve taxaties", ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks(range(len(LEVELS)))
        ax.set_yticklabels([LEVEL_LABELS[lv] for lv in LEVELS], fontsize=8)
        ax.set_ylim(-0.5, len(LEVELS) - 0.5)
        ax.tick_params(axis="x", labelsize=8, rotation=20)
        ax.set_title("Verloop risiconiveau", fontsize=10)
        ax.grid(axis="y", alpha=0.3)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
        return buf.getvalue()
    finally:
        plt.close(fig)
