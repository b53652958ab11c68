"""Text -> events: the rule-based coder.

For each sentence: find actor mentions, split off the attribution ("X said"),
find trigger words, assign source and target from the frame of the trigger and
the words around it (subject, object, "to X", "from X", "by X", passives,
"between X and Y"), attach commodity, quantity and date, set the certainty from
the attribution and the hedges, and keep the sentence as evidence. Events with
the same (type, source, target, commodity, date) in one document merge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from axiswatch.extract.actors import Mention, matcher_for
from axiswatch.extract.dates import DateMention, find_dates, parse_published
from axiswatch.extract.lexicon import Lexicon, TriggerSpec, load_lexicon
from axiswatch.extract.quantities import UNIT_NOUNS, QuantityMention, find_quantities
from axiswatch.extract.text import Sentence, Token, clean_text, split_sentences
from axiswatch.profiles import Profile
from axiswatch.records import Document, Event, Evidence, Quantity

_BE = {"was", "were", "been", "being", "is", "are", "be", "get", "got", "gets", "getting"}
_SKIP_ADV = {"reportedly", "allegedly", "also", "already", "secretly", "recently", "now", "then", "further",
             "reported", "said", "believed", "thought", "later", "since", "first", "quietly", "covertly",
             "openly", "officially", "initially", "apparently", "likely", "being", "been", "not"}
_IRREGULAR_PP = {"sent", "sold", "given", "built", "paid", "lent", "struck", "hit", "fought", "shot", "stolen",
                 "taken", "brought", "made", "held", "forgiven", "written off", "met", "seen", "found", "bought",
                 "got", "handed over", "shipped", "hosted", "captured", "killed", "wounded", "seized", "moved"}
_CLAUSE_BREAK_AFTER_COMMA = {"but", "while", "whereas", "although", "though", "which", "who", "after", "before",
                             "when", "as", "and", "since", "where", "a", "amid", "despite", "even"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "some", "several", "new", "more", "further",
                "additional", "large", "top", "senior", "two", "both", "other", "russian", "this", "that"}
_MILITARY = {"munitions", "missiles", "weapons_systems", "troops", "military_technology", "intelligence", "other"}
_ECONOMIC = {"money", "fuel", "food", "workers"}
_SELF_TYPES = {"MOBILIZE"}
_LAUNCH_WORDS = {"launched", "fired", "test-fired", "test fired", "test-launched", "launch", "launches"}
_DEPLOY_WORDS = {"deployed", "deploy", "deploys", "deploying", "stationed", "massed"}
_FIGHT_CUES = {"front", "fight", "fighting", "combat", "kursk", "ukraine", "battle", "frontline", "front line",
               "war", "battlefield"}
_DENY = {"denied", "denies", "deny", "denying", "dismissed", "rejected", "refuted"}
_VETO = {"vetoed", "vetoes", "veto", "vetoing", "blocked", "blocks", "block", "blocking"}


@dataclass
class _Attribution:
    speaker_tokens: set[int] = field(default_factory=set)
    speakers: list[Mention] = field(default_factory=list)
    unnamed: bool = False
    present: bool = False


@dataclass
class _DocState:
    """What a document has said so far, for light coreference."""

    last_state: str | None = None
    last_person: str | None = None
    last_agents: list[Mention] = field(default_factory=list)
    states_seen: list[str] = field(default_factory=list)
    pair: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class _Candidate:
    event_type: str
    source: str
    target: str
    commodity: str | None
    mode: str | None
    date: str | None
    quantity: Quantity | None
    certainty: str
    confidence: float
    source_name: str | None
    target_name: str | None


class Extractor:
    """Codes documents into events for one watch profile."""

    version = "rules-1.0"

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.lex: Lexicon = load_lexicon()
        self.actors = matcher_for(profile)
        self.dyad = profile.dyad

    # -- public --------------------------------------------------------------
    def extract(self, doc: Document) -> list[Event]:
        """All events of one document, merged per (type, source, target, commodity, date)."""
        original = clean_text(doc.text or "")
        # analyse a masked copy (datelines, leftover markup blanked, same length), cite the original
        text = _mask(original)
        pub = parse_published(doc.published)
        state = _DocState()
        merged: dict[tuple[str, str, str, str | None, str | None], Event] = {}
        doc_codes = self._doc_codes(text)
        for sent in split_sentences(text):
            for cand in self._sentence(sent, pub, state, doc_codes):
                evidence = Evidence(original[sent.start:sent.end], sent.start, sent.end, doc.id)
                key = (cand.event_type, cand.source, cand.target, cand.commodity, cand.date)
                have = merged.get(key)
                if have is None:
                    merged[key] = Event(
                        event_type=cand.event_type, source=cand.source, target=cand.target, mode=cand.mode,
                        commodity=cand.commodity, date=cand.date, quantity=cand.quantity,
                        certainty=cand.certainty, confidence=cand.confidence, source_name=cand.source_name,
                        target_name=cand.target_name, evidence=[evidence], document_id=doc.id,
                        extractor_version=self.version,
                    )
                else:
                    if all(e.start != evidence.start for e in have.evidence):
                        have.evidence.append(evidence)
                    if have.quantity is None and cand.quantity is not None:
                        have.quantity = cand.quantity
                    if _CERT_RANK[cand.certainty] < _CERT_RANK[have.certainty]:
                        have.certainty = cand.certainty
                    have.confidence = max(have.confidence, cand.confidence)
        return list(merged.values())

    # -- per sentence ----------------------------------------------------------
    def _doc_codes(self, text: str) -> set[str]:
        from axiswatch.extract.text import tokenize

        return {m.code for m in self.actors.find(tokenize(text))}

    def _sentence(self, sent: Sentence, pub: date | None, state: _DocState,
                  doc_codes: set[str]) -> list[_Candidate]:
        toks = sent.tokens
        if not toks:
            return []
        mentions = self.actors.find(toks, sent.text)
        mentions = self._add_coreference(toks, mentions, state)
        attr = self._attribution(toks, mentions)
        clauses = _clauses(toks)
        dates = [d for d in find_dates(sent.text, pub) if not _in_tokens(d, toks, attr.speaker_tokens)]
        quants = find_quantities(toks)
        commodities = self.lex.commodities.find(toks)
        taken = {k for m in mentions for k in range(m.i, m.j)}
        commodity_tokens = {k for a, b, _ in commodities if b - a > 1 for k in range(a, b)}
        out: list[_Candidate] = []
        i = 0
        verb_triggers: list[int] = []
        while i < len(toks):
            if i in taken or i in attr.speaker_tokens:
                i += 1
                continue
            hits = self.lex.triggers.match_at(toks, i)
            if not hits:
                i += 1
                continue
            k, readings = hits[0]
            if i in commodity_tokens and not any(not r.noun for r in readings):
                i += k
                continue
            reading = self._choose_reading(readings, toks, i, k, clauses, verb_triggers)
            if reading is None or self._negated(toks, i):
                i += k
                continue
            if not reading.noun:
                verb_triggers.append(i)
            out.extend(self._code(reading, toks, i, i + k, mentions, attr, clauses, dates, quants, commodities,
                                  sent, state, doc_codes))
            i += k
        self._update_state(state, mentions, attr)
        return out

    def _choose_reading(self, readings: list[TriggerSpec], toks: list[Token], i: int, k: int,
                        clauses: list[tuple[int, int]], verb_triggers: list[int]) -> TriggerSpec | None:
        verbs = [r for r in readings if not r.noun]
        nouns = [r for r in readings if r.noun]
        prev = toks[i - 1].lower if i > 0 else ""
        # a word after a determiner is a noun ("the supply", "a visit"); else prefer the verb reading
        if nouns and (prev in _DETERMINERS or prev == "'s" or not verbs):
            cs, _ = _clause_of(clauses, i)
            if any(cs <= v < i and i - v <= 6 for v in verb_triggers):
                return None  # governed by a verb trigger ("condemned the shipments")
            return nouns[0]
        return verbs[0] if verbs else None

    def _negated(self, toks: list[Token], i: int) -> bool:
        for j in range(max(0, i - 3), i):
            if toks[j].lower in ("not", "never", "n't", "no") and toks[j].lower != "no":
                return True
            if toks[j].lower in ("not", "never"):
                return True
        return False

    # -- coreference and attribution -------------------------------------------
    def _add_coreference(self, toks: list[Token], mentions: list[Mention], state: _DocState) -> list[Mention]:
        taken = {k for m in mentions for k in range(m.i, m.j)}
        extra: list[Mention] = []
        i = 0
        while i < len(toks):
            if i in taken:
                i += 1
                continue
            hits = self.lex.coreference.match_at(toks, i)
            if not hits:
                i += 1
                continue
            k, rule = hits[0]
            surface = " ".join(t.text for t in toks[i:i + k])
            if rule == "pair" and state.pair:
                extra.append(Mention(i, i + k, state.pair[0], surface, "coref"))
                extra.append(Mention(i, i + k, state.pair[1], surface, "coref-pair"))
            elif rule in ("last_state", "last_plural") and state.last_state:
                # "it" only as a subject-ish word, not "it is expected"
                if toks[i].lower == "it" and i + 1 < len(toks) and toks[i + 1].lower in ("is", "was", "'s"):
                    i += k
                    continue
                extra.append(Mention(i, i + k, state.last_state, surface, "coref"))
            elif rule in ("last_person", "last_leader") and state.last_person:
                extra.append(Mention(i, i + k, state.last_person, surface, "coref"))
            i += k
        if not extra:
            return mentions
        return sorted(mentions + extra, key=lambda m: (m.i, m.kind == "coref-pair"))

    def _attribution(self, toks: list[Token], mentions: list[Mention]) -> _Attribution:
        attr = _Attribution()
        n = len(toks)
        i = 0
        while i < n:
            k = self.lex.reporting.contains(toks, i)
            if not k:
                i += 1
                continue
            word = " ".join(t.lower for t in toks[i:i + k])
            if word == "according to":
                end = i + k
                while end < n and toks[end].text not in (",", ";", ".") and end - i < 12:
                    end += 1
                span = set(range(i, end))
            else:
                # speaker on the left: from the last clause break (or quote) up to the verb
                start = i - 1
                while start >= 0 and toks[start].text not in (",", ";", '"', "“", "”", ":", "—") and i - start < 10:
                    start -= 1
                left = set(range(start + 1, i + k))
                left_mentions = [m for m in mentions if m.i in left]
                unnamed_left = any(self.lex.unnamed_speakers.contains(toks, x) for x in left)
                if left_mentions or unnamed_left or start >= 0 and toks[start].text in (",", '"', "”"):
                    span = left
                    # ', said the Pentagon.' -> speaker on the right
                    if not left_mentions and not unnamed_left:
                        end = i + k
                        while end < n and toks[end].text not in (",", ";", ".") and end - i < 10:
                            end += 1
                        span = set(range(start + 1, end))
                else:
                    i += k
                    continue
                # "X said that it/they ..." keeps X as a possible agent via coreference, not here
            sp = [m for m in mentions if m.i in span]
            unnamed = any(self.lex.unnamed_speakers.contains(toks, x) for x in span)
            if len(span) > 14:
                i += k
                continue
            attr.present = True
            attr.speaker_tokens |= span
            attr.speakers.extend(sp)
            attr.unnamed = attr.unnamed or (unnamed and not sp)
            i += k
        return attr

    def _update_state(self, state: _DocState, mentions: list[Mention], attr: _Attribution) -> None:
        for m in mentions:
            if m.kind in ("coref", "coref-pair"):
                continue
            if m.is_person:
                state.last_person = m.code
            if not m.is_place:
                state.last_state = m.code
                if m.code not in state.states_seen:
                    state.states_seen.append(m.code)
        codes: list[str] = []
        for m in mentions:
            if not m.is_place and m.code not in codes:
                codes.append(m.code)
        if len(codes) >= 2:
            state.pair = (codes[0], codes[1])

    # -- coding one trigger ----------------------------------------------------
    def _code(self, spec: TriggerSpec, toks: list[Token], ti: int, tj: int, mentions: list[Mention],
              attr: _Attribution, clauses: list[tuple[int, int]], dates: list[DateMention],
              quants: list[QuantityMention], commodities: list[tuple[int, int, str]], sent: Sentence,
              state: _DocState, doc_codes: set[str]) -> list[_Candidate]:
        cs, ce = _clause_of(clauses, ti)
        usable = [m for m in mentions if m.i not in attr.speaker_tokens]
        passive = not spec.noun and _is_passive(toks, ti, spec.form)
        left = self._agents(toks, usable, cs, ti, passive)
        if not left and not spec.noun:
            # a clause with no subject continues the previous one ("..., and also sent shells")
            prev_agents = [m for m in usable if m.j <= cs and not _after_prep(toks, m, self.lex)]
            if prev_agents:
                left = [prev_agents[0]]
        roles = self._right_roles(toks, usable, tj, ce)
        word = spec.form
        etype, frame = spec.event_type, spec.frame
        pairs: list[tuple[Mention | None, Mention | None]] = []

        def first(*names: str) -> Mention | None:
            for nm in names:
                if roles.get(nm):
                    return roles[nm][0]
            return None

        possessor = _possessor_before(usable, toks, ti)
        if frame == "transfer":
            if spec.noun:
                src = possessor or first("from") or (left[0] if left else None)
                tgt = first("to", "for")
            elif passive:
                src = first("by", "from")
                tgt = first("to", "for") or (left[0] if left and left[0].code != (src.code if src else "") else None)
            else:
                src = left[0] if left else None
                tgt = first("to", "for", "object", "with_recipient")
            if word in _DEPLOY_WORDS and tgt is None:
                etype = "MOBILIZE"
            pairs = [(src, tgt)]
        elif frame == "receive":
            tgt = left[0] if left else None
            src = first("from") or self._commodity_origin(toks, usable, commodities, tj, ce)
            pairs = [(src, tgt)]
        elif frame in ("meet", "host"):
            partners = roles.get("object", []) + roles.get("with", []) + roles.get("to", [])
            place = first("in", "at")
            agents = left or ([possessor] if possessor else [])
            if frame == "host":
                pairs = [(p, a) for a in agents for p in partners]
            else:
                if len(agents) >= 2 and not partners:
                    partners = agents[1:]
                    agents = agents[:1]
                for a in agents:
                    for p in partners:
                        if p.code == a.code:
                            continue
                        if place and place.code == p.code:
                            pairs.append((a, p))
                        elif place and place.code == a.code:
                            pairs.append((p, a))
                        elif place:
                            pairs.extend([(a, p), (p, a)])
                        else:
                            pairs.append((a, p))
                    if not partners and place and place.code != a.code:
                        pairs.append((a, place))
        elif frame == "mutual":
            parties = list(left) + roles.get("with", []) + roles.get("between", []) + roles.get("object", [])
            if possessor and possessor not in parties:
                parties.insert(0, possessor)
            codes: list[Mention] = []
            for p in parties:
                if p.code not in [c.code for c in codes]:
                    codes.append(p)
            if len(codes) == 1 and etype == "COOPERATE":
                other = self._dyad_partner(codes[0].code, doc_codes)
                if other:
                    codes.append(Mention(codes[0].i, codes[0].j, other, other, "implied"))
            for a in codes:
                for b in codes:
                    if a.code != b.code:
                        pairs.append((a, b))
        elif frame == "self":
            agent = left[0] if left else (possessor if possessor else None)
            at = first("at", "on", "against", "into")
            if word in _LAUNCH_WORDS and at is not None and agent and at.code != agent.code:
                etype = "ASSAULT"
                pairs = [(agent, at)]
            elif word in _DEPLOY_WORDS:
                dest = first("to", "in", "into")
                if dest and agent and dest.code != agent.code:
                    pairs = [(agent, dest)]
                else:
                    pairs = [(agent, agent)]
            else:
                pairs = [(agent, agent)]
        else:  # act_on, speech
            if etype == "ASSAULT" and ti > 0 and toks[ti - 1].lower == "to":
                etype = "MOBILIZE"  # "sent to fight Ukraine": placed against, not (yet) combat
            agents = left or ([possessor] if possessor else [])
            if passive:
                by = first("by")
                agents = [by] if by else []
                patients = [m for m in left]
            else:
                patients = roles.get("object", []) + roles.get("on", []) + roles.get("against", []) \
                    + roles.get("between", []) + roles.get("for", []) + roles.get("over", [])
                if etype in ("REQUEST",):
                    patients = roles.get("object", []) + roles.get("on", []) + roles.get("from", []) \
                        + roles.get("to", [])
                if etype == "SUPPORT" and not patients:
                    patients = roles.get("to", []) + roles.get("with", [])
            if etype == "REJECT" and word in _VETO:
                for a in agents:
                    pairs.append((a, Mention(ti, tj, "UNSC", "UN Security Council", "implied")))
                    benef = [p for p in patients if p.code != a.code and p.code != "UNSC"]
                    if not benef:
                        other = self._dyad_partner(a.code, doc_codes)
                        if other:
                            benef = [Mention(ti, tj, other, other, "implied")]
                    for b in benef:
                        out_support = (a, b)
                        pairs.append(out_support)
                return self._finish(pairs, etype, spec, toks, ti, tj, cs, ce, attr, dates, quants, commodities,
                                    veto=True)
            if etype == "SANCTION":
                patients = [m for m in usable if m.i >= tj and m.i < ce and m.code not in
                            [a.code for a in agents]] or patients
            for a in agents:
                seen: set[str] = set()
                for p in patients:
                    if p.code != a.code and p.code not in seen:
                        seen.add(p.code)
                        pairs.append((a, p))
            if not pairs and agents and etype in ("RETREAT", "REJECT", "THREATEN", "ACCUSE", "SUPPORT"):
                other = self._dyad_partner(agents[0].code, doc_codes) if etype in ("REJECT", "RETREAT") else None
                if other:
                    pairs.append((agents[0], Mention(ti, tj, other, other, "implied")))
        return self._finish(pairs, etype, spec, toks, ti, tj, cs, ce, attr, dates, quants, commodities)

    def _finish(self, pairs: list[tuple[Mention | None, Mention | None]], etype: str, spec: TriggerSpec,
                toks: list[Token], ti: int, tj: int, cs: int, ce: int, attr: _Attribution,
                dates: list[DateMention], quants: list[QuantityMention],
                commodities: list[tuple[int, int, str]], veto: bool = False) -> list[_Candidate]:
        out: list[_Candidate] = []
        certainty, conf = self._certainty(toks, ti, cs, ce, attr, pairs)
        when = _nearest_date(dates, toks, ti, cs, ce)
        for src, tgt in pairs:
            if src is None or tgt is None:
                continue
            if src.code == tgt.code and etype not in _SELF_TYPES:
                continue
            this_type = etype
            if veto and tgt.code != "UNSC":
                this_type = "SUPPORT"
            coms: list[tuple[str | None, Quantity | None]] = [(None, None)]
            if this_type in ("AID", "COOPERATE"):
                coms = self._commodities(toks, ti, tj, cs, ce, commodities, quants, spec.noun) or (
                    [("other", None)] if this_type == "AID" else [(None, None)])
            for commodity, qty in coms:
                cert = certainty
                if cert == "confirmed" and attr.speakers and not any(
                        s.code in (src.code, tgt.code) for s in attr.speakers):
                    cert = "reported"
                out.append(_Candidate(
                    event_type=this_type, source=src.code, target=tgt.code, commodity=commodity,
                    mode=_mode(this_type, commodity, spec.form), date=when, quantity=qty, certainty=cert,
                    confidence=conf * (0.85 if "implied" in (src.kind, tgt.kind) else 1.0),
                    source_name=src.surface if src.kind not in ("implied",) else None,
                    target_name=tgt.surface if tgt.kind not in ("implied",) else None,
                ))
        return out

    # -- roles -----------------------------------------------------------------
    def _agents(self, toks: list[Token], mentions: list[Mention], cs: int, ti: int,
                passive: bool) -> list[Mention]:
        """Subject mentions before the trigger in its clause: the nearest, plus coordinated ones."""
        cands = [m for m in mentions if cs <= m.i and m.j <= ti and not _after_prep(toks, m, self.lex)]
        if not cands:
            return []
        # the subject is the leftmost non-prepositional mention of the clause, unless a nearer one
        # follows a relative pronoun or comma ("Russia, which received shells from ...")
        cands.sort(key=lambda m: m.i)
        best = cands[0]
        group = [best]
        if best.kind == "coref" and any(m.kind == "coref-pair" and m.i == best.i for m in cands):
            group.append(next(m for m in cands if m.kind == "coref-pair" and m.i == best.i))
        # coordinated subjects: "Russia and North Korea signed", "the US, Japan and South Korea condemned"
        last = best
        for m in cands[1:]:
            if m in group:
                continue
            between = [t.lower for t in toks[last.j:m.i]]
            if between and all(w in (",", "and", "the", "'s", "as", "well") for w in between) and m.j <= ti:
                group.append(m)
                last = m
            elif not between and m.i == last.i:
                group.append(m)
        # prefer non-place mentions as agents
        non_place = [m for m in group if not m.is_place]
        return non_place or group

    def _right_roles(self, toks: list[Token], mentions: list[Mention], tj: int, ce: int) -> dict[str, list[Mention]]:
        roles: dict[str, list[Mention]] = {}
        for m in mentions:
            if m.i < tj or m.i >= ce:
                continue
            prep = _prep_before(toks, m.i, tj)
            if prep == "between":
                roles.setdefault("between", []).append(m)
                continue
            if prep is None:
                # "X and Y" after "between X": both belong to between
                if roles.get("between") and toks[m.i - 1].lower in ("and", ","):
                    roles["between"].append(m)
                    continue
                if m.i - tj <= 4 or (roles.get("object") and toks[m.i - 1].lower in ("and", ",")):
                    roles.setdefault("object", []).append(m)
                continue
            if prep == "with" and m.i - tj <= 2:
                roles.setdefault("with_recipient", []).append(m)
            name = {"to": "to", "from": "from", "with": "with", "by": "by", "against": "against", "on": "on",
                    "at": "at", "into": "into", "in": "in", "for": "for", "over": "over", "of": "of",
                    "toward": "to", "towards": "to"}.get(prep)
            if name:
                lst = roles.setdefault(name, [])
                lst.append(m)
        return roles

    def _commodity_origin(self, toks: list[Token], mentions: list[Mention],
                          commodities: list[tuple[int, int, str]], tj: int, ce: int) -> Mention | None:
        """'received North Korean shells' -> the demonym before the commodity is its origin."""
        for a, _, _ in commodities:
            if tj <= a < ce:
                for m in mentions:
                    if m.j == a or (m.j == a - 1 and toks[a - 1].lower == "'s"):
                        return m
        return None

    def _commodities(self, toks: list[Token], ti: int, tj: int, cs: int, ce: int,
                     commodities: list[tuple[int, int, str]], quants: list[QuantityMention],
                     noun: bool) -> list[tuple[str | None, Quantity | None]]:
        # the theme follows a verb trigger; for nouns and passives it may come before ("shells were sent")
        after = [c for c in commodities if tj <= c[0] < ce]
        before = [c for c in commodities if cs <= c[0] and c[1] <= ti]
        chosen = after or before
        if not chosen:
            return []
        # a specific commodity beats the vague "other" words in the same phrase
        specific = [c for c in chosen if c[2] != "other"]
        if specific:
            chosen = specific
        else:
            chosen = chosen[:1]
        out: list[tuple[str | None, Quantity | None]] = []
        seen: set[str] = set()
        for a, b, com in chosen:
            if com in seen:
                continue
            seen.add(com)
            out.append((com, self._quantity_for(toks, a, b, com, quants)))
        return out

    def _quantity_for(self, toks: list[Token], a: int, b: int, com: str,
                      quants: list[QuantityMention]) -> Quantity | None:
        unit = " ".join(t.lower for t in toks[a:b])
        if toks[a].lower in UNIT_NOUNS and b - a > 1:
            unit = toks[a].lower  # "containers of munitions" counts containers, "barrels of oil" barrels
        for q in quants:
            gap = a - q.j
            if q.money and com == "money":
                return Quantity(q.value, "USD")
            if 0 <= gap <= 3 and all(toks[x].text.isalpha() or toks[x].text == "-" for x in range(q.j, a)):
                return Quantity(q.value, unit)
            # "1 million barrels of oil", "20,000 containers of munitions"
            if q.j < a and gap <= 4:
                nouns = [t.lower for t in toks[q.j:a]]
                if nouns and nouns[0] in UNIT_NOUNS and nouns[-1] == "of":
                    return Quantity(q.value, nouns[0])
        return None

    def _dyad_partner(self, code: str, doc_codes: set[str]) -> str | None:
        a, b = self.dyad
        if code == a and b in doc_codes:
            return b
        if code == b and a in doc_codes:
            return a
        return None

    # -- certainty -------------------------------------------------------------
    def _certainty(self, toks: list[Token], ti: int, cs: int, ce: int, attr: _Attribution,
                   pairs: list[tuple[Mention | None, Mention | None]]) -> tuple[str, float]:
        window = range(max(cs, ti - 6), ti)
        spec_hit = any(self.lex.speculative.contains(toks, x) for x in window)
        alleged_hit = any(self.lex.alleged.contains(toks, x) for x in range(cs, ce)) or any(
            self.lex.alleged.contains(toks, x) for x in attr.speaker_tokens)
        denied = any(toks[x].lower in _DENY for x in range(cs, ti))
        if spec_hit:
            return "speculative", 0.35
        if denied:
            return "alleged", 0.45
        if alleged_hit or attr.unnamed:
            return "alleged", 0.5
        if attr.present:
            parties = {m.code for pair in pairs for m in pair if m is not None}
            if attr.speakers and any(s.code in parties for s in attr.speakers):
                return "confirmed", 0.85
            if attr.speakers:
                return "reported", 0.7
            return "alleged", 0.5
        return "confirmed", 0.8


# "SEOUL, June 19 (Axiswatch Sample Wire) —": a dateline names where and when it was filed, not who acted.
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'-]+(?:[ /,-]+[A-Z][A-Z.'-]+)*)\s*,?\s*"
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?\s*)?"
    r"(?:\([^)]{1,80}\)\s*)?[-—–]{1,2}\s*")
_MARKUP = re.compile(r"<[^>]{0,200}>|&[a-z]{2,8};|&#\d{1,6};")


def _mask(text: str) -> str:
    """Blank out a leading dateline and leftover markup, keeping every offset."""
    m = _DATELINE.match(text)
    if m and m.end() < 160:
        text = " " * m.end() + text[m.end():]
    if "<" in text or "&" in text:
        text = _MARKUP.sub(lambda x: " " * len(x.group()), text)
    return text


_CERT_RANK = {"confirmed": 0, "reported": 1, "alleged": 2, "speculative": 3}


def _clauses(toks: list[Token]) -> list[tuple[int, int]]:
    """Clause boundaries: semicolons, dashes, and commas before a conjunction or relative word."""
    bounds = [0]
    for k, t in enumerate(toks):
        if t.text in (";", "—", "–", ":") or (
                t.text == "," and k + 1 < len(toks) and toks[k + 1].lower in _CLAUSE_BREAK_AFTER_COMMA):
            bounds.append(k + 1)
    bounds.append(len(toks))
    return [(bounds[x], bounds[x + 1]) for x in range(len(bounds) - 1) if bounds[x] < bounds[x + 1]]


def _clause_of(clauses: list[tuple[int, int]], i: int) -> tuple[int, int]:
    for a, b in clauses:
        if a <= i < b:
            return a, b
    return 0, clauses[-1][1] if clauses else i + 1


def _prep_before(toks: list[Token], i: int, floor: int) -> str | None:
    """The preposition governing the mention at i (skipping determiners and adjectives)."""
    k = i - 1
    steps = 0
    while k >= floor and steps < 3:
        w = toks[k].lower
        if w in ("to", "from", "with", "by", "against", "on", "at", "into", "in", "for", "over", "of",
                 "between", "toward", "towards", "among"):
            return w
        if w in ("the", "a", "an", "its", "their", "both", "neighbouring", "neighboring", "allied", "'s",
                 "war-torn", "southern", "northern", "western", "eastern", "russian-occupied", "occupied"):
            k -= 1
            steps += 1
            continue
        return None
    return None


def _after_prep(toks: list[Token], m: Mention, lex: Lexicon) -> bool:
    k = m.i - 1
    while k >= 0 and toks[k].lower in ("the", "a", "an", "its", "their", "both"):
        k -= 1
    return k >= 0 and toks[k].lower in lex.prepositions


def _possessor_before(mentions: list[Mention], toks: list[Token], ti: int) -> Mention | None:
    """'North Korea's shipments', 'Russian deliveries': the actor right before a noun trigger."""
    for m in mentions:
        gap = ti - m.j
        if m.possessive and 0 < gap <= 3:
            return m
        if m.kind == "demonym" and 0 <= gap <= 2:
            return m
    return None


