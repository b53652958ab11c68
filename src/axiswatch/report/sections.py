"""The brief's outward-looking sections: third-party reactions and implications, and what to watch.

Both read results the analysis layer already computed (``build_network``'s
reactions, ``evaluate_indicators``' statuses) and only put them into words.
"""

from __future__ import annotations

from typing import Any

from axiswatch.analysis.network import Network
from axiswatch.analysis.resolve import evidence_for
from axiswatch.profiles import Profile
from axiswatch.report.model import PREDECESSORS, CitationRegistry, Paragraph, Sentence, WatchRow
from axiswatch.report.prose import actor_name, capitalise, date_words, event_phrase, plural
from axiswatch.store.workspace import Workspace

MAX_REACTIONS = 8  # per stance; the rest are counted, not listed


def _reaction_sentences(ws: Workspace, profile: Profile, reg: CitationRegistry,
                        rows: list[dict[str, Any]]) -> list[Sentence]:
    evidence = evidence_for(ws, [r["sample"][0] for r in rows if r["sample"]], limit=1)
    out = []
    for r in rows[:MAX_REACTIONS]:
        cites = reg.cite_all(evidence.get(r["sample"][0], []) if r["sample"] else [], 1)
        if not cites:
            continue
        clause = event_phrase(profile, r["event_type"], r["actor"], r["target"])
        times = "" if r["events"] == 1 else f" ({plural(int(r['events']), 'event')})"
        latest = f", latest on {date_words(r['last_date'])}" if r.get("last_date") else ""
        out.append(Sentence(f"{capitalise(clause)}{times}{latest}.", cites))
    if len(rows) > MAX_REACTIONS:
        out.append(Sentence(f"The workspace holds {len(rows) - MAX_REACTIONS} further kinds of reaction."))
    return out


def reactions_section(ws: Workspace, profile: Profile, reg: CitationRegistry, network: Network,
                      indicators: list[Any]) -> list[Paragraph]:
    """Pushback and backing from third parties, then what they imply, each sentence cited."""
    # A predecessor state's acts (the Soviet Union's) are the dyad's own history, not a third party's.
    third = [r for r in network.reactions if PREDECESSORS.get(r["actor"]) not in profile.dyad]
    pushback = [r for r in third if r["stance"] == "pushback"]
    backing = [r for r in third if r["stance"] == "backing"]
    out: list[Paragraph] = []
    names = [actor_name(profile, c) for c in profile.dyad]
    push = _reaction_sentences(ws, profile, reg, pushback)
    if push:
        out.append(Paragraph([Sentence(f"Pushback against {names[0]} and {names[1]}:"), *push]))
    back = _reaction_sentences(ws, profile, reg, backing)
    if back:
        out.append(Paragraph([Sentence(f"Backing for {names[0]} or {names[1]} from third parties "
                                       "(the wider bloc):"), *back]))
    if not out:
        return [Paragraph([Sentence("The workspace records no third-party sanctions, condemnations or backing "
                                    "aimed at either side in this period.")], "note")]
    implications: list[Sentence] = []
    actors = sorted({r["actor"] for r in pushback})
    if pushback:
        total = sum(int(r["events"]) for r in pushback)
        top = max(pushback, key=lambda r: (int(r["events"]), r["last_date"] or "", r["actor"]))
        implications.append(Sentence(
            f"Pressure is coming from {plural(len(actors), 'third party', 'third parties')} "
            f"({', '.join(actor_name(profile, a) for a in actors)}) with {plural(total, 'hostile act')} in all; "
            f"{actor_name(profile, top['actor'])} is the most active.", push[:1][0].cites if push else []))
    sanctioning = [i for i in indicators if i.status in ("observed", "escalating")
                   and "sanction" in (i.name + " " + i.id).lower()]
    for ind in sanctioning:
        cites = reg.cite_all((ind.last_evidence or {}).get("evidence"), 1)
        if cites:
            pace = ("so sanctions pressure on the alignment is growing" if ind.trend == "rising" else
                    f"so new designations continue, at a {ind.trend} pace")
            implications.append(Sentence(
                f"The indicator '{ind.name}' is {ind.status} ({ind.reason}), {pace}.", cites))
    if not pushback and backing:
        implications.append(Sentence("No third party has pushed back in this period; the alignment meets only "
                                     "backing.", back[0].cites))
    cited = [s for s in implications if s.cites]
    if cited:
        out.append(Paragraph(cited))
    if network.alignment:
        out.append(Paragraph([Sentence("UN voting alignment for the wider bloc is available in "
                                       "'axiswatch network --format json' (key 'alignment').")], "note"))
    return out


def watch_section(profile: Profile, reg: CitationRegistry,
                  indicators: list[Any]) -> tuple[list[WatchRow], list[Paragraph]]:
    """One row per indicator (status, trend, reason, last evidence) and notes on those never seen."""
    rows: list[WatchRow] = []
    order = {"escalating": 0, "observed": 1, "not observed": 2}
    for ind in sorted(indicators, key=lambda i: (order.get(i.status, 3), i.id)):
        last = None
        le = ind.last_evidence
        if le:
            cites = reg.cite_all(le.get("evidence"), 2)  # corroborated: show both sources
            clause = event_phrase(profile, le["event_type"], le["source"], le["target"], le.get("commodity"))
            last = Sentence(f"{date_words(le.get('date'))}: {clause} ({le['estimative']})", cites)
        rows.append(WatchRow(ind.id, ind.name, ind.question, ind.status, ind.trend, ind.reason,
                             ind.escalation, last))
    notes: list[Paragraph] = []
    if not indicators:
        notes.append(Paragraph([Sentence("The profile defines no indicators.")], "note"))
    as_of = next((i.as_of for i in indicators if i.as_of), None)
    if as_of:
        notes.append(Paragraph([Sentence(
            f"Statuses are evaluated as of {date_words(as_of)}, each over its own window; an indicator "
            "escalates when one of its escalation rules holds.")], "note"))
    return rows, notes
