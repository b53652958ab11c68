"""The wider network: who acts on whom around the dyad, third-party reactions, bloc alignment.

Edges aggregate resolved events by (source, target): their number, the
confidence-weighted cooperation (Σ c·s over s > 0) and conflict (Σ c·s over
s < 0, PLOVER scores as in the timeline) and the count per event type. By
default only events with a dyad actor on either end count ("around the dyad");
``scope="all"`` takes every event. Reactions are the events of third parties
aimed at a dyad actor, split into pushback (negative scores: sanctions,
condemnations, threats) and backing (positive scores). Bloc alignment comes
from ``axiswatch.analysis.alignment`` (UN votes) when that module and its data
are present. Export to GraphML and GEXF goes through networkx, for Gephi.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from axiswatch.analysis.resolve import date_bounds, ensure_resolved
from axiswatch.analysis.timeline import scores_sql
from axiswatch.profiles import Profile
from axiswatch.store.workspace import Workspace


@dataclass
class Network:
    """Actors as nodes, aggregated resolved events as directed edges, with reactions and alignment."""

    dyad: tuple[str, str]
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    reactions: list[dict[str, Any]] = field(default_factory=list)
    alignment: Any = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form (see the README's network section)."""
        return {"dyad": list(self.dyad), "nodes": self.nodes, "edges": self.edges,
                "reactions": self.reactions, "alignment": self.alignment}

    def to_graph(self) -> nx.DiGraph:
        """A networkx DiGraph; list and dict attributes become text, as GraphML and GEXF need scalars."""
        g = nx.DiGraph(dyad="-".join(self.dyad))
        for n in self.nodes:
            g.add_node(n["id"], label=n["name"], in_dyad=bool(n["in_dyad"]), events=int(n["events"]))
        for e in self.edges:
            g.add_edge(e["source"], e["target"], weight=int(e["events"]), events=int(e["events"]),
                       cooperation=float(e["cooperation"]), conflict=float(e["conflict"]), net=float(e["net"]),
                       types=", ".join(f"{t}:{n}" for t, n in e["types"].items()))
        return g

    def to_graphml(self, path: str | Path) -> Path:
        """Write GraphML (Gephi, yEd, Cytoscape)."""
        p = Path(path)
        nx.write_graphml(self.to_graph(), p)
        return p

    def to_gexf(self, path: str | Path) -> Path:
        """Write GEXF (Gephi)."""
        p = Path(path)
        nx.write_gexf(self.to_graph(), p)
        return p


def build_network(ws: Workspace, profile: Profile, since: str | None = None, until: str | None = None,
                  *, scope: str = "dyad", min_confidence: float = 0.0, max_reaction_events: int = 5,
                  resolve: bool = True) -> Network:
    """The co-event network around the profile's dyad, in SQL over resolved events."""
    if scope not in ("dyad", "all"):
        raise ValueError(f"scope must be 'dyad' or 'all', not {scope!r}")
    if resolve:
        ensure_resolved(ws, profile)
    lo, hi = date_bounds(since, until)
    dyad = list(profile.dyad)
    # a CTE, not a temp table: the same connection may serve several readers, and read-only ones too
    cte = f"""
        WITH t AS (
          SELECT r.resolved_id, r.source, r.target, r.event_type, r.date_last, r.confidence, s.score
          FROM resolved_events r JOIN {scores_sql()} USING (event_type)
          WHERE ($all OR list_contains($dyad, r.source) OR list_contains($dyad, r.target))
            AND r.confidence >= $minc
            AND ($lo IS NULL OR r.date_first >= $lo) AND ($hi IS NULL OR r.date_first <= $hi))
    """
    params = {"all": scope == "all", "dyad": dyad, "minc": float(min_confidence), "lo": lo, "hi": hi}
    edge_rows = ws.records(
        cte + "SELECT source, target, count(*) AS events, "
        "round(coalesce(sum(confidence * score) FILTER (WHERE score > 0), 0), 4) AS cooperation, "
        "round(coalesce(sum(confidence * score) FILTER (WHERE score < 0), 0), 4) AS conflict, "
        "round(coalesce(sum(confidence * score), 0), 4) AS net "
        "FROM t GROUP BY ALL ORDER BY events DESC, source, target", params)
    type_rows = ws.fetchall(cte + "SELECT source, target, event_type, count(*) FROM t "
                            "GROUP BY ALL ORDER BY 4 DESC, 3", params)
    types: dict[tuple[str, str], dict[str, int]] = {}
    for s, t, et, n in type_rows:
        types.setdefault((s, t), {})[et] = int(n)
    for e in edge_rows:
        e["types"] = types.get((e["source"], e["target"]), {})
    node_events: dict[str, int] = {}
    for e in edge_rows:
        node_events[e["source"]] = node_events.get(e["source"], 0) + e["events"]
        if e["target"] != e["source"]:
            node_events[e["target"]] = node_events.get(e["target"], 0) + e["events"]
    nodes = [{"id": code, "name": profile.actors[code].name if code in profile.actors else code,
              "in_dyad": code in dyad, "events": n}
             for code, n in sorted(node_events.items(), key=lambda kv: (-kv[1], kv[0]))]
    reactions = ws.records(
        cte + "SELECT source AS actor, target, event_type, CASE WHEN score < 0 THEN 'pushback' ELSE 'backing' END "
        "AS stance, count(*) AS events, max(date_last) AS last_date, "
        "list(resolved_id ORDER BY date_last DESC NULLS LAST, resolved_id)[1:$n] AS sample "
        "FROM t WHERE NOT list_contains($dyad, source) AND list_contains($dyad, target) "
        "AND score <> 0 GROUP BY ALL ORDER BY stance DESC, events DESC, actor, target, event_type",
        {**params, "n": int(max_reaction_events)})
    for r in reactions:
        r["last_date"] = r["last_date"].isoformat() if r["last_date"] else None
    return Network(dyad=(dyad[0], dyad[1]), nodes=nodes, edges=edge_rows, reactions=reactions,
                   alignment=_alignment(ws, profile, since, until))


def _alignment(ws: Workspace, profile: Profile, since: str | None, until: str | None) -> Any:
    """Bloc alignment from UN votes (``axiswatch.analysis.alignment``); None without vote data."""
    try:
        mod = importlib.import_module("axiswatch.analysis.alignment")
    except ModuleNotFoundError as exc:  # the UN-vote area is optional
        if exc.name != "axiswatch.analysis.alignment":
            raise
        return None
    fn = getattr(mod, "bloc_alignment", None)
    return fn(ws, profile, since=since, until=until) if callable(fn) else None