def _is_passive(toks: list[Token], ti: int, form: str) -> bool:
    if not (form.endswith("ed") or form in _IRREGULAR_PP or form.split()[0] in _IRREGULAR_PP):
        return False
    k = ti - 1
    while k >= 0 and toks[k].lower in _SKIP_ADV:
        k -= 1
    return k >= 0 and toks[k].lower in _BE


def _in_tokens(d: DateMention, toks: list[Token], idx: set[int]) -> bool:
    return any(toks[x].start >= d.start and toks[x].end <= d.end for x in idx)


def _nearest_date(dates: list[DateMention], toks: list[Token], ti: int, cs: int, ce: int) -> str | None:
    if not dates:
        return None
    lo = toks[cs].start if cs < len(toks) else 0
    hi = toks[ce - 1].end if 0 < ce <= len(toks) else 10**9
    pos = toks[ti].start
    in_clause = [d for d in dates if lo <= d.start < hi]
    pool = in_clause or dates
    best = min(pool, key=lambda d: abs(d.start - pos))
    return best.value


def _mode(etype: str, commodity: str | None, form: str) -> str | None:
    if etype in ("AID", "COOPERATE"):
        if commodity in _MILITARY:
            return "military"
        if commodity in _ECONOMIC:
            return "economic"
        if commodity in ("space_technology", "nuclear_technology"):
            return "technology"
        return "economic" if etype == "COOPERATE" else None
    if etype == "CONSULT":
        return "visit" if "visit" in form or "travel" in form or "arriv" in form else None
    if etype == "MOBILIZE":
        return "weapons" if any(w in form for w in ("launch", "fire", "test")) else "troops"
    if etype == "ASSAULT":
        return "aerial" if any(w in form for w in ("launch", "fire", "strike", "struck")) else None
    return None


def extract_document(doc: Document, profile: Profile) -> list[Event]:
    """Convenience: code one document with a (cached) extractor for the profile."""
    return _extractor_for(profile).extract(doc)


_EXTRACTORS: dict[int, Extractor] = {}


def _extractor_for(profile: Profile) -> Extractor:
    ex = _EXTRACTORS.get(id(profile))
    if ex is None:
        ex = _EXTRACTORS[id(profile)] = Extractor(profile)
    return ex
