"""Charts drawn offline as plain SVG: the trend with its change points, and the ledger.

Hand-written SVG keeps the brief free of a plotting dependency and gives
vectors in both HTML and the WeasyPrint PDF. Every label goes through
``xml_escape``; sizes are fixed so the same data gives the same bytes.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as _escape

from axiswatch.analysis.ledger import LedgerLine
from axiswatch.analysis.timeline import Timeline
from axiswatch.ontology import load_ontology
from axiswatch.profiles import Profile
from axiswatch.report.prose import actor_name, commodity_words

WIDTH = 680
MAX_PERIODS = 120  # ten years of months
UP, DOWN, INK, GRID, MARK = "#2d5f8b", "#b0413e", "#222222", "#d9d9d9", "#c07a12"
FONT = "font-family=\"DejaVu Sans, NanumGothic, sans-serif\""


def xml_escape(text: str) -> str:
    """Text safe inside SVG elements and attributes."""
    return _escape(str(text), {'"': "&quot;"})


def _f(v: float) -> str:
    return f"{v:.1f}"


def window_start(timeline: Timeline) -> str | None:
    """The first period the trend chart shows (it keeps the last MAX_PERIODS)."""
    if not timeline.periods:
        return None
    return timeline.periods[max(0, len(timeline.periods) - MAX_PERIODS)]


def trend_svg(timeline: Timeline, title: str, labels: int = 3) -> str | None:
    """Bars of the monthly net cooperation score, change points as dashed lines; None when too short."""
    if len(timeline.periods) < 2:
        return None
    # A baseline from 1948 would squeeze the recent years into a sliver: show the last MAX_PERIODS.
    first = max(0, len(timeline.periods) - MAX_PERIODS)
    periods = timeline.periods[first:]
    net = [float(r["net"]) for r in timeline.index[first:]]
    n = len(periods)
    if first:
        title += f", from {periods[0][:7]}"
    height, left, right, top, bottom = 240, 48, 12, 38, 34
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    hi, lo = max(max(net), 0.0), min(min(net), 0.0)
    if hi == lo:
        hi = lo + 1.0
    step = plot_w / n

    def y(v: float) -> float:
        return top + (hi - v) / (hi - lo) * plot_h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
             f'height="{height}" role="img" aria-label="{xml_escape(title)}" class="chart">',
             f'<text x="{left}" y="16" {FONT} font-size="12" fill="{INK}">{xml_escape(title)}</text>']
    for v in sorted({hi, 0.0, lo}):
        if v != 0.0 and abs(v) < (hi - lo) * 0.08:
            continue  # a label this close to the zero line would overprint it
        parts.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{_f(y(v))}" y2="{_f(y(v))}" '
                     f'stroke="{INK if v == 0 else GRID}" stroke-width="{0.8 if v == 0 else 0.5}"/>')
        parts.append(f'<text x="{left - 4}" y="{_f(y(v) + 3)}" {FONT} font-size="9" fill="{INK}" '
                     f'text-anchor="end">{v:+.0f}</text>')
    bar_w = max(step * 0.8, 0.6)
    for i, v in enumerate(net):
        if v == 0:
            continue
        y0, y1 = sorted((y(v), y(0.0)))
        parts.append(f'<rect x="{_f(left + i * step)}" y="{_f(y0)}" width="{_f(bar_w)}" '
                     f'height="{_f(max(y1 - y0, 0.5))}" fill="{UP if v > 0 else DOWN}"/>')
    years = sorted({p[:4] for p in periods})
    every = max(1, -(-len(years) // 10))
    for k, year in enumerate(years):
        if k % every:
            continue
        i = next(j for j, p in enumerate(periods) if p.startswith(year))
        x = left + i * step
        parts.append(f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{top + plot_h}" y2="{top + plot_h + 4}" '
                     f'stroke="{INK}" stroke-width="0.6"/>')
        parts.append(f'<text x="{_f(x)}" y="{top + plot_h + 15}" {FONT} font-size="9" fill="{INK}" '
                     f'text-anchor="middle">{xml_escape(year)}</text>')
    pos = {p: i for i, p in enumerate(periods)}
    labelled = {cp["date"] for cp in timeline.change_points[-labels:]} if labels else set()
    k = 0
    named: list[str] = []
    for cp in timeline.change_points:
        at = pos.get(cp["date"])
        if at is None:
            continue
        x = left + at * step
        strong = cp["date"] in labelled
        parts.append(f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{top}" y2="{top + plot_h}" stroke="{MARK}" '
                     f'stroke-width="{1.2 if strong else 0.6}" stroke-dasharray="4 3"/>')
        if strong:  # the change points the text discusses get a number above the plot, dated in the caption
            k += 1
            parts.append(f'<text x="{_f(x)}" y="{top - 3}" {FONT} font-size="9" font-weight="bold" '
                         f'fill="{MARK}" text-anchor="middle">{k}</text>')
            named.append(f"{k} = {cp['date'][:7]}")
    legend = "bars: confidence-weighted PLOVER score per month; dashed: change points"
    if named:
        legend += f" ({', '.join(named)})"
    parts.append(f'<text x="{WIDTH - right}" y="{height - 4}" {FONT} font-size="9" fill="#555555" '
                 f'text-anchor="end">{xml_escape(legend)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _short(commodity: str) -> str:
    """A flow's name short enough for the chart's label column."""
    return "unspecified goods" if commodity == "other" else commodity_words(commodity)


def ledger_svg(ledger: list[LedgerLine], profile: Profile) -> str | None:
    """One bar per ledger line: length is its confidence, grouped by direction; None when empty."""
    if not ledger:
        return None
    lines = sorted(ledger, key=lambda ln: (ln.source, ln.target, -ln.confidence, ln.commodity))
    row_h, left, right, top = 18, 190, 120, 26
    groups = sorted({(ln.source, ln.target) for ln in lines})
    height = top + len(lines) * row_h + len(groups) * 20 + 24
    plot_w = WIDTH - left - right
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
             f'height="{height}" role="img" aria-label="The exchange ledger" class="chart">',
             f'<text x="8" y="16" {FONT} font-size="12" fill="{INK}">The exchange ledger: confidence of each '
             'flow</text>']
    bands = load_ontology().estimative
    for _words, upper in bands[:-1]:
        x = left + upper * plot_w
        parts.append(f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{top}" y2="{height - 20}" stroke="{GRID}" '
                     'stroke-width="0.5"/>')
    y = top
    for group in groups:
        label = f"{actor_name(profile, group[0])} → {actor_name(profile, group[1])}"
        parts.append(f'<text x="8" y="{y + 13}" {FONT} font-size="10" font-weight="bold" fill="{INK}">'
                     f'{xml_escape(label)}</text>')
        y += 20
        for ln in (x for x in lines if (x.source, x.target) == group):
            colour = UP if group[1] == profile.dyad[0] else DOWN
            parts.append(f'<text x="{left - 6}" y="{y + 12}" {FONT} font-size="10" fill="{INK}" '
                         f'text-anchor="end">{xml_escape(_short(ln.commodity))}</text>')
            parts.append(f'<rect x="{left}" y="{y + 3}" width="{_f(max(ln.confidence * plot_w, 1))}" '
                         f'height="{row_h - 6}" fill="{colour}" fill-opacity="0.85"/>')
            parts.append(f'<text x="{_f(left + ln.confidence * plot_w + 4)}" y="{y + 12}" {FONT} '
                         f'font-size="9" fill="{INK}">{xml_escape(ln.estimative)} '
                         f'({ln.confidence:.2f}, {len(ln.events)} ev.)</text>')
            y += row_h
    parts.append(f'<text x="{left}" y="{height - 6}" {FONT} font-size="9" fill="#555555">'
                 'grid lines: estimative bands (ICD 203)</text>')
    parts.append("</svg>")
    return "\n".join(parts)
