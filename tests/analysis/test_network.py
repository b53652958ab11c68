"""The wider network: edges around the dyad, third-party reactions, GraphML/GEXF export."""

from __future__ import annotations

import networkx as nx
from analysis_builders import ev, write

from axiswatch.analysis.network import build_network


def _third_parties(ws):
    write(ws, [
        ev("SANCTION", "USA", "PRK", "2024-05-01", key="s1"),
        ev("SANCTION", "USA", "PRK", "2024-06-01", key="s2"),
        ev("ACCUSE", "KOR", "RUS", "2024-05-02", key="a1"),
        ev("SUPPORT", "CHN", "RUS", "2024-05-03", key="b1"),
        ev("AID", "USA", "UKR", "2024-05-04", commodity="munitions", key="u1"),
    ])


def test_edges_nodes_and_reactions(shipment_ws, profile):
    _third_parties(shipment_ws)
    net = build_network(shipment_ws, profile)
    edges = {(e["source"], e["target"]): e for e in net.edges}
    assert set(edges) == {("PRK", "RUS"), ("USA", "PRK"), ("KOR", "RUS"), ("CHN", "RUS")}  # USA->UKR is outside
    prk_rus = edges[("PRK", "RUS")]
    assert prk_rus["events"] == 3 and prk_rus["types"] == {"AID": 2, "REJECT": 1}
    # AID 10 x (0.755 + 0.65) + REJECT -2 x 0.70 (confirmed 0.80, grade E -0.10)
    assert prk_rus["cooperation"] == 14.05 and prk_rus["conflict"] == -1.4 and prk_rus["net"] == 12.65
    assert edges[("USA", "PRK")]["conflict"] == -6.6  # two sanctions at 0.55 x -6
    nodes = {n["id"]: n for n in net.nodes}
    assert nodes["RUS"] == {"id": "RUS", "name": "Russia", "in_dyad": True, "events": 5}
    assert nodes["USA"]["in_dyad"] is False
    reactions = [(r["actor"], r["target"], r["event_type"], r["stance"], r["events"]) for r in net.reactions]
    assert reactions == [("USA", "PRK", "SANCTION", "pushback", 2), ("KOR", "RUS", "ACCUSE", "pushback", 1),
                         ("CHN", "RUS", "SUPPORT", "backing", 1)]
    assert net.reactions[0]["last_date"] == "2024-06-01"
    everything = build_network(shipment_ws, profile, scope="all")
    assert ("USA", "UKR") in {(e["source"], e["target"]) for e in everything.edges}
    only_2023 = build_network(shipment_ws, profile, until="2023")
    assert [(e["source"], e["target"], e["events"]) for e in only_2023.edges] == [("PRK", "RUS", 2)]


def test_graphml_and_gexf_round_trip(shipment_ws, profile, tmp_path):
    _third_parties(shipment_ws)
    net = build_network(shipment_ws, profile)
    g1 = nx.read_graphml(net.to_graphml(tmp_path / "net.graphml"))
    assert g1.nodes["PRK"]["label"] == "North Korea"
    assert g1.edges["PRK", "RUS"]["events"] == 3 and g1.edges["PRK", "RUS"]["types"] == "AID:2, REJECT:1"
    g2 = nx.read_gexf(net.to_gexf(tmp_path / "net.gexf"))
    assert set(g2.nodes) == {"PRK", "RUS", "USA", "KOR", "CHN"}
    assert g2.number_of_edges() == 4


def test_bloc_alignment_from_un_votes(shipment_ws, profile):
    assert build_network(shipment_ws, profile).alignment is None  # no votes loaded
    votes = {1: {"RUS": "yes", "PRK": "yes", "USA": "no"}, 2: {"RUS": "no", "PRK": "abstain", "USA": "yes"}}
    for rcid, by_state in votes.items():
        shipment_ws.execute("INSERT INTO un_roll_calls (rcid, session, date, year) VALUES (?, 73, ?, 2018)",
                            [rcid, f"2018-10-0{rcid}"])
        for state, vote in by_state.items():
            shipment_ws.execute("INSERT INTO un_votes VALUES (?, ?, ?, ?, 73, 'unvotes', 'test.csv')",
                                [rcid, state, state, vote])
    alignment = build_network(shipment_ws, profile).alignment
    assert alignment["dyad"] == ["RUS", "PRK"]
    year = alignment["years"][0]
    assert (year["year"], year["roll_calls"], year["agreement"]) == (2018, 2, 0.75)  # same vote 1, one abstains 0.5
