"""What each part of the extractor contributes: switch one part off at a time and score every gold set.

    python benchmarks/extract_ablation.py
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extract_gate  # noqa: E402

from axiswatch.extract import actors, engine  # noqa: E402
from axiswatch.extract.actors import Mention  # noqa: E402


def _report(label: str) -> None:
    r = {n: extract_gate.scores(n) for n in extract_gate.SETS}
    print(f"{label:40s}" + "  ".join(f"{n} F1 {v['f1']:.3f} date {v['date_month']:.3f} cert {v['certainty']:.3f}"
                                    for n, v in r.items()), flush=True)


def _without(label: str, owner: object, name: str, replacement: Callable[..., object]) -> None:
    original = getattr(owner, name)
    setattr(owner, name, replacement)
    try:
        _report(label)
    finally:
        setattr(owner, name, original)


def main() -> None:
    """Print one line per ablation."""
    _report("full extractor")
    # (the pair classifier and the date fallback are trained on the development sets: only the held-out columns
    # measure them honestly)
    _without("- pair classifier", engine.Extractor, "_propose", lambda self, *args: None)
    original = engine._with_proposals
    _without("- a second month or cargo of a triple", engine, "_with_proposals",
             lambda coded, proposals, repeat=1.0: original(coded, proposals))
    _without("- date fallback", engine, "apply_date_model", lambda model, events, text, published: events)
    actors._MATCHERS.clear()  # the matchers are cached per profile: build them again without the list
    _without("- other states' leaders (data/people.yaml)", actors, "world_people", lambda: {})
    actors._MATCHERS.clear()
    _without("- coreference", engine.Extractor, "_add_coreference",
             lambda self, toks, mentions, state: mentions)
    _without("- attribution (speakers)", engine.Extractor, "_attribution",
             lambda self, toks, mentions: engine._Attribution())
    _without("- roles implied by the dyad", engine.Extractor, "_dyad_partner",
             lambda self, code, doc_codes: None)
    saved = set(engine._INHERIT_TYPES)
    engine._INHERIT_TYPES.clear()
    try:
        _report("- date inheritance for statements")
    finally:
        engine._INHERIT_TYPES.update(saved)
    _without("- anaphoric dates ('the same day')", engine, "_anaphoric_dates", lambda text, last, here=(): [])
    _without("- Soviet-era code mapping", engine.Extractor, "_era", lambda self, code, when: code)
    _without("- dependency parse (rules' word order)", engine.Extractor, "_parse_candidates",
             lambda self, sentences: {})
    assert Mention  # the record type the replacements above return lists of


if __name__ == "__main__":
    main()
