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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from axiswatch.extract import syntax
from axiswatch.extract.actors import Mention, matcher_for
from axiswatch.extract.dates import DateMention, find_dates, parse_published
from axiswatch.extract.dating import MODEL_FILE as DATE_MODEL_FILE
from axiswatch.extract.dating import absorb, apply_date_model, load_date_model
from axiswatch.extract.lexicon import Lexicon, TriggerSpec, load_lexicon
from axiswatch.extract.pairs import MODEL_FILE as PAIR_MODEL_FILE
from axiswatch.extract.pairs import (
    PairModel,
    candidate_codes,
    load_pair_model,
    models_digest,
    pair_features,
    sentence_features,
)
from axiswatch.extract.quantities import UNIT_NOUNS, QuantityMention, find_quantities
from axiswatch.extract.text import Sentence, Token, clean_text, split_sentences
from axiswatch.profiles import Profile
from axiswatch.records import Document, Event, Evidence, Quantity

_BE = {"was", "were", "been", "being", "is", "are", "be", "get", "got", "gets", "getting"}
_SKIP_ADV = {"reportedly", "allegedly", "also", "already", "secretly", "recently", "now", "then", "further",
             "reported", "said", "believed", "thought", "later", "since", "first", "quietly", "covertly",
             "openly", "officially", "initially", "apparently", "likely", "not"}
_IRREGULAR_PP = {"sent", "sold", "given", "built", "paid", "lent", "struck", "hit", "fought", "shot", "stolen",
                 "taken", "brought", "made", "held", "forgiven", "written off", "met", "seen", "found", "bought",
                 "got", "handed over", "shipped", "hosted", "captured", "killed", "wounded", "seized", "moved"}
_ORDINAL = re.compile(r"^(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|latest|last|"
                      r"nuclear|missile|ballistic|satellite|weapons|rocket|\d+(st|nd|rd|th))$")
_CLAUSE_BREAK_AFTER_COMMA = {"but", "while", "whereas", "although", "though", "which", "who", "after", "before",
                             "when", "as", "and", "since", "where", "a", "amid", "despite", "even"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "some", "several", "new", "more", "further",
                "additional", "large", "top", "senior", "two", "both", "other", "russian", "this", "that"}
_MILITARY = {"munitions", "missiles", "weapons_systems", "troops", "military_technology", "intelligence", "other"}
_ECONOMIC = {"money", "fuel", "food", "workers"}
_SELF_TYPES = {"MOBILIZE"}
_LAUNCH_WORDS = {"launched", "fired", "test-fired", "test fired", "test-launched", "launch", "launches", "launching",
                 "firing"}
_DEPLOY_WORDS = {"deployed", "deploy", "deploys", "deploying", "stationed", "massed", "redeploy", "redeployed",
                 "redeploying", "deployment", "deployments"}
_FIGHT_CUES = {"front", "fight", "fighting", "combat", "kursk", "ukraine", "battle", "frontline", "front line",
               "war", "battlefield"}
# the pair classifier scores a sentence with at most this many actors (n·(n−1) pairs; no development sentence has
# more than twelve)
_MAX_PAIR_ACTORS = 12
_CLAIMANT = "?claimant"  # placeholder target of a denial whose claimant the document names later
_BACKED_CAUSES = {"operation", "war", "position", "stance", "policy", "policies", "annexation", "cause", "struggle",
                  "sovereignty", "measures", "efforts", "fight", "offensive"}
_OBSERVABLE = {"CONSULT", "AGREE", "SUPPORT", "ACCUSE", "REJECT", "SANCTION", "PROTEST", "THREATEN", "REQUEST",
               "CONCEDE"}
_SPEECH = {"SUPPORT", "ACCUSE", "REJECT", "THREATEN", "REQUEST", "PROTEST"}
_DENIABLE = {"AID", "COOPERATE", "ASSAULT", "MOBILIZE", "CONSULT"}
_DENY = {"denied", "denies", "deny", "denying", "dismissed", "rejected", "refuted", "aside", "rebuffed", "dismissing",
         "rejecting", "dismisses", "rejects"}
_SANCTION_CUES = {"new", "fresh", "additional", "more", "further", "imposed", "impose", "imposes", "imposing",
                  "announced", "announces", "unveiled", "unveils", "adopted", "for", "widening", "expanding",
                  "tightening", "tougher", "drafted", "proposed", "own", "under", "approved", "slapped", "levied",
                  "extended", "broadened", "targeted", "latest", "first", "second", "third", "package", "packages",
                  "round", "wave", "largest", "biggest", "sweeping", "toughest", "fourth", "fifth", "sixth"}
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)$")
_OBLIGATION = {"must", "shall", "obliges", "obliged", "oblige", "obligates", "required", "refusal", "reluctance",
               "refused", "refuses", "refusing", "without"}
_BAN_WORDS = {"bar", "bars", "barred", "ban", "bans", "banned", "banning", "prohibit", "prohibits", "prohibited",
              "forbid", "forbids", "forbidden", "cap", "caps", "capped", "capping", "outlaw", "outlaws", "limits",
              "curbs", "embargo"}
_NOT_CARGO = {"details", "detail", "assurances", "assurance", "speech", "interview", "statement", "warning",
              "signal", "signals", "credence", "priority", "thanks", "greetings", "message", "impression",
              "account", "evidence", "figures", "information", "explanation", "answer", "way", "rise", "birth",
              "testimony", "briefing", "address", "reasons", "time", "letter", "letters", "credentials", "note",
              "invitation"}
# ASSAULT words whose subject (or owner) is the one hit: "suffered heavy losses", "soldiers who died"
_VICTIM_WORDS = ("suffer", "sustain", "died", "have died", "had died", "were killed", "killed in action", "lost their",
                 "fell in", "who fell", "fallen", "casualties")
_WEAPON_WORDS = {"missile", "rocket", "satellite", "projectile", "icbm", "irbm", "slbm", "warhead", "drone",
                 "salvo", "shell", "artillery", "weapon", "bomb", "torpedo", "launcher", "hwasong", "kn-23", "kn-24",
                 "strike", "attack", "offensive", "barrage", "munition", "mortar"}
_WEAPON_GOODS = {"missiles", "munitions", "weapons_systems", "space_technology"}
# the kind of act a noun names, to find who did it ("condemned the deployment")
_ACT_NOUNS = {"pact": "AGREE", "treaty": "AGREE", "agreement": "AGREE", "accord": "AGREE",
              "deployment": "troops", "deployments": "troops", "dispatch": "troops", "transfer": "AID",
              "transfers": "AID", "shipment": "AID", "shipments": "AID", "supply": "AID", "supplies": "AID",
              "deliveries": "AID", "delivery": "AID", "deal": "AID", "launch": "MOBILIZE", "launches": "MOBILIZE",
              "test": "MOBILIZE", "tests": "MOBILIZE", "strike": "ASSAULT", "strikes": "ASSAULT",
              "attack": "ASSAULT", "attacks": "ASSAULT", "invasion": "ASSAULT", "cooperation": "COOPERATE",
              "veto": "VETO", "vetoes": "VETO"}
_DESIGNATED = {"companies", "company", "firms", "firm", "entities", "entity", "individuals", "officials", "banks",
               "bank", "vessels", "ships", "networks", "network", "people", "persons", "executives", "nationals"}
_LISTS = {"sanctions list", "sanctions lists", "blacklist", "asset-freeze list", "asset freeze list", "entity list",
          "sanctions blacklist", "list of sanctioned"}
_COMMERCIAL = {"project", "projects", "plan", "plans", "deal", "deals", "contract", "contracts", "pipeline",
               "pipelines", "commercial", "export", "exports", "exported", "exporting", "trade", "sales", "market",
               "prices", "price", "customers"}
_PREPOSITIONS_OF_ACTS = {"in", "of", "at", "on", "near", "around", "along", "across", "against", "between", "with",
                         "over", "there", "since", "for", "by"}
# the lexicon's training forms (lexicon.yaml): training goes to the trained
_TRAINING = {"trained", "train", "trains", "training", "teaching", "taught", "instructing", "instructed", "retrained",
             "drilling"}
# cooperation whose direction the text does not give (joint projects and exercises are symmetric acts instead)
_UNDIRECTED = {"cooperate", "cooperated", "cooperates", "cooperating", "collaborate", "collaborated",
               "collaborating", "cooperation", "collaboration", "partnership", "military cooperation",
               "military ties", "alliance", "collusion", "colluding", "colluded", "collude"}
_MODEL_NAME = re.compile(r"^[A-Z][A-Za-z]*-?\d[\w-]*$")  # "KN-23", "Hwasong-11", "Shahed-136"
# naming an act as a violation condemns its doer; naming a claim a fabrication rejects it
_EVALUATIVE = {w: "ACCUSE" for w in ("violation", "violations", "threat", "escalation", "provocation",
                                     "provocations", "breach", "crime", "crimes", "aggression", "blackmail",
                                     "betrayal", "atrocity", "interference", "affront", "outrage", "criminal")}
_EVALUATIVE.update({w: "REJECT" for w in ("fabrication", "fabrications", "lie", "lies", "fake", "smear",
                                          "propaganda", "nonsense", "fiction", "slander", "rumour", "rumor",
                                          "baseless", "groundless", "unfounded", "absurd", "fabricated")})
_EVALUATIVE.update({w: "SUPPORT" for w in ("righteous", "legitimate", "justified", "sacred", "heroic")})
_EVAL_ADJECTIVES = {"unacceptable", "illegal", "unlawful", "reckless", "irresponsible", "illegitimate"}
_EVALUATIVE.update({w: "ACCUSE" for w in _EVAL_ADJECTIVES})
_ENDANGERING = {"threatened", "threatens", "threaten", "endangered", "endangers", "undermined", "undermines"}
_SECURITY_NOUNS = {"peace", "security", "stability"}
_NAMED_ACTS = {"launches", "tests", "procurement", "dealings", "agreement", "purchases", "programme", "program",
               "development", "transfer", "transfers", "deployment", "shipment", "shipments", "deal", "cooperation",
               "launch",
               "test", "move", "sale", "sales", "supply", "deliveries", "purchase", "dispatch", "alliance",
               "treaty", "visit", "exercises", "drills", "invasion", "war", "operation", "offensive", "veto",
               "vetoes", "gift", "work", "activities", "actions", "decision", "arrangement", "pact", "recognition"}
_NAMING_VERBS = {"called", "calling", "calls", "call", "described", "describing", "describes", "branded",
                 "branding", "labelled", "labeled", "termed", "dismissed", "denounced", "condemned", "rejected",
                 "brushed", "brushing", "dismissing", "rejecting", "denouncing", "condemning", "decried", "slammed"}
_TERRITORY = {"territory", "village", "villages", "town", "towns", "city", "cities", "region", "area", "areas",
              "positions", "position", "settlement", "settlements", "land", "ground", "island", "islands", "peninsula",
              "border", "bridgehead", "heights", "airfield", "base", "bases"}
_ENFORCING = {"monitoring", "monitors", "monitor", "monitored", "enforcing", "enforce", "enforces", "evading", "evade",
              "evades", "violating", "violate", "violates", "breaching", "breach", "breaches", "circumventing",
              "circumvent", "existing", "international", "un", "western", "of"}
_PRAISE_VERBS = {"called", "calling", "calls", "hailed", "hailing", "hails", "greeted", "greeting", "described",
                 "describing", "praised", "praising", "lauded", "lauding"}
_FRIEND_NOUNS = {"friend", "friends", "partner", "partners", "ally", "allies", "brother", "brothers", "comrade",
                 "comrades", "neighbour", "neighbor", "brotherhood", "friendship", "alliance", "partnership"}
_FRIEND_LEADS = {"our", "his", "her", "its", "their", "a", "an", "as", "the", "close", "closest", "old", "true",
                 "invincible", "unbreakable", "eternal", "strategic", "militant", "fraternal",
                 "dear", "dearest", "reliable", "best", "great", "good", "trusted", "'", "\u2018", '"', "\u201c"}
# acts that show two states acting together ("the two countries" then means them)
_TOGETHER = {"AID", "COOPERATE", "CONSULT", "AGREE", "SUPPORT"}
_TIES = {"ties", "relations", "relationship", "friendship", "partnership", "alliance", "bonds"}
_CLAIM_NOUNS = {"allegation", "allegations", "claim", "claims", "accusation", "accusations", "assertions",
                "charges", "charge", "reports", "report", "findings"}
_INSTITUTIONS = {"panel", "mandate", "resolution", "deal", "bill", "plan", "proposal", "talks", "agreement",
                 "treaty", "initiative", "project", "negotiations", "process", "draft"}
_DRILLS = {"drill", "drills", "exercise", "exercises", "manoeuvres", "maneuvers", "wargames", "war-games"}
_PLANS = {"sanctions", "package", "plan", "plans", "proposal", "proposals", "strategy", "policy", "measures",
          "initiative", "budget", "roadmap", "doctrine"}
_BATCHES = {"package", "packages", "round", "rounds", "raft", "wave", "set", "batch", "slew", "series", "tranche"}
_NP_HEADS = {"treaty", "agreement", "pact", "deal", "accord", "partner", "partners", "company", "companies", "firm",
             "firms", "line", "lines", "agency", "agencies",
             "route", "routes", "network", "networks", "data", "ministry", "minister", "committee", "hub"}
_SUBJECT_SLOT_BEFORE = {",", "and", "that", "but", "said", "says", "while", '"', "“", "added", "announced", "told",
                        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week",
                        "month", "year", "today", "yesterday", "also", "then", "when", "because", "as"}
# words before a pronoun that do not end a noun phrase ("that it", "and they", "said it", "because it")
_NOT_A_NOUN = {"that", "and", "but", "or", "said", "says", "say", "told", "because", "as", "while", "when", "if",
               "whether", "so", "than", "how", "why", "what", "where", "which", "who", "after", "before", "since",
               "until", "though", "although", "unless", "once", "saw", "made", "make", "makes", "found", "is", "was",
               "are", "were", "be", "been", "thought", "believe", "believed", "think", "know", "knew", "claim",
               "claims", "called", "call", "let", "have", "has", "had", "do", "does", "did", "can", "could",
               "will", "would", "may", "might", "must", "should", "shall", "also", "then", "now", "yet", "even",
               "to", "of", "in", "on", "at", "by", "for", "with", "from", "into", "about"}
_IMPERSONAL = {"expected", "likely", "believed", "said", "reported", "clear", "understood", "thought", "possible",
               "unclear", "not", "important", "known", "time", "unlikely", "feared", "estimated", "hoped"}
_DESCRIBING = {("involved", "in"), ("linked", "to"), ("connected", "to"), ("related", "to"), ("concerned", "about"),
               ("responsible", "for"), ("used", "for"), ("tied", "to")}
_NOT_REPORTING_AFTER = {"'s", "the", "a", "an", "its", "their", "his", "her", "this", "is", "are", "was", "were",
                        "been", "be", "aside", "off", "rejected", "dismissed", "denied", "refuted", "rejecting",
                        "dismissing", "denying", "these", "those", "such"}  # "brushed aside claims that ...
_LIGHT_REPORTING = {"announced", "announces", "unveiled", "confirmed", "disclosed", "revealed", "reported"}
_NO_WHAT = {"intention", "intentions", "plan", "plans", "evidence", "sign", "signs", "proof", "indication", "need"}
_LIGHT_VERBS = {"staged", "held", "conducted", "carried", "made", "staging", "holding", "conducting", "stage",
                "hold", "conduct", "performed", "completed", "announced"}
_CONJ_PREPS = {"after", "before", "since", "until", "as", "while", "when", "than", "because"}
_HELP_WORDS = {"help", "helped", "helps", "helping", "assist", "assisted", "assisting", "returned"}
# Statements take the date of the occasion the document last dated ("He also accused ..."); measured on the
# dev set, inheriting for material acts as well made dates worse, so only these do; nor for denials, which
# answer a claim at a time of their own. Meetings joined them in the seventh session ("From Pyongyang, Putin flew
# on to Vietnam"): date month rose on eleven of sixteen development sets and fell on one.
# a month without a year is in the past era a story is telling only while that era was named recently (a story
# from 2024 that mentions 2019 "by comparison" is back in 2024 a few sentences on)
_ERA_REACH = 2
_LATER = re.compile(r"\s*(?:later|subsequently|since then)\b(?!\s+that\b)", re.I)
_INHERIT_REACH = 2  # an undated statement belongs to the occasion dated at most three sentences before
_INHERIT_TYPES = {"ACCUSE", "SUPPORT", "REQUEST", "THREATEN", "PROTEST", "AGREE", "CONSULT"}
_MUTUAL_TYPES = {"AGREE", "CONSULT", "COOPERATE"}
_VETO = {"vetoed", "vetoes", "veto", "vetoing", "blocked", "blocks", "block", "blocking"}


@dataclass
class _Attribution:
    speaker_tokens: set[int] = field(default_factory=set)
    speakers: list[Mention] = field(default_factory=list)
    unnamed: bool = False
    named: bool = False  # a named speaker that is not an actor (a think tank, a newspaper)
    present: bool = False


@dataclass
class _DocState:
    """What a document has said so far, for light coreference."""

    last_state: str | None = None
    last_person: str | None = None
    last_place: tuple[str, int] | None = None  # the state of the last place named, and sentences since
    last_agents: list[Mention] = field(default_factory=list)
    states_seen: list[str] = field(default_factory=list)
    pair: tuple[str, str] | None = None
    pair_counts: dict[frozenset[str], int] = field(default_factory=dict)  # how often each pair acted together
    between: tuple[str, str] | None = None  # the pair the current sentence names as "between X and Y"
    last_joint: list[str] = field(default_factory=list)  # the parties of the last joint drill or project
    claimant: str | None = None  # the last third party that reported or accused (target of denials)
    last_doer: str | None = None  # source of the last material act (shipment, strike, deployment, ...)
    doers: dict[str, str] = field(default_factory=dict)  # the last doer of each kind of act
    last_agreement: tuple[str, str] | None = None  # the parties of the last agreement coded
    last_kim: str | None = None  # whose "Kim" was named in full last ("Kim Hong-kyun ... Kim said")
    accused_by: dict[str, list[str]] = field(default_factory=dict)  # whom each state condemned last
    last_military: str | None = None  # whose soldiers were named last ("the troops" later refers to them)
    last_meeting: str | None = None  # the date of the last dated meeting (for "after the talks")
    last_meeting_day: str | None = None  # the same, dated to the day (the story's own, not background's)
    last_group: list[str] = field(default_factory=list)  # the last three or more states named together
    last_igo: str | None = None  # the last international body named (UNSC, UN, ...)
    claimants: list[str] = field(default_factory=list)  # every such party, for denials made before the claim
    last_date: str | None = None  # the date of the last dated event, for "the same day", "that month"
    last_year: int | None = None  # the year of the last date the text named, for the era of undated sentences
    year_age: int = 99  # sentences since last_year was named
    last_ministry: str | None = None  # whose ministry was named last ("the ministry called on Moscow ...")
    last_visit: tuple[str, str] | None = None  # (visitor, host) of the last meeting coded
    last_said: str | None = None  # the date of the last statement ("said on Monday"), when no event had one
    # what the pair classifier proposes: (probability, sentence, candidate), added after the rules if the
    # document has no event of that (type, source, target)
    proposals: list[tuple[float, Sentence, _Candidate]] = field(default_factory=list)
    said_age: int = 99  # sentences since last_said was set
    date_age: int = 99  # sentences since last_date was set
    last_day: str | None = None  # the last day the text named, coded or not ("freed 52 prisoners on Thursday")
    last_actor: str | None = None  # source of the last event coded
    last_target: str | None = None  # target of the last event coded
    first_person: str | None = None  # the first person named in the last sentence that named one (its subject)
    last_sources: list[str] = field(default_factory=list)  # who acted in the last sentence with events


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
    undirected: bool = False  # a flow whose direction the sentence does not give


class Extractor:
    """Codes documents into events for one watch profile."""

    # 2.0: dependency parse for roles, speakers and report dates; 2.1: rules tuned on dev_c/dev_e;
    # 2.2: rules tuned on dev_f/dev_g (joint drills, offensives, denials by both parties, exchanges, backing)
    # 2.3: rules from dev_h/dev_i; 2.4: rules from dev_j-dev_m (attribution spans, warnings, resolutions, links,
    # tourism, troops at the front, live-blog stamps)
    # 2.6: the learned pair classifier (extract/pairs.py) adds what the rules miss and drops what they code
    # against the sentence; the learned date fallback (extract/dating.py) dates what the story dates
    # 2.7: leaders, ministers and capitals of any country (data/people.yaml); "it" is a state before a person;
    # the pair classifier may add another month or cargo of a (type, source, target) the document has
    # the shipped models' digest is part of the version: retraining them re-codes workspaces like a rule change
    version = "rules-2.7+" + models_digest((PAIR_MODEL_FILE, DATE_MODEL_FILE))

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.pairs: PairModel | None = load_pair_model()
        self.dates: PairModel | None = load_date_model()  # the learned date fallback (extract/dating.py)
        # when a list, every (sentence, pair) and its features are appended to it (benchmarks/train_pairs.py)
        self.pair_log: list[tuple[str, Sentence, str, str, dict[str, float]]] | None = None
        self._doc_id = ""
        self.lex: Lexicon = load_lexicon()
        self.actors = matcher_for(profile)
        self.dyad = profile.dyad
        self.dyad_codes = frozenset(profile.dyad)
        self._pub: date | None = None
        self._inherit: str | None = None
        self._story_year: int | None = None
        self._passive = False
        self._verb_positions: list[int] = []
        self._pair: tuple[str, str] | None = None
        self.use_syntax = syntax.available()
        self._parses: dict[int, syntax.Parse] = {}
        self._found: dict[int, list[Mention]] = {}
        self._cur_parse: syntax.Parse | None = None
        self._said_on: str | None = None
        self._occasion: str | None = None
        self._thing_dates: set[tuple[int, int]] = set()

    # -- public --------------------------------------------------------------
    def extract(self, doc: Document) -> list[Event]:
        """All events of one document, merged per (type, source, target, commodity, date)."""
        return self.extract_many([doc])[0]

    def extract_many(self, docs: list[Document]) -> list[list[Event]]:
        """The events of several documents; their sentences are parsed in one batch."""
        prepared = []
        for doc in docs:
            original = clean_text(doc.text or "")
            # analyse a masked copy (datelines, leftover markup blanked, same length), cite the original
            text = _mask(original)
            prepared.append((doc, original, text, split_sentences(text)))
        self._found = {}
        self._parses = self._parse_candidates([s for _, _, _, sents in prepared for s in sents])
        try:
            return [self._extract_prepared(*p) for p in prepared]
        finally:
            self._parses, self._found = {}, {}

    def _extract_prepared(self, doc: Document, original: str, text: str,
                          sentences: list[Sentence]) -> list[Event]:
        pub = parse_published(doc.published)
        self._pub = pub
        self._doc_id = doc.id
        state = _DocState()
        merged: dict[tuple[str, str, str, str | None, str | None], Event] = {}
        doc_codes = self._doc_codes(text)
        coded = [(sent, cand) for sent in sentences for cand in self._sentence(sent, pub, state, doc_codes)]
        coded = self._resolve_claimants(coded, state, doc_codes)
        coded = _with_proposals(coded, state.proposals, self.pairs.repeat if self.pairs is not None else 1.0)
        # a flow with no direction is coded only when no sentence of the document gives its direction
        directed = {frozenset((c.source, c.target)) for _, c in coded if c.event_type == "AID"}
        # an undated restatement of a meeting or signing the document dates elsewhere is that same event
        # (the nearest dated mention before it, else the first after it)
        first_date: dict[tuple[str, str, str, str | None], str] = {}
        for _, c in coded:
            if c.date and c.event_type in _MERGE_UNDATED and c.certainty != "speculative":
                first_date.setdefault((c.event_type, c.source, c.target, c.commodity), c.date)
        last_date: dict[tuple[str, str, str, str | None], str] = {}
        restated = []
        for s, c in coded:
            tup = (c.event_type, c.source, c.target, c.commodity)
            if c.date and c.event_type in _MERGE_UNDATED and c.certainty != "speculative":
                last_date[tup] = c.date
            elif c.date is None and tup in first_date and c.certainty != "speculative":
                c = replace(c, date=last_date.get(tup, first_date[tup]))
            restated.append((s, c))
        coded = restated
        for sent, cand in coded:
            if cand.undirected and frozenset((cand.source, cand.target)) in directed:
                continue
            evidence = Evidence(original[sent.start:sent.end], sent.start, sent.end, doc.id)
            event = Event(
                event_type=cand.event_type, source=cand.source, target=cand.target, mode=cand.mode,
                commodity=cand.commodity, date=cand.date, quantity=cand.quantity,
                certainty=cand.certainty, confidence=cand.confidence, source_name=cand.source_name,
                target_name=cand.target_name, evidence=[evidence], document_id=doc.id,
                extractor_version=self.version,
            )
            have = merged.get(event.key())
            if have is None:
                merged[event.key()] = event
            else:
                absorb(have, event)
        events = list(merged.values())
        if self.dates is not None and len(doc.published or "") >= 7:
            events = apply_date_model(self.dates, events, original, pub)
        return events

    # -- per sentence ----------------------------------------------------------
    def _doc_codes(self, text: str) -> set[str]:
        from axiswatch.extract.text import tokenize

        return {m.code for m in self.actors.find(tokenize(text))}

    def _sentence(self, sent: Sentence, pub: date | None, state: _DocState,
                  doc_codes: set[str]) -> list[_Candidate]:
        toks = sent.tokens
        if not toks:
            return []
        mentions = self._found.get(id(sent))
        if mentions is None:
            mentions = self.actors.find(toks, sent.text)
        # a bare "Kim" is the Kim named in full last: South Korea's vice minister Kim Hong-kyun as much as Kim
        # Jong Un
        mentions = [replace(m, code=state.last_kim) if m.surface == "Kim" and state.last_kim else m
                    for m in mentions]
        for m in mentions:
            if m.surface.startswith("Kim ") and m.is_person:
                state.last_kim = m.code
        mentions = self._add_coreference(toks, mentions, state)
        self._cur_parse = self._parsed(sent)
        self._pair = state.pair
        attr = self._attribution(toks, mentions)
        if attr.speakers and toks[0].text in ("'", '"', "‘", "“"):
            # "'We condemn the DPRK for ...,' Kirby told reporters": "we" in a quote is the speaker's side
            we = [Mention(x, x + 1, attr.speakers[0].code, toks[x].text, "coref") for x, t in enumerate(toks)
                  if t.lower == "we" and x not in attr.speaker_tokens and not any(m.i == x for m in mentions)]
            if we:
                mentions = sorted(mentions + we, key=lambda m: (m.i, m.j))
        clauses = _clauses(toks)
        all_dates = [d for d in find_dates(sent.text, pub)
                     if not _FIRST_SINCE.search(sent.text[max(0, d.start - 90):d.start])]
        stamp = _ENTRY_STAMP.match(sent.text)
        if stamp and pub and not all_dates:
            # a live blog's entry "13:45 — Putin and Kim sat down for talks": the day of publication
            all_dates = [DateMention(0, stamp.end(), pub.isoformat(), "stamp")]
        state.year_age += 1
        # "Russia", not "the Soviet Union": a sentence naming the present-day state is not in the Soviet era
        modern = any(m.code == "RUS" and "russia" in m.surface.lower() for m in mentions)
        # "Last month the circle closed: Putin was back in Pyongyang on 19 June": the sentence's own dated
        # phrase brings the story back to the present
        present = any(d.kind == "rel" and pub and d.value[:4].isdigit() and int(d.value[:4]) >= pub.year - 1
                      for d in all_dates)
        if state.last_year and pub and state.last_year <= pub.year - 5 and state.year_age <= _ERA_REACH and not (
                modern and state.last_year <= 1991) and not present:
            # "on July 19" in a story set in 2000 is 19 July 2000, not last July
            # but "last November", "this April" count from the publication
            all_dates = [_in_year(d, state.last_year) if d.kind in ("md", "dm", "month") and not sent.text[
                d.start:d.end].lower().startswith(("last ", "this ", "next ")) else d for d in all_dates]
        # "abide by the 1953 armistice": that year dates the armistice, no other act of the sentence
        self._thing_dates = {(d.start, d.end) for d in all_dates if _names_a_thing(d, sent.text)}
        # a date right after a reporting verb dates the statement ("the White House said earlier this year")
        dates = [d for d in all_dates if not _in_tokens(d, toks, attr.speaker_tokens)
                 and not _SAID_BEFORE.search(sent.text[max(0, d.start - 40):d.start])]
        # "Japan will freeze the assets ..., the government said on Friday": the announcement is the act
        self._said_on = next((d.value for d in all_dates if d not in dates and (d.start, d.end) not in
                              self._thing_dates), None)
        anaphoric = _anaphoric_dates(sent.text, state.last_date or state.last_said or state.last_day,
                                     [d for d in all_dates if len(d.value) == 10])
        if dates:
            # "On Tuesday morning, hours before Americans began voting, the North fired ...": the hours count
            # from something else the sentence names, the day is given
            anaphoric = [a for a in anaphoric if "hour" not in sent.text[a.start:a.end].lower()]
        # "Two days earlier, ...": counted from the story's last occasion, not from publication
        dates = [d for d in dates if not any(a.start <= d.start < a.end for a in anaphoric)] + anaphoric
        self._inherit = state.last_date if not dates and state.last_date and len(state.last_date) == 10 \
            and state.date_age <= _INHERIT_REACH and not _LATER.match(sent.text) else None
        state.date_age += 1
        if not dates and state.last_date is None and state.last_said and len(state.last_said) == 10 \
                and state.said_age <= 2:
            # "the Pentagon said on Monday ... Rutte called the move an escalation": the same round of statements
            self._inherit = state.last_said
        # an undated sentence in a story set in the Soviet era is still in that era ("They fought American jets")
        self._story_year = state.last_year if not dates and not (modern and (state.last_year or 0) <= 1991) \
            else None
        # the era the story is in; "any day they had examined since 2018" reaches back without moving the story
        # nor does a year naming a thing ("abide by the 1953 armistice", "its 2006 test")
        eras = [d for d in all_dates if not sent.text[max(0, d.start - 7):d.start].lower().rstrip().endswith("since")
                and (d.start, d.end) not in self._thing_dates]
        if eras:
            state.last_year = int(eras[-1].value[:4])
            state.year_age = 0
        days = [d.value for d in all_dates + anaphoric if len(d.value) == 10]
        state.last_day = days[-1] if days else state.last_day

        # "After the talks the two leaders signed ...": the occasion is the meeting the document dated
        # the story's own meeting is dated to the day; "his only earlier visit, in July 2000" is background
        self._occasion = (state.last_meeting_day or state.last_meeting) if not dates and _OCCASION.search(
            sent.text) else None
        quants = find_quantities(toks)
        taken = {k for m in mentions for k in range(m.i, m.j)}
        # cargo words inside a name do not count ("National Intelligence Service"), except in a military
        # unit's name, which is both the actor and what moves ("North Korean soldiers were sent to Russia")
        soldiers = {k for m in mentions if m.kind == "military" for k in range(m.i, m.j)}
        commodities = [c for c in self.lex.commodities.find(toks)
                       if not any((x in taken and x not in soldiers) or x in attr.speaker_tokens
                                  for x in range(c[0], c[1]))]
        commodity_tokens = {k for a, b, _ in commodities if b - a > 1 for k in range(a, b)}
        out: list[_Candidate] = []
        self._verb_positions = self._trigger_positions(toks, taken)
        self._clause_agents: dict[int, list[Mention]] = {}
        verb_triggers: list[int] = []
        requests: list[int] = []
        scanned: list[tuple[int, frozenset[str]]] = []  # every trigger word and its types, for the pair classifier
        # the types of the acts this sentence denies, negates, makes conditional or hypothetical: the pair
        # classifier may not code what the rules ruled out ("*": anything, for a forecast)
        vetoed: set[str] = set()
        pending: str | None = None
        for i, k, readings in self.lex.triggers.scan(toks, taken | attr.speaker_tokens):
            scanned.append((i, frozenset(r.event_type for r in readings)))
            if pending is not None:
                vetoed.add(pending)
                pending = None
            if i in commodity_tokens and (not any(not r.noun for r in readings) or any(
                    a < i < b for a, b, _ in commodities)):
                continue  # "economic help", "military supplies": the head of a cargo phrase, not a verb
            reading = self._choose_reading(readings, toks, i, k, clauses, verb_triggers, mentions)
            if reading is None or _not_an_act(toks, i, k, reading):
                continue
            if reading.event_type == "SUPPORT" and i > 0 and toks[i - 1].lower in _MATERIAL:
                continue  # "military support" is supplies (AID), not words of backing
            if reading.event_type == "SUPPORT" and reading.noun and (
                    owner := _possessor_before(mentions, toks, i)) is not None and owner.i > 0 and \
                    toks[owner.i - 1].lower in ("of", "from", "through"):
                continue  # "an escalation of Pyongyang's support for Moscow": named inside another act
            cs, ce_i = _clause_of(clauses, i)
            pending = reading.event_type
            warned_whom = next((m for m in mentions if m.i == i + k and not m.is_place), None) \
                if reading.event_type == "THREATEN" and reading.form in ("warned", "warns", "warn") else None
            if warned_whom is not None and warned_whom.j + 1 < len(toks) and toks[warned_whom.j].lower == "to" \
                    and toks[warned_whom.j + 1].lower in ("stop", "halt", "cease", "end", "refrain", "keep", "stay",
                                                          "withdraw", "abandon", "drop", "not"):
                reading = TriggerSpec("REQUEST", "act_on", False, reading.form)  # "warned Washington to stop ..."
            if reading.event_type == "THREATEN" and reading.form in ("warned", "warns", "warn", "warning") and \
                    i + k < len(toks) and toks[i + k].lower == "that":
                warner = next((m.code for m in reversed(mentions) if m.j <= i and not m.is_place), None)
                subj = next((m.code for m in mentions if m.i > i + k), None)
                if subj is not None and warner is not None and subj != warner:
                    pending = "*"
                    continue  # "Seoul warned that Moscow might repay the North": a forecast, not a threat
            if reading.event_type in ("SANCTION", "ASSAULT") and any(
                    toks[x].lower in ("if", "unless") for x in range(i + k, ce_i)) and any(
                    toks[x].lower in ("would", "will", "could") for x in range(max(cs, i - 6), i)):
                # "the United States would not hesitate to impose sanctions if Pyongyang and Moscow went ahead":
                # a conditional punishment is a threat
                reading = TriggerSpec("THREATEN", "act_on", False, reading.form)
            if attr.speakers and self._negated(toks, i, cs) and self._denies_own_act(toks, i, cs, mentions, attr):
                # "Pyongyang said it had never exported weapons to Russia": a denial by the speaker
                denier = attr.speakers[0]
                target = state.claimant if state.claimant not in (None, denier.code) else _CLAIMANT
                if target and target != denier.code and reading.event_type in ("AID", "COOPERATE", "ASSAULT",
                                                                                "MOBILIZE", "CONSULT"):
                    out.extend(self._finish([(denier, Mention(i, i + k, target, target, "implied"))], "REJECT",
                                            reading, toks, i, i + k, *_clause_of(clauses, i), attr, dates, quants,
                                            commodities))
                continue
            if self._negated(toks, i, cs):
                continue
            if reading.noun and any(toks[x].lower in ("no", "zero") for x in range(max(cs, i - 3), i)):
                continue  # "reported no oil deliveries": none happened
            if reading.event_type in _DENIABLE and any(toks[x].lower in _DENY for x in range(max(cs, i - 8), i)) \
                    and not any(toks[x].lower.startswith("accus") for x in range(0, i)):
                continue  # "denied that it had sent troops": the denial is the event, its content is not
            if reading.event_type in _DENIABLE and any(toks[x].lower == "against" and toks[x + 1].lower.endswith("ing")
                                                          for x in range(max(cs, i - 5), i)):
                continue  # "warned Seoul against (building an alliance)": what is warned against has not happened
            if toks[i].lower.endswith("ing") and not reading.noun and (i == cs or toks[i - 1].lower in (
                    "that", ",")) and any(toks[x].lower in ("would", "could") for x in range(i + k, _clause_of(
                    clauses, i)[1])):
                continue  # "warned that supplying arms to Kyiv would be a mistake": a hypothetical act
            if any(toks[x].lower in ("if", "unless") for x in range(max(0, i - 5), i)):
                continue  # "warned Tehran of sanctions if it sent missiles": a condition, not an act
            if reading.event_type in _DENIABLE | {"SUPPORT"} and any(
                    toks[x].lower in _OBLIGING for x in range(max(0, i - 8), i)):
                continue  # "the pact commits each side to provide military help if the other is attacked": a duty

            if reading.event_type in _DENIABLE and any(toks[x].lower in _STOPPING for x in range(max(cs, i - 5), i)):
                continue  # "called on Pyongyang and Moscow to stop their unlawful military cooperation"
            if reading.event_type in ("AID", "SUPPORT", "COOPERATE", "MOBILIZE", "RETREAT") and any(
                    cs <= r < i and i - r <= 8 for r in requests):
                continue  # "asked Putin for help", "sought Pyongyang's support": asked for, not (yet) given
            if not reading.noun:
                verb_triggers.append(i)
                if reading.event_type == "REQUEST" and not _is_passive(toks, i, reading.form) and not (
                        i + k < len(toks) and toks[i + k].lower in ("by", "about", "whether")):
                    requests.append(i)  # not "Asked by reporters whether Moscow would help .."
            pending = None
            coded = self._code(reading, toks, i, i + k, mentions, attr, clauses, dates, quants, commodities,
                               sent, state, doc_codes)
            for c in coded:
                if c.event_type == "ACCUSE":
                    state.claimant = c.source  # "... accused Pyongyang of X, which both countries deny"
                    state.accused_by[c.source] = [t for t in state.accused_by.get(c.source, [])
                                                  if t != c.target][-2:] + [c.target]
            out.extend(coded)
        if pending is not None:
            vetoed.add(pending)
        # sentence-level patterns that no single trigger carries; each sees what was coded before it
        for pattern in (self._workers_abroad, self._with_backing, self._shuttle_trips, self._earnings,
                        self._recognition, self._praise, self._invitation, self._not_aimed_at, self._positioned,
                        self._duty_to_help, self._put_under, self._resolution_adopted, self._confident_of_victory,
                        self._declared_deliveries, self._strike_by_maker, self._condemned_antecedent):
            out += pattern(toks, mentions, attr, clauses, dates, quants, commodities, out)
        out += self._told_to(toks, mentions, attr, clauses, dates, quants, commodities, out, state)
        out += self._tourists_to(toks, mentions, attr, clauses, dates, quants, commodities, out, state)
        out += self._let_in_alone(toks, mentions, attr, clauses, dates, quants, commodities, out, state)
        out += self._links_built(toks, mentions, attr, clauses, dates, quants, commodities, out, state)
        out += self._warning(toks, mentions, attr, clauses, dates, quants, commodities, out, state)
        summoned = {c.source: c.target for c in out if c.event_type == "PROTEST"}
        if summoned and any(toks[x].lower.startswith("demand") for x in range(len(toks))):
            # "summoned the Russian ambassador and demanded the withdrawal of the North Korean troops": the demand
            # is made of the state summoned
            out = [replace(c, target=summoned[c.source], target_name=None)
                   if c.event_type == "REQUEST" and c.source in summoned and c.target != summoned[c.source] else c
                   for c in out]
            unique: dict[tuple[str, str, str, str | None, str | None], _Candidate] = {}
            for c in out:
                unique.setdefault((c.event_type, c.source, c.target, c.commodity, c.date), c)
            out = list(unique.values())
        if any(toks[x].lower == "request" and toks[x - 1].lower == "the" and toks[x - 2].lower == "at"
               for x in range(2, len(toks))):
            # "the Council met at the request of Ukraine": Ukraine asked for the meeting, it was not visited
            asks = {(c.target, c.source) for c in out if c.event_type == "REQUEST"}
            out = [c for c in out if not (c.event_type == "CONSULT" and (c.source, c.target) in asks)]
        out = _in_exchange(toks, commodities, out)
        out = _traded_for(toks, mentions, commodities, out, self.dyad)
        out = _owned_cargo(mentions, commodities, out)
        out = _technology_kinds(toks, out)
        out += _analysis_back(toks, mentions, out)
        out += _at_the_front(toks, out)
        out += _more_followed(toks, dates, quants, out)
        out = _denied_by_both(out)
        out += self._evaluations(toks, mentions, attr, clauses, dates, quants, commodities, out, state, doc_codes)
        self._update_state(state, mentions, attr, toks)
        joint = list(dict.fromkeys(c.source for c in out if c.event_type == "COOPERATE" and c.commodity is None))
        if len(joint) >= 2:
            state.last_joint = joint  # "held joint air drills ... the North condemned the drills": all of them
        if len(joint) >= 3:
            state.last_group = joint  # "flew with South Korean and Japanese jets ... The three governments"
        met = list(dict.fromkeys(code for c in out if c.event_type == "CONSULT" for code in (c.source, c.target)))
        if len(met) >= 3:
            state.last_group = met  # "Kim stood alongside Xi and Putin ... Trump accused the three men"
        doers = [c.source for c in out if c.event_type in ("AID", "ASSAULT", "MOBILIZE", "COOPERATE", "COERCE")
                 and c.source != c.target]
        if doers:
            state.last_doer = doers[-1]
        for c in out:
            if c.event_type == "AGREE" and c.source != c.target:
                state.last_agreement = (c.source, c.target)
            if c.source != c.target or c.event_type == "MOBILIZE":
                state.doers[c.event_type] = c.source  # a test launch is its own ("condemned the launch")
                if c.commodity == "troops":
                    state.doers["troops"] = c.source
                if c.event_type == "REJECT" and c.target == "UNSC":
                    state.doers["VETO"] = c.source  # "South Korea and Japan denounced the veto"
        for c in out:
            if c.commodity == "troops":
                state.last_military = c.source  # "North Korea has sent 11,000 troops" -> "the troops" are its
        visits = [c for c in out if c.event_type == "CONSULT" and c.source != c.target]
        if visits:
            state.last_visit = (visits[0].source, visits[0].target)
        met = [c.date for c in out if c.date and c.event_type == "CONSULT"]
        if met:
            state.last_meeting = met[-1]
            state.last_meeting_day = next((d for d in reversed(met) if len(d) == 10), state.last_meeting_day)
        dated = [c.date for c in out if c.date]
        # only an occasion is inherited by the next sentence's statements; "since March" starts a span
        spans = {d.value for d in dates if sent.text[max(0, d.start - 7):d.start].lower().rstrip().endswith(
            ("since", "from")) or sent.text[d.start:d.end].lower().startswith(("since", "from"))}
        occasions = [d for d in dated if d not in spans]
        if occasions:
            state.last_date = occasions[-1]
            state.date_age = 0
        elif dated:
            state.last_date = None
        if dated:
            state.last_said = None
        elif (said := self._said_on or next((d.value for d in all_dates if _SAID_BEFORE.search(
                sent.text[max(0, d.start - 40):d.start])), None)):
            state.last_said = said  # "X said on Monday that ... Putin thanked Kim the same day"
            state.said_age = 0
        state.said_age += 1
        if out:
            state.last_actor = out[-1].source
            state.last_target = out[-1].target
            state.last_sources = list(dict.fromkeys(c.source for c in out if c.source != c.target))
            for c in out:
                if c.source != c.target and c.target not in ("UNSC", "UN"):
                    state.pair = (c.source, c.target)
                    break
            # in the order the sentence coded them (a set's order would change from run to run)
            for key in dict.fromkeys(frozenset((c.source, c.target)) for c in out if c.source != c.target
                                     and c.target not in ("UNSC", "UN") and c.event_type in _TOGETHER):
                state.pair_counts[key] = state.pair_counts.get(key, 0) + 1
        if state.between is not None:
            # "over aid flowing between Moscow and Pyongyang ... the two countries": the pair the text links
            state.pair = state.between
            key = frozenset(state.between)
            state.pair_counts[key] = state.pair_counts.get(key, 0) + 1
        parties = {c.source for c in out} | {c.target for c in out}
        for sp in attr.speakers:
            if sp.code not in parties:
                state.claimant = sp.code
                state.claimants.append(sp.code)
        for c in out:
            if c.event_type == "ACCUSE":
                state.claimant = c.source
                state.claimants.append(c.source)
        if self.pairs is not None or self.pair_log is not None:
            doubtful = self._propose(sent, toks, mentions, attr, clauses, dates, quants, commodities, out, state,
                                     scanned, vetoed)
            if doubtful:
                out = [c for c in out if (c.event_type, c.source, c.target) not in doubtful]
        return out

    def _propose(self, sent: Sentence, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                 clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                 commodities: list[tuple[int, int, str]], out: list[_Candidate], state: _DocState,
                 scanned: list[tuple[int, frozenset[str]]], vetoed: set[str]) -> set[tuple[str, str, str]]:
        """Score every ordered pair of the sentence's actors with the pair classifier; keep what it finds
        likely and the rules did not code here, built with the rules' own dating, certainty and cargo, and
        return the rules' (type, source, target) it finds very unlikely here."""
        coded = [(c.event_type, c.source, c.target) for c in out]
        codes = candidate_codes(mentions, coded)
        doubtful: set[tuple[str, str, str]] = set()
        if not 2 <= len(codes) <= _MAX_PAIR_ACTORS:
            return doubtful  # a long list of signatories or guests: the pairs grow as the square, the rules alone
        speakers = [m.code for m in attr.speakers]
        here = set(coded)
        ordered = [(a, b) for a in codes for b in codes if a != b]
        words = sentence_features(toks)  # the same for every pair: scored once
        feats = [pair_features(toks, mentions, speakers, coded, a, b, len(codes), self.dyad_codes, scanned,
                               words=False) for a, b in ordered]
        if self.pair_log is not None:
            self.pair_log.extend((self._doc_id, sent, a, b, words | f) for (a, b), f in zip(ordered, feats,
                                                                                             strict=True))
        if self.pairs is None or "*" in vetoed:
            return doubtful
        probs = self.pairs.scores_many(feats, shared=words)
        types = self.pairs.types
        for (a, b), row in zip(ordered, probs, strict=True):
            # a rule's event the classifier finds very unlikely is dropped from what the sentence codes
            doubtful.update((t, a, b) for t, p in zip(types, row, strict=True)
                            if p < self.pairs.doubt and (t, a, b) in here)
            likely = [(t, float(p)) for t, p in zip(types, row, strict=True)
                      if p >= self.pairs.threshold and (t, a, b) not in here and t not in vetoed]
            if not likely:
                continue
            src, tgt = _nearest_pair(mentions, a, b)
            # the act sits between the two actors: its verb if one is there, else the word after the first
            lo, hi = sorted((src.j, tgt.i)) if src.kind != "implied" and tgt.kind != "implied" else (0, len(toks))
            between = next((v for v in self._verb_positions if lo <= v < hi), min(lo, len(toks) - 1))
            self._passive = False
            for etype, p in likely:
                # better, a word of that type: dated, hedged and loaded as the rules would have done
                spots = [x for x, kinds in scanned if etype in kinds]
                ti = min(spots, key=lambda x: abs(x - between)) if spots else between
                spec = TriggerSpec(etype, "act_on", False, toks[ti].lower if spots else "learned")
                cs, ce = _clause_of(clauses, ti)
                for c in self._finish([(src, tgt)], etype, spec, toks, ti, ti + 1, cs, ce, attr, dates, quants,
                                      commodities):
                    state.proposals.append((p, sent, replace(c, confidence=round(0.8 * p, 3))))
        return doubtful

    def _resolve_claimants(self, coded: list[tuple[Sentence, _Candidate]], state: _DocState,
                           doc_codes: set[str]) -> list[tuple[Sentence, _Candidate]]:
        """A denial made before its claim is named ("North Korea has denied sending weapons. ... the EU
        says ...") targets whoever the document says made the claim; with nobody named it is not coded."""
        out = []
        for sent, c in coded:
            if c.target != _CLAIMANT:
                out.append((sent, c))
                continue
            # with nobody named, the denial has no target we can state: one never denies to one's partner,
            # and unnamed accusers ("Western accusations") are not coded (ONTOLOGY.md)
            who = [code for code in dict.fromkeys(state.claimants) if code != c.source][:2]
            out.extend((sent, replace(c, target=code, target_name=None)) for code in who)
        return out

    def _evaluations(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                     clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                     commodities: list[tuple[int, int, str]], out: list[_Candidate], state: _DocState,
                     doc_codes: set[str]) -> list[_Candidate]:
        """Condemnation and dismissal by naming: "called the transfer a flagrant violation" (ACCUSE),
        "described the deployment as a dangerous escalation" (ACCUSE), "called the report a fabrication"
        (REJECT), and "X said the transfer was a threat to global security" (ACCUSE by the speaker)."""
        found: list[_Candidate] = []
        for i, tok in enumerate(toks):
            etype = _EVALUATIVE.get(tok.lower)
            window6 = [t.lower for t in toks[max(0, i - 8):i]]
            violates = tok.lower in _VIOLATING and attr.present and any(w in _NAMED_ACTS for w in window6) and any(
                toks[x].lower in _REGIME_NOUNS for x in range(i + 1, min(len(toks), i + 6)))
            # "said the continued launches threatened the peace and security of Japan"
            violates = violates or (tok.lower in _ENDANGERING and attr.present and any(
                w in _NAMED_ACTS for w in window6) and any(toks[x].lower in _SECURITY_NOUNS
                                                             for x in range(i + 1, min(len(toks), i + 6))))
            if violates:
                etype = "ACCUSE"  # "said the gift appeared to breach Security Council resolutions"
            if tok.lower == "just" and i + 1 < len(toks) and toks[i + 1].lower in ("war", "cause", "struggle", "fight"):
                etype = "SUPPORT"  # "called the invasion a just war"
            if etype is None:
                continue
            cs, ce = _clause_of(clauses, i)
            window = [t.lower for t in toks[max(0, i - 12):i]]
            naming = next((n for n in range(len(window) - 1, -1, -1) if window[n] in _NAMING_VERBS), None)
            copula = attr.present and any(w in ("was", "is", "are", "were", "be", "posed", "poses", "pose", "posing",
                                                "constituted", "constitutes", "represented", "represents")
                                          for w in window[-5:]) and any(
                w in _NAMED_ACTS for w in window)  # "said the transfer was a threat"
            if naming is None and not copula and not violates:
                continue
            if not violates and not any(toks[x].lower in ("a", "an", "as") for x in range(max(0, i - 4), i)) and not (
                    tok.lower in _EVAL_ADJECTIVES and naming is not None and not (
                        i + 1 < len(toks) and toks[i + 1].text.isalpha() and toks[i + 1].text.islower()
                        and toks[i + 1].lower not in ("and", "or"))):  # "called it illegal", not "unlawful cooperation"
                continue  # named as one ("a flagrant violation", "as an escalation"), not "in violation of"
            usable = [m for m in mentions if m.i not in attr.speaker_tokens and m.i < i]
            if naming is not None and window[naming] in _REJECTING:
                etype = "REJECT"  # "rejected the findings as a political provocation" rejects the findings
            if naming is not None:
                vi = max(0, i - 12) + naming
                agents = self._agents(toks, usable, _clause_of(clauses, vi)[0], vi, False) or attr.speakers[:1]
                named = [m for m in usable if vi < m.i < i and m.code not in {a.code for a in agents}]
            else:
                # "France, Germany and Britain said the transfer was a threat": every one of them says so
                group = _coordinated_group(attr.speakers, toks)
                agents = [m for m in attr.speakers if m.code in group] if len(group) >= 2 else attr.speakers[:1]
                named = [m for m in usable if m.code not in {a.code for a in agents}]
            if not agents:
                continue
            for agent in {a.code: a for a in agents if not a.is_place}.values():
                target: str | None
                after_of = next((m for m in mentions if i + 1 < len(toks) and toks[i + 1].lower == "of"
                                 and i + 2 <= m.i <= i + 3 and (m.possessive or m.kind == "demonym")), None)
                if named:
                    # the doer of the act named: its owner ("Iran's transfer ... to Russia") or the first named
                    target = next((m.code for m in named if m.possessive or m.kind == "demonym"), named[0].code)
                elif after_of is not None and etype == "ACCUSE":
                    target = after_of.code  # "called the transfers an escalation of Pyongyang's support"
                elif etype == "REJECT":
                    target = state.claimant if state.claimant not in (None, agent.code) else _CLAIMANT
                else:
                    # the doer of the act named ("called the transfer a threat": who transferred), in this
                    # sentence first, else earlier in the document
                    kind = next((_ACT_NOUNS[w] for w in window[-8:] if w in _ACT_NOUNS), None)
                    here = [c.source for c in out if kind and (c.event_type == kind or (
                        kind == "troops" and c.commodity == "troops")) and c.source != agent.code]
                    doer = (here[-1] if here else None) or (state.doers.get(kind) if kind else None) \
                        or state.last_doer or state.last_actor
                    target = doer if doer != agent.code else None
                if target is None or target == agent.code or any(
                        c.event_type == etype and c.source == agent.code for c in out + found):
                    continue
                targets = [target]
                if not named and state.last_agreement and any(_ACT_NOUNS.get(w) == "AGREE" for w in window[-8:]):
                    # "said the agreement threatened the South's security": both its parties
                    targets = [c for c in state.last_agreement if c != agent.code] or targets
                if not named and state.last_joint and any(w in _DRILLS for w in window[-6:]):
                    # "condemned the drills as a reckless provocation": every party to the joint drill named before
                    targets = [c for c in state.last_joint if c != agent.code] or targets
                head = next((m for m in named if m.code == target), None)
                if head is not None:
                    # "the US-South Korea drills", "Russian and North Korean cooperation": both own the act
                    targets += [m.code for m in named if m.i == head.j + 1 and toks[head.j].lower in ("-", "and")
                                and m.code not in targets and m.code != agent.code]
                spec = TriggerSpec(etype, "act_on", True, tok.lower)
                found += self._finish([(agent, Mention(i, i + 1, t, t, "implied")) for t in targets], etype, spec,
                                      toks, i, i + 1, cs, ce, attr, dates, quants, commodities)
        return found

    def _workers_abroad(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                        clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                        commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'North Korean workers in Russia', 'North Korean labourers, many of whom work in Russia and China':
        workers of one state placed in another are labour it supplies, with or without a verb."""
        found: list[_Candidate] = []
        for a, b, com in commodities:
            if com != "workers":
                continue
            origin = next((m for m in mentions if m.kind == "demonym" and 0 <= a - m.j <= 2 and not m.is_place),
                          None)
            if origin is None:
                continue
            cs, ce = _clause_of(clauses, a)
            hosts = [m for m in mentions if b <= m.i < min(len(toks), b + 9) and m.code != origin.code
                     and (_prep_before(toks, m.i, b) in ("in", "to") or toks[m.i - 1].lower in ("across", "throughout"))
                     and m.i not in attr.speaker_tokens]
            if hosts:
                # "... work in Russia and China": coordinated hosts after the first
                hosts += [m for m in mentions if m.i > hosts[0].j and m.i - hosts[0].j <= 2 and
                          all(toks[x].lower in (",", "and") for x in range(hosts[0].j, m.i))]
            for host in hosts:
                if any(c.event_type == "AID" and c.source == origin.code and c.target == host.code for c in out):
                    continue
                spec = TriggerSpec("AID", "transfer", True, toks[a].lower)
                found += self._finish([(origin, host)], "AID", spec, toks, a, b, cs, ce, attr, dates, quants,
                                      commodities, force_commodity="workers")
        return found

    def _shuttle_trips(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                       clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                       commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'The Russian-flagged Maia-1 made at least nine trips to North Korea', 'North Korean tankers made 43
        trips from Vostochny': a ship of one side shuttling to the other carries the other side's goods home."""
        at = next((x for x in range(len(toks)) if toks[x].lower in ("trips", "voyages", "runs", "port calls") and any(
            toks[y].lower in ("made", "making", "completed", "makes", "make") for y in range(max(0, x - 6), x))), None)
        if at is None:
            return []
        cs, ce = _clause_of(clauses, at)
        ship = next((m for m in mentions if m.i < at and (m.kind == "ship" or (
            m.kind == "demonym" and m.j < len(toks) and toks[m.j].lower in _SHIP_NOUNS))), None)
        if ship is None:
            return []
        other = next((m for m in mentions if at < m.i < ce and m.code != ship.code and m.code in self.dyad
                      and m.i not in attr.speaker_tokens), None)
        if other is None or ship.code not in self.dyad:
            return []
        # what the trips carry may be told after them ("..., carrying more than a million barrels of fuel")
        coms = [com for a, _, com in commodities if cs <= a and not com.startswith("_")] or ["other"]
        if any(c.event_type == "AID" and c.source == other.code and c.target == ship.code for c in out):
            return []
        # the shuttle's direction is known: a flow the other way read off the same sentence is a misreading
        out[:] = [c for c in out if not (c.event_type == "AID" and c.source == ship.code and c.target == other.code)]
        spec = TriggerSpec("AID", "transfer", True, toks[at].lower)
        found: list[_Candidate] = []
        for com in dict.fromkeys(coms):
            found += self._finish([(other, ship)], "AID", spec, toks, at, at + 1, cs, ce, attr, dates, quants,
                                  commodities, force_commodity=com)
        return found

    def _earnings(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                  clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                  commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'the North has earned more than $20 billion from its military support for Russia': the money
        flows to the earner from the one it was earned from."""
        at = next((x for x in range(len(toks)) if toks[x].lower in ("earned", "earns", "earning", "earn")), None)
        if at is None:
            return []
        cs, ce = _clause_of(clauses, at)
        money = next((q for q in quants if at < q.i < min(ce, at + 6) and q.money), None)
        frm = next((x for x in range(at + 1, ce) if toks[x].lower == "from"), None)
        earner = next((m for m in reversed(mentions) if cs <= m.i < at and not m.is_place
                       and m.i not in attr.speaker_tokens), None)
        if money is None or frm is None or earner is None:
            return []
        payer = next((m for m in mentions if frm < m.i < ce and not m.is_place and m.code != earner.code
                      and not m.kind.startswith("coref")), None)
        if payer is None or any(c.event_type == "AID" and c.source == payer.code and c.target == earner.code
                                and c.commodity == "money" for c in out):
            return []
        spec = TriggerSpec("AID", "transfer", False, toks[at].lower)
        found = self._finish([(payer, earner)], "AID", spec, toks, at, at + 1, cs, ce, attr, dates, quants,
                             commodities, force_commodity="money")
        return [replace(c, quantity=Quantity(money.value, "USD")) for c in found]

    def _told_to(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                 clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                 commodities: list[tuple[int, int, str]], out: list[_Candidate], state: _DocState) -> list[_Candidate]:
        """'told Washington to stop its reckless remarks', 'telling Putin to stop': an order or plea to the
        one told."""
        found: list[_Candidate] = []
        for x, tok in enumerate(toks):
            if tok.lower not in ("told", "telling", "tells", "tell"):
                continue
            told = next((m for m in mentions if m.i == x + 1 and not m.is_place), None)
            if told is None or told.j + 1 >= len(toks) or toks[told.j].lower != "to" or \
                    not toks[told.j + 1].text.isalpha() or not toks[told.j + 1].text.islower() or \
                    toks[told.j + 1].lower in ("the", "a", "an", "be", "reporters"):
                continue
            teller = next((m for m in reversed(mentions) if m.j <= x and not m.is_place and m.code != told.code),
                          None)
            code = teller.code if teller is not None else state.first_person
            if code is None:
                continue
            agent = teller or Mention(x, x + 1, code, code, "implied")
            found += self._once(out, "REQUEST", agent, told, TriggerSpec("REQUEST", "act_on", False, tok.lower),
                                toks, x, clauses, attr, dates, quants, commodities)
        return found

    def _positioned(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                    clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                    commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'10,000 North Korean soldiers have moved into Russia's Kursk region', 'were now in the Kursk region',
        'the arrival of North Korean soldiers in Kursk': troops placed at the war's front are mobilised against
        the other side, though no verb of sending is used (ONTOLOGY.md)."""
        found: list[_Candidate] = []
        for m in mentions:
            troops_from = m.i >= 2 and toks[m.i - 1].lower == "from" and toks[m.i - 2].lower in _TROOP_NOUNS
            if (m.kind != "military" and not troops_from) or m.code not in self.dyad or m.code == "UKR":
                continue  # "North Korean troops", "8,000 of them", "11,000 soldiers from the North"
            cs, ce = _clause_of(clauses, m.i)
            at = None
            for v in range(m.j, min(ce, m.j + 8)):
                w = toks[v].lower
                if w in _POSITIONING or (w == "in" and any(toks[x].lower in _BE_NOW
                                                           for x in range(max(m.j, v - 2), v))):
                    at = v
                    break
            if at is None and m.i >= 2 and toks[m.i - 1].lower == "of" and toks[m.i - 2].lower == "arrival":
                at = m.i - 2  # "the arrival of North Korean soldiers in Kursk"
            if at is None:
                continue
            front = any(toks[x].lower in _FRONT_WORDS for x in range(at + 1, min(ce, max(at, m.j) + 7)))
            count = next((q for q in quants if not q.money and max(0, m.i - 4) <= q.i < m.j), None)
            host = next((h for h in mentions if at < h.i <= at + 2 and h.kind == "state" and h.code in self.dyad
                         and h.code != m.code), None)
            if host is not None and toks[at].lower == "in" and not any(
                    c.event_type == "AID" and c.source == m.code and c.target == host.code for c in out + found):
                # "more than 10,000 North Korean troops are now in Russia": sent to the ally, counted
                sent = self._once(out + found, "AID", m, host, TriggerSpec("AID", "transfer", False, "in"), toks,
                                  at, clauses, attr, dates, quants, commodities)
                found += [replace(c, commodity="troops", mode="military",
                                  quantity=Quantity(count.value, "troops") if count else None) for c in sent]
            if not front:
                continue
            foe = Mention(at, at + 1, "UKR", "Ukraine", "implied")
            placed = self._once(out + found, "MOBILIZE", m, foe, TriggerSpec("MOBILIZE", "deploy", False,
                                                                            toks[at].lower),
                                toks, at, clauses, attr, dates, quants, commodities)
            # how many: "10,000 North Korean soldiers", "8,000 of them", "11,000 soldiers from the North"
            found += [replace(c, quantity=Quantity(count.value, "troops")) if count else c for c in placed]
        return found

    def _declared_deliveries(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                             clauses: list[tuple[int, int]], dates: list[DateMention],
                             quants: list[QuantityMention], commodities: list[tuple[int, int, str]],
                             out: list[_Candidate]) -> list[_Candidate]:
        """'Russia declared 105,845 barrels of refined products delivered to its neighbour over 2023', 'after
        reporting 15,279 barrels for January': fuel a state declares to the sanctions committee it delivered."""
        if any(c.event_type == "AID" and c.commodity == "fuel" for c in out):
            return []
        for q in quants:
            if q.money or q.j >= len(toks) or toks[q.j].lower not in ("barrels", "tonnes"):
                continue
            verb = next((x for x in range(max(0, q.i - 4), q.i) if toks[x].lower in _DECLARING), None)
            if verb is None:
                continue
            agent = next(iter(self._agents(toks, mentions, _clause_of(clauses, verb)[0], verb, False)), None) or next(
                (m for m in reversed(mentions) if m.j <= verb and not m.is_place), None)
            if agent is None or agent.code not in self.dyad or agent.kind.startswith("coref"):
                continue  # ("It reported a further 15,279 barrels": whose filing "it" is, is not safe to guess)
            other = next(c for c in self.dyad if c != agent.code)
            partner = next((m for m in mentions if m.i > q.j and m.code in self.dyad and m.code != agent.code
                            and not m.is_place), None) or Mention(q.i, q.j, other, other, "implied")
            found = self._once(out, "AID", agent, partner, TriggerSpec("AID", "transfer", False, toks[verb].lower),
                               toks, q.i, clauses, attr, dates, quants, commodities)
            return [replace(c, commodity="fuel", mode="economic", quantity=Quantity(q.value, toks[q.j].lower))
                    for c in found]
        return []

    def _strike_by_maker(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                         clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                         commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'debris from a missile that struck Kharkiv on 2 January came from a North Korean Hwasong-11', 'a
        missile that tore through an apartment block in Kyiv was made in North Korea': the maker's missile was
        fired by the maker's partner at war (ASSAULT) after the maker supplied it (AID)."""
        v = next((x for x in range(2, len(toks)) if toks[x].lower in _STRIKING and any(
            toks[y].lower.rstrip("s") in ("missile", "rocket", "drone", "shell") for y in range(max(0, x - 4), x))),
            None)
        if v is None:
            return []
        hit = next((m for m in mentions if v < m.i <= v + 10 and m.code == "UKR"), None)
        maker = next((m for m in mentions if m.i > v and m.kind in ("demonym", "state") and m.code in self.dyad
                      and any(" ".join(t.lower for t in toks[max(v, m.i - 3):m.i]).endswith(cue) for cue in (
                          "came from a", "came from", "made in", "produced in", "manufactured in", "was a",
                          "from a"))), None)
        if hit is None or maker is None:
            return []
        user_code = self.dyad[1] if maker.code == self.dyad[0] else self.dyad[0]
        user = Mention(v, v + 1, user_code, user_code, "implied")
        kept = [c for c in out if not (c.target == "UKR" and c.source != user_code and c.event_type in (
            "ASSAULT", "CONSULT")) and not (c.event_type == "AID" and c.source == maker.code and c.target != user_code)]
        out[:] = kept
        found = self._once(out, "ASSAULT", user, hit, TriggerSpec("ASSAULT", "act_on", False, toks[v].lower), toks, v,
                           clauses, attr, dates, quants, commodities)
        supply = self._once(out + found, "AID", maker, user, TriggerSpec("AID", "transfer", False, toks[v].lower),
                            toks, v, clauses, attr, dates, quants, commodities)
        return found + [replace(c, commodity="missiles", mode="military") for c in supply]

    def _tourists_to(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                     clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                     commodities: list[tuple[int, int, str]], out: list[_Candidate],
                     state: _DocState) -> list[_Candidate]:
        """'promised to help Russian holidaymakers travel there', 'predicted that many Russian tourists would
        soon holiday at Wonsan': tourism from the tourists' state to the place's (COOPERATE, no commodity)."""
        tour = next(((a, m) for a, _, com in commodities if com == "_tourism" for m in mentions
                     if m.kind == "demonym" and m.j == a), None)
        if tour is None or not any(toks[x].lower in _TOURISM_CUES for x in range(len(toks))):
            return []
        a, people = tour
        dest = next((m for m in mentions if m.i > a and m.code != people.code and (
            m.is_place or m.kind == "state")), None) or next(
            (m for m in mentions if m.is_place and m.code != people.code), None)  # "Wonsan could become popular"
        if dest is None and any(t.lower == "there" for t in toks[a:]) and state.last_place and \
                state.last_place[1] <= 2 and state.last_place[0] != people.code:
            dest = Mention(a, a + 1, state.last_place[0], state.last_place[0], "implied")
        if dest is None or any(c.event_type == "COOPERATE" and {c.source, c.target} == {people.code, dest.code}
                               for c in out):
            return []
        found = self._once(out, "COOPERATE", people, dest, TriggerSpec("COOPERATE", "trade", True, "tourists"),
                           toks, a, clauses, attr, dates, quants, commodities)
        return [replace(c, commodity=None, quantity=None, mode=None) for c in found]

    def _let_in_alone(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                      clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                      commodities: list[tuple[int, int, str]], out: list[_Candidate],
                      state: _DocState) -> list[_Candidate]:
        """'the first foreign holidaymakers North Korea has let in since 2020', 'the resort admits only Russian
        groups', 'while tourists from other countries remain shut out': letting in one side's tourists while
        others stay out is a concession from the host to the tourists' state (ONTOLOGY.md: CONCEDE)."""
        text = " ".join(t.lower for t in toks)
        touring = [x for x in range(len(toks)) if toks[x].lower.startswith(_TOURIST_WORDS) or (
            toks[x].lower == "tour" and x + 1 < len(toks) and toks[x + 1].lower.startswith(("group", "part")))]
        if not touring or _LET_IN_ALONE.search(text) is None:
            return []
        at = touring[0]
        guest = next((m for m in mentions if m.kind == "demonym" and not m.is_place and (
            m.j in touring or m.surface.lower().endswith("ns"))), None) or next(
            (m for m in mentions if m.kind in ("demonym", "state") and 0 < at - m.j <= 3), None)
        if guest is None:
            return []
        host = next((m for m in mentions if m.code != guest.code and not m.kind.startswith("coref") and (
            m.kind == "state" or m.is_place)), None)
        if host is None and state.last_place and state.last_place[1] <= 2 and state.last_place[0] != guest.code:
            host = Mention(at, at + 1, state.last_place[0], state.last_place[0], "implied")
        if host is None:
            return []
        return self._once(out, "CONCEDE", host, guest, TriggerSpec("CONCEDE", "act_on", True, "let in"), toks, at,
                          clauses, attr, dates, quants, commodities)

    def _condemned_antecedent(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                              clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                              commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'staged their annual exercise, which Pyongyang denounced as a provocation', 'an attack that Zelensky
        condemned': the one condemning accuses the doers of the act the relative clause hangs on."""
        found: list[_Candidate] = []
        for x in range(1, len(toks) - 2):
            if toks[x].lower not in ("which", "that") or toks[x - 1].text not in (",", "attack", "strike", "move",
                                                                                   "launch", "drills", "exercise"):
                continue
            who = next((m for m in mentions if m.i == x + 1 and not m.is_place), None)
            if who is None:
                continue
            verb = next((k for k in range(who.j, min(len(toks), who.j + 3)) if any(
                r.event_type == "ACCUSE" and not r.noun for hit in self.lex.triggers.match_at(toks, k)
                for r in hit[1])), None)
            if verb is None:
                continue
            doers = list(dict.fromkeys(c.source for c in out if c.event_type in (
                "ASSAULT", "MOBILIZE", "COOPERATE", "AID", "SANCTION") and c.source != who.code))
            for code in doers:
                found += self._once(out + found, "ACCUSE", who, Mention(x, x + 1, code, code, "implied"),
                                    TriggerSpec("ACCUSE", "act_on", False, toks[verb].lower), toks, verb, clauses, attr,
                                    dates, quants, commodities)
        return found

    def _links_built(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                     clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                     commodities: list[tuple[int, int, str]], out: list[_Candidate],
                     state: _DocState) -> list[_Candidate]:
        """'Work on a road bridge across the Tumen got under way on Wednesday', 'the Friendship Bridge, which the
        Soviet Union and North Korea opened in 1959', 'trains between Khasan and Tumangang resumed in December':
        a link two states build or run together is joint action both ways (COOPERATE, no commodity)."""
        words = [t.lower for t in toks]
        link = next((x for x, w in enumerate(words) if w in _LINK_NOUNS), None)
        verb = next((x for x, w in enumerate(words) if (w in _BUILDING and not (x > 0 and words[x - 1] in (
            "a", "an", "the")) and not (x + 1 < len(words) and words[x + 1].endswith("ing"))) or (
                w in ("under", "broke") and x + 1 < len(words) and words[x + 1] in ("way", "ground"))), None)
        # ("a rebuilt line" is no rebuilding, nor "started moving arms by rail")
        if link is None or verb is None or abs(verb - link) > 16 or any(c.event_type == "COOPERATE" for c in out):
            return []
        codes = list(dict.fromkeys(m.code for m in mentions if m.kind in ("state", "demonym", "coref", "coref-pair")
                                   and m.code not in ("UN", "UNSC")))
        era = {_era_key(c) for c in codes}
        if len(era) != 2 or len(codes) > 3:
            pair = state.pair if state.pair and any(
                toks[x].lower in ("tumen", "khasan", "rajin", "tumangang", "friendship") for x in range(len(toks))) \
                else None
            if pair is None or any(_era_key(c) not in {_era_key(p) for p in pair} for c in codes):
                return []
            codes = list(pair)
        a, b = codes[0], next(c for c in codes[1:] if _era_key(c) != _era_key(codes[0]))
        spec = TriggerSpec("COOPERATE", "joint", False, toks[verb].lower)
        found: list[_Candidate] = []
        for src, tgt in ((a, b), (b, a)):
            found += self._once(out + found, "COOPERATE", Mention(verb, verb + 1, src, src, "implied"),
                                Mention(verb, verb + 1, tgt, tgt, "implied"), spec, toks, verb, clauses, attr, dates,
                                quants, commodities)
        return [replace(c, commodity=None, quantity=None, mode=None) for c in found]

    def _warning(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                 clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                 commodities: list[tuple[int, int, str]], out: list[_Candidate],
                 state: _DocState) -> list[_Candidate]:
        """'Putin warned that arming Kyiv would be a big mistake and that Russia would respond in ways Seoul would
        not like', 'warned of fatal consequences', 'warned that Seoul would answer ... with every means': a
        warning of a response threatens the one warned (named in it, else the one just condemned)."""
        w = next((x for x, t in enumerate(toks) if t.lower in _WARNING_VERBS), None)
        if w is None or any(c.event_type == "THREATEN" for c in out):
            return []
        content = [t.lower for t in toks[w + 1:]]
        if not any(c.startswith(_RESPONSE_CUES) for c in content) and not any(
                " ".join(content[x:x + 2]) in _RESPONSE_PHRASES for x in range(len(content))):
            return []
        condemner = next((c.source for c in out if c.event_type in ("ACCUSE", "PROTEST")), None)
        if condemner and w > 0 and toks[w - 1].lower in ("and", ","):
            agent: Mention | None = Mention(w, w + 1, condemner, condemner, "implied")
        else:
            agent = next(iter(self._agents(toks, mentions, _clause_of(clauses, w)[0], w, False)), None) or (
                Mention(w, w + 1, condemner, condemner, "implied") if condemner else None) or next(
                (m for m in reversed(mentions) if m.j <= w and not m.is_place and not _after_prep(toks, m, self.lex)),
                None)  # "condemned the drills ... and warned of fatal consequences": the condemner warns
        if agent is None:
            return []
        own = _era_key(agent.code)
        warned = [m for m in mentions if m.i > w and not m.is_place and _era_key(m.code) != own
                  and not (m.i > 0 and toks[m.i - 1].lower.endswith("ing"))  # "arming Kyiv" is not who is warned
                  and m.code not in ("UN", "UNSC")]
        targets = list(dict.fromkeys(m.code for m in warned))
        if not targets:
            targets = [t for t in state.accused_by.get(agent.code, []) if _era_key(t) != own]
            targets = [c.target for c in out if c.event_type == "ACCUSE" and c.source == agent.code] or targets
        found: list[_Candidate] = []
        spec = TriggerSpec("THREATEN", "act_on", False, toks[w].lower)
        for code in dict.fromkeys(targets[:3]):
            found += self._once(out + found, "THREATEN", agent, Mention(w, w + 1, code, code, "implied"), spec, toks,
                                w, clauses, attr, dates, quants, commodities)
        return found

    def _once(self, out: list[_Candidate], etype: str, agent: Mention, other: Mention, spec: TriggerSpec,
              toks: list[Token], x: int, clauses: list[tuple[int, int]], attr: _Attribution,
              dates: list[DateMention], quants: list[QuantityMention],
              commodities: list[tuple[int, int, str]]) -> list[_Candidate]:
        """A sentence pattern's one event at token ``x``, unless the sentence has coded it already."""
        if agent.code == other.code or any(c.event_type == etype and c.source == agent.code and c.target == other.code
                                           for c in out):
            return []
        cs, ce = _clause_of(clauses, x)
        return self._finish([(agent, other)], etype, spec, toks, x, x + 1, cs, ce, attr, dates, quants, commodities)

    def _recognition(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                     clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                     commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'North Korea became the third country to recognise the self-proclaimed Donetsk and Luhansk republics':
        recognising the entities Russia backs (or its annexations) backs Russia."""
        words = [t.lower for t in toks]
        at = next((x for x in range(len(words)) if words[x].startswith(("recognis", "recogniz"))), None)
        if at is None or not any(w in _RUSSIAN_CLAIMS for w in words[at + 1:at + 10]):
            return []
        cs, ce = _clause_of(clauses, at)
        agent = next((m for m in mentions if m.j <= at and not m.is_place and m.code != "RUS"
                      and m.i not in attr.speaker_tokens and not _after_prep(toks, m, self.lex)), None)
        if agent is None or any(c.event_type == "SUPPORT" and c.source == agent.code and c.target == "RUS"
                                for c in out):
            return []
        spec = TriggerSpec("SUPPORT", "speech", False, toks[at].lower)
        return self._finish([(agent, Mention(at, at + 1, "RUS", "RUS", "implied"))], "SUPPORT", spec, toks, at,
                            at + 1, cs, ce, attr, dates, quants, commodities)

    def _invitation(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                    clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                    commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'accepted Kim's invitation to visit Pyongyang', 'passed on Kim's invitation for Putin to visit': the
        inviter asks the invited (REQUEST), whoever carries the message; 'at the request of Ukraine' asks the body
        that acted."""
        found: list[_Candidate] = []
        for n, tok in enumerate(toks):
            if tok.lower not in ("invitation", "request") or n == 0:
                continue
            if tok.lower == "request" and toks[n - 1].lower == "the" and n > 1 and toks[n - 2].lower == "at":
                asker = next((m for m in mentions if n + 2 <= m.i <= n + 3 and toks[n + 1].lower == "of"
                              and not m.is_place), None)
                asked = next((m for m in mentions if m.i < n - 2 and m.code in ("UNSC", "UN")), None) or next((
                    m for m in mentions if m.i < n - 2 and not m.is_place and m.code != (
                        asker.code if asker else None) and not _after_prep(toks, m, self.lex)), None)
                if asked is not None and asked.code == "UN":
                    asked = replace(asked, code="UNSC")  # "United Nations sanctions ... at the request of": the Council
                if asker is not None and asked is not None:
                    # "at the request of France, Japan, the United Kingdom and the United States": each asked
                    for also in _coordinated_after(mentions, toks, asker.i)[1:]:
                        if also.code != asked.code:
                            found += self._once(out + found, "REQUEST", also, asked,
                                                TriggerSpec("REQUEST", "act_on", True, tok.lower), toks, n, clauses,
                                                attr, dates, quants, commodities)
            elif tok.lower == "invitation":
                asker = next((m for m in mentions if m.possessive and m.j in (n, n - 1) and not m.is_place), None)
                after_for = next((m for m in mentions if n < m.i <= n + 3 and toks[m.i - 1].lower == "for"
                                  and not m.is_place), None)
                subject = next((m for m in reversed(mentions) if m.j <= n and not m.is_place and not m.possessive
                                and not _after_prep(toks, m, self.lex)), None)
                accepting = any(toks[x].lower.startswith(("accept", "receiv", "declin", "welcom", "took", "taken",
                                                          "take"))
                                for x in range(max(_clause_of(clauses, n)[0], n - 5), n))
                extending = any(toks[x].lower in ("extended", "extends", "issued", "renewed", "conveyed", "sent",
                                                  "delivered") for x in range(max(0, n - 4), n))
                # "an invitation from Kim to visit", "Kim had extended an invitation for Putin to come"
                asker = asker or next((m for m in mentions if n < m.i <= n + 2 and toks[m.i - 1].lower == "from"
                                       and not m.is_place), None) or (subject if extending and after_for else None)
                asked = after_for or (subject if accepting else None)
            else:
                continue
            if asker is not None and asked is not None:
                found += self._once(out, "REQUEST", asker, asked, TriggerSpec("REQUEST", "act_on", True, tok.lower),
                                    toks, n, clauses, attr, dates, quants, commodities)
        return found

    def _not_aimed_at(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                      clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                      commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'Zinoviev answered that the cooperation was not aimed at South Korea's security', 'ties that are not
        directed against any third country': the speaker rebuts the one who complained (REJECT)."""
        found: list[_Candidate] = []
        for x in range(len(toks) - 2):
            if toks[x].lower not in ("not", "never") or toks[x + 1].lower not in ("aimed", "directed", "targeted") \
                    or toks[x + 2].lower not in ("at", "against"):
                continue
            rebutted = next((m for m in mentions if x + 3 <= m.i <= x + 5 and not m.is_place), None)
            speaker = next((sp for sp in attr.speakers if sp.i < x), None)
            if rebutted is not None and speaker is not None:
                found += self._once(out + found, "REJECT", speaker, rebutted,
                                    TriggerSpec("REJECT", "act_on", False, toks[x + 1].lower), toks, x + 1, clauses,
                                    attr, dates, quants, commodities)
        return found

    def _praise(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'called the North "our close neighbour and partner"', 'greeted Putin as an old friend', 'hailed Kim as
        a true comrade': naming a state or its leader a friend backs it (SUPPORT)."""
        found: list[_Candidate] = []
        for v, tok in enumerate(toks):
            if tok.lower not in _PRAISE_VERBS:
                continue
            named = next((m for m in mentions if v < m.i <= v + 3 and not m.is_place), None)
            ties = next((x for x in range(v + 1, min(len(toks), v + 4)) if toks[x].lower in _TIES), None)
            if named is None and ties is not None and self._pair is not None:
                # "Lavrov answered by calling the relationship an invincible brotherhood in arms": the speaker's
                # partner in the story's pair is the one backed
                speaker_m = next((m for m in reversed(mentions) if m.j <= v and not m.is_place), None) or next(
                    iter(attr.speakers), None)
                if speaker_m is not None and speaker_m.code in self._pair:
                    other = self._pair[1] if self._pair[0] == speaker_m.code else self._pair[0]
                    named = Mention(ties, ties + 1, other, other, "implied")
            if named is None or named.possessive:
                continue
            tail = [t.lower for t in toks[named.j:min(len(toks), named.j + 7)]]
            friend = next((n for n, w in enumerate(tail) if w in _FRIEND_NOUNS), None)
            if friend is None or (tail and tail[0] in (",", ";", "and", "that", "to", "of")) \
                    or not any(w in _FRIEND_LEADS for w in tail[:friend]):
                continue  # "called Moscow to ask", "called Kim, who ...": not a naming
            agent = next((m for m in reversed(mentions) if m.j <= v and not m.is_place and m.code != named.code
                          and not _after_prep(toks, m, self.lex)), None) or next(
                (sp for sp in attr.speakers if sp.code != named.code), None)
            if agent is not None:
                found += self._once(out, "SUPPORT", agent, named, TriggerSpec("SUPPORT", "speech", False, tok.lower),
                                    toks, v, clauses, attr, dates, quants, commodities)
        return found

    def _put_under(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                   clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                   commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'The European Union on Monday put two senior North Korean officers ... under sanctions': the subject
        sanctions the state of those it puts under them."""
        under = next((x for x in range(1, len(toks) - 1) if toks[x].lower == "under" and toks[x + 1].lower in (
            "sanctions", "sanction")), None)
        if under is None:
            return []
        put = next((x for x in range(under - 1, max(-1, under - 26), -1) if toks[x].lower in _PUTTING), None)
        if put is None:
            return []
        cs, _ = _clause_of(clauses, put)
        agent = next(iter(self._agents(toks, mentions, cs, put, False)), None)
        if agent is None:
            return []
        found: list[_Candidate] = []
        put_on = [m for m in mentions if put < m.i < under and not m.is_place and m.code != agent.code]
        gap = _relative_object(toks, mentions, agent) if not put_on else None
        for m in {m.code: m for m in put_on + ([gap] if gap is not None else [])}.values():
            found += self._once(out + found, "SANCTION", agent, m, TriggerSpec("SANCTION", "act_on", False,
                                                                                 toks[put].lower),
                                toks, put, clauses, attr, dates, quants, commodities)
        return found

    def _resolution_adopted(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                            clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                            commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'Resolution 2397, adopted by the Security Council in December 2017, caps the North's oil imports',
        'a Security Council resolution adopted in 2009 bans all arms exports from the North': a dated resolution
        recalled in passing is the Council's sanction on the state it binds (SANCTION UNSC -> that state)."""
        words = [t.lower for t in toks]
        res = next((x for x, w in enumerate(words) if w in ("resolution", "resolutions")), None)
        if res is None or not dates or any(c.event_type == "SANCTION" for c in out):
            return []
        if any(w in ("draft", "vetoed", "veto", "vetoes", "failed", "blocked", "rejected", "proposed", "would")
               for w in words):
            return []  # a draft voted down or a proposal is no sanction in force
        council = any(m.code == "UNSC" for m in mentions) or (res + 1 < len(toks) and toks[res + 1].text.isdigit()
                                                               and toks[res + 1].text.startswith(("1", "2")))
        adopted = next((x for x in range(len(words)) if words[x] in ("adopted", "passed") or (
            words[x] == "set" and x + 1 < len(words) and words[x + 1] == "by")), None)
        if not council or adopted is None or any(w in _VIOLATING | {"defiance", "violation", "violations"}
                                                 for w in words[max(0, res - 5):res]):
            return []  # "in open defiance of Security Council resolutions" recalls no adoption
        stop = next((x for x in range(adopted + 1, len(words) - 1) if words[x] == ";" or (
            words[x] == "," and words[x + 1] in ("and", "but", "while", "although"))), len(words))
        bound = next((m for m in mentions if m.code not in ("UNSC", "UN") and not m.is_place and res < m.i < stop
                      and not (m.i > 0 and toks[m.i - 1].lower == "with")), None)  # "with Russia's vote"
        if bound is None:
            return []
        council_m = Mention(res, res + 1, "UNSC", "UN Security Council", "implied")
        return self._once(out, "SANCTION", council_m, bound, TriggerSpec("SANCTION", "act_on", False, "adopted"),
                          toks, adopted, clauses, attr, dates, quants, commodities)

    def _confident_of_victory(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                              clauses: list[tuple[int, int]], dates: list[DateMention],
                              quants: list[QuantityMention], commodities: list[tuple[int, int, str]],
                              out: list[_Candidate]) -> list[_Candidate]:
        """'Kim told Shoigu he was confident that the Russian army and people would achieve big successes',
        'predicted that Russia would prevail': wishing a state victory backs it (SUPPORT)."""
        at = next((x for x, t in enumerate(toks) if t.lower in ("confident", "predicted", "convinced", "sure")), None)
        if at is None:
            return []
        win = next((x for x in range(at + 1, min(len(toks), at + 14)) if toks[x].lower.startswith(_VICTORY)), None)
        if win is None or not any(toks[x].lower in ("would", "will", "could") for x in range(at + 1, win)):
            return []
        backed = next((m for m in mentions if at < m.i < win and not m.is_place), None)
        agent = next((sp for sp in attr.speakers if backed is None or sp.code != backed.code), None) or next(
            (m for m in mentions if m.i < at and not m.is_place and not _after_prep(toks, m, self.lex)
             and (backed is None or m.code != backed.code)), None)
        if backed is None or agent is None:
            return []
        return self._once(out, "SUPPORT", agent, backed, TriggerSpec("SUPPORT", "speech", False, toks[at].lower),
                          toks, at, clauses, attr, dates, quants, commodities)

    def _duty_to_help(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                      clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                      commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'Kim said that helping Russia was a fraternal duty', 'anything more he could do for Russia, he would
        regard it as a fraternal duty': declaring it a duty to help a state backs it (SUPPORT)."""
        duty = next((x for x in range(1, len(toks)) if toks[x].lower in ("duty", "obligation") and toks[x - 1].lower
                     in ("fraternal", "internationalist", "sacred", "moral", "brotherly")), None)
        if duty is None:
            return []
        helped = next((m for m in mentions if not m.is_place and not m.kind.startswith("coref") and m.i >= 1
                       and toks[m.i - 1].lower in ("help", "helping", "helped", "for", "assist", "assisting",
                                                   "support", "supporting", "give", "aid")), None)
        if helped is None:
            return []
        agent = next((sp for sp in attr.speakers if sp.code != helped.code), None) or next(
            (m for m in reversed(mentions) if m.j <= helped.i and not m.is_place and m.code != helped.code
             and not _after_prep(toks, m, self.lex)), None)
        if agent is None:
            return []
        return self._once(out, "SUPPORT", agent, helped, TriggerSpec("SUPPORT", "speech", False, toks[duty].lower),
                          toks, duty, clauses, attr, dates, quants, commodities)

    def _with_backing(self, toks: list[Token], mentions: list[Mention], attr: _Attribution,
                      clauses: list[tuple[int, int]], dates: list[DateMention], quants: list[QuantityMention],
                      commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
        """'rose to power with Moscow's backing', 'fought with the backing of China and the Soviet Union', 'with
        Soviet approval': the backers support the one who acted (the subject of the clause)."""
        found: list[_Candidate] = []
        for w, tok in enumerate(toks):
            if tok.lower != "with" or w + 2 >= len(toks):
                continue
            cs, ce = _clause_of(clauses, w)
            x = w + 1
            backers: list[Mention] = []
            if toks[x].lower == "the" and x + 2 < len(toks) and toks[x + 1].lower in _BACKING and \
                    toks[x + 2].lower == "of":
                backers = _coordinated_after(mentions, toks, x + 3)
                head = x + 1
            else:
                owner = next((m for m in mentions if m.i == x and (m.possessive or m.kind == "demonym")), None)
                head = owner.j + (1 if owner is not None and owner.possessive else 0) if owner is not None else -1
                if owner is not None and head < len(toks) and toks[head].lower in _BACKING:
                    backers = [owner]
            if not backers:
                continue
            # the subject: the first actor of the clause not governed by a preposition
            doer = next((m for m in mentions if cs <= m.i < w and not m.is_place and m.i not in attr.speaker_tokens
                         and not _after_prep(toks, m, self.lex)), None)
            if doer is None:
                continue
            spec = TriggerSpec("SUPPORT", "speech", True, toks[head].lower)
            pairs: list[tuple[Mention | None, Mention | None]] = [
                (b, doer) for b in backers if _era_key(b.code) != _era_key(doer.code) and not any(
                    c.event_type == "SUPPORT" and c.source == b.code and c.target == doer.code for c in out)]
            found += self._finish(pairs, "SUPPORT", spec, toks, head, head + 1, cs, ce, attr, dates, quants,
                                  commodities)
        return found

    def _parse_candidates(self, sentences: list[Sentence]) -> dict[int, syntax.Parse]:
        """Parse, in one batch, the sentences where a verb trigger meets an actor (the others need no parse)."""
        if not self.use_syntax:
            return {}
        wanted = []
        for sent in sentences:
            toks = sent.tokens
            found = self.actors.find(toks, sent.text) if toks else []
            self._found[id(sent)] = found  # reused by _sentence: the actors are found once
            if not found:
                continue
            if any(any(not r.noun for r in readings) for _, _, readings in self.lex.triggers.scan(toks)):
                wanted.append(sent)
        parsed = syntax.parse_many([(s.text, s.tokens) for s in wanted]) or []
        return {id(s): p for s, p in zip(wanted, parsed, strict=False)}

    def _parsed(self, sent: Sentence) -> syntax.Parse | None:
        """The dependency parse of the current sentence, when it was worth making."""
        return self._parses.get(id(sent))

    def _trigger_positions(self, toks: list[Token], taken: set[int]) -> list[int]:
        """Where verb triggers stand in the sentence (a trigger's roles end at the next one)."""
        out = []
        for i in range(len(toks)):
            if i in taken:
                continue
            hits = self.lex.triggers.match_at(toks, i)
            if hits and any(not r.noun for r in hits[0][1]) and toks[i].text[:1].islower():
                out.append(i)
        return out

    def _choose_reading(self, readings: list[TriggerSpec], toks: list[Token], i: int, k: int,
                        clauses: list[tuple[int, int]], verb_triggers: list[int],
                        mentions: list[Mention]) -> TriggerSpec | None:
        verbs = [r for r in readings if not r.noun]
        nouns = [r for r in readings if r.noun]
        prev = toks[i - 1].lower if i > 0 else ""
        if any(r.frame == "joint" for r in verbs) or any(r.event_type == "MOBILIZE" for r in verbs):
            # "launched a missile" is a launch, "launched a freight train service" is not; "Russia and North
            # Korea opened a bridge" is a joint project
            cs, ce = _clause_of(clauses, i)
            weapon = any(toks[x].lower.rstrip("s") in _WEAPON_WORDS for x in range(i, ce))
            if not weapon and i + k < len(toks) and toks[i + k].lower in ("them", "it") and any(
                    toks[x].lower.rstrip("s") in _WEAPON_WORDS for x in range(0, i)):
                weapon = True  # "took delivery of missiles and will use them against Ukraine"
            if not weapon and i > 0 and toks[i - 1].lower in ("been", "being", "was", "were", "are", "is"):
                # "missiles ... were used"
                weapon = any(toks[x].lower.rstrip("s") in _WEAPON_WORDS for x in range(cs, i))
            if not weapon:
                verbs = [r for r in verbs if not (r.event_type == "MOBILIZE" and r.form in _LAUNCH_WORDS | _USE_WORDS)]
            subjects = {m.code for m in mentions if cs <= m.i < i and not m.is_place}
            if weapon or len(subjects) < 2:
                verbs = [r for r in verbs if r.frame != "joint"]
            else:
                verbs = [r for r in verbs if r.frame == "joint"] or verbs
            if not verbs and not nouns:
                return None
        if any(r.event_type == "AID" and r.form in _MOTION_FORMS for r in verbs):
            # "Kim went to Moscow" is a visit; "nine million rounds went to Russia" is a transfer: the
            # subject is cargo, not an actor
            cs, _ = _clause_of(clauses, i)
            actor_subject = any(cs <= m.i < i and not m.is_place for m in mentions)
            cargo = any(self.lex.commodities.match_at(toks, x) and not any(
                toks[y].lower in _PRONOUNS for y in range(x, i)) for x in range(cs, i))
            kind = "AID" if cargo and not actor_subject else "CONSULT"
            verbs = [r for r in verbs if r.event_type == kind]
            if not verbs and not nouns:
                return None
        # a word after a determiner or possessive is a noun ("the supply", "its launch")
        possessed = any(m.j == i or (m.j == i - 1 and toks[i - 1].lower == "'s") or
                        (m.possessive and 0 < i - m.j <= 3) or (m.kind == "demonym" and 0 <= i - m.j <= 2)
                        for m in mentions)
        if any(m.kind == "coref" and m.i == i + k and toks[m.i].lower in ("it", "they") for m in mentions):
            possessed = True  # "the nuclear test it announced"
        nounish = prev in _DETERMINERS or prev == "'s" or possessed or not verbs or _ORDINAL.match(prev)
        # "his 'full and unconditional support'": a determiner before adjectives makes a noun phrase
        back = i - 1
        while back > 0 and i - back <= 5 and (toks[back].lower in ("and", ",", "'", '"', "“", "”", "‘", "’") or (
                (toks[back].lower.endswith(("al", "ful", "ive", "ous", "ing", "ent", "ant", "ed", "ic", "ble"))
                 or toks[back].lower in ("full", "firm", "strong", "total", "complete", "staunch", "steadfast",
                                         "warm", "deep", "new", "more")) and toks[back].text.islower())):
            back -= 1
        if back < i - 1 and (toks[back].lower in ("his", "her", "its", "their", "our", "the", "a", "an")
                             or any(toks[x].lower in _CONVEYING for x in range(max(0, back - 2), i))):
            nounish = True  # also "pledged 'full and unconditional support'": what is pledged is a noun
        if nouns and nounish:
            if toks[i].text[:1].isupper() and i > 0 and toks[i - 1].text not in ('"', "“", ":"):
                return None  # part of a name: "Treaty of Friendship, Good-Neighbourliness and Cooperation"
            if i + k < len(toks) and toks[i + k].lower in ("partner", "partners", "committee", "regime",
                                                          "regimes", "list", "lists", "relief"):
                return None  # "trading partners", "the sanctions committee"
            cs, _ = _clause_of(clauses, i)
            nxt = toks[i + k].lower if i + k < len(toks) else ""
            if prev == "," and nxt in (",", "and"):
                return None  # "defence, trade, energy and science": a list of topics
            if any((toks[x].lower, toks[x + 1].lower) in _DESCRIBING for x in range(max(cs, i - 6), i - 1)):
                return None  # "organisations involved in military cooperation" describes, it does not report
            undirected = nouns[0].form in _UNDIRECTED and any(toks[x].lower in ("between", "with")
                                                              for x in range(i + k, min(len(toks), i + k + 2)))
            if not possessed and any(toks[x].lower in _NAMING_VERBS for x in range(max(cs, i - 3), i)):
                return None  # "called the transfers an escalation": the act is named to be judged, not reported
            if not possessed and not undirected and any(cs <= v < i and i - v <= 6 and toks[v].lower not in _CONVEYING
                                                        for v in verb_triggers):
                return None  # governed by a verb trigger ("condemned the shipments"); but "condemned the
                # military cooperation between Russia and North Korea" still names a cooperation (ONTOLOGY.md)
            return nouns[0]
        return verbs[0] if verbs else None

    def _denies_own_act(self, toks: list[Token], i: int, cs: int, mentions: list[Mention],
                        attr: _Attribution) -> bool:
        """Is a negated act in a report the speaker's denial of its own act ("Pyongyang said it had never
        exported weapons"), not a report that someone else did not act ("the NIS said the soldiers appear not
        to have fought") or a reporter's silence ("the ministry did not say whom he would meet")?"""
        negs = [j for j in range(max(cs, i - 6), i) if toks[j].lower in ("not", "never", "n't", "no")]
        if negs and all(j in attr.speaker_tokens or any(self.lex.reporting.contains(toks, x)
                                                         for x in range(j + 1, i)) for j in negs):
            return False
        usable = [m for m in mentions if m.i not in attr.speaker_tokens]
        subject = self._agents(toks, usable, cs, i, False)
        denier = attr.speakers[0].code
        return not subject or any(m.code == denier for m in subject)

    def _negated(self, toks: list[Token], i: int, cs: int = 0) -> bool:
        lo = max(cs, i - 6)
        for j in range(lo, i):
            w = toks[j].lower
            if (w in _OBLIGATION or w in _BAN_WORDS) and not toks[j].text[:1].isupper():
                return True  # treaty clauses ("each side must give") and bans describe no act ("Ban Ki-moon" is a name)
            if w in ("not", "never", "n't") and not any(toks[x].text in (",", ";") for x in range(j, i)) and not (
                    j + 1 < i and toks[j + 1].lower in ("hesitate", "only", "rule", "exclude")):
                return True  # but "would not hesitate to impose", "not only ... but", "did not rule out"
            if w in ("would", "could", "might") and j + 1 < i and toks[j + 1].lower == "have":
                return True  # "a resolution that would have tightened sanctions": it did not happen
            if w == "no" and j + 1 < i and toks[j + 1].lower in _NO_WHAT:
                return True  # "had no intention of selling weapons"
        return self._negated_near(toks, i)

    def _negated_near(self, toks: list[Token], i: int) -> bool:
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
        for i, k, rule in self.lex.coreference.scan(toks, taken):
            surface = " ".join(t.text for t in toks[i:i + k])
            word = toks[i].lower
            # the nearest earlier state in this sentence, else the document's last one; "the country"
            # names a state, so people do not count for it ("Putin's first visit to the country")
            before = [m for m in mentions if m.j <= i and not m.is_place
                      and (word in ("it", "its", "they", "their") or not m.is_person)]
            if word in ("it", "its") and any(not m.is_person for m in before):
                # "Russia propped up Assad ..., when it sent warplanes": "it" is a state, not the person named
                before = [m for m in before if not m.is_person]
            last_here = before[-1].code if before else None
            if rule == "group" and len(state.last_group) >= 2:
                for n, member in enumerate(state.last_group):
                    extra.append(Mention(i, i + k, member, surface, "coref" if n == 0 else "coref-pair"))
            elif rule == "counted_military":
                # "more than 4,000 of them had been killed": a count of the soldiers named last
                here_troops = [m for m in mentions if m.j <= i and (m.kind == "military" or (
                    m.kind == "demonym" and m.j < len(toks) and toks[m.j].lower in _PEOPLE))]
                whose = here_troops[-1].code if here_troops else state.last_military
                if whose and i > 0 and (toks[i - 1].text[:1].isdigit() or toks[i - 1].lower in (
                        "some", "many", "most", "several", "hundreds", "thousands", "dozens", "hundred", "thousand",
                        "two", "three", "four", "five", "ten", "half", "all", "million")):
                    extra.append(Mention(i - 1, i + k, whose, surface, "military"))  # the count and "of them"
            elif rule == "last_military":
                if state.last_military:
                    extra.append(Mention(i, i + k, state.last_military, surface, "military"))
            elif rule == "last_igo":
                if i > 0 and toks[i - 1].lower not in _SUBJECT_SLOT_BEFORE:
                    continue  # "backed the text": the text is what was backed, not who acted
                if i + k < len(toks) and toks[i + k].lower == "of":
                    continue  # "the foreign ministers of South Korea, Japan ...": they are named right here
                body = next((m.code for m in reversed(mentions) if m.j <= i and m.kind == "igo"), None) \
                    or state.last_igo
                if body:
                    extra.append(Mention(i, i + k, body, surface, "coref"))
            elif rule == "last_place":
                # "fired at the city", "shelled the town": the place named last, this sentence or the one before
                here_place = [m for m in mentions if m.j <= i and m.is_place]
                code = here_place[-1].code if here_place else (
                    state.last_place[0] if state.last_place and state.last_place[1] <= 1 else None)
                if code:
                    extra.append(Mention(i, i + k, code, surface, "place"))
            elif rule == "last_ministry":
                code = state.last_ministry or last_here or state.last_state
                prev_w = toks[i - 1].lower if i > 0 else ""
                if code and (i == 0 or prev_w in _SUBJECT_SLOT_BEFORE):
                    extra.append(Mention(i, i + k, code, surface, "coref"))
            elif rule == "partner":
                # "Pyongyang shipped containers to its partner": the other side of the watched dyad, else the
                # other side of the story's pair
                owner = last_here or state.last_state
                other = None
                if owner in self.dyad:
                    other = next((c for c in self.dyad if c != owner), None)
                elif state.pair and owner in state.pair:
                    other = state.pair[1] if state.pair[0] == owner else state.pair[0]
                if other:
                    extra.append(Mention(i, i + k, other, surface, "coref"))
            elif rule in ("host", "guest") and state.last_visit:
                # "handed his host a limousine", "the visitors laid a wreath": the last meeting's host or visitor
                who = state.last_visit[1] if rule == "host" else state.last_visit[0]
                extra.append(Mention(i, i + k, who, surface, "coref"))
            elif rule == "pair" and surface.lower() == "the allies" and (alliance := next((
                    m.code for m in reversed(mentions) if m.j <= i and m.code in _ALLIANCES), None) or (
                    state.last_igo if state.last_igo in _ALLIANCES else None)):
                extra.append(Mention(i, i + k, alliance, surface, "coref"))  # "NATO leaders ... the allies pledged"
            elif rule == "pair_verb" and not (i + k < len(toks) and toks[i + k].lower in _PAIR_VERBS) and not (
                    i > 0 and toks[i - 1].lower in _PAIR_OBJECT_VERBS):
                # "the two" is a pair only as the subject of a shared act ("when the two met") or as the one
                # accused or urged ("accused the two of working together")
                continue
            elif rule in ("pair", "pair_verb") and (state.pair or word in ("both", "the")):
                # the two states this sentence has just named ("shipments of North Korean missiles to Russia
                # ... called on both countries to cease"), else the pair the document is about
                here: list[str] = []
                acting = {m.code for m in mentions if m.j <= i and self._acts_on(toks, m, i)}
                for m in sorted(mentions, key=lambda m: -m.i):
                    if m.j <= i and not m.is_place and m.kind not in ("igo", "implied") \
                            and not m.kind.startswith("coref") and m.code not in here and len(here) < 2 \
                            and m.code not in acting:
                        here.insert(0, m.code)
                if len(here) == 2 and word in ("both", "the"):
                    story = (here[0], here[1])
                elif state.pair:
                    story = _story_pair(state, acting)
                else:
                    continue
                if word in ("bilateral", "two-way") and (
                        (i > 0 and toks[i - 1].lower in ("their", "its", "his", "her", "our", "'s"))
                        or i + k >= len(toks) or toks[i + k].lower not in _BILATERAL_ACTS):
                    continue  # "bilateral trade" is the pair's; "their bilateral agreements" are the owners'
                extra.append(Mention(i, i + k, story[0], surface, "coref"))
                extra.append(Mention(i, i + k, story[1], surface, "coref-pair"))
            elif rule == "possessive":
                group = _coordinated_before(mentions, toks, i) if word == "their" else []
                if len(group) >= 2:  # "Russia and China ... used their vetoes"
                    for n, m in enumerate(group):
                        extra.append(Mention(i, i + k, m.code, surface, "coref" if n == 0 else "coref-pair", True))
                else:
                    # "The ministry repeated its call": the referent resolved just before counts too
                    resolved = [m for m in extra if m.j <= i and not m.is_place and not m.possessive]
                    nearer = resolved[-1] if resolved and (not before or resolved[-1].i > before[-1].i) else None
                    code = (nearer.code if nearer is not None else None) or last_here or state.last_state
                    troops_before = [m for m in mentions if m.j <= i and m.kind == "military"]
                    if word == "their" and troops_before and i + k < len(toks) and toks[i + k].lower in (
                            "units", "troops", "soldiers", "forces", "losses", "casualties", "commanders"):
                        # "North Korean troops ... some of their units": the troops' own side, not where they went
                        code = troops_before[-1].code
                    if word == "their" and last_here is None and state.last_actor in _ALLIANCES:
                        code = state.last_actor  # "NATO leaders condemned ... In their summit declaration"
                    if code:
                        extra.append(Mention(i, i + k, code, surface, "coref", True))
            elif rule == "last_plural" and word == "they" and i > 0 and (
                    toks[i - 1].lower in ("said", "say", "says", "added", "warned", "announced", "that")) and (
                    len(speakers := _coordinated_group([m for m in mentions if m.j <= i], toks)) >= 2 or (
                        len(speakers) == 1 and toks[i - 1].lower != "that" and any(
                            m.kind == "igo" and m.code == speakers[0] for m in mentions if m.j <= i))):
                # "Britain, France and Germany said they would cancel ...": the speakers themselves
                for n, member in enumerate(speakers):
                    extra.append(Mention(i, i + k, member, surface, "coref" if n == 0 else "coref-pair"))
            elif rule == "last_plural" and word == "they" and len(state.last_sources) < 2 and state.pair and (
                    _mutual_verb_after(toks, i)) and not before:
                # "After the talks they signed ...": the two parties of the story so far
                extra.append(Mention(i, i + k, state.pair[0], surface, "coref"))
                extra.append(Mention(i, i + k, state.pair[1], surface, "coref-pair"))
            elif rule == "last_plural" and word == "they" and len(state.last_sources) >= 2 and (
                    i == 0 or toks[i - 1].lower in _SUBJECT_SLOT_BEFORE):
                # "They urged Moscow ...": the several actors of the previous sentence
                for n, code in enumerate(state.last_sources):
                    extra.append(Mention(i, i + k, code, surface, "coref" if n == 0 else "coref-pair"))
            elif rule in ("last_state", "last_plural"):
                code = last_here or state.last_state
                prev = toks[i - 1].lower if i > 0 else ""
                nxt = toks[i + 1].lower if i + 1 < len(toks) else ""
                # pronouns only as subjects ("it sent", "..., and it sent"), not objects or "it is expected"
                pronoun = word in ("it", "they")
                subject_slot = i == 0 or prev in _SUBJECT_SLOT_BEFORE or _relative_pronoun_slot(toks, i)
                after = toks[i + 2].lower if i + 2 < len(toks) else ""
                impersonal = nxt in ("is", "was", "'s") and after in _IMPERSONAL
                if pronoun and prev == "that" and i > 1 and toks[i - 2].lower in _CLAIM_NOUNS:
                    # "dismissed Washington's accusations that it buys arms": the accused, the subject
                    code = next((m.code for m in mentions if not m.is_place and m.j <= i and not m.possessive),
                                code)
                    subject_slot = True
                elif pronoun and (prev == "that" or any(
                        0 <= i - m.j <= 3 and any(toks[x].lower in ("told", "tells", "informed")
                                                  for x in range(max(0, m.i - 3), m.i))
                        for m in mentions)):
                    # "Russia told the committee (that) it supplied ...": the pronoun is the speaker
                    code = self._speaker_before(toks, mentions, i) or code
                    subject_slot = True
                if code and (not pronoun or (subject_slot and not impersonal)):
                    extra.append(Mention(i, i + k, code, surface, "coref"))
            elif rule in ("last_person", "last_leader"):
                # "he" is the nearest person earlier in the sentence, else the previous sentence's subject
                people = [m for m in mentions if m.j <= i and _personal(m, toks)]
                code = people[-1].code if people else (state.first_person or state.last_person)
                told = next((x for x in range(i - 1, 0, -1) if toks[x].lower in _TOLD), None)
                if told is not None and any(toks[x].lower == "that" for x in range(told + 1, i)):
                    # "Choe told Lavrov that her country would stand by Russia": the teller, not the one told
                    teller = [m for m in people if m.j <= told]
                    code = teller[-1].code if teller else code
                if code:
                    extra.append(Mention(i, i + k, code, surface, "coref"))
        if not extra:
            return mentions
        return sorted(mentions + extra, key=lambda m: (m.i, m.kind == "coref-pair"))

    def _acts_on(self, toks: list[Token], m: Mention, i: int) -> bool:
        """Is mention ``m`` the subject of a verb whose object starts at ``i`` ("Seoul condemned the two
        countries' cooperation": Seoul is not one of the two)?"""
        v = m.j + (m.j < i and toks[m.j].lower.endswith("ly"))
        return v < i and i - v <= 2 and bool(self.lex.triggers.match_at(toks, v)) and \
            all(toks[x].text.isalpha() for x in range(m.j, i))

    def _speaker_before(self, toks: list[Token], mentions: list[Mention], i: int) -> str | None:
        """The subject of the reporting verb that governs position ``i`` ("X told Y that it ...")."""
        for r in range(i - 2, max(-1, i - 12), -1):
            if toks[r].text in (",", ";") and r < i - 2:
                return None
            if self.lex.reporting.contains(toks, r):
                subj = [m for m in mentions if m.j <= r and r - m.j <= 4 and not m.is_place]
                return subj[-1].code if subj else None
        return None

    def _attribution(self, toks: list[Token], mentions: list[Mention]) -> _Attribution:
        attr = _Attribution()
        n = len(toks)
        inside = {x for m in mentions for x in range(m.i, m.j)}
        i = 0
        while i < n:
            k = self.lex.reporting.contains(toks, i) if i not in inside else 0
            if not k:
                i += 1
                continue
            word = " ".join(t.lower for t in toks[i:i + k])
            if i > 0 and (toks[i - 1].lower in _NOT_REPORTING_AFTER or (word in ("claims", "reports") and any(
                    m.j == i and m.kind == "demonym" for m in mentions))):  # "the American claims": a noun
                # "Russia's claimed annexation" is an adjective; "Pyongyang is believed to have" a hedge
                i += k
                continue  # "Russia's claimed annexation", "the reported shipments": an adjective
            if self.lex.triggers.contains(toks, i) > k or (self.lex.triggers.contains(toks, i) == k and i + k < n and (
                    toks[i + k].lower in ("a", "an", "its", "their", "his", "her", "two", "another"))):
                i += k
                continue  # "wrote off the debt", "concluded a treaty": a trigger phrase, not a report
            if i >= 2 and toks[i - 1].lower in ("it", "they") and _relative_pronoun_slot(toks, i - 1):
                i += k
                continue  # "the nuclear test it announced on 9 October": a relative clause, not a report
            if word in ("concluded", "concludes", "conclude") and i + k < n and toks[i + k].lower not in (
                    "that", ",", ":", '"', "\u201d", "\u201c"):
                i += k
                continue  # "the treaty he and Kim concluded in June" concludes a treaty, it reports nothing
            if word in ("added", "adds") and i + k < n and toks[i + k].lower not in ("that", ",", ".", '"', "”", ":") \
                    and not (i > 0 and toks[i - 1].text in (",", '"', "”")):
                i += k
                continue  # "The EU added X to its list" adds, it does not report
            if word in _LIGHT_REPORTING:
                nxt_i = i + k
                while nxt_i < n and nxt_i - (i + k) < 3 and (toks[nxt_i].lower in _DETERMINERS or (
                        toks[nxt_i].text.isalpha() and toks[nxt_i].text.islower()
                        and not self.lex.triggers.match_at(toks, nxt_i))):  # "announced unilateral sanctions"
                    nxt_i += 1
                if nxt_i < n and self.lex.triggers.match_at(toks, nxt_i):
                    i += k
                    continue  # "Japan announced asset freezes": the announcement is the act, not a report of one
            if word.endswith("ing") and i > 0 and toks[i - 1].text == ",":
                # "X declined to comment, saying only that ...": the main clause's subject speaks; its tokens
                # stay usable for the main clause's own acts
                subj = next((m for m in mentions if m.j <= i and not m.is_place), None)
                attr.present = True
                attr.speaker_tokens.add(i)
                if subj is not None:
                    attr.speakers.append(subj)
                    attr.named = attr.named or subj.kind != "coref"
                i += k
                continue
            parsed_span = self._cur_parse.speaker_span(i, i + k) if self._cur_parse is not None else None
            if parsed_span is not None and word != "according to":
                span = parsed_span  # the reporting verb's subject, as parsed
            elif word == "according to":
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
                # the speaker is the subject right before the verb ("the Pentagon said", "Kirby also told"):
                # a mention further away is part of the content ("sanctions on North Korea ... it announced")
                left_mentions = [m for m in mentions if m.i in left and (i - m.j <= 3 or all(
                    toks[x].text[:1].isupper() for x in range(m.j, i)))]  # "IAEA Director General Rafael Grossi said"
                unnamed_left = any(self.lex.unnamed_speakers.contains(toks, x) for x in range(max(start + 1, i - 4), i))
                if left_mentions:
                    # the speaker's phrase: the mention and the title words right before it ("Russian Defence
                    # Minister Andrei Belousov said"), never the clause before it ("X shipped shells and Y said")
                    first = left_mentions[0].i
                    while first - 1 > start and (toks[first - 1].text[:1].isupper() or toks[first - 1].lower in (
                            "the", "'s", "a", "an", "of", "for", "and", "spokesman", "spokeswoman", "spokesperson",
                            "minister", "official", "officials", "envoy", "ambassador", "president", "leader")):
                        first -= 1
                    left = set(range(first, i + k))
                if left_mentions or unnamed_left or start >= 0 and toks[start].text in (",", '"', "”"):
                    span = left
                    if start >= 0 and toks[start].text in (",", '"', "”"):
                        # a trailing attribution runs to the end of its clause
                        end = i + k
                        while end < n and toks[end].text not in (",", ";", "."):
                            end += 1
                        if end - (i + k) <= 8 and (i + k >= n or toks[i + k].lower != "that"):
                            span = set(range(start + 1, end))
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
            if len(span) > 14 and parsed_span is None:
                i += k
                continue
            attr.present = True
            attr.speaker_tokens |= span
            attr.speakers.extend(sp)
            attr.unnamed = attr.unnamed or (unnamed and not sp)
            attr.named = attr.named or any(toks[x].text[:1].isupper() and toks[x].lower not in ("according", "the")
                                           and x != min(span) for x in span) or any(
                self.lex.named_refs.contains(toks, x) for x in span)
            i += k
        return attr

    def _update_state(self, state: _DocState, mentions: list[Mention], attr: _Attribution,
                      toks: list[Token]) -> None:
        places = [m for m in mentions if m.is_place]
        state.last_place = (places[-1].code, 0) if places else (
            (state.last_place[0], state.last_place[1] + 1) if state.last_place else None)
        people = [m for m in mentions if _personal(m, toks) and m.kind not in ("coref", "coref-pair")]
        if people:
            state.first_person = people[0].code
        for m in mentions:
            if m.kind in ("coref", "coref-pair"):
                continue
            if _personal(m, toks):
                state.last_person = m.code
            if m.kind == "ministry" or ((m.possessive or m.kind == "demonym") and any(
                    toks[x].lower in ("ministry", "ministries") for x in range(m.j, min(len(toks), m.j + 4)))):
                state.last_ministry = m.code  # "South Korea's foreign ministry", "the Russian defence ministry"
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
        state.between = _between_pair(mentions, toks)
        for m in mentions:
            if m.kind == "military" and not m.kind.startswith("coref") and m.surface[:1].isupper() or (
                    m.kind == "demonym" and m.j < len(toks) and toks[m.j].lower in _PEOPLE):
                state.last_military = m.code
        group = _coordinated_group(mentions, toks)
        if len(group) >= 3:
            state.last_group = group
        igo = [m.code for m in mentions if m.kind == "igo" and not m.kind.startswith("coref")]
        if igo:
            state.last_igo = igo[-1]

    # -- coding one trigger ----------------------------------------------------
    def _code(self, spec: TriggerSpec, toks: list[Token], ti: int, tj: int, mentions: list[Mention],
              attr: _Attribution, clauses: list[tuple[int, int]], dates: list[DateMention],
              quants: list[QuantityMention], commodities: list[tuple[int, int, str]], sent: Sentence,
              state: _DocState, doc_codes: set[str]) -> list[_Candidate]:
        cs, ce = _clause_of(clauses, ti)
        usable = [m for m in mentions if m.i not in attr.speaker_tokens]
        parsed = None if spec.noun else self._parsed(sent)
        passive = not spec.noun and (_is_passive(toks, ti, spec.form)
                                     or (parsed is not None and parsed.passive(ti, tj)))
        if "concern" in spec.form:
            passive = False  # "gravely concerned by the deployment": an attitude, not a passive act
        if passive and spec.form.endswith((" in", " up", " off")) and not any(
                toks[x].lower in ("was", "were", "been", "being", "is", "are", "be")
                for x in range(max(0, ti - 2), ti)):
            passive = False  # "the minister called in North Korea's ambassador": a phrasal verb with its object
        self._passive = passive
        if parsed is not None and spec.event_type in _DENIABLE | {"RETREAT", "COERCE"} and parsed.requested(ti, tj):
            return []  # "asked Putin to send more oil": a request, not (yet) a delivery
        left = self._agents(toks, usable, cs, ti, passive)
        left_from_before = False
        if not spec.noun and ti > 1 and (toks[ti - 2].lower, toks[ti - 1].lower) in _DESCRIBING:
            # "North Korean officers involved in sending soldiers": the described are the doers; "three
            # vessels involved in transferring oil" names none, and the sanctioner is not one
            left = [m for m in usable if 0 <= ti - 2 - m.j <= 2 and not m.is_place][-1:]
            maker = self._commodity_origin(toks, usable, commodities, tj, ce)
            if not left and maker is not None:
                left = [maker]  # "entities involved in moving North Korean missiles to Russia": from their maker
            if not left:
                return []
        if not spec.noun and ti >= 3 and toks[ti - 1].lower == "in" and toks[ti - 2].lower in _ROLE_NOUNS:
            # "listed them for their part in sending soldiers", "Seoul's role in supplying": the role's owner acts
            owner = next((m for m in mentions if m.possessive and m.j in (ti - 2, ti - 3) and not m.is_place), None)
            if owner is not None:
                left = [owner]
        if not left and not spec.noun:
            if cs > 0 and toks[cs].lower in ("who", "which") or (cs > 0 and toks[cs].lower == "and" and
                                                                 cs + 1 < len(toks) and toks[cs + 1].lower == "who"):
                # "..., President Putin, who arrived the same day": the antecedent is the subject, even when
                # it goes on to speak ("Shoigu, who met Kim during the trip, said ...")
                before = [m for m in mentions if m.j <= cs and not m.is_place]
                if before:
                    left = [before[-1]]
            if not left and cs >= 2 and ti == cs and toks[cs - 1].text == "," and toks[ti].lower.endswith("ing"):
                # "Cho and Blinken, speaking by phone on Thursday, condemned ...": the participle's subject is the
                # whole subject before the comma
                left = self._agents(toks, usable, 0, cs - 1, passive)
                left_from_before = bool(left)
            if not left:
                # a clause with no subject continues the previous one ("..., and also sent shells")
                prev_agents = [m for m in usable if m.j <= cs and not _after_prep(toks, m, self.lex)]
                if prev_agents:
                    left = [prev_agents[0]]
                    left_from_before = True
            comma = next((x for x in range(tj, len(toks)) if toks[x].text in (",", ";")), None)
            if not left and spec.form.endswith("ing") and ti > 0 and toks[ti - 1].lower in (
                    "after", "before", "while", "since", "upon", "when") and comma is not None:
                # "a day after signing the treaty in Pyongyang, Vladimir Putin warned ...": the main clause's subject
                main = next((m for m in usable if comma < m.i <= comma + 4 and not m.is_place
                             and not _after_prep(toks, m, self.lex)), None)
                if main is not None:
                    left = [main]
            front = next((m for m in mentions if m.i == 1 and toks[0].lower == "in" and not m.is_place
                          and m.j + 2 < ti and toks[m.j].text == ","), None) if not left and cs <= 3 else None
            if front is not None and (self.lex.unnamed_speakers.contains(toks, front.j + 1) or (
                    toks[front.j + 1].lower == "the" and toks[front.j + 2].text.islower())):
                left = [front]  # "In Seoul, the presidential office condemned ...": the capital's government acts
            if not left and spec.event_type in _SPEECH and attr.speakers and attr.speakers[0].i < ti:
                # "China's envoy argued that ... and urged Washington to resume dialogue": the speaker goes on
                left = [attr.speakers[0]]
        if not spec.noun and spec.event_type in _SPEECH and ti > 0 and toks[ti - 1].lower == "and" and \
                attr.speakers and (sp := attr.speakers[0]).i < ti and \
                any(toks[x].lower == "that" for x in range(sp.j, ti)) and not any(m.i == sp.i for m in left):
            # "Kim told the envoy that any help would breach resolutions and urged Russia to halt": the teller
            # goes on, not the last name in what he said
            left = [sp]
        elif not spec.noun and spec.event_type in _SPEECH and ti > 1 and toks[ti - 1].lower == "and" and \
                toks[ti - 2].text == "," and (claim := next((x for x in range(ti) if toks[x].lower == "that" and x > 0
                                                             and toks[x - 1].lower in _CLAIM_NOUNS), None)):
            # "Rudenko dismissed claims that North Korean troops were fighting, and accused the United States":
            # the dismisser goes on, not the subject of the claim
            dismissers = self._agents(toks, usable, 0, claim - 1, False)
            if dismissers:
                left = dismissers
        next_verb = min((p for p in self._verb_positions if p >= tj), default=ce)
        roles = self._right_roles(toks, usable, tj, ce)
        # a direct object belongs to the nearest verb: "welcomed the vote and urged the North"
        roles["object"] = [m for m in roles.get("object", []) if m.i < next_verb]
        if parsed is not None:
            # the parse's subject, object and prepositional roles win where it finds an actor
            # all mentions: the parse tells the subject of a reported act from the speaker who reports it
            subject, parse_roles = parsed.verb_roles(ti, tj, mentions)
            if subject:
                by_rules = left
                left = [m for m in subject if not m.is_place] or subject
                left_from_before = False
                if len({m.code for m in by_rules}) > len({m.code for m in left}) and {m.i for m in left} <= {
                        m.i for m in by_rules} and any(toks[x].lower == "and" for x in range(
                            min(m.i for m in by_rules), max(m.i for m in by_rules))):
                    left = by_rules  # "Kim Il Sung and Soviet premier Khrushchev signed": the parse kept one
                # "the G7 together with South Korea condemned": the parse keeps only the head
                left += [m for m in self._agents(toks, usable, cs, ti, passive)
                         if m.i > left[-1].i and m.code not in {x.code for x in left}
                         and any(toks[x].lower == "together" for x in range(left[-1].j, m.i))]
            elif parsed.subject_word(ti, tj) in ("resolution", "resolutions", "text", "draft"):
                # "a resolution condemning North Korea's launches": the body that adopts it, not a voter
                left = [Mention(ti, tj, state.last_igo or "UN", state.last_igo or "UN", "implied")]
            for name, found in parse_roles.items():
                # "Moscow, for its part, trained ...": an aside names no party
                found = [m for m in found if not (m.j < len(toks) and toks[m.j].lower == "part"
                                                  and m.i > 0 and toks[m.i - 1].lower == "for")]
                if found:
                    roles[name] = found
            particle = spec.form.rsplit(" ", 1)[-1] if " " in spec.form else None
            if particle in ("in", "on", "off", "up") and (
                    moved := [m for m in roles.get(particle, []) if m.i - tj <= 3]):
                # "called in North Korea's ambassador": the particle belongs to the verb, its noun is the object
                roles["object"] = roles.get("object") or moved
                roles[particle] = [m for m in roles[particle] if m not in moved]
            if passive and not parse_roles.get("by") and parsed.found_verb(ti, tj):
                roles.pop("by", None)  # "captured in Kursk ... held by Russia": that "by" is another verb's
        if left_from_before and ti > 0 and toks[ti - 1].lower == "to" and cs in self._clause_agents:
            left = self._clause_agents[cs]  # "for their part in sending soldiers to fight": the sender's soldiers
        elif left and not left_from_before:
            self._clause_agents[cs] = left
        pron = ti - 1
        while pron > 0 and toks[pron].lower in _AUXILIARIES:
            pron -= 1
        if not spec.noun and not passive and pron > 0 and toks[pron].lower in ("who", "which"):
            # "pointing to the Korean soldiers who fought beside Russian units": the antecedent acts
            ante = next((m for m in reversed(mentions) if not m.is_place and (
                m.j == pron or (m.j == pron - 1 and toks[pron - 1].text == ","))), None)
            if ante is not None:
                left = [ante]
        speaker = attr.speakers[0] if attr.speakers and attr.speakers[0].i < ti else None
        if speaker is not None and spec.event_type in _SPEECH and not spec.noun and ti > 1 and \
                toks[ti - 1].lower == "and" and toks[ti - 2].text == "," and any(
                    self.lex.reporting.contains(toks, x) for x in range(speaker.j, min(ti, speaker.j + 3))):
            # "Zelensky said Moscow and Pyongyang were bound in an alliance, and accused the two of ...": the
            # speaker goes on speaking; the actors of what he said do not
            left = [speaker]
        joined = next((x for x in range(ti - 2, cs - 1, -1) if toks[x].lower in ("joined", "join", "joins")), None)
        if joined is not None and ti > 0 and toks[ti - 1].lower == "in":
            # "Washington and Seoul joined Guterres in condemning the launch": the joiners act
            left = self._agents(toks, usable, cs, joined, False) or left
        word = spec.form
        etype, frame = spec.event_type, spec.frame
        pairs: list[tuple[Mention | None, Mention | None]] = []
        extra: list[_Candidate] = []

        def first(*names: str) -> Mention | None:
            for nm in names:
                if roles.get(nm):
                    return roles[nm][0]
            return None

        def implied(code: str) -> Mention:
            return Mention(ti, tj, code, code, "implied")

        possessor = _possessor_before(usable, toks, ti)
        # the cargo after the trigger first ("Russian forces fired North Korean missiles": the missiles' maker)
        # ("... had been sent to Russia and that some of their units were deployed": another clause's cargo)
        ce_o = next((x for x in range(tj, ce - 1) if toks[x].lower == "and" and toks[x + 1].lower == "that"), ce)
        origin = self._commodity_origin(toks, usable, commodities, tj, ce_o) \
            or self._commodity_origin(toks, usable, commodities, cs, ce_o)
        if spec.noun and etype == "MOBILIZE" and possessor is None and left and any(
                toks[x].lower in _LIGHT_VERBS for x in range(max(cs, ti - 4), ti)):
            possessor = left[0]  # "North Korea staged a military parade": the subject owns the noun
        if spec.noun and etype == "MOBILIZE" and possessor is None and "parade" in spec.form:
            # "a military parade in Pyongyang": held by the state whose city it is
            host = next((m for m in usable if tj <= m.i < ce and _prep_before(toks, m.i, tj) == "in"), None)
            possessor = host
        if spec.noun and etype == "SUPPORT" and (possessor is None or possessor.kind.startswith("coref")) and (
                conv := next((x for x in range(ti - 1, max(cs, ti - 7) - 1, -1) if toks[x].lower in _CONVEYING),
                             None)) is not None:
            # "she conveyed her brother's gratitude to the Kremlin", "offered Moscow his full support": the one
            # who conveys backs the one it is conveyed to
            giver = self._agents(toks, usable, cs, conv, False) or self._agents(toks, usable, 0, conv, False)
            # ("Kim, who arrived by armoured train, offered Moscow ...": the subject before the aside)
            if conv > 0 and toks[conv - 1].lower == "and" and (opener := next((
                    m for m in usable if m.i < conv and not m.is_place and not _after_prep(toks, m, self.lex)),
                    None)) is not None:
                giver = [opener]  # "Kim met Putin and pledged his full support": the sentence's subject
            given = [m for m in usable if conv < m.i < ti and not m.possessive and not m.is_place] or [
                m for m in usable if tj <= m.i < min(ce, tj + 4) and _prep_before(toks, m.i, tj) in ("to", "for")
                and not m.is_place] or [
                m for m in usable if tj <= m.i < min(ce, tj + 7) and m.possessive and not m.is_place
                and any(toks[x].lower == "for" for x in range(tj, m.i))]  # "support for what he called Russia's fight"
            if giver and given and giver[0].code != given[0].code:
                return self._finish([(giver[0], given[0])], "SUPPORT", spec, toks, ti, tj, cs, ce, attr, dates,
                                    quants, commodities)
        if spec.noun and etype in ("MOBILIZE", "SUPPORT") and possessor is None:
            return []  # "the launch", "support" with nobody's name on it is not an event
        if etype == "ASSAULT" and possessor is None and ti > 0 and toks[ti - 1].lower in ("the", "this", "that") \
                and any(toks[x].lower in _REACTING for x in range(max(cs, ti - 4), ti)):
            return []  # "Washington condemned the attack": the condemner did not attack
        list_cs = cs
        if spec.form in _LISTS and any(toks[x].lower == "to" for x in range(max(0, ti - 3), ti)):
            # "added North Korea's defence minister, No Kwang Chol, and ..., to its sanctions list": the
            # adding verb may stand several commas back
            add_at = next((x for x in range(ti - 1, max(-1, ti - 40), -1) if toks[x].lower in _ADDING
                           or toks[x].text in (";", ".")), None)
            if add_at is not None and toks[add_at].lower in _ADDING:
                list_cs = min(cs, _clause_of(clauses, add_at)[0])
        listing = spec.form in _LISTS and any(toks[x].lower in _ADDING for x in range(list_cs, ti))
        if listing:
            possessor = None  # "added X to its sanctions list": the subject lists, "its" is the lister's own
        if spec.noun and etype == "SANCTION" and not listing and (possessor is None or not possessor.possessive) \
                and not any(toks[x].lower in _SANCTION_CUES or _ORDINAL.match(toks[x].lower)
                            for x in range(max(cs, ti - 3), ti)):
            return []  # "UN sanctions" describe a regime in force; "new sanctions" are an act
        between = roles.get("between", []) if etype in ("AID", "COOPERATE") else []
        if frame in ("transfer", "mutual") and len({m.code for m in between}) == 2 and not (
                etype == "COOPERATE" and spec.form not in _UNDIRECTED):
            # "arms transfers between Moscow and Pyongyang", "carried cargo between Russia and North Korea":
            # no direction, so COOPERATE from the profile's first actor (ONTOLOGY.md, direction unknown)
            return self._undirected(between, spec, toks, ti, tj, cs, ce, attr, dates, quants, commodities)
        if frame == "mutual" and etype == "COOPERATE" and spec.form in _UNDIRECTED:
            sides = [m for m in (roles.get("with", []) + ([possessor] if possessor else []) + left)
                     if not m.is_place]
            if len({m.code for m in sides}) >= 2:
                return self._undirected(sides, spec, toks, ti, tj, cs, ce, attr, dates, quants, commodities)
        if frame == "transfer" and word in _SHARING and any(
                cs <= a < ce and com == "intelligence" for a, _, com in commodities):
            # "the United States, Japan and South Korea began sharing missile-warning data", "agreed with Kyiv
            # to share intelligence": intelligence sharing among the parties is COOPERATE both ways
            sharers: list[Mention] = []
            for m in list(left) + roles.get("between", []):
                if not m.is_place and m.code not in [x.code for x in sharers]:
                    sharers.append(m)
            if len(sharers) < 2 and left:
                # "Yoon agreed with Zelensky to share": the partner of the governing verb
                sharers += [m for m in usable if cs <= m.i < ti and not m.is_place
                            and m.code not in [x.code for x in sharers] and _prep_before(toks, m.i, cs) == "with"]
            if len(sharers) >= 2:
                out = self._finish([(a, b) for a in sharers for b in sharers if a.code != b.code], "COOPERATE",
                                   spec, toks, ti, tj, cs, ce, attr, dates, quants, commodities,
                                   force_commodity="intelligence")
                return out
        if frame == "transfer":
            if spec.noun:
                src = possessor or first("from") or (left[0] if left else None)
                tgt = first("to", "for")
            elif passive and left_from_before:
                # "11,000 troops were deployed to Russia ..., while 8,000 workers were dispatched": the sender
                # of the sentence goes on sending
                src = first("by", "from") or left[0]
                tgt = first("to", "for")
            elif passive:
                # "personnel were trained in Iran": where they were trained trained them
                src = first("by", "from") or (first("in") if word in _TRAINING else None)
                tgt = first("to", "for") or (left[0] if left and left[0].code != (src.code if src else "") else None)
            else:
                src = left[0] if left else None
                tgt = first("to", "for", "with_recipient", "with")
                if tgt is None:
                    cargo_starts = {a for a, _, _ in commodities}
                    objs = [m for m in roles.get("object", [])
                            if not (m.kind == "demonym" and (m.j in cargo_starts or m.j + 1 in cargo_starts))]
                    tgt = objs[0] if objs else None  # "carried North Korean containers": an origin, not a recipient
                if tgt is None and word in _TRAINING and src is not None and (where := first("in")) is not None \
                        and not where.is_place and where.code != src.code and not roles.get("object"):
                    src, tgt = where, src  # "Russian personnel had trained in Iran": the host trained them
                if tgt is None and any(toks[x].lower == "to" for x in range(tj, min(ce, tj + 8))):
                    tgt = first("at", "in")  # "to a naval facility at Dunai"
                    if tgt is not None and _war_theatre(toks, tgt):
                        tgt = None  # "sent to support Moscow's war in Ukraine": the war's land receives nothing
            helped = next((m for m in usable if m.i == tj and m.kind in ("demonym", "military", "state")), None) \
                if word in _HELP_WORDS and not passive and not spec.noun else None
            if helped is not None and src is not None and helped.code != src.code and tj + 1 < len(toks) and any(
                    toks[x].lower in ("operate", "use", "fire", "maintain", "fly", "repair", "run")
                    for x in range(helped.j, min(ce, helped.j + 3))):
                # "Iranian instructors have been helping Russian units operate the drones": training, to the helped
                return self._finish([(src, helped)], "AID", spec, toks, ti, tj, cs, ce, attr, dates, quants,
                                    commodities, force_commodity="other")
            if not spec.noun and not passive and left and left[0].kind == "military" and word in (
                    "moved", "move", "moves", "moving"):
                origin = None  # "10,000 of them had moved into Kursk, the region Ukrainian troops entered": they moved
            third_party_mover = src is not None and src.code not in self.dyad and origin is not None and \
                origin.code in self.dyad and origin.code != (tgt.code if tgt else "")
            if src is not None and tgt is None and origin is not None and origin.code != src.code and \
                    not spec.noun and not passive and word in _TRAINING:
                tgt, origin = origin, None  # "Moscow trained the North's soldiers": training goes to the trainees
            if src is not None and tgt is None and origin is not None and origin.code != src.code and \
                    not spec.noun and not passive:
                # "a Russian shipping company that carried North Korean arms": from the cargo's maker to the
                # carrier's side
                src, tgt = origin, src
            if origin is not None and (src is None or (tgt is not None and src.code == tgt.code) or third_party_mover):
                src = origin  # "Russian ships carried North Korean troops to Vladivostok"
            from_place = first("from")
            if src is not None and any(m.kind == "ship" for m in usable if cs <= m.i < ti) and from_place is not None \
                    and tgt is not None and src.code == tgt.code and from_place.code != tgt.code:
                # "Russian-flagged ships ferried containers from Rajin to Dunai": the carrier is not the giver
                src = from_place
            if passive and src is not None and tgt is not None and src.code == tgt.code and tgt in left:
                tgt = None  # "North Korean troops were sent in 2024": sent by their state, to its partner
            if any(toks[x].lower in _NOT_CARGO and not (word in _SHARING and toks[x].lower in (
                    "evidence", "information")) for x in range(tj, min(ce, tj + 3))):
                return []  # "gave few details", "passed on greetings": words, not cargo
            if word in _HELP_WORDS and tj < len(toks) and toks[tj].lower in _HELPED_TO_DO:
                return []  # "its units had helped drive Ukrainian troops out": helped do, not a gift of troops
            if word in _HELP_WORDS and not any(cs <= a < ce and com not in ("other", "_tourism")
                                               for a, _, com in commodities):
                return []  # "help the other in war" moves nothing we can name; helping tourists travel is tourism
            if word in _DEPLOY_WORDS and src is None and tgt is not None and passive and (
                    o := self._dyad_partner(tgt.code, doc_codes)):
                src = implied(o)  # "About 11,000 troops were deployed to Russia": by Russia's partner
            if word in _DEPLOY_WORDS:
                return self._deploy(src, tgt, toks, ti, tj, cs, ce, attr, dates, quants, commodities, spec, sent)
            troops = origin is not None and origin.kind == "military" or any(
                com == "troops" and cs <= a < ce for a, _, com in commodities)
            sender = origin or src
            if troops and sender is not None and any(
                    toks[x].lower in ("front", "frontline", "front-line", "fight", "battlefield")
                    for x in range(tj, min(ce, tj + 6))):
                # "soldiers have been sent to the front in Kursk", "moved to the front line": placed against
                # Ukraine (and sent to an ally when the ally is named as the destination)
                if tgt is None or tgt.code == sender.code:
                    # "sent troops to fight alongside Russian forces": sent to the ally they fight beside
                    tgt = next((m for m in usable if tj <= m.i < ce and m.code != sender.code
                                and _ally_marker(toks, m, tj)), None) or next((
                        m for m in usable if tj <= m.i < ce and m.code not in (sender.code, "UKR") and m.possessive
                        and not m.is_place and any(p.is_place and p.code == m.code and m.j < p.i <= m.j + 2
                                                   for p in usable)), None)  # "to fight in Russia's Kursk region"
                return self._deploy(sender, tgt if tgt is not None and tgt.code != sender.code else None, toks, ti,
                                    tj, cs, ce, attr, dates, quants, commodities, spec, sent)
            if src is None and tgt is not None:
                other = self._dyad_partner(tgt.code, doc_codes)
                src = implied(other) if other else None
            if tgt is None and src is not None and not spec.noun and word not in _SELLING:
                other = self._dyad_partner(src.code, doc_codes)
                tgt = implied(other) if other else None  # "Russia gave 8,000 tonnes of wheat" (but "sold oil
                # eastward" names no buyer)
            targets = [tgt]
            if tgt is not None:
                for nm in ("to", "for", "object", "with_recipient", "with"):
                    if tgt in roles.get(nm, []):
                        targets = [m for m in roles[nm] if not m.is_place or m is tgt]
                        break
            pairs = [(src, t) for t in targets]
            if not spec.noun and not passive and src is not None and src in left:
                # "Russian and Chinese tankers delivered fuel": every coordinated giver
                pairs += [(m, t) for m in left if m is not src and m.code != src.code and not m.is_place
                          for t in targets]
            counter = next((x for x in range(tj, ce - 2) if toks[x].lower == "in" and toks[x + 1].lower in (
                "return", "exchange") and toks[x + 2].lower == "for"), None)
            if counter is not None and src is not None and targets and targets[0] is not None and etype == "AID":
                # "sent shells to Moscow in return for technology": the payment flows back
                back = [(a, b, c) for a, b, c in commodities if counter < a < ce and c != "_tourism"]
                if back:
                    extra.extend(self._finish([(targets[0], src)], "AID", spec, toks, counter, counter + 3,
                                              counter, ce, attr, dates, quants, back))
        elif frame == "receive" and not passive and not any(cs <= a < ce for a, _, _ in commodities) and (
                obj := _titled_person(first("object"), usable)) is not None and (
                obj.is_person or obj.surface.lower() in _PERSON_REFS) and left:
            # "Putin received Kim at the Vostochny Cosmodrome": a host receiving a visitor
            if obj.code == left[0].code and obj.kind.startswith("coref") and state.last_visit and \
                    state.last_visit[1] == left[0].code:
                obj = implied(state.last_visit[0])  # "Kim later received the minister": the visiting one
            etype, pairs = "CONSULT", [(obj, left[0])]
        elif frame == "receive":
            tgt = left[0] if left else None
            if origin is not None and tgt is not None and origin.code == tgt.code:
                origin = None  # "received assistance for its satellite programme": the receiver's own
            src = first("from") or origin or first("at", "in")
            if src is None and tgt is not None and (o := self._dyad_partner(tgt.code, doc_codes)):
                src = implied(o)
            if passive and first("by") and first("by").is_person:  # type: ignore[union-attr]
                # "He was received by Kim Jong Un": a host receiving a visitor; "Kishida and Yoon were received
                # by Biden": each visitor, and the visitors met each other on the host's soil
                host_m = first("by")
                guests: list[Mention | None] = list({m.code: m for m in left if not m.is_place and host_m is not None
                                                     and m.code != host_m.code}.values())
                if not guests:
                    guests = [left[0] if left else None]
                pairs = [(g, host_m) for g in guests]
                pairs += [(a, b) for a in guests for b in guests
                          if a is not None and b is not None and a.code != b.code]
                etype = "CONSULT"
            else:
                pairs = [(src, tgt)]
                givers = [m for m in roles.get("from", []) if not m.is_place]
                if len(givers) > 1 and src is givers[0]:
                    pairs = [(g, tgt) for g in givers]  # "sourcing weapons from Iran and North Korea": from each
                if any(cs <= a < ce and com == "_tourism" and toks[a].lower.startswith(("tourist", "holidaymaker"))
                       for a, _, com in commodities) and src is not None \
                        and tgt is not None and src.code != tgt.code:
                    # "the only foreign tourists the North has received": tourism is COOPERATE, no commodity
                    out_t = self._finish([(src, tgt)], "COOPERATE", spec, toks, ti, tj, cs, ce, attr, dates, quants,
                                         commodities, force_commodity="_none")
                    return [replace(c, commodity=None) for c in out_t]
        elif frame == "host" and any(tj <= a < min(ce, tj + 8) and com == "_tourism" and toks[a - 1].lower not in (
                "senior", "official", "high-level", "top") for a, _, com in commodities):
            # "played host to its first group of Russian tourists": tourism from the tourists' state
            origin_t = self._commodity_origin(toks, usable, commodities, tj, ce)
            host_t = left[0] if left else (implied(o) if origin_t is not None and (
                o := self._dyad_partner(origin_t.code, doc_codes)) else None)
            if origin_t is None or host_t is None or origin_t.code == host_t.code:
                return []
            out_t = self._finish([(origin_t, host_t)], "COOPERATE", spec, toks, ti, tj, cs, ce, attr, dates, quants,
                                 commodities, force_commodity="_none")
            return [replace(c, commodity=None) for c in out_t]
        elif frame == "meet" and not spec.noun and left and _people_of(left[0], toks) and not passive and \
                word.startswith(_JOURNEYS):
            # "about 6,000 Russians travelled to North Korea", "3,700 North Koreans entered Russia to study":
            # ordinary people going abroad are exchange (COOPERATE), not an official visit
            dest = first("to", "in", "object", "at", "into")
            if dest is None or dest.code == left[0].code:
                return []
            q = next((Quantity(qm.value, "people") for qm in quants if qm.j == left[0].i), None)
            out = self._finish([(left[0], dest)], "COOPERATE", spec, toks, ti, tj, cs, ce, attr, dates, quants,
                               commodities, force_commodity="_none")
            return [replace(c, commodity=None, quantity=q) for c in out]
        elif frame == "meet" and (not left or (left[0].kind == "demonym" and any(
                a == left[0].j and com != "other" for a, _, com in commodities))) and any(
                max(cs, ti - 6) <= a < ti and com not in ("other",) for a, _, com in commodities) and not \
                word.startswith(("summit", "talk", "met ", "meet")):
            # "1,500 troops travelled to Vladivostok": the cargo named just before a verb of motion moves; "a
            # trade in munitions that began after Kim's summit with Putin" moves nothing by the summit
            com = next(com for a, _, com in commodities if max(cs, ti - 6) <= a < ti and com != "other")
            dest = first("in", "to", "at") or (first("object") if word.endswith((" to", " in", " into")) or (
                com == "_tourism" and word.startswith("visit")) else None)  # "tourists visiting North Korea's resort"
            src = origin or (implied(o) if dest and (o := self._dyad_partner(dest.code, doc_codes)) else None)
            if dest is None or src is None or src.code == dest.code:
                return []
            if com == "_tourism":  # tourists travelling are tourism: COOPERATE with no commodity
                q = self._quantity_near(toks, cs, ce, com, commodities, quants)
                out = self._finish([(src, dest)], "COOPERATE", spec, toks, ti, tj, cs, ce, attr, dates, quants,
                                   commodities, force_commodity="_none")
                return [replace(c, commodity=None, quantity=q) for c in out]
            return self._finish([(src, dest)], "AID", spec, toks, ti, tj, cs, ce, attr, dates, quants,
                                commodities, force_commodity=com)
        elif frame in ("meet", "host"):
            # "to" names whom one goes to ("travelled to Moscow", "a visit to Pyongyang"), not a purpose ("met
            # Yoon to discuss how to respond to the North Korean troops")
            to_partners = [m for m in roles.get("to", []) if spec.noun or word.endswith(" to") or not any(
                toks[x].lower in ("to", "how") for x in range(tj, max(tj, m.i - 1)))]
            partners = roles.get("object", []) + roles.get("with", []) + to_partners + (
                roles.get("for", []) if frame == "host" else [])  # "hosted a banquet for the Russian delegation"
            opening = next((x for x in range(ti - 1, max(0, ti - 12) - 1, -1) if toks[x].text == ","), None)
            if opening is not None and opening + 1 < len(toks) and toks[opening + 1].lower.endswith("ing") and (
                    close := next((x for x in range(tj, len(toks)) if toks[x].text == ","), None)) is not None:
                # "the defence chiefs, meeting at the Pentagon, condemned the deployment to Russia": an aside's
                # partners end with the aside
                partners = [m for m in partners if m.i < close]
            # "held their first summit": the owners of the meeting are its subjects, not their partners; "met in
            # Washington to discuss the North's support": an owner named further on is what was discussed
            # "held talks at Beijing's Diaoyutai state guesthouse": a city owning the venue is where, not whom
            partners = [p for p in partners if not (p.possessive and (p.kind.startswith("coref") or p.i - tj > 3))
                        and not (p.is_place and p.i >= 1 and toks[p.i - 1].lower in ("'s", "’s") and any(
                            q.j >= p.i - 1 and q.i < p.i for q in roles.get("at", []) + roles.get("in", [])))
                        and not (p.i >= 2 and toks[p.i - 1].lower == "of" and toks[p.i - 2].lower in (
                            "request", "invitation", "behest", "initiative"))]  # "met at the request of Ukraine"
            if word.startswith("discuss"):
                # "discussed defence cooperation with him": whom one talks with, never what is talked about
                partners = [m for m in roles.get("with", []) if not m.is_place]
                if not partners:
                    return []  # "the two men discussed ...", "met in Washington to discuss": the meeting is told apart
            if frame == "meet" and word.startswith(("visit", "trip", "summit")) and not partners:
                # "his trip to China", "the summit in Hanoi" - near the noun, not a later clause's place
                partners = [m for m in roles.get("in", []) + roles.get("at", []) if not spec.noun or m.i - tj <= 4]
            place = first("in", "at")
            if spec.noun and place is not None and place.i - tj > 4:
                place = None  # "Choe's trip came days after ... fired missiles at Ukraine": another clause's place
            agents = ([possessor] if spec.noun and possessor else None) or left or ([possessor] if possessor else [])
            if spec.noun and left and all(toks[m.i].lower == "their" for m in left) and (
                    verb := next((x for x in range(ti - 1, max(cs, ti - 6) - 1, -1) if toks[x].lower in _LIGHT_VERBS),
                                 None)) is not None and \
                    len(set(map(_code_of, subjects := self._agents(toks, usable, cs, verb, False)))) >= 2:
                agents = subjects  # "he and Choe Son Hui held their second round of strategic dialogue"
            multilateral: list[Mention] = []
            if word.startswith(("summit", "talks", "meeting")) and possessor is not None and not possessor.is_place \
                    and possessor.j <= ti <= possessor.j + 3:
                # "Kim Jong Un's September summit with Vladimir Putin": the owner meets, not the clause's subject
                agents = [possessor]
                pair = next((m for m in usable if m.i == possessor.i and m.kind == "coref-pair"
                             and m.code != possessor.code), None)
                if pair is not None and not partners:
                    partners = [pair]  # "the agreements Kim and Putin reached at their summit": the pair met
                many = list({m.code: m for m in usable if m.i == possessor.i and m.kind.startswith("coref")}.values())
                if len(many) >= 3 and pair is not None:
                    multilateral = many  # "Kazakhstan, ..., and Uzbekistan held their first joint summit"
            between = [m for m in roles.get("between", []) if m.i - tj <= 3 or m.i - tj <= 8 and m.kind != "place"]
            if spec.noun and not possessor and word.startswith(("summit", "meeting")) and \
                    len({m.code for m in between}) >= 2 and between[0].i - tj <= 2:
                # "last September's summit between Kim Jong Un and Vladimir Putin at the Vostochny Cosmodrome"
                agents = between[:1]
                partners = [m for m in between[1:] if m.code != between[0].code][:1]
            if spec.noun and not agents and any(w in word for w in _REMOTE) and any(
                    toks[x].lower in ("in", "during") for x in range(max(0, ti - 3), ti)) and (
                    comma := next((x for x in range(tj, len(toks)) if toks[x].text == ","), None)) is not None and (
                    head := next((m for m in usable if comma < m.i <= comma + 4 and not m.is_place), None)):
                # "In a phone call on Thursday, Cho and Blinken denounced the treaty": the main clause's subjects
                agents = _coordinated_after(usable, toks, head.i)
                title = next((m for m in usable if m.i > comma and m.code not in {a.code for a in agents}
                              and not m.is_place and toks[m.i - 1].lower == "and"), None)
                agents += [title] if title is not None and agents else []
            elif spec.noun and not possessor and any(w in word for w in _REMOTE) and ti >= 2 and any(
                    toks[x].lower in ("during", "in", "by") for x in range(max(0, ti - 3), ti)) and (
                    first_verb := next((x for x in self._verb_positions if x < ti), None)) is not None:
                # "Yoon and Zelensky denounced the cooperation during a phone call on Tuesday": the callers are
                # the subjects of the sentence's verb
                agents = self._agents(toks, usable, 0, first_verb, False) or agents
            if word == "reached" and ((passive and not roles.get("by")) or left_from_before or any(
                    toks[x].lower in _CARGO_HEADS for x in range(max(cs, ti - 3), ti))):
                return []  # "the target was reached", "the first consignment reached Russia": nobody travelled
            if word.endswith(" for") and any(toks[x].lower in _CARGO_HEADS for x in range(cs, ti)):
                return []  # "tankers filled up at Vostochny and headed for North Korean harbours": a voyage
            if agents and agents[0].kind == "ship" and not spec.noun:
                return []  # "the tanker reached Vostochny": a voyage, not a visit (the shuttle rules code cargo)
            if word in _MOTION_TO and agents and agents[0].kind == "military" and not spec.noun:
                # "11,000 North Korean soldiers went to Russia": troops going abroad are deployed, not visiting
                dest_m = next((m for m in partners + ([place] if place is not None else [])
                               if m.code != agents[0].code), None)
                return self._deploy(agents[0], dest_m, toks, ti, tj, cs, ce, attr, dates, quants, commodities,
                                    TriggerSpec("AID", "transfer", False, word), sent)
            if word in _CROSSING and agents and agents[0].kind == "military":
                # "Ukrainian forces crossed into Kursk": troops entering another's land attack it
                into = (partners or [place] if place is not None else partners) or []
                target_m = next((m for m in into if m.code != agents[0].code), None)
                opp = self._opponent(agents[0].code, doc_codes, combat=True)
                if target_m is None and opp:
                    target_m = implied(opp)
                if target_m is None:
                    return []
                return self._finish([(agents[0], target_m)], "ASSAULT", TriggerSpec("ASSAULT", "act_on", False, word),
                                    toks, ti, tj, cs, ce, attr, dates, quants, commodities)
            if passive and roles.get("by") and frame == "meet" and word in _GREETING and left:
                # "Shoigu was met on the tarmac by his counterpart": the one met is the visitor, the one meeting hosts
                agents, partners = list(left), [m for m in roles["by"] if m.code not in {x.code for x in left}]
                place = None
            elif passive and roles.get("by"):
                agents, partners = list(roles["by"]), list(left)  # "attended by Kim and Putin"
            elif passive and frame == "host" and left and place is not None and place.code != left[0].code:
                agents, partners = [place], [left[0]]  # "Putin was welcomed in the North Korean capital"
            if frame == "meet" and not spec.noun and not partners and place is None and agents and any(
                    toks[x].lower in _CEREMONIES for x in range(tj, min(ce, tj + 4))) and (
                    holder := state.doers.get("MOBILIZE")) and holder not in {a.code for a in agents}:
                # "Vietnam's party chief also attended the parade": a visit to the state that held it
                partners = [implied(holder)]
            if spec.noun and word.startswith(("visit", "trip")) and possessor is not None and not partners and \
                    place is None and toks[max(0, possessor.i - 1)].lower != "since" and (
                    other := self._dyad_partner(possessor.code, doc_codes)):
                # "Kim gave Putin two dogs during the Russian leader's visit": a visit to the partner named here
                partners = [m for m in usable if m.code == other and not m.is_place and m.i < possessor.i][:1]
            if frame == "host":
                pairs = [(p, a) for a in agents for p in partners]
            elif multilateral:
                # a party on its own soil hosts the rest; on no party's soil every party meets every other
                host_c = place.code if place is not None and place.code in {m.code for m in multilateral} else None
                pairs = [(a, b) for a in multilateral for b in multilateral if a.code != b.code
                         and a.code != host_c and (host_c is None or b.code == host_c)]
            else:
                if len(agents) >= 2 and not partners:
                    partners = agents[1:]
                    agents = agents[:1]
                for a in agents:
                    for p in partners:
                        if p.code == a.code:
                            continue
                        embassy = p.j < len(toks) and toks[p.j].lower in ("embassy", "consulate", "mission")
                        if (place and place.code == p.code) or (embassy and frame == "meet"):
                            # "visited the Russian embassy in Pyongyang": a visit to Russia's ground
                            pairs.append((a, p))
                        elif place and place.code == a.code:
                            pairs.append((p, a))
                        elif place:
                            pairs.extend([(a, p), (p, a)])
                        else:
                            pairs.append((a, p))
                            if any(w in word for w in _REMOTE):
                                pairs.append((p, a))  # a call has no host: both ways, like a meeting on no one's soil
                    if not partners and place and place.code != a.code:
                        pairs.append((a, place))
        elif frame == "vote_against":
            # "X was among the states that voted against the resolution, alongside Russia, Belarus and Syria";
            # "Russia was joined in voting against by Belarus and North Korea": the defended state is the
            # watched dyad's first actor when named, else the sentence's subject
            states = [m for m in usable if not m.is_place and not m.code.startswith("UN") and m.code != "EU"]
            # "voted against the resolution condemning North Korea's launches": the state the resolution is
            # about is the one defended, the states before the verb are the voters
            about = [m for m in states if m.i >= tj and _prep_before(toks, m.i, tj) != "by"
                     and any(toks[x].lower.startswith(("condemn", "censur", "deplor", "sanction", "on", "against"))
                             for x in range(tj, m.i))]
            if about:
                defended_m = about[0]
                voters_m = [m for m in states if m.code != defended_m.code and m not in about]
                pairs = [(v, defended_m) for v in {m.code: m for m in voters_m}.values()]
            else:
                voters = list(dict.fromkeys(m.code for m in states))
                if len(voters) < 2:
                    return []
                defended = self.dyad[0] if self.dyad[0] in voters else voters[0]
                by_code = {m.code: m for m in states}
                pairs = [(by_code[c], by_code[defended]) for c in voters if c != defended]
        elif frame == "trade":
            # partners in order of appearance: agent or possessor, then with/to/between/from/object
            seq = ([possessor] if possessor else []) + list(left) + roles.get("between", []) + roles.get("with", []) \
                + roles.get("to", []) + roles.get("from", []) + roles.get("object", [])
            if not seq:
                seq = [m for m in usable if cs <= m.i < ce]
            for end in list(seq):
                if end.i >= 2 and toks[end.i - 1].text in ("-", "\u2013"):
                    # "direct Moscow-Pyongyang flights": the route's two ends, in the order named
                    seq += [m for m in usable if m.j == end.i - 1 and not m.is_place]
            parties: list[Mention] = []
            for m in sorted(seq, key=lambda m: m.i):
                if m.code not in [p.code for p in parties] and not m.code.startswith("UN"):
                    parties.append(m)
            sellers = roles.get("from", [])
            if word in ("bought from", "buys from", "imported", "imports", "importing", "import") and sellers:
                # "what the North bought from Russia": the goods go from the seller to the buyer
                parties = [m for m in sellers[:1]] + [p for p in parties if p.code != sellers[0].code]
            if len(parties) == 2 and {p.code for p in parties} == set(self.dyad) and any(
                    p.kind.startswith("coref") for p in parties):
                parties.sort(key=lambda p: self.dyad.index(p.code))  # "trade between the two countries"
            if len(parties) == 1 and not (word in ("commerce", "turnover") and parties[0].kind.startswith("coref")):
                # ("its recorded commerce" names no partner)
                other = self._dyad_partner(parties[0].code, doc_codes)
                if other and spec.noun:
                    parties.append(implied(other))
            if len(parties) < 2:
                return []
            # the value of trade is counted in money, but money is not what is traded ("34 million dollars")
            com = next((c for a, _, c in commodities if cs <= a < ce and c not in ("other", "_tourism", "money")),
                       "other")
            if "banking" in word:
                com = "money"  # "kept up correspondent banking relations with Pyongyang": money moves
                if {p.code for p in parties[:2]} == set(self.dyad):
                    parties.sort(key=lambda p: self.dyad.index(p.code))  # Moscow's banks serve Pyongyang
            qty = next((Quantity(q.value, "USD") for q in quants if q.money and cs <= q.i < ce), None) \
                or self._quantity_near(toks, cs, ce, com, commodities, quants)
            out = self._finish([(parties[0], parties[1])], "COOPERATE", spec, toks, ti, tj, cs, ce, attr, dates,
                               quants, commodities, force_commodity=com)
            if "tourism" in word or word in _LINKS:
                return [replace(c, commodity=None, quantity=None) for c in out]  # tourism and links move no commodity
            if len({c.date for c in out}) > 1:
                # "from $2.8 billion in 2019 to $539 million in 2020": each year its own figure
                sums = [q for q in quants if q.money and cs <= q.i < ce]
                dated = []
                for c in out:
                    year_at = next((d.start for d in dates if d.value == c.date), None)
                    figures = [q for q in sums if year_at is not None and toks[q.i].start < year_at]
                    dated.append(_with_quantity(c, Quantity(figures[-1].value, "USD")) if figures else c)
                return dated
            return [c if qty is None else _with_quantity(c, qty) for c in out]
        elif frame == "joint":
            # "Russia and North Korea opened a road bridge": coded both ways when two parties build it
            sides = [m for m in left if not m.is_place]
            codes_j = list(dict.fromkeys(m.code for m in sides))
            nxt = toks[tj].lower if tj < len(toks) else ""
            planned = any(toks[x].lower in ("to", "will", "would", "plan", "plans", "agreed") for x in
                          range(max(cs, ti - 2), ti))
            if not 2 <= len(codes_j) <= 3 or planned or nxt not in (
                    "a", "an", "the", "their", "its", "new", "direct") or any(
                    cs <= a < ce and com in _WEAPON_GOODS for a, _, com in commodities):
                # two or three builders of a thing ("opened a road bridge"), not "the Olympics opened" nor
                # eleven states launching a monitoring team
                return []
            first_of = {m.code: m for m in reversed(sides)}
            pairs = [(first_of[a], first_of[b]) for a in codes_j for b in codes_j if a != b]
        elif frame == "mutual":
            # "the treaty signed in Moscow by the Soviet Union and North Korea": a reduced passive
            by = roles.get("by", []) if passive or (word.endswith("ed") and not spec.noun) else []
            # "issued a statement condemning the cooperation between X and Y": X and Y belong to "condemning"
            near_between = [m for m in roles.get("between", []) if m.i - tj <= 8 and m.i < next_verb]
            parties = list(by or left) + roles.get("with", []) + near_between + roles.get("object", [])
            if possessor and possessor not in parties:
                parties.insert(0, possessor)
            signers = _relative_signers(toks, usable, ti) if etype == "AGREE" and not spec.noun else None
            if signers:
                parties = signers  # "to protest the pact Putin and Kim Jong Un signed in Pyongyang": the signers
            codes: list[Mention] = []
            for p in parties:
                if word in _JOINT_ACTIVITY and p.kind.startswith("coref"):
                    continue  # "sailed with its transponder switched on" sails with nobody
                # Moscow and a Soviet premier are one party in 1961
                if _era_key(p.code) not in [_era_key(c.code) for c in codes] and not p.is_place:
                    codes.append(p)
            if len(codes) < 2 and etype == "COOPERATE" and spec.form.startswith(("joint", "combined", "trilateral")):
                # "Two Russian Tu-95 and two Chinese H-6 bombers flew a joint patrol": every state named before
                for m in usable:
                    if cs <= m.i < ti and not m.is_place and m.code not in [c.code for c in codes]:
                        codes.append(m)
            if len(codes) == 1 and etype == "COOPERATE" and not spec.noun:
                other = self._dyad_partner(codes[0].code, doc_codes)
                if other:
                    codes.append(implied(other))
            sign_place = first("in")
            if not codes and etype == "AGREE" and word in ("signed", "concluded", "inked") and ti > 0 and (
                    toks[ti - 1].lower in _AGREEMENT_NOUNS or (toks[ti - 1].text == "," and ti > 1
                                                               and toks[ti - 2].lower in _AGREEMENT_NOUNS)) \
                    and sign_place is not None and sign_place.code in self.dyad and (
                    partner := self._dyad_partner(sign_place.code, doc_codes)):
                # "the treaty, signed in Pyongyang in June": between the host and the watched partner
                codes = [sign_place, implied(partner)]
            if len(codes) <= 1 and etype == "AGREE" and word in ("signed", "concluded", "inked") and ti > 0 and (
                    toks[ti - 1].lower in _AGREEMENT_NOUNS or (toks[ti - 1].text == "," and ti > 1
                                                               and toks[ti - 2].lower in _AGREEMENT_NOUNS)) and (
                    visitor := next((m for m in usable if tj <= m.i < tj + 10 and m.possessive and not m.is_place
                                     and m.j + 1 < len(toks) and toks[m.j + 1].lower in ("visit", "trip")), None)) \
                    and (host_v := next((m for m in usable if m.i > visitor.j and m.code != visitor.code
                                         and _prep_before(toks, m.i, visitor.j) == "to"), None)):
                # "The treaty, signed on Wednesday during Putin's visit to Pyongyang": the visitor and the host
                codes = [visitor, host_v]
            if len(codes) == 1 and etype == "AGREE" and not spec.noun and word.startswith(("sign", "ink")) and \
                    sign_place is not None and sign_place.code != codes[0].code:
                codes.append(sign_place)  # "Kim signed a similar pact in Beijing": with China, and a visit there
            if len(codes) == 1 and etype == "AGREE" and not spec.noun and word.startswith("sign"):
                # "flew to Pyongyang to sign a new treaty": signed with the state travelled to
                host = next((m for m in usable if m.i < ti and m.code != codes[0].code and not m.is_place
                             and _prep_before(toks, m.i, 0) in ("to", "in")), None)
                if host is not None:
                    codes.append(host)
            if len(codes) == 1 and etype == "AGREE" and not spec.noun and word.startswith("agree") and (
                    tj < len(toks) and toks[tj].lower == "to"):
                # "Moscow agreed to forgive the North's debt": the state the promised act is for
                owner = next((m for m in usable if tj < m.i < min(ce, next_verb + 8) and not m.is_place
                              and m.code != codes[0].code and (m.possessive or _prep_before(toks, m.i, tj) in (
                                  "to", "with", "for"))), None)
                if owner is not None:
                    codes.append(owner)
            if len(codes) == 1 and etype == "AGREE" and not spec.noun and any(
                    toks[x].lower.startswith("ratif") for x in range(tj, min(ce, tj + 4))):
                # "Putin signed the ratification law": his side ratifies the treaty with the partner
                other = self._dyad_partner(codes[0].code, doc_codes)
                if other:
                    pairs.append((codes[0], implied(other)))
                codes = []
            if etype == "AGREE" and (len(codes) > 2 or any(
                    toks[x].lower in ("law", "decree", "bill", "order", "laws") for x in range(tj, min(ce, tj + 3)))):
                codes = []  # a joint statement of many, or signing a domestic law, is no bilateral agreement
            for a in codes:
                for b in codes:
                    if a.code != b.code:
                        pairs.append((a, b))
            # signing in the partner's capital is also a visit there
            place = first("in") or first("at")
            if etype == "AGREE" and place is not None and not word.startswith((
                    "sign", "ink", "conclud", "exchang", "proclaim", "declar", "forg", "issu", "adopt")):
                place = None  # "agreed to honour the soldiers who fought in Kursk" visits nowhere
            if etype == "AGREE" and place is not None:
                for a in codes:
                    # a leader who signs abroad has travelled there; a state "signed in Moscow" has not
                    if _era_key(a.code) != _era_key(place.code) and _era_key(place.code) in [
                            _era_key(c.code) for c in codes] and (a.is_person or a.kind == "coref" or any(
                                m.is_person and m.code == a.code for m in usable if cs <= m.i < ti)):
                        extra.extend(self._finish([(a, place)], "CONSULT", spec, toks, ti, tj, cs, ce, attr,
                                                  dates, quants, commodities))
        elif frame == "self":
            agent = possessor if spec.noun else (left[0] if left else possessor)
            at = first("at", "on", "against", "into")
            if word in _USE_WORDS:
                # "Russian forces used North Korean missiles against Kharkiv", "missiles ... have been used by
                # Russian forces against Ukraine": an attack on where they were used; using arms on nobody named
                # is no event
                agent = first("by") if passive else agent
                if agent is not None and origin is not None and agent.i == origin.i and origin.kind == "demonym":
                    # "received Iranian missiles and is likely to use them": the user, not the maker
                    agent = next((m for m in usable if cs <= m.i < ti and not m.is_place and m.i != origin.i), None)
                at = at or first("in")
                if agent is None or at is None or at.code == agent.code or at.code in (
                        origin.code if origin else "",):
                    return []
                etype = "ASSAULT"
                pairs = [(agent, at)]
            elif word in _LAUNCH_WORDS and passive and at is not None:
                # "North Korean missiles had been fired at Ukrainian cities": by their user, the maker's partner
                # in the watched pair, unless the text names who fired them
                maker = self._commodity_origin(toks, usable, commodities, cs, ce)
                shooter = first("by") or (implied(o) if maker is not None and (
                    o := self._dyad_partner(maker.code, doc_codes)) else None)
                if shooter is None or shooter.code == at.code:
                    return []
                etype = "ASSAULT"
                pairs = [(shooter, at)]
            elif word in _LAUNCH_WORDS and at is None and agent is not None and (agent.kind == "military" or (
                    origin is not None and origin.code != agent.code and not agent.is_place)) and (
                    foe := self._opponent(agent.code, doc_codes)) is not None:
                # also "Russia was firing missiles made in North Korea": another's missiles are fired at the foe
                etype = "ASSAULT"  # "Russian forces launched several more": at war, a launch is a strike
                pairs = [(agent, implied(foe))]
            elif (word in _LAUNCH_WORDS or word.endswith(" fire")) and at is not None and agent and \
                    at.code != agent.code:  # "fired missiles at Ukraine", "will probably fire them at Ukraine"
                etype = "ASSAULT"
                pairs = [(agent, at)]
            elif word in _DEPLOY_WORDS:
                return self._deploy(agent, first("to", "in", "into"), toks, ti, tj, cs, ce, attr, dates, quants,
                                    commodities, spec, sent)
            else:
                pairs = [(agent, agent)]
                others = [m for m in usable if agent is not None and m.i == agent.i and m.kind == "coref-pair"
                          and m.code != agent.code]
                if others and agent is not None and ("exercise" in word or "drill" in word):
                    # "the US and South Korea began their annual exercises": a joint exercise
                    etype = "COOPERATE"  # every pair of the parties ("the US, Japan and South Korea ... their")
                    parties = [agent] + list({m.code: m for m in others}.values())
                    pairs = [(a, b) for a in parties for b in parties if a.code != b.code]
                elif spec.noun and ("exercise" in word or "drill" in word):
                    # "a US-South Korean tabletop exercise", "exercises that South Korean and US forces hold",
                    # "its Hoguk exercise, in which US forces also take part": every named side exercises together
                    rel_at = next((x for x in range(tj, min(len(toks), tj + 10)) if toks[x].lower in (
                        "which", "that") and toks[x - 1].text == ","), len(toks))  # ", which North Korea condemned"
                    sides = ([agent] if agent is not None else []) + [
                        m for m in usable if max(0, ti - 6) <= m.i < min(len(toks), tj + 10, rel_at) and not m.is_place
                        and m.kind in ("demonym", "military", "state") and m.i not in attr.speaker_tokens
                        and _prep_before(toks, m.i, max(0, m.i - 3)) not in ("against", "near", "toward", "towards",
                                                                              "at", "on", "with")]
                    codes_x = list(dict.fromkeys(m.code for m in sides))[:3]
                    if len(codes_x) >= 2:
                        first_of = {m.code: m for m in reversed(sides)}
                        etype = "COOPERATE"
                        pairs = [(first_of[a], first_of[b]) for a in codes_x for b in codes_x if a != b]
        else:  # act_on, speech
            if etype == "ASSAULT" and any(toks[x].lower in ("hackers", "hacking", "cyber", "cyberattack")
                                          for x in range(max(cs, ti - 4), ti)):
                etype = "COERCE"  # "North Korean hackers attacked the exchange": a cyber-attack (ONTOLOGY.md)
            used = etype == "ASSAULT" and any(toks[x].lower in _USE_WORDS for x in range(cs, ti))
            if etype == "ASSAULT" and ti > 0 and toks[ti - 1].lower == "to" and not used:
                etype = "MOBILIZE"  # "sent to fight Ukraine": placed against, not (yet) combat
            if used and ti > 0 and toks[ti - 1].lower == "to":
                # "Russia has used Iranian drones to strike Ukraine": the user strikes, not the drones' maker
                user = next((m for m in usable if cs <= m.i < ti and not m.is_place and not (
                    origin is not None and m.i == origin.i)), None)
                if user is not None:
                    left = [user]
            agents = left or ([possessor] if possessor else [])
            if spec.noun and possessor is not None:
                agents = [possessor]
                patients = [m for m in left if m.code != possessor.code] + roles.get("object", []) \
                    + roles.get("for", []) + roles.get("to", []) + roles.get("on", []) + roles.get("against", [])
                if etype == "SUPPORT" and not patients:
                    # "Moscow valued Pyongyang's support": the one who values or thanks it is the one backed
                    patients = [m for m in usable if cs <= m.i < possessor.i and m.code != possessor.code
                                and not m.is_place][-1:]
            elif passive or word.startswith(_VICTIM_WORDS):
                # "were killed by ...", and "suffered heavy losses": the subject is the one hit
                by_agent = first("by")
                agents = [by_agent] if by_agent else []
                patients = list(left)
                arms = {a for a, _, c in commodities if c in ("missiles", "munitions", "weapons_systems")}
                rel = next((x for x in range(max(cs, ti - 3), ti) if toks[x].lower in ("that", "which")), None)
                if rel is None and any(b == ti for _, b, c in commodities if c in ("missiles", "munitions",
                                                                                     "weapons_systems")):
                    rel = ti  # "the shells fired at Ukrainian lines": a reduced relative on the weapon
                arms_before = rel is not None and any(
                    rel - 4 <= b <= rel for _, b, c in commodities
                    if c in ("missiles", "munitions", "weapons_systems"))  # "missiles to Russia that were launched"
                if not agents and etype == "ASSAULT" and left and passive and (
                        left[0].j in arms or left[0].j + 1 in arms or arms_before):
                    # "North Korean missiles had been fired at Ukrainian cities": fired by their user, the
                    # maker's partner, at the place named
                    user_code = self._dyad_partner(left[0].code, doc_codes)
                    agents = [implied(user_code)] if user_code else []
                    patients = roles.get("at", []) + roles.get("on", []) + roles.get("against", []) \
                        + roles.get("into", [])
                elif not agents and etype in ("ASSAULT", "COERCE") and left:
                    # "North Korean soldiers were killed in Kursk": by the side they fight ("600 North Koreans had
                    # been killed in the fighting")
                    combat = left[0].kind == "military" or (left[0].j < len(toks) and toks[left[0].j].lower in
                                                            _PEOPLE) or any(toks[x].lower in _FIGHT_CUES
                                                                            for x in range(cs, ce)) or any(
                        w in word for w in ("casualt", "losses", "in action", "in battle", "fallen"))
                    foe = self._opponent(left[0].code, doc_codes, combat=combat)
                    agents = [implied(foe)] if foe else []
            else:
                patients = roles.get("object", []) + roles.get("on", []) + roles.get("against", []) \
                    + roles.get("between", []) + roles.get("for", []) + roles.get("over", [])
                if etype == "ACCUSE":
                    patients += roles.get("of", [])  # "blamed the policy of the United States"
                    # "accused Pyongyang of supplying Moscow": who is accused comes before the charge
                    charge = next((x for x in range(tj, ce - 1) if toks[x].lower in ("of", "for") and (
                        toks[x + 1].lower.endswith("ing") or (x + 2 < ce and toks[x + 1].lower.endswith("ly")
                                                              and toks[x + 2].lower.endswith("ing")))), None)
                    if charge is not None:
                        patients = [p for p in patients if p.i < charge] or patients
                    if patients and patients[0].possessive and patients[0].i - tj <= 3:
                        patients = patients[:1]  # "deploring Russia's aggression against Ukraine"
                if etype in ("ACCUSE", "SUPPORT", "REJECT"):
                    # "condemned the launch as a violation of UN resolutions": the UN names the resolutions
                    patients = [p for p in patients if not (p.j < len(toks) and toks[p.j].lower in _REGIME_NOUNS)]
                    # "blamed the collapse of the Hanoi meeting on the United States": where is not who
                    patients = [p for p in patients if not p.is_place] or patients
                if etype in ("REJECT", "REQUEST"):
                    # "Moscow and Tehran deny it", "a proposal its allies refused", "asked its partners": a
                    # pronoun here is the claim or the speaker's own side, not a party answered
                    patients = [p for p in patients if not (p.kind.startswith("coref") and (
                        p.possessive or toks[p.i].lower in ("it", "this", "that")))]
                if etype in ("REJECT", "ACCUSE"):
                    # "denied Western accusations that it was buying North Korean weapons": what the claim says
                    # is not who is answered
                    comp = next((x for x in range(tj, ce) if toks[x].lower in ("that", "which", "whether")), None)
                    if comp is not None:
                        patients = [p for p in patients if p.i < comp]
                if etype in ("AGREE", "SANCTION"):
                    patients += roles.get("with", [])
                if etype in ("ACCUSE", "SUPPORT") and not patients and not passive and roles.get("by") and any(
                        toks[x].lower in _NAMED_ACTS | _DRILLS for x in range(tj, min(ce, roles["by"][0].i))):
                    # "condemned the drills by the US, Japan and South Korea": the doers of the act condemned
                    patients = list(roles["by"])
                if etype == "COERCE" and word in ("stole", "stolen", "steal", "steals", "stealing"):
                    patients += roles.get("from", [])  # "stole bitcoin from the Tokyo exchange DMM Bitcoin"
                if etype == "SANCTION" and not patients and agents and (
                        gap := _relative_object(toks, usable, agents[0])) is not None:
                    patients = [gap]  # "Russian companies that Washington sanctioned in May 2022"
                if etype == "AGREE" and "invitation" in word:
                    patients += [m for m in usable if tj <= m.i < ce][:1]  # "... an invitation to visit North Korea"
                if etype in ("REQUEST",):
                    patients = roles.get("object", []) + roles.get("on", []) + roles.get("from", []) \
                        + roles.get("to", []) + roles.get("for", [])
                    asked = parsed.addressees(ti, tj, usable) if parsed is not None else None
                    if asked:
                        patients = asked  # "demanded that North Korea stop sending weapons to Russia": not Russia
                if etype == "SUPPORT" and roles.get("object"):
                    # "supports Moscow's position on Ukraine": not Ukraine; but "valued its ties with the North":
                    # the owner's own "its" is not the one backed
                    patients = [p for p in roles["object"] if not (p.possessive and p.kind.startswith("coref"))]
                if etype == "SUPPORT" and not patients:
                    patients = roles.get("to", []) + roles.get("with", [])
                if etype in ("ASSAULT", "COERCE", "ACCUSE", "SANCTION") and agents:
                    # "North Korean troops attacked its positions, Ukraine said": a possessive that would make
                    # the attacker attack itself names the other party in the sentence
                    own = {a.code for a in agents}
                    fixed = []
                    for p in patients:
                        if p.kind == "coref" and p.possessive and p.code in own:
                            alt = [m for m in mentions if m.j <= p.i and m.code not in own and not m.is_place
                                   and not m.kind.startswith("coref")]
                            if alt:
                                p = Mention(p.i, p.j, alt[-1].code, p.surface, "coref", True)
                        fixed.append(p)
                    patients = fixed
                if etype in ("ASSAULT", "COERCE") and word not in _COMBAT_WORDS:
                    cargo = {a for a, _, c in commodities}
                    # "fired North Korean missiles at Ukraine": the weapon's maker is not the one attacked; but
                    # "fought American aircraft" fights their owner
                    patients = [p for p in patients
                                if not (p.kind == "demonym" and (p.j in cargo or p.j + 1 in cargo))]
                if etype in ("ASSAULT", "MOBILIZE"):
                    # "its sacred fight to defend its sovereignty", "killing their own wounded": a possessive
                    # pronoun is not the one attacked
                    patients = [p for p in patients if not (p.kind.startswith("coref") and p.possessive)]
                    if agents and patients and agents[0].code in self.dyad and all(
                            p.code in self.dyad for p in patients) and agents[0].code != patients[0].code:
                        # allies do not fight each other: "the fighting around Kursk", "liberating Russian
                        # territory" is against the other side
                        foe = self._opponent(agents[0].code, doc_codes, combat=True)
                        patients = [implied(foe)] if foe else []
                if etype in ("ASSAULT", "COERCE") and not patients and not spec.noun:
                    # "fighting in Kursk" names where; "the plan for the attack after talks in Moscow" does not
                    patients = roles.get("in", []) + roles.get("at", []) + roles.get("into", [])
                    if agents and patients and patients[0].code in self.dyad and agents[0].code in self.dyad:
                        foe = self._opponent(agents[0].code, doc_codes,  # "troops fighting in Kursk"
                                             combat=agents[0].kind == "military")
                        patients = [implied(foe)] if foe else []
                    elif agents and not patients and word.startswith(_TAKING_PART) and not roles.get("with") and (
                            foe := self._opponent(agents[0].code, doc_codes, combat=agents[0].kind == "military")):
                        patients = [implied(foe)]  # "North Korean troops took part in combat": against the war's foe
            if etype == "RETREAT" and agents and all(a.is_person for a in agents) and not any(
                    cs <= a < ce and com == "troops" for a, _, com in commodities):
                return []  # "Kim's armoured train pulled out of Artyom station": a departure, not a withdrawal
            if etype == "RETREAT":
                if passive and not first("by"):
                    agents, patients = list(left), []  # "the North's troops have been withdrawn from the front"
                troops = any(cs <= a < ce and com == "troops" for a, _, com in commodities) or any(
                    a.kind == "military" for a in agents)
                if troops and agents and agents[0].code in self.dyad and (
                        not patients or all(p.code in self.dyad for p in patients)):
                    # leaving the front or an ally's soil withdraws from the war against the other side
                    foe = self._opponent(agents[0].code, doc_codes, combat=True)
                    patients = [implied(foe)] if foe else []
            if etype == "REJECT" and word in _VETO and possessor is not None and ti - possessor.j <= 1:
                agents = [possessor]  # "Seoul pointed to Russia's veto in March": Russia vetoed
            if etype == "REJECT" and word not in _VETO and not [p for p in patients if p.code not in {
                    a.code for a in agents}] and any(toks[x].lower in _CLAIM_NOUNS for x in range(tj, min(ce, tj + 4))):
                # "brushing aside the allegations from Seoul and Washington": whoever made them
                patients = [m for m in roles.get("from", []) + roles.get("by", []) if not m.is_place]
            if etype == "REJECT" and word in _VETO:
                targeted = roles.get("on", []) + roles.get("against", []) + roles.get("over", [])
                for a in agents:
                    pairs.append((a, implied("UNSC")))
                    benef = [p for p in targeted if p.code != a.code and p.code != "UNSC" and not p.is_place]
                    if not benef:
                        other = self._dyad_partner(a.code, doc_codes)
                        if other:
                            benef = [implied(other)]
                    pairs.extend((a, b) for b in benef)
                return self._finish(pairs, etype, spec, toks, ti, tj, cs, ce, attr, dates, quants, commodities,
                                    veto=True)
            if listing:
                # "The EU added X's minister and Y's bureau to its sanctions list": the subject lists, the
                # objects of "added" are listed
                subject = [m for m in usable if list_cs <= m.i < ti and m.kind not in ("coref", "coref-pair")
                           and not _after_prep(toks, m, self.lex)]
                agents = subject[:1]
                patients = [m for m in usable if agents and agents[0].j <= m.i < ti and m.code != agents[0].code
                            and not m.kind.startswith("coref")]
                owner = next((m for m in usable if m.possessive and 0 <= ti - m.j <= 2 and not m.is_place), None)
                if owner is not None and (passive or any(toks[x].lower in ("be", "been", "being", "was", "were", "is",
                                                                           "are") for x in range(max(cs, ti - 6), ti))):
                    # "four Russian ships ... would be added to Seoul's blacklist": the list's owner lists them
                    agents = [owner]
                    patients = [m for m in usable if cs <= m.i < ti and m.code != owner.code and not m.is_place
                                and not m.kind.startswith("coref") and not any(
                                    toks[x].lower in ("accused", "for", "over") for x in range(cs, m.i))]
                including = next((x for x in range(tj, min(len(toks), ce + 2)) if toks[x].lower in (
                    "including", "among")), None)
                if including is not None:  # "... to its sanctions list, including North Korean and Russian firms"
                    patients += [m for m in usable if including < m.i < len(toks) and agents
                                 and m.code != agents[0].code and not m.kind.startswith("coref")]
            elif etype == "SANCTION":
                # every state named among the designated (before or after the trigger) is a target, but not
                # one named in a clause about them ("two Chinese firms that supplied components to Russia")
                agent_codes = {a.code for a in agents}
                parse = self._cur_parse
                # the list of the designated may run on past a comma ("X, a Russian firm, and three companies
                # based in China"), up to the next verb
                list_end = min([p for p in self._verb_positions if p >= tj] + [len(toks)])
                patients = [m for m in usable if cs <= m.i < list_end and m.code not in agent_codes
                            and m not in agents and not _war_theatre(toks, m)
                            and m.i >= (agents[-1].j if agents else cs)
                            and not (m.possessive and m.kind.startswith("coref"))  # "cancel their agreements"
                            and not (parse is not None and parse.in_relative_clause(m, ti))] or patients
            if etype == "ASSAULT" and word.startswith("target") and any(
                    toks[x].lower in _DESIGNATED for x in range(tj, min(ce, tj + 6))):
                # "the State Department targeted two China-based companies": a designation, not a strike
                etype = "SANCTION"
                list_end = min([p for p in self._verb_positions if p > tj] + [len(toks)])
                patients = [m for m in usable if tj <= m.i < list_end and m.code not in {a.code for a in agents}]
            if etype == "COERCE" and any(toks[x].lower in _TERRITORY for x in range(tj, min(ce, tj + 6))):
                etype = "ASSAULT"  # "seized a strip of Russian territory", "captured the village": military force
                patients = patients or roles.get("from", []) + roles.get("of", []) + roles.get("in", [])
            if etype == "ASSAULT":
                # "fought alongside Russian units", "entered the fighting on the North's side": an ally, not a foe
                allies = [p for p in usable if tj <= p.i < ce and (_ally_marker(toks, p, tj) or (
                    word.startswith(("fight", "fought")) and _prep_before(toks, p.i, tj) == "for"))]
                if allies:
                    patients = [p for p in patients if p not in allies]
                    out_ally = self._finish([(a, b) for a in agents for b in allies if a.code != b.code], "AID",
                                            spec, toks, ti, tj, cs, ce, attr, dates, quants, commodities,
                                            force_commodity="troops")
                    extra.extend(out_ally)
                    if not patients:
                        return extra
            if etype == "ASSAULT" and word in _RETAKING and agents and not [
                    p for p in patients if p.code != agents[0].code and not p.is_place] and (
                    foe := self._opponent(agents[0].code, doc_codes, combat=True)):
                # "Russian forces retook most of the area", "recaptured the town of Sudzha": from its occupier
                held = [m for m in usable if tj <= m.i < ce and m.code == foe]
                patients = held[:1] or [implied(foe)]
            if etype == "ASSAULT" and word in _OFFENSIVES and agents and agents[0].is_place:
                # "The Kursk salient has been held by Ukraine since a surprise offensive": held by its attacker
                agents = [m for m in usable if cs <= m.i < ti and not m.is_place
                          and _prep_before(toks, m.i, cs) == "by"][:1]
            if etype == "ASSAULT" and word in _OFFENSIVES and agents and toks[ti - 1].lower not in (
                    "for", "of", "against", "any") and not [
                    p for p in patients if p.code not in {a.code for a in agents}]:
                # "Ukraine has held part of Kursk since a surprise offensive in August": into the land named, else
                # against the other side of the war
                owner = next((m for m in usable if cs <= m.i < ce and m.is_place
                              and m.code not in {a.code for a in agents}), None)
                opp = self._opponent(agents[0].code, doc_codes, combat=True)
                patients = [owner] if owner is not None else ([implied(opp)] if opp else [])
            if etype == "CONCEDE" and not [p for p in patients if p.code not in {a.code for a in agents}] and any(
                    com == "_tourism" for _, _, com in commodities):
                # "let in a group of Russian tourists", "reopened its border to Russian tourists"
                patients = roles.get("to", []) + roles.get("of", []) + roles.get("for", [])
            if etype == "RETREAT" and word == "left":
                troops_left = bool(agents) and (agents[0].kind == "military" or any(
                    a == agents[0].j and com == "troops" for a, _, com in commodities))
                origin_m, dest_m = first("object", "from"), first("for", "to")
                if not troops_left and origin_m is not None and dest_m is not None and origin_m.code != dest_m.code:
                    # "13,000 containers have left the North Korean port of Najin for Russia": a shipment
                    return self._finish([(origin_m, dest_m)], "AID", spec, toks, ti, tj, cs, ce, attr, dates,
                                        quants, commodities)
                if not troops_left:
                    return []  # "the last Chinese units left North Korea" withdraws; "the ship left" does not
            if etype == "RETREAT" and not [p for p in patients if p.code not in {a.code for a in agents}]:
                patients = roles.get("from", []) + roles.get("of", [])  # "pulled out of the North"
            if not patients and etype in ("REJECT", "ACCUSE") and any(
                    toks[x].lower in ("resolution", "resolutions", "draft") for x in range(tj, min(ce, tj + 6))):
                patients = [implied("UNSC")]
            for a in agents:
                seen: set[str] = set()
                for p in patients:
                    if p.code != a.code and p.code not in seen:
                        seen.add(p.code)
                        pairs.append((a, p))
            if not pairs and agents and etype == "SUPPORT" and agents[0].code in self.dyad and any(
                    toks[x].lower in _BACKED_CAUSES for x in range(tj, min(ce, tj + 8))):
                # "Pyongyang voiced full support for the special military operation": the partner's cause
                partner = self._dyad_partner(agents[0].code, doc_codes)
                if partner:
                    pairs.append((agents[0], implied(partner)))
            if not pairs and agents and etype == "PROTEST" and not spec.noun:
                # "the North had fired two missiles, and Japan lodged a protest": against the doer named before
                for agent in agents:
                    doer = state.last_doer or next((m.code for m in reversed(usable) if m.j <= ti and m.code !=
                                                    agent.code and not m.is_place and m.kind != "igo"), None)
                    if doer and doer != agent.code:
                        pairs.append((agent, implied(doer)))
            if not pairs and agents and (etype in ("REJECT", "ACCUSE", "RETREAT", "REQUEST") or (
                    etype == "AGREE" and "ratif" in word)):  # ratifying "the treaty": with the partner
                if etype == "REQUEST" and tj < len(toks) and toks[tj].lower in ("its", "their", "his", "her", "our"):
                    agents = []  # "Kyiv has asked its partners for more Patriots": addressees with no name
                if etype == "ACCUSE" and "concern" in word and not (tj < len(toks) and toks[tj].lower in (
                        "about", "over", "at", "that", "regarding", "with", "by")):
                    agents = []  # "expressed concern and appealed for calm": worry about nobody in particular
                if etype == "REQUEST" and word.endswith(" for"):
                    agents = []  # "Kim called for the number of centrifuges to be increased": nobody is asked
                for agent in agents:
                    target = state.claimant if etype == "REJECT" and state.claimant not in (None, agent.code) \
                        else (state.last_actor if etype in ("ACCUSE", "REQUEST") else None)
                    named_act = next((toks[x].lower for x in range(tj, min(ce, tj + 4))
                                      if toks[x].lower in _ACT_NOUNS), None) if etype == "ACCUSE" else None
                    drill = etype == "ACCUSE" and any(toks[x].lower in _DRILLS for x in range(tj, min(ce, tj + 4)))
                    if drill and state.last_joint and any(c != agent.code for c in state.last_joint):
                        # "condemned the drills": every party to the joint drill the story named
                        pairs.extend((agent, implied(code)) for code in state.last_joint if code != agent.code)
                        continue
                    if named_act and _ACT_NOUNS[named_act] == "AGREE" and state.last_agreement:
                        # "expressed concern about the pact": both its parties
                        pairs.extend((agent, implied(code)) for code in state.last_agreement if code != agent.code)
                        continue
                    rel = next((x for x in range(tj, min(len(toks), tj + 5)) if toks[x].lower in ("that", "which")
                                and x + 1 < len(toks)), None)
                    doers_rel = [m for m in _coordinated_after(usable, toks, rel + 1) if m.code != agent.code] \
                        if etype == "ACCUSE" and rel is not None else []
                    if doers_rel:
                        # "condemned the military support that North Korea, Belarus and Iran provide to Russia"
                        pairs.extend((agent, m) for m in doers_rel)
                        continue
                    both = [m for m in usable if ti < m.i < ce and m.kind.startswith("coref") and toks[m.i].lower
                            == "both" and m.code != agent.code]
                    if etype == "ACCUSE" and len(both) >= 2:
                        # "condemned the shipments as a breach of resolutions by both governments"
                        pairs.extend((agent, m) for m in both)
                        continue
                    if etype == "ACCUSE" and state.last_doer not in (None, agent.code):
                        target = state.last_doer  # "condemned the reported deal": the doer of the last act
                        by_kind = state.doers.get(_ACT_NOUNS[named_act]) if named_act else None
                        if by_kind not in (None, agent.code):
                            target = by_kind  # "condemned the deployment": the doer of the last deployment
                    if etype == "REJECT" and target is None:
                        target = _CLAIMANT  # whoever the document says made the claim (resolved at its end)
                    if etype == "ACCUSE" and target == agent.code:
                        target = state.last_target  # "Kyiv broke off relations with Pyongyang. [It] condemned ..."
                    if etype == "AGREE" and state.last_agreement and agent.code in state.last_agreement:
                        # "Pyongyang ratified the treaty": with the other party of the agreement named before
                        target = next(c for c in state.last_agreement if c != agent.code)
                    if target is None or target == agent.code:
                        target = self._dyad_partner(agent.code, doc_codes)
                    if target and target != agent.code:
                        pairs.append((agent, implied(target)))
        if etype == "AID" and not spec.noun and left and not any(tj <= a < min(ce, tj + 8) for a, _, _ in commodities):
            # "payment for the weapons and troops Pyongyang has sent": the cargo is the noun phrase the relative
            # clause hangs from, not every good the sentence names ("the oil", "payment")
            hung = [c for c in commodities if left[0].i - 6 <= c[0] < left[0].i and c[1] <= left[0].i]
            if hung and all(toks[x].lower in ("the", "and", ",", "of", "all") or any(a <= x < b for a, b, _ in hung)
                            for x in range(hung[0][0], left[0].i)):
                commodities = hung
        out = self._finish(pairs, etype, spec, toks, ti, tj, cs, ce, attr, dates, quants, commodities)
        if etype == "AID" and any(toks[x].lower in _COMMERCIAL for x in range(cs, ce)):
            # "projects to ship Russian gas to Iran", "a deal to sell wheat": commerce is COOPERATE with the
            # commodity (ONTOLOGY.md: trade is not AID); arms, troops and money stay AID
            out = [replace(c, event_type="COOPERATE") if c.commodity in ("fuel", "food") else c for c in out]
        # "fired North Korean missiles at Ukraine": the weapon's maker supplied its user
        if etype in ("ASSAULT", "MOBILIZE") and word not in _COMBAT_WORDS:
            # the maker of the weapon, not the unit that used it ("missiles built in North Korea ... used by
            # Russian forces")
            weapons = [c for c in commodities if c[2] in ("missiles", "munitions", "weapons_systems")]
            # the weapon fired is its object, or its subject when passive ("missiles ... were used")
            origin = self._commodity_origin(toks, usable, weapons, tj, ce) or (
                self._commodity_origin(toks, usable, weapons, cs, ti) if passive or spec.noun or any(
                    toks[x].lower in _USE_WORDS for x in range(cs, ti)) else None)  # "used Iranian drones to strike"
            rel = next((x for x in range(ti - 1, max(-1, ti - 8), -1) if toks[x].lower in ("that", "which")), None)
            if origin is None and rel is not None:
                # "a North Korean Hwasong-11 missile that Russian forces had fired at the city"
                fired = [c for c in weapons if c[1] == rel]
                origin = self._commodity_origin(toks, usable, fired, 0, rel) if fired else None
        if etype in ("ASSAULT", "MOBILIZE") and origin is not None and word not in _COMBAT_WORDS:
            for c in out[:]:
                if c.source != origin.code:
                    coms = [com for a, _, com in commodities if cs <= a < ce and com in ("missiles", "munitions",
                                                                                        "weapons_systems")]
                    for com in coms[:1]:
                        out.extend(self._finish([(origin, Mention(ti, tj, c.source, c.source_name or c.source,
                                                                  "implied"))],
                                                "AID", spec, toks, ti, tj, cs, ce, attr, dates, quants, commodities,
                                                force_commodity=com))
                    break
        return out + extra

    def _undirected(self, parties: list[Mention], spec: TriggerSpec, toks: list[Token], ti: int, tj: int, cs: int,
                    ce: int, attr: _Attribution, dates: list[DateMention], quants: list[QuantityMention],
                    commodities: list[tuple[int, int, str]]) -> list[_Candidate]:
        """One COOPERATE for a flow with no direction: the dyad's first actor (else the first named) is the
        source, the commodity as named or ``other``."""
        uniq: list[Mention] = []
        for m in parties:
            if m.code not in [u.code for u in uniq]:
                uniq.append(m)
        a, b = uniq[0], uniq[1]
        rank = {code: n for n, code in enumerate(self.dyad)}
        if rank.get(b.code, 9) < rank.get(a.code, 9):
            a, b = b, a
        named = self._commodities(toks, ti, tj, cs, ce, commodities, quants, spec.noun,
                                  spec.form in _MOTION_FORMS, self._passive)
        com = next((c for c in named if c[0] not in (None, "other")), None)
        out = self._finish([(a, b)], "COOPERATE", spec, toks, ti, tj, cs, ce, attr, dates, quants, commodities,
                           force_commodity=com[0] if com else "other")
        return [replace(c, undirected=True) for c in out]

    def _deploy(self, agent: Mention | None, dest: Mention | None, toks: list[Token], ti: int, tj: int, cs: int,
                ce: int, attr: _Attribution, dates: list[DateMention], quants: list[QuantityMention],
                commodities: list[tuple[int, int, str]], spec: TriggerSpec, sent: Sentence) -> list[_Candidate]:
        """Troops deployed to an ally are AID; to the front (or Kursk) they are MOBILIZE against Ukraine."""
        if agent is None:
            return []
        words = {t.lower for t in toks[cs:ce]}
        kinds = {com for a, _, com in commodities if cs <= a < ce}
        if not kinds & {"troops", "workers"} and (kinds & {"missiles", "weapons_systems"} or "weapons" in words):
            # "Russia's deployment of nuclear weapons in Belarus": arms placed, not soldiers sent
            return self._finish([(agent, dest if dest is not None and dest.code != agent.code else agent)],
                                "MOBILIZE", spec, toks, ti, tj, cs, ce, attr, dates, quants, commodities)
        front = bool(words & _FIGHT_CUES) or (dest is not None and dest.surface.lower().startswith("kursk"))
        out: list[_Candidate] = []
        if dest is not None and dest.code != agent.code and not dest.is_place and dest.code != "UKR":
            out += self._finish([(agent, dest)], "AID", spec, toks, ti, tj, cs, ce, attr, dates, quants,
                                commodities, force_commodity="troops")
        if front and agent.code != "UKR":
            out += self._finish([(agent, Mention(ti, tj, "UKR", "Ukraine", "implied"))], "MOBILIZE", spec, toks,
                                ti, tj, cs, ce, attr, dates, quants, commodities)
        elif not out:
            out += self._finish([(agent, dest or agent)], "MOBILIZE", spec, toks, ti, tj, cs, ce, attr, dates,
                                quants, commodities)
        return out

    def _opponent(self, code: str, doc_codes: set[str], combat: bool = False) -> str | None:
        """Who fights whom in the watched war: the dyad against Ukraine (``combat``: the text says they
        fight on the dyad's soil, so the enemy need not be named)."""
        if code in self.dyad and ("UKR" in doc_codes or combat):
            return "UKR"
        if code == "UKR":
            return self.dyad[0]
        return None

    def _finish(self, pairs: list[tuple[Mention | None, Mention | None]], etype: str, spec: TriggerSpec,
                toks: list[Token], ti: int, tj: int, cs: int, ce: int, attr: _Attribution,
                dates: list[DateMention], quants: list[QuantityMention],
                commodities: list[tuple[int, int, str]], veto: bool = False,
                force_commodity: str | None = None) -> list[_Candidate]:
        if self._cur_parse is not None and etype not in _OBSERVABLE:
            # a date on the verb that reports or accuses dates that statement, not the material act it
            # reports ("The White House on Wednesday accused North Korea of supplying shells"); a statement
            # made by saying it ("said on Thursday it had never exported arms") keeps the date
            dates = [d for d in dates if not self._cur_parse.date_above(d.start, ti)]
        if etype != "AGREE":
            # "abide by the 1953 armistice" dates another thing; "Kim's September summit" dates this one
            dates = [d for d in dates if (d.start, d.end) not in self._thing_dates or (
                0 <= toks[ti].start - d.end <= 1)]
        # "last met in June 2019, and since then the two have traded messages": not dated by what came before
        since_then = next((x for x in range(ti - 1, 0, -1) if toks[x].lower == "then" and toks[x - 1].lower == "since"),
                          None)
        if since_then is not None:
            dates = [d for d in dates if d.start > toks[since_then].start]
        if etype in ("ACCUSE", "REJECT") and not spec.noun:
            # "accused Pyongyang of supplying rockets to Wagner in November 2022": that date is the charge's,
            # not the accusation's, nor its denial's
            charge = next((x for x in range(tj, min(ce, tj + 6)) if toks[x].lower in ("of", "for") and x + 1 < ce
                           and toks[x + 1].lower.endswith("ing")), None)
            if charge is not None:
                dates = [d for d in dates if d.start < toks[charge].start]
            elif etype == "REJECT":
                # "accused Pyongyang of supplying rockets in November 2022, a charge both capitals deny"
                before = next((x for x in range(ti) if toks[x].lower in ("of", "for") and x + 1 < ti
                               and toks[x + 1].lower.endswith("ing")), None)
                if before is not None:
                    dates = [d for d in dates if not toks[before].start < d.start < toks[ti].start]
        when = _nearest_date(dates, toks, ti, cs, ce)
        # "froze the assets of nine entities over Moscow's procurement of weapons from North Korea": a flow named
        # as the grounds of another act is an ongoing one, not dated by that act
        grounds = etype == "AID" and spec.noun and any(toks[x].lower in ("over", "for", "citing")
                                                         for x in range(max(0, ti - 4), ti))
        if grounds and not any(toks[ti].end <= d.start and d.start - toks[tj - 1].end < 40 for d in dates):
            when = None
        hedged = any(self.lex.speculative.contains(toks, x) and not _pledge(etype, attr, toks[x])
                     for x in range(max(cs, ti - 6), ti))
        if hedged and etype not in _OBSERVABLE and any(toks[x].lower in _FUTURE for x in range(max(cs, ti - 6), ti)):
            when = None  # "plans to send more wheat in June": a plan has no date of its own yet (ONTOLOGY.md)
        if when is None and self._said_on and etype in _OBSERVABLE and (not hedged or etype in _SPEECH) and not grounds:
            # a promise is made when it is said ("told him on Saturday that Pyongyang would support ...")
            when = self._said_on
        if when is None and self._occasion and not hedged and not grounds:
            when = self._occasion
        if when is None and self._inherit and etype in _INHERIT_TYPES and not hedged:
            when = self._inherit  # the occasion the previous sentence dated ("He also accused ...")
        out = self._pairs_on(when, pairs, etype, spec, toks, ti, tj, cs, ce, attr, quants, commodities, veto,
                             force_commodity)
        # "signed declarations in Pyongyang in July 2000 and in Moscow in August 2001": one act per date
        for also in _coordinated_dates(dates, toks, when, ti, ce):
            out += self._pairs_on(also, pairs, etype, spec, toks, ti, tj, cs, ce, attr, quants, commodities, veto,
                                  force_commodity)
        return out

    def _pairs_on(self, when: str | None, pairs: list[tuple[Mention | None, Mention | None]], etype: str,
                  spec: TriggerSpec, toks: list[Token], ti: int, tj: int, cs: int, ce: int, attr: _Attribution,
                  quants: list[QuantityMention], commodities: list[tuple[int, int, str]], veto: bool,
                  force_commodity: str | None) -> list[_Candidate]:
        out: list[_Candidate] = []
        for src, tgt in pairs:
            if src is None or tgt is None:
                continue
            if src.code == tgt.code and etype not in _SELF_TYPES:
                continue
            this_type = etype
            if veto and tgt.code != "UNSC":
                this_type = "SUPPORT"
            certainty, conf = self._certainty(toks, ti, cs, ce, attr, this_type, src.code, tgt.code)
            coms: list[tuple[str | None, Quantity | None]] = [(None, None)]
            if force_commodity is not None:
                coms = [(force_commodity, self._quantity_near(toks, cs, ce, force_commodity, commodities, quants))]
            elif this_type == "AID" and spec.form in _TRAINING:
                coms = [("other", None)]  # training another state's soldiers is AID `other` (ONTOLOGY.md)
            elif this_type == "COOPERATE" and (spec.form in _JOINT_ACTIVITY or spec.form.startswith((
                    "joint", "combined", "trilateral")) or "exercise" in spec.form or "drill" in spec.form
                    or spec.frame == "joint"):  # "opened a new cargo terminal": built together, nothing moved
                coms = [(None, None)]  # a joint patrol or exercise moves nothing (the jets are not cargo)
            elif this_type in ("AID", "COOPERATE"):
                coms = self._commodities(toks, ti, tj, cs, ce, commodities, quants, spec.noun,
                                  spec.form in _MOTION_FORMS, self._passive)
                if not coms and this_type == "AID" and not spec.noun and spec.form in _BARE_GIVING:
                    continue  # "Kim Jong Un received him", "shared the reviewing stand": nothing named moves
                if not coms and this_type == "AID" and not spec.noun and spec.form in _SENDING and any(
                        toks[x].lower in _ENVOYS for x in range(tj, min(len(toks), tj + 4))):
                    # "Beijing sent its third-ranking leader, Zhao Leji, to Pyongyang", "sent a delegation":
                    # sending a person is a visit by the sender's side
                    this_type, coms = "CONSULT", [(None, None)]
                coms = coms or ([("other", None)] if this_type == "AID" else [(None, None)])
            elif this_type == "ASSAULT" and src.code != tgt.code:
                # casualties count: "300 North Korean soldiers have been killed"
                coms = [(None, _casualties(toks, min(cs, max(0, tgt.i - 3)), ce, quants))]
            # a plan or expectation belongs to the time of writing, not to the era the story recalls
            era_when = when or (str(self._pub.year) if certainty == "speculative" and self._pub else None)
            source, target = self._era(src.code, era_when), self._era(tgt.code, era_when)
            if source == target and this_type not in _SELF_TYPES:
                continue
            for commodity, qty in coms:
                kind = this_type
                if kind == "AID" and commodity == "intelligence" and spec.form in _SHARING:
                    kind = "COOPERATE"  # intelligence sharing is joint action (ONTOLOGY.md), not a one-way gift
                out.append(_Candidate(
                    event_type=kind, source=source, target=target, commodity=commodity,
                    mode=_mode(this_type, commodity, spec.form), date=when, quantity=qty, certainty=certainty,
                    confidence=conf * (0.85 if "implied" in (src.kind, tgt.kind) else 1.0),
                    source_name=src.surface if src.kind not in ("implied",) else None,
                    target_name=tgt.surface if tgt.kind not in ("implied",) else None,
                ))
        return out

    def _era(self, code: str, when: str | None) -> str:
        """Russia before 26 December 1991 is the Soviet Union (ISO 3166-3 SUN)."""
        year = int(when[:4]) if when else (self._story_year or (self._pub.year if self._pub else None))
        if code == "RUS" and year is not None and year <= 1991:
            return "SUN"
        return code

    def _quantity_near(self, toks: list[Token], cs: int, ce: int, commodity: str,
                       commodities: list[tuple[int, int, str]], quants: list[QuantityMention]) -> Quantity | None:
        for a, b, com in commodities:
            if cs <= a < ce and com == commodity:
                q = self._quantity_for(toks, a, b, com, quants)
                if q is not None:
                    return q
        return None

    # -- roles -----------------------------------------------------------------
    def _agents(self, toks: list[Token], mentions: list[Mention], cs: int, ti: int,
                passive: bool) -> list[Mention]:
        """Subject mentions before the trigger in its clause: the nearest, plus coordinated ones."""
        cands = [m for m in mentions if cs <= m.i and m.j <= ti and not _after_prep(toks, m, self.lex)]
        if any(not m.is_place for m in cands):
            cands = [m for m in cands if not m.is_place]
        if not cands:
            return []
        # the subject is the nearest non-prepositional mention before the trigger ("the treaty Moscow
        # signed"), extended leftwards over coordination ("the US, Japan and South Korea condemned")
        cands.sort(key=lambda m: m.i)
        best = cands[-1]
        # a person's title or demonym right before the name is the same actor ("Russian leader Putin")
        group = [m for m in cands if m.i == best.i]
        first = min(group, key=lambda m: m.i)
        for m in reversed(cands):
            if m in group:
                continue
            between = [t.lower for t in toks[m.j:first.i]]
            if all(w in (",", "and", "the", "'s", "as", "well", "both") for w in between) or (
                    between[-2:] in (["together", "with"], ["along", "with"]) and all(
                        w in _GROUP_NOUNS for w in between[:-2])) or (
                    m.kind in ("demonym", "state") and len(between) <= 3 and all(t.isalpha() for t in between)
                    and m.code == first.code):  # "US Secretary of State Antony Blinken" is one actor
                group.insert(0, m)
                first = m
            else:
                break
        # prefer non-place mentions as agents
        non_place = [m for m in group if not m.is_place]
        return non_place or group

    def _right_roles(self, toks: list[Token], mentions: list[Mention], tj: int, ce: int) -> dict[str, list[Mention]]:
        roles: dict[str, list[Mention]] = {}
        last_role: str | None = None
        last_end = -1
        for m in mentions:
            if m.i < tj or m.i >= ce:
                continue
            prep = _prep_before(toks, m.i, tj)
            if prep is None and last_role is not None and m.i - last_end <= 2 and all(
                    toks[x].lower in (",", "and", "or", "the") for x in range(last_end, m.i)):
                roles[last_role].append(m)  # "to Russia and China": both are recipients
                last_end = m.j
                continue
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
                    last_role, last_end = "object", m.j
                continue
            if prep == "with" and m.i - tj <= 2:
                roles.setdefault("with_recipient", []).append(m)
            name = {"to": "to", "from": "from", "with": "with", "by": "by", "against": "against", "on": "on",
                    "at": "at", "into": "into", "in": "in", "for": "for", "over": "over", "of": "of",
                    "toward": "to", "towards": "to"}.get(prep)
            if name:
                lst = roles.setdefault(name, [])
                lst.append(m)
                last_role, last_end = name, m.j
        return roles

    def _commodity_origin(self, toks: list[Token], mentions: list[Mention],
                          commodities: list[tuple[int, int, str]], tj: int, ce: int) -> Mention | None:
        """'received North Korean shells' -> the demonym before the commodity is its origin."""
        for a, b, _ in commodities:
            if b < len(toks) and toks[b].lower in _FACILITIES:
                continue  # "Russian ammunition depots", "a Russian oil port": a place, not cargo with a maker
            if tj <= a < ce:
                made = _MADE_IN.match(" ".join(t.lower for t in toks[b:b + 6]))
                if made:
                    # "missiles designed and built in North Korea"
                    after = b + len(made.group(0).split())
                    place = next((m for m in mentions if after <= m.i <= after + 1), None)
                    if place is not None:
                        return place
                for m in mentions:
                    if m.surface.lower().endswith(("-flagged", "-registered")):
                        continue  # "Russian-flagged cargo ships": a flag carries, it does not make the cargo
                    if m.kind == "military" and m.i > 0 and toks[m.i - 1].lower in (
                            "alongside", "with", "beside", "against", "to", "for"):
                        continue  # "sent troops to fight alongside Russian forces": an ally, not the troops' state
                    if m.j == a or (m.j == a - 1 and toks[a - 1].lower == "'s") or (
                            m.kind == "military" and m.i < a < m.j) or (
                            m.kind == "demonym" and 0 < a - m.j <= 2 and all(
                                (toks[x].text[:1].islower() and toks[x].text.replace("-", "").isalpha())
                                or _MODEL_NAME.match(toks[x].text) for x in range(m.j, a))):
                        return m
        return None

    def _commodities(self, toks: list[Token], ti: int, tj: int, cs: int, ce: int,
                     commodities: list[tuple[int, int, str]], quants: list[QuantityMention],
                     noun: bool, subject_cargo: bool = False,
                     passive: bool = False) -> list[tuple[str | None, Quantity | None]]:
        # the theme follows a verb trigger; for nouns and passives it may come before ("shells were sent")
        stop = ce
        for x in range(tj, ce - 1):
            w, nxt = toks[x].lower, toks[x + 1].lower
            if (w == "to" and nxt.isalpha() and nxt not in ("the", "a", "an") and toks[x + 1].text.islower()
                    and x > tj + 1) or (w == "in" and nxt in ("exchange", "return")):
                stop = x  # "to earn foreign currency", "in exchange for technology": a purpose, not cargo
                break
        after = [c for c in commodities if tj <= c[0] < stop]
        before = [c for c in commodities if cs <= c[0] and c[1] <= ti]
        chosen = (before or after) if subject_cargo else (after or before)  # "rounds went to Russia on cargo ships"
        if passive and before and after:
            chosen = before + after  # "11,000 troops were sent ..., along with some 8,000 workers"
        if not chosen:
            return []
        # a specific commodity beats the vague "other" words in the same phrase
        chosen = [c for c in chosen if c[2] != "_tourism"]
        if not chosen:
            return []
        specific = [c for c in chosen if c[2] != "other"]
        if specific:
            # ... unless the vague word is a list item of its own ("arms and munitions", "munitions and
            # related materiel"): a list gives one event per commodity, the vague item as `other`
            listed = [c for c in chosen if c[2] == "other" and any(_coordinated(toks, c, s) for s in specific)
                      and not any(s[1] == c[0] for s in specific)]  # "... and warfare equipment": one item
            chosen = sorted(specific + listed[:1])
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
                between = [toks[x].lower for x in range(q.j, a)]
                counted = next((w for w in between if w in UNIT_NOUNS), None)
                return Quantity(q.value, counted or unit)
            # "1 million barrels of oil", "20,000 containers of munitions"
            if q.j < a and gap <= 4:
                nouns = [t.lower for t in toks[q.j:a]]
                if nouns and nouns[0] in UNIT_NOUNS and nouns[-1] == "of":
                    return Quantity(q.value, nouns[0])
            # "1,000 containers of military equipment and munitions": the count covers every cargo listed
            if q.j < a and gap <= 9:
                nouns = [t.lower for t in toks[q.j:a]]
                if len(nouns) >= 3 and nouns[0] in UNIT_NOUNS and nouns[1] == "of" and nouns[-1] in ("and", ",", "or") \
                        and all(w.isalpha() or w in (",", "-") for w in nouns[2:]):
                    return Quantity(q.value, nouns[0])
        return None

    def _dyad_partner(self, code: str, doc_codes: set[str]) -> str | None:
        a, b = self.dyad
        code = _era_key(code)  # the Soviet Union is Russia's predecessor in the watched pair
        if code == a and b in doc_codes:
            return b
        if code == b and a in doc_codes:
            return a
        return None

    # -- certainty -------------------------------------------------------------
    def _certainty(self, toks: list[Token], ti: int, cs: int, ce: int, attr: _Attribution, etype: str,
                   source: str, target: str) -> tuple[str, float]:
        window = range(max(cs, ti - 6), ti)
        if ti > 0 and toks[ti - 1].lower == "to":
            window = range(max(cs, ti - 14), ti)  # "would move to sanction Iran Air and to cancel ..."
        elif etype in _SPEECH:
            window = range(max(cs, ti - 3), ti)  # "argued that sanctions would fail and urged ...": a said act
        # "In May 2020" is a month, not a hedge
        spec_hit = any(self.lex.speculative.contains(toks, x) and not (toks[x].text == "May" and x > 0)
                       and not _pledge(etype, attr, toks[x])
                       for x in window)  # "told him Pyongyang would support ...": the pledge is the backing
        alleged_hit = any(self.lex.alleged.contains(toks, x) for x in range(cs, ce)) or any(
            self.lex.alleged.contains(toks, x) for x in attr.speaker_tokens)
        denied = any(toks[x].lower in _DENY for x in range(cs, ti))
        if spec_hit and etype != "THREATEN":  # a threat is about the future by nature; making it is the act
            return "speculative", 0.35
        if etype not in _OBSERVABLE and ti > 1 and toks[ti - 1].lower == "for" and any(
                toks[x].lower in _CONDEMNING for x in range(cs, ti - 1)):
            return "reported", 0.7  # "NATO condemned North Korea for fuelling Russia's war": stated as the reason
        if etype in _OBSERVABLE:
            # a meeting, a signing, a statement or a designation is an observable act: whoever relays it,
            # it is confirmed (ONTOLOGY.md); only hedges make it less
            return "confirmed", 0.8
        if denied and etype not in ("REJECT",):
            return "alleged", 0.45
        if etype in ("ACCUSE", "REJECT") and not attr.unnamed:
            alleged_hit = False  # the accusation or denial itself is an observable act, not an allegation
        if alleged_hit or attr.unnamed:
            return "alleged", 0.5
        if attr.present:
            codes = {s.code for s in attr.speakers}
            own = {source, target} if etype in _MUTUAL_TYPES or source == target else {source}
            if codes & own:
                return "confirmed", 0.85
            if codes or attr.named:
                return "reported", 0.7
            return "alleged", 0.5
        return "confirmed", 0.8


# "SEOUL, June 19 (Axiswatch Sample Wire) —": a dateline names where and when it was filed, not who acted.
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'-]+(?:[ /,-]+[A-Z][A-Z.'-]+)*)\s*,?\s*(?:[A-Z][a-z]+(?: [A-Z][a-z]+)?(?:,\s*|\s+(?=[-—–])))?"
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


def _clauses(toks: list[Token]) -> list[tuple[int, int]]:
    """Clause boundaries: semicolons, dashes, and commas before a conjunction or relative word."""
    bounds = [0]
    for k, t in enumerate(toks):
        if t.text in (";", "—", "–", ":") or (
                t.text == "," and k + 1 < len(toks) and (toks[k + 1].lower in _CLAUSE_BREAK_AFTER_COMMA
                                                         or toks[k + 1].lower.endswith("ing"))):
            bounds.append(k + 1)
    bounds.append(len(toks))
    return [(bounds[x], bounds[x + 1]) for x in range(len(bounds) - 1) if bounds[x] < bounds[x + 1]]


def _nearest_pair(mentions: list[Mention], a: str, b: str) -> tuple[Mention, Mention]:
    """The closest mentions of actors ``a`` and ``b`` (an implied one for an actor only the rules named)."""
    ma = [m for m in mentions if m.code == a] or [Mention(0, 0, a, a, "implied")]
    mb = [m for m in mentions if m.code == b] or [Mention(0, 0, b, b, "implied")]
    return min(((x, y) for x in ma for y in mb), key=lambda xy: abs(xy[0].i - xy[1].i))


def _month_key(c: _Candidate) -> tuple[str, ...]:
    return (c.event_type, c.source, c.target, c.commodity or "", (c.date or "")[:7])


def _with_proposals(coded: list[tuple[Sentence, _Candidate]], proposals: list[tuple[float, Sentence, _Candidate]],
                    repeat: float = 1.0) -> list[tuple[Sentence, _Candidate]]:
    """The rules' events plus, for each (type, source, target) the rules coded nowhere in the document, the
    pair classifier's likeliest sentence for it, and, scored at least ``repeat``, one event for each month or
    cargo of a (type, source, target) the document has in no other month or cargo; in document order."""
    if not proposals:
        return coded
    have = {(c.event_type, c.source, c.target) for _, c in coded}
    months = {_month_key(c) for _, c in coded}
    best: dict[tuple[str, ...], tuple[float, Sentence, _Candidate]] = {}
    for p, s, c in proposals:
        key: tuple[str, ...] = (c.event_type, c.source, c.target)
        if key in have:
            # another event of a (type, source, target) the document has: a new month or cargo, scored high;
            # an undated restatement without cargo is most often the same event again
            key = _month_key(c)
            if p < repeat or not (c.date or c.commodity) or key in months:
                continue
        if key not in best or p > best[key][0]:
            best[key] = (p, s, c)
    added = [(s, c) for _, s, c in best.values()]
    return sorted(coded + added, key=lambda sc: sc[0].start)


def _clause_of(clauses: list[tuple[int, int]], i: int) -> tuple[int, int]:
    for a, b in clauses:
        if a <= i < b:
            return a, b
    return 0, clauses[-1][1] if clauses else i + 1


def _titled_person(m: Mention | None, mentions: list[Mention]) -> Mention | None:
    """"North Korea's Foreign Minister Choe Son Hui": the person a possessive state introduces, else m."""
    if m is None or not m.possessive or m.is_person:
        return m
    return next((p for p in mentions if p.is_person and p.code == m.code and m.j < p.i <= m.j + 4), m)


def _code_of(m: Mention) -> str:
    return m.code


def _prep_before(toks: list[Token], i: int, floor: int) -> str | None:
    """The preposition governing the mention at i (skipping determiners and adjectives)."""
    k = i - 1
    steps = 0
    while k >= floor and steps < 3:
        w = toks[k].lower
        if w in ("to", "from", "with", "by", "against", "on", "at", "into", "in", "for", "over", "of",
                 "between", "toward", "towards", "among", "beyond", "under", "despite", "within", "above"):
            return w  # "supplied oil beyond the UN cap": the UN is no recipient
        if w in ("the", "a", "an", "its", "their", "his", "her", "both", "neighbouring", "neighboring", "allied", "'s",
                 "war-torn", "southern", "northern", "western", "eastern", "russian-occupied", "occupied") or (
                w in _TITLES and toks[k].text[:1].isupper()):  # "with President Vladimir Putin"
            k -= 1
            steps += 1
            continue
        return None
    return None


def _after_prep(toks: list[Token], m: Mention, lex: Lexicon) -> bool:
    """Is the mention inside a prepositional phrase ("into Russia's Kursk region", "in the port of Rajin")?"""
    k = m.i - 1
    steps = 0
    while k >= 0 and steps < 6 and (toks[k].lower in ("the", "a", "an", "its", "their", "both", "'s", "of", "port",
                                                     "region", "city", "capital", "town", "province")
                                    or (toks[k].text[:1].isupper() and toks[k].lower not in lex.prepositions)):
        k -= 1
        steps += 1
    if k >= 0 and toks[k].lower in _CONJ_PREPS and m.j < len(toks) and (
            toks[m.j].lower.endswith("ed") or toks[m.j].lower in ("has", "had", "have", "was", "were", "is")):
        return False  # "after North Korea fired three missiles": a clause's subject, not a prepositional object
    if k >= 1 and toks[k].lower == "with" and toks[k - 1].lower in ("together", "along"):
        return False  # "the G7 together with South Korea condemned": a co-subject
    return k >= 0 and toks[k].lower in lex.prepositions


def _possessor_before(mentions: list[Mention], toks: list[Token], ti: int) -> Mention | None:
    """'North Korea's shipments', 'Russian deliveries': the actor right before a noun trigger."""
    for m in mentions:
        gap = ti - m.j
        if m.possessive and (0 < gap <= 3 or (gap == 0 and toks[m.i].lower in ("its", "their"))):
            return m  # "North Korea's shipments", "its launch"
        if m.kind == "coref" and ti < m.i <= ti + 3 and toks[m.i - 1].text[:1].isalpha() \
                and toks[m.i].lower in ("it", "they") and m.j < len(toks) \
                and toks[m.j].lower not in ("is", "was", "has", "had", "said", "says"):
            return m  # "the nuclear test it announced": the subject of the relative clause owns the act
        if m.kind == "demonym" and 0 <= gap <= 2:
            return m
    return None


def _ally_marker(toks: list[Token], m: Mention, floor: int) -> bool:
    """'alongside Russian units', 'on the side of Russia', "on the North's side", 'in support of Russia'."""
    before = " ".join(t.lower for t in toks[max(floor, m.i - 4):m.i])
    if before.endswith(("alongside", "beside", "on the side of", "in support of")):
        return True
    after = " ".join(t.lower for t in toks[m.j:m.j + 2])
    return after == "'s side" and before.endswith(("on", "on the"))


def _mutual_verb_after(toks: list[Token], i: int) -> bool:
    """Is "they" at i the subject of an act two parties do together ("... talks they signed a treaty")?"""
    words = [t.lower for t in toks[i + 1:i + 3]]
    return any(w in ("signed", "agreed", "met", "exchanged", "concluded", "adopted", "discussed") for w in words)


def _relative_pronoun_slot(toks: list[Token], i: int) -> bool:
    """'the test it announced', 'the shells they sent': a pronoun opening a relative clause after a noun."""
    if i < 1 or i + 1 >= len(toks):
        return False
    prev, nxt = toks[i - 1], toks[i + 1].lower
    return prev.text.isalpha() and prev.text.islower() and not prev.lower.endswith("ed") \
        and prev.lower not in _NOT_A_NOUN and nxt.endswith("ed")


def _is_passive(toks: list[Token], ti: int, form: str) -> bool:
    if not (form.endswith("ed") or form in _IRREGULAR_PP or form.split()[0] in _IRREGULAR_PP):
        return False
    k = ti - 1
    while k >= 0 and toks[k].lower in _SKIP_ADV:
        k -= 1
    if k >= 2 and toks[k].lower in ("or", "and") and toks[k - 1].lower.endswith("ed"):
        return _is_passive(toks, k - 1, toks[k - 1].lower)  # "have been killed or wounded"
    if k >= 1 and toks[k].lower in _PEOPLE | {"shells", "missiles", "containers", "rounds", "barrels", "tonnes"} \
            and any(toks[x].lower == "with" for x in range(max(0, k - 5), k)):
        return True  # "..., with about 1,500 soldiers shipped between October 8 and 13": an absolute passive
    return k >= 0 and toks[k].lower in _BE


def _in_tokens(d: DateMention, toks: list[Token], idx: set[int]) -> bool:
    return any(toks[x].start >= d.start and toks[x].end <= d.end for x in idx)


_OCCASION = re.compile(r"\b(?:(?:after|during|at the end of|at|following|on the sidelines of|in the course of)\s+"
                       r"(?:(?:the|their|his|her|that|(?:several|two|three|\w+) (?:hours|days) of)\s+)?"
                       r"(?:talks|summit|meeting|visit|trip|negotiations|parade|ceremony|banquet|reception)\b|"
                       r"before (?:he|she|they) left|before (?:his|her|their) departure|before leaving)", re.I)
_ANAPHORIC = re.compile(r"\b(?P<e>(?:later )?(?:that|the) same day|(?:later )?that day|the next day|the following day|"
                        r"a day later|the day before|the previous day|that month|the same month|that year|"
                        r"the same year|that week|the same week|(?:the )?(?:following|next) (?:month|year)|"
                        r"(?:the )?following (?:spring|summer|autumn|fall|winter)|"
                        r"that (?:spring|summer|autumn|fall|winter)|"
                        r"that (?:january|february|march|april|may|june|july|august|september|october|november|"
                        r"december)|"
                        r"(?:later )?(?:that|the same) (?:evening|night|afternoon|morning)|"
                        r"by (?:the )?(?:evening|nightfall)|later in the day)\b", re.I)
_ENTRY_STAMP = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|GMT|UTC|KST|CET))?\s*[—–-]\s")
_TIME_OF_DAY = ("evening", "night", "afternoon", "morning", "in the day")
_MONTH_NUMBER = {m: k for k, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                            "september", "october", "november", "december"), 1)}


def _war_theatre(toks: list[Token], m: Mention) -> bool:
    """"over Russia's war in Ukraine": the land a war is fought in is no party to the act around it."""
    return m.i >= 2 and toks[m.i - 1].lower in ("in", "on", "against") and toks[m.i - 2].lower in (
        "war", "invasion", "aggression", "offensive", "conflict", "fighting")


def _between_pair(mentions: list[Mention], toks: list[Token]) -> tuple[str, str] | None:
    """The last pair a sentence names as "between X and Y"."""
    found = None
    named = [m for m in mentions if not m.is_place and m.kind != "coref-pair"]
    for x, t in enumerate(toks):
        if t.lower != "between":
            continue
        a = next((m for m in named if x < m.i <= x + 2), None)
        if a is None or a.j >= len(toks) or toks[a.j].lower != "and":
            continue
        b = next((m for m in named if a.j < m.i <= a.j + 2), None)
        if b is not None and b.code != a.code:
            found = (a.code, b.code)
    return found


_JOURNEYS = ("travel", "went", "go", "came", "come", "visit", "enter", "flew", "fly", "flown", "arriv", "tour",
             "holiday", "cross", "head")


def _relative_object(toks: list[Token], mentions: list[Mention], agent: Mention) -> Mention | None:
    """"a Russian-flagged ship that Washington placed under sanctions", "companies that Washington sanctioned":
    the subject of a relative clause acts on the noun the clause hangs from (the actor named just before)."""
    if agent.i < 2 or toks[agent.i - 1].lower not in ("that", "which", "whom"):
        return None
    return next((m for m in reversed(mentions) if agent.i - 10 <= m.i < agent.i - 1 and not m.is_place
                 and m.code != agent.code), None)


def _relative_signers(toks: list[Token], usable: list[Mention], ti: int) -> list[Mention] | None:
    """"the defence pact Vladimir Putin and Kim Jong Un signed": the names between an agreement noun and the
    verb of its relative clause are the parties, not the sentence's subject."""
    by_end = {m.j: m for m in usable if not m.is_place}
    x, names = ti, []
    while x in by_end:
        m = by_end[x]
        names.append(m)
        x = m.i
        if x > 0 and toks[x - 1].lower in ("and", ","):
            x -= 1
            if x in by_end:
                continue
            return None
        break
    if len(names) < 2 or x == 0 or toks[x - 1].lower not in _AGREEMENT_NOUNS | {"treaties", "pacts",
                                                                                  "agreements", "deals"}:
        return None
    return names[::-1]


def _people_of(m: Mention, toks: list[Token]) -> bool:
    """A state's people as such ("6,000 Russians", "North Koreans"), not its officials or soldiers."""
    if m.kind != "demonym" or not m.surface[:1].isupper():
        return False
    if m.surface.lower().endswith("ans"):
        return True  # "Russians", "North Koreans"
    nxt = toks[m.j].lower if m.j < len(toks) else ""
    # "Chinese" is a people only when a verb follows ("3,000 Chinese visited"), not in "the Chinese president"
    return m.surface.lower().endswith("ese") and (nxt.endswith("ed") or nxt in ("have", "had", "were", "are",
                                                                                 "went", "came", "flew"))


def _personal(m: Mention, toks: list[Token]) -> bool:
    """A person 'he' or 'she' can stand for: a named leader or official, or a state's one person ("the North
    Korean leader", "Russia's envoy")."""
    if m.is_person:
        return True
    nxt = m.j + (m.j < len(toks) and toks[m.j].lower in ("'s", "\u2019s"))
    return m.kind in ("demonym", "state") and nxt < len(toks) and toks[nxt].lower in _ONE_PERSON


def _era_key(code: str) -> str:
    """Russia and the Soviet Union are one party across eras."""
    return "RUS" if code == "SUN" else code


def _in_year(d: DateMention, year: int) -> DateMention:
    """A date without a year, put in the year the story is in."""
    return replace(d, value=f"{year:04d}{d.value[4:]}")


def _story_pair(state: _DocState, acting: set[str] | None = None) -> tuple[str, str]:
    """'The two countries': the pair the document has shown acting together most (the last pair on a tie),
    leaving out a pair with the state that acts on them ("Seoul condemned the two countries' cooperation")."""
    assert state.pair is not None
    counts = {k: v for k, v in state.pair_counts.items() if not (acting and k & acting)}
    if not counts:
        return state.pair
    best = max(counts.values())
    top = next(k for k, v in counts.items() if v == best)  # on a tie, the pair the story opened with
    if frozenset(state.pair) == top:
        return state.pair
    seen = {code: n for n, code in enumerate(state.states_seen)}
    a, b = sorted(top, key=lambda code: seen.get(code, len(seen)))
    return a, b  # first-named first


def _anaphoric_dates(text: str, story_last: str | None,
                     here: Sequence[DateMention] = ()) -> list[DateMention]:
    """'the same day', 'the next day', 'that month' resolved against the last dated event: a date given
    earlier in the same sentence ("signed the law on 9 November, and Kim ratified it two days later"), else
    the story's."""
    def anchor(at: int) -> str | None:
        return next((d.value for d in sorted(here, key=lambda d: -d.start) if d.end <= at), story_last)

    out = []
    for m in _ANAPHORIC.finditer(text):
        last = anchor(m.start())
        if not last:
            continue
        e = m.group("e").lower()
        value: str | None = last
        if any(w in e for w in _TIME_OF_DAY):
            value = last  # "by evening", "later that night": the same day
        elif ("following" in e or "next" in e) and "month" in e and len(last) >= 7:
            total = int(last[:4]) * 12 + int(last[5:7])  # "the following month": the month after
            value = f"{total // 12:04d}-{total % 12 + 1:02d}"
        elif ("following" in e or "next" in e) and "day" not in e:
            value = str(int(last[:4]) + 1)  # "the following year", "the following summer": a year on
        elif e.split()[-1] in _MONTH_NUMBER:
            value = f"{last[:4]}-{_MONTH_NUMBER[e.split()[-1]]:02d}"  # "that July": in the story's year
        elif any(w in e for w in ("spring", "summer", "autumn", "fall", "winter")):
            value = last[:4]  # "that summer": the year of the story's last date
        elif "month" in e or "week" in e:
            value = last[:7]
        elif "year" in e:
            value = last[:4]
            before = text[max(0, m.start() - 12):m.start()].lower()
            if "end of" in before:
                value = f"{value}-12"  # "at the end of that year"
        elif len(last) == 10 and any(w in e for w in ("next", "following", "later", "before", "previous")) \
                and "that day" not in e and "same day" not in e:
            d = date.fromisoformat(last)
            value = (d + timedelta(days=-1 if ("before" in e or "previous" in e) else 1)).isoformat()
        out.append(DateMention(m.start(), m.end(), value or last, "anaphoric"))
    for m in _RELATIVE.finditer(text):
        if any(d.start <= m.start() < d.end for d in out):
            continue
        if not m.group("n") and not m.group("unit").lower().startswith("hour"):
            continue  # "months after the invasion" counts from an event we do not know
        # "two days later" counts from the date just given; "two days after the vote", from the vote
        last = anchor(m.start()) if m.group("dir").lower() in ("later", "earlier") else story_last
        if not last:
            continue
        shifted = _shift(last, m.group("n"), m.group("unit"), m.group("dir").lower())
        if shifted:
            out.append(DateMention(m.start(), m.end(), shifted, "anaphoric"))
    return out


_RELATIVE = re.compile(r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|\d{1,2}|)\s*"
                       r"(?P<unit>hours?|days?|weeks?|months?)\s+(?P<dir>after|before|earlier|later)\b", re.I)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "several": 3, "a few": 3, "": 0}


def _shift(last: str, n_raw: str, unit: str, direction: str) -> str | None:
    """'a day after' the occasion last dated: the other event, N units before it ('The vote came a day after
    North Korea fired', 'fired hours before the summit', 'Two days earlier, Pyongyang had ...'); 'later' is
    after it."""
    n = int(n_raw) if n_raw.isdigit() else _SMALL.get(n_raw.lower().strip())
    if n is None:
        return None
    sign = 1 if direction == "later" else -1
    unit = unit.lower().rstrip("s")
    if unit == "hour":
        return last  # "hours before the summit": the same day
    if unit in ("day", "week"):
        if len(last) != 10:
            return last if unit == "week" or len(last) == 7 else None
        d = date.fromisoformat(last) + timedelta(days=sign * n * (7 if unit == "week" else 1))
        return d.isoformat() if unit == "day" else d.isoformat()[:7]
    if len(last) < 7:
        return None
    total = int(last[:4]) * 12 + int(last[5:7]) - 1 + sign * n
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


_MADE_IN = re.compile(r"(?:(?:designed|developed) and )?(?:made|built|produced|manufactured|designed) in ")
_TITLES = {"president", "prime", "minister", "foreign", "defence", "defense", "secretary", "general", "leader",
           "premier", "chairman", "supreme", "ambassador", "envoy", "deputy", "vice", "chief", "state",
           "secretary-general", "spokesman", "spokeswoman", "commander", "marshal", "king", "crown", "prince"}
_ONE_PERSON = {"leader", "president", "premier", "chairman", "envoy", "ambassador", "minister", "dictator",
               "spokesman", "spokeswoman", "commander", "general", "diplomat", "official", "strongman", "ruler"}
_ROLE_NOUNS = {"part", "parts", "role", "roles", "involvement", "complicity", "participation"}
_ADDING = {"added", "adds", "adding", "placed", "put", "puts"}
_FACILITIES = {"depot", "depots", "port", "ports", "terminal", "terminals", "factory", "factories", "plant",
               "plants", "base", "bases", "site", "sites", "facility", "facilities", "warehouse", "warehouses",
               "dump", "dumps", "complex", "industry", "industries", "storage", "stockpiles", "stocks"}
_LINKS = {"flight", "flights", "direct flight", "direct flights", "air service", "air link", "air route",
          "passenger train", "passenger trains", "train service", "rail service", "rail link", "freight train",
          "freight trains", "ferry service", "shipping route", "bus service"}
_FUTURE = {"will", "plans", "plan", "planned", "planning", "intends", "intend", "expected", "would", "'ll"}
_MERGE_UNDATED = {"CONSULT", "AGREE", "REJECT"}
_AUXILIARIES = {"had", "have", "has", "was", "were", "is", "are", "also", "then", "already", "reportedly", "been",
                "later", "once", "still", "now", "allegedly", "subsequently"}
_TAKING_PART = ("took part", "taken part", "take part", "taking part", "entered combat", "entered the fighting",
                "joined the fighting", "joined combat", "engaged in combat", "saw combat", "went into battle",
                "fought", "clashed")
_COMBAT_WORDS = {"fought", "fight", "fights", "fighting", "battled", "attacked", "attacks", "attack", "shot down",
                  "engaged"}
_REGIME_NOUNS = {"resolution", "resolutions", "sanctions", "charter", "law", "laws", "rules", "norms", "regime",
                 "embargo", "ban", "bans", "treaty", "convention"}
_USE_WORDS = {"used", "uses", "use", "using"}
_HELPED_TO_DO = {"to", "drive", "push", "repel", "fight", "retake", "recapture", "defend", "liberate", "build",
                 "rebuild", "restore", "clear", "free", "expel", "hold", "secure", "protect", "develop", "launch"}
_CLAIM_NOUNS = {"accusation", "accusations", "claim", "claims", "allegation", "allegations", "charge", "charges",
                "reports", "report", "suggestions", "assertions"}
_PERSON_REFS = {"he", "she", "him", "her", "the envoy", "the minister", "the official", "the ambassador",
                "the diplomat", "the leader", "the president", "his guest", "her guest", "his guests", "the visitor",
                "the visitors", "the guest", "the guests", "the delegation"}
_JOINT_ACTIVITY = {"flew with", "sailed with", "trained with", "exercised with", "drilled with", "patrolled with",
                   "flew alongside", "flew together", "sailed together", "trained together", "exercised together",
                   "drilled together"}
_SELLING = {"sell", "sells", "sold", "selling"}
_REJECTING = {"rejected", "rejecting", "dismissed", "dismissing", "brushed", "brushing"}
_GROUP_NOUNS = {",", "countries", "nations", "states", "governments", "members", "leaders", "allies"}
_SHARING = {"share", "shares", "shared", "sharing", "exchange", "exchanged", "exchanging", "pooled"}
_BILATERAL_ACTS = {"trade", "cooperation", "talks", "exchanges", "commerce", "turnover"}
_MOTION_FORMS = {"went to", "go to", "goes to", "going to", "flowed to", "flow to", "flows to", "flowing to",
                 "made their way to", "found their way to", "ended up in"}
_DOCUMENTS = {"resolution", "draft", "text", "proposal", "bill", "motion", "letter", "statement", "declaration",
              "report", "petition", "amendment"}
_VIOLATING = {"breach", "breached", "breaches", "breaching", "violate", "violated", "violates", "violating",
              "contravene", "contravened", "contravenes", "flout", "flouted", "flouts", "defied", "defies", "defy"}
_REMOTE = ("phone", "telephone", "call", "video", "conversation")
_OFFENSIVES = {"offensive", "incursion", "counteroffensive", "counter-offensive", "invasion"}
_CROSSING = {"crossed into", "crosses into", "crossing into", "entered", "pushed into", "advanced into"}
_MATERIAL = {"military", "material", "economic", "financial", "technical", "logistical", "lethal", "logistic"}
_REACTING = {"condemned", "condemns", "condemning", "denounced", "denounces", "deplored", "criticised", "criticized",
             "protested", "blamed", "decried", "welcomed", "praised", "hailed", "reported", "confirmed", "denied",
             "after", "since", "following"}
_BACKING = {"backing", "support", "blessing", "approval", "consent"}
_CONVEYING = {"conveyed", "conveys", "expressed", "expresses", "offered", "offers", "pledged", "pledges", "voiced",
              "pledge", "pledging", "offer", "offering", "express", "expressing",
              "extended", "reaffirmed", "reiterated", "promised", "passed"}
_GREETING = {"met", "greeted", "welcomed", "received", "hosted"}
_NOT_CARRIED = {"passengers", "passenger", "people", "tourists", "crew", "identity", "papers", "card", "flag", "name",
                "names", "delegation", "out"}
_CONDEMNING = {"condemned", "condemns", "condemning", "denounced", "denounces", "criticised", "criticized", "blamed",
               "sanctioned", "punished", "rebuked", "censured"}
_FRONT_WORDS = {"kursk", "front", "frontline", "front-line", "battlefield"}
_POSITIONING = {"moved", "moving", "arrived", "deployed", "stationed", "reappeared", "massed", "positioned",
                "redeployed", "entered"}
_SWAPPING = {"trading", "traded", "trade", "trades", "swapping", "swapped", "swap", "bartering", "bartered"}
_HELP_NOUNS = {"assistance", "help", "aid", "support", "backing"}
_OBLIGING = {"commits", "committed", "commit", "requires", "required", "require", "obliges", "obliged", "oblige",
             "obligates", "obligated", "binds", "bound", "binding"}
_CARGO_HEADS = {"consignment", "consignments", "shipment", "shipments", "cargo", "containers", "trade", "target",
                "tankers", "tanker", "ship", "ships", "vessel", "vessels", "train", "trains"}
_VICTORY = ("win", "prevail", "achiev", "succe", "triumph", "victor", "defeat the")
_STRIKING = {"struck", "hit", "slammed", "landed", "tore", "exploded"}
_DECLARING = {"declared", "declares", "declaring", "reported", "reporting", "reports", "notified", "filed"}
_WARNING_VERBS = {"warned", "warns", "warning", "threatened", "threatens", "vowed", "vows"}
_RESPONSE_CUES = ("respond", "response", "retaliat", "answer", "counteraction", "countermeasure", "consequence",
                  "regret", "repel", "reprisal")
_RESPONSE_PHRASES = {"big mistake", "pay a", "bad results", "not hesitate", "no chance", "hurt relations",
                     "wreck relations", "declaration of", "all-out war", "strike back", "hit back"}
_LINK_NOUNS = {"bridge", "railway", "railways", "rail", "crossing", "trains", "train", "terminal", "pipeline"}
_BUILDING = {"opened", "reopened", "launched", "began", "begun", "started", "rebuilt", "built", "completed",
             "resumed", "restarted", "inaugurated", "restart", "resume", "reopen"}
_TOURISM_CUES = {"help", "helping", "bring", "bringing", "send", "sending", "steer", "attract", "attracting", "lure",
                 "travel", "holiday", "flock", "popular", "welcome", "welcomed", "receive", "received", "host",
                 "hosted", "admitted", "allowed", "let", "visit", "visited", "visiting", "went", "came", "arrived"}
_PUTTING = {"put", "puts", "putting", "placed", "places", "placing"}
# verbs that move something only when the sentence names what: without a commodity they code no flow
# (gifts are given, handed and presented, debts paid back: those verbs still code a flow of `other`)
_BARE_GIVING = {"received", "receive", "receives", "receiving", "shared", "share", "shares", "sharing",
                "moved", "move", "moves", "moving", "carried", "carry", "carries", "carrying", "returned", "got",
                "get", "shuttled", "shuttling", "offered", "offer"}
_SENDING = {"sent", "send", "sends", "sending", "dispatched", "dispatch", "dispatches", "dispatching"}
_ENVOYS = {"delegation", "delegations", "envoy", "envoys", "leader", "minister", "official", "officials", "mission",
           "diplomat", "diplomats", "president", "premier", "ambassador", "secretary"}
_TOURIST_WORDS = ("tourist", "holidaymaker", "skier", "vacationer", "travellers", "travelers", "visitors",
                  "foreigners")
_LET_IN_ALONE = re.compile(r"\bfirst (?:known )?foreign (?:tourists?|holidaymakers|visitors|tour (?:group|party)|"
                           r"tourist group|foreigners|group)\b|\b(?:let|allowed|admitted) (?:in|into)\b|"
                           r"\b(?:has|have|had) (?:let|admitted)\b|\badmits only\b|\bonly (?:to )?russians?\b|"
                           r"\b(?:kept|shut|stay(?:ed|s)? shut|remain(?:ed|s)? shut|closed to) out\b|"
                           r"\b(?:remain|remained|stayed|stays) (?:shut|closed) to\b|\bthe only foreign|"
                           r"\bkeeping (?:all )?(?:other )?(?:foreigners|tourists|visitors) out\b",
                           re.I)
_TROOP_NOUNS = {"soldiers", "troops", "units", "forces", "servicemen", "fighters", "infantry"}
_BE_NOW = {"are", "were", "is", "was", "now", "already", "still", "being"}
_STOPPING = {"stop", "halt", "cease", "end", "stopping", "halting", "ceasing", "ending", "curb", "curbing"}
_MOTION_TO = {"went to", "go to", "goes to", "going to", "travelled to", "traveled to", "came to", "headed to",
              "arrived in", "arrive in", "arrives in", "arriving in", "landed in", "flew to", "flown to", "reached"}
_PAIR_OBJECT_VERBS = {"accused", "accuses", "accusing", "condemned", "condemns", "urged", "urges", "urging",
                      "criticised", "criticized", "warned", "sanctioned", "blamed", "denounced"}
_PAIR_VERBS = {"met", "meet", "held", "hold", "signed", "sign", "agreed", "spoke", "talked", "discussed", "had",
               "exchanged", "toured", "visited", "watched", "shook", "embraced", "inspected", "traded", "have", "kept"}
_SHIP_NOUNS = {"tankers", "tanker", "ships", "ship", "vessels", "vessel", "freighters", "freighter", "cargo"}
_AGREEMENT_NOUNS = {"treaty", "pact", "agreement", "accord", "deal", "declaration", "protocol", "contract"}
_CEREMONIES = {"parade", "parades", "celebration", "celebrations", "ceremony", "ceremonies", "commemoration"}
_RUSSIAN_CLAIMS = {"donetsk", "luhansk", "republics", "entities", "annexation", "annexations", "crimea"}
_RETAKING = {"retook", "retaken", "retake", "retakes", "retaking", "recaptured", "recapture", "recapturing",
             "recovered", "liberated", "liberating"}
_ALLIANCES = {"NATO", "G7", "EU", "AUKUS", "QUAD"}
_PUBLISHED = {"comments", "remarks", "interview", "dispatch", "commentary", "article", "editorial", "item", "footage",
              "message", "speech", "photographs", "photos", "images", "video"}
_PLEDGE_MODALS = {"would", "will"}
_TOLD = {"told", "tells", "tell", "assured", "assures", "informed", "informs", "reminded", "promised"}
_PRONOUNS = {"he", "she", "they", "we", "i", "it", "who", "you"}
# "his first visit to Russia since he took power at the end of 2011": that date bounds a gap, it dates nothing
_FIRST_SINCE = re.compile(r"\bfirst\b[^.;]{0,50}\bsince\b[^.;,]{0,40}$", re.I)
_SAID_BEFORE = re.compile(r"\b(?:said|says|told(?: \w+)?|announced|reported|stated|declared)\s+(?:on\s+|in\s+|late\s+|"
                          r"early\s+)?$|"
                          # "The report, released at the end of May, had accused ...": the report's date
                          r"\b(?:report|study|assessment|findings)\b,?\s+(?:released|published|issued)\s+"
                          r"(?:on\s+|in\s+|at\s+)?$", re.I)
_SUBORDINATORS = {"after", "before", "following", "ahead", "response", "since"}


def _nearest_date(dates: list[DateMention], toks: list[Token], ti: int, cs: int, ce: int) -> str | None:
    if not dates:
        return None
    # "adopted resolution 1874 on Friday, widening sanctions after its test on 25 May": a date behind
    # "after"/"before" that comes after the trigger dates the subordinate event, not this one
    sub_pos = [toks[x].start for x in range(ti + 1, ce) if toks[x].lower in _SUBORDINATORS - {"since"}]
    if sub_pos:
        kept = [d for d in dates if not d.start > sub_pos[0]]
        dates = kept or dates
    lo = toks[cs].start if cs < len(toks) else 0
    hi = toks[ce - 1].end if 0 < ce <= len(toks) else 10**9
    pos = toks[ti].start
    in_clause = [d for d in dates if lo <= d.start < hi]
    pool = in_clause or dates
    best = min(pool, key=lambda d: abs(d.start - pos))
    return best.value


def _coordinated_group(mentions: list[Mention], toks: list[Token]) -> list[str]:
    """The longest run of states named as one list ("France, Germany and Britain"), as codes."""
    best: list[str] = []
    run: list[Mention] = []
    for m in mentions:
        if m.is_place or m.kind.startswith("coref") or m.kind == "implied":
            continue
        if run and 0 < m.i - run[-1].j <= 2 and all(
                toks[x].lower in (",", "and", "or", "the") for x in range(run[-1].j, m.i)):
            run.append(m)
        else:
            run = [m]
        codes = list(dict.fromkeys(x.code for x in run))
        if len(codes) > len(best):
            best = codes
    return best


def _coordinated(toks: list[Token], a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Are two commodity phrases items of one list ("arms and munitions"), not head and complement
    ("containers of munitions")?"""
    lo, hi = (a, b) if a[0] < b[0] else (b, a)
    between = [t.lower for t in toks[lo[1]:hi[0]]]
    return 0 < len(between) <= 4 and ("and" in between or "," in between or "or" in between) \
        and not any(w in ("of", "with", "for", "to", "from", "in") for w in between)


def _coordinated_dates(dates: list[DateMention], toks: list[Token], when: str | None, ti: int,
                       ce: int) -> list[str]:
    """Dates joined to the event's date by "and" after the trigger ("in July 2000 and in Moscow in August 2001")."""
    if when is None or len(dates) < 2:
        return []
    hi = toks[ce - 1].end if 0 < ce <= len(toks) else 10**9
    after = sorted((d for d in dates if toks[ti].start < d.start < hi), key=lambda d: d.start)
    chain = [d for d in after if d.value == when][:1]
    if not chain:
        return []
    lead = [t.lower for t in toks if t.end <= chain[0].start][-2:]
    if "between" in lead:
        return []  # "rebuilt between 2008 and 2013": one span, dated by its start
    out: list[str] = []
    for d in after:
        if d.start <= chain[-1].end:
            continue
        between = [t for t in toks if chain[-1].end <= t.start and t.end <= d.start]
        words = [t.lower for t in between]
        # "from $2.8 billion in 2019 to $539 million in 2020": a figure for each year
        figures = bool(words) and words[0] == "to" and any(t.text[:1].isdigit() or t.text == "$" for t in between)
        if not words or len(words) > 5 or (words[0] not in ("and", ",") and not figures) or any(
                w in (";", "after", "before", "since", "until", "when") for w in words):
            break
        chain.append(d)
        if d.value != when and d.value not in out:
            out.append(d.value)
    return out


_PEOPLE = {"soldiers", "troops", "people", "civilians", "servicemen", "fighters", "personnel", "men", "troop"}


def _casualties(toks: list[Token], cs: int, ce: int, quants: list[QuantityMention]) -> Quantity | None:
    """'300 North Korean soldiers have been killed' -> 300 soldiers; '4,000 of them were killed or wounded',
    'suffered more than 4,000 casualties' -> 4,000 casualties."""
    for q in quants:
        if cs <= q.i < ce:
            for x in range(q.j, min(ce, q.j + 4)):
                if toks[x].lower in _PEOPLE:
                    return Quantity(q.value, toks[x].lower)
                if toks[x].text[:1].isupper() and toks[x].lower.endswith(("ans", "ese")):
                    return Quantity(q.value, "people")  # "600 North Koreans had been killed"
            nxt = toks[q.j].lower if q.j < len(toks) else ""
            if nxt in ("casualties", "dead", "killed", "wounded") or (
                    nxt == "of" and q.j + 1 < len(toks) and toks[q.j + 1].lower in ("them", "those", "these")):
                return Quantity(q.value, "casualties" if nxt in ("of", "casualties") else nxt)
    return None


_PAYING_RESPECTS = {"visit", "tribute", "respects", "attention", "homage"}


def _not_an_act(toks: list[Token], i: int, k: int, reading: TriggerSpec) -> bool:
    """Trigger words that name no act here: "trading partners", "any transfer", "send home",
    "paid a visit" (a CONSULT, not a payment), "invited Kim to visit Russia" (an invitation)."""
    nxt = toks[i + k].lower if i + k < len(toks) else ""
    prv = toks[i - 1].lower if i > 0 else ""
    if nxt in _NP_HEADS or prv == "any":
        return True
    if nxt == "home" and reading.event_type == "AID":
        return True
    if reading.form in ("got", "gets", "get", "getting") and nxt in ("under", "underway", "going", "started", "off",
                                                                     "back", "round", "around"):
        return True  # "work got under way": nothing was received
    if reading.form in ("called in", "calls in", "calling in") and not any(
            t.lower in ("ambassador", "envoy", "charge", "chargé", "diplomat", "diplomats", "attache")
            for t in toks[i + k:i + k + 6]):
        return True  # "called in North Korea's ambassador" summons; "called in a statement" does not
    if reading.form in ("launching", "firing") and (prv in ("for", "capable") or (prv == "of" and i > 1 and toks[
            i - 2].lower in ("capable", "technology", "means", "method", "purpose", "cost", "costs"))):
        return True  # "technology for launching spy satellites": a purpose, not a launch
    if reading.event_type == "SANCTION" and reading.noun and prv == "under" and any(
            toks[x].lower in _PUTTING for x in range(max(0, i - 25), i - 1)):
        return True  # "put two officers under sanctions": coded as the putting (see _put_under)
    if nxt == "out" and reading.form in ("carried", "carry", "carries", "carrying"):
        return True  # "carried out a test": a light verb, the noun after it is the act
    if reading.form == "request" and prv == "the" and i > 1 and toks[i - 2].lower == "at":
        return True  # "met at the request of Ukraine": coded as Ukraine's request to the body (see _invitation)
    if reading.event_type == "REQUEST" and nxt == "for" and i + k + 1 < len(toks) \
            and toks[i + k + 1].lower == "comment":
        return True  # "did not answer requests for comment"
    if reading.event_type == "REQUEST" and (
            (nxt == "not" and i + k + 2 < len(toks) and toks[i + k + 1].lower == "to" and toks[i + k + 2].lower == "be")
            or nxt == "anonymity"):
        return True  # "an official who asked not to be named", "requested anonymity": a source's terms
    if reading.event_type == "AID" and reading.form in ("offered", "offers", "offer", "pledged", "pledges", "extended",
                                                        "promised", "gave", "give", "gives") and any(
            toks[x].lower in _BACKING | {"solidarity", "gratitude", "thanks", "condolences", "greetings"}
            for x in range(i + 1, min(len(toks), i + 8))):
        return True  # "offered Moscow his full support" backs it, it ships nothing
    if reading.form == "dialogue" and any(toks[x].lower in ("developing", "develop", "deepen", "deepening", "expand",
                                                            "expanding", "continue", "continuing", "maintain")
                                          for x in range(max(0, i - 3), i)):
        return True  # "developing its dialogue with Tehran in every field": relations, not a meeting
    if reading.form in ("carried", "carrying", "carries", "carry") and any(
            toks[x].lower in _NOT_CARRIED for x in range(i + 1, min(len(toks), i + 6))):
        return True  # "a plane carrying 400 passengers", "carried an identity card"
    if reading.form in ("carried", "carrying", "carries", "published", "aired") and any(
            toks[x].lower in _DOCUMENTS | _PUBLISHED for x in range(max(0, i - 3), i)):
        return True  # "a statement carried by the Korean Central News Agency" publishes, it ships nothing
    if reading.event_type == "REQUEST" and reading.form.endswith("ing") and any(
            toks[x].lower in _DOCUMENTS for x in range(max(0, i - 4), i)):
        return True  # "a draft resolution seeking the strongest sanctions": a text asks nobody
    if reading.form in ("block", "blocks") and prv in ("apartment", "residential", "housing", "office", "tower",
                                                       "a", "an", "the", "cell", "city", "building"):
        return True  # "smashed into an apartment block": a building, not a veto
    if reading.event_type == "REJECT" and (prv == "nor" or (i > 2 and toks[i - 2].lower == "neither")):
        return True  # "neither confirmed nor denied" denies nothing
    if reading.event_type == "MOBILIZE" and reading.form in ("unveiled", "unveils", "unveil", "unveiling") and any(
            toks[x].lower in _PLANS for x in range(i + 1, min(len(toks), i + 8))):
        return True  # "unveiled its largest package of sanctions": a policy, not a weapon on show
    if reading.event_type == "SANCTION" and prv in _ENFORCING and not (
            prv == "of" and i > 1 and toks[i - 2].lower in _BATCHES):
        return True  # "the panel monitoring UN sanctions on North Korea" describes the regime, it imposes nothing
    if reading.form in ("ship", "ships") and i > 0 and (
            (toks[i - 1].text.isalpha() and toks[i - 1].text.islower() and not prv.endswith("ly")
             and prv not in ("also", "still", "now", "then", "often", "even", "already", "again", "which", "that",
                             "who", "and", "or", "it", "they", "to", "will", "would", "could", "can", "may",
                             "might", "must", "should", "not", "never", "regularly", "reportedly"))
            or toks[i - 1].text[:1].isupper() and prv.endswith(("an", "ese", "ish", "i"))):
        return True  # "navy ships", "Russian ships", "the ships": vessels, not shipping
    if reading.frame in ("meet", "act_on") and reading.form.endswith("ing") and not reading.noun \
            and prv in ("the", "a", "an", "their", "its") and (reading.frame == "meet" or nxt[:1].isalpha()
                                                               and nxt not in _PREPOSITIONS_OF_ACTS):
        return True  # "the visiting Russian delegation": who visits, not a visit being made here
    if reading.event_type == "ASSAULT" and reading.form in ("killed", "kill", "kills", "killing") and any(
            toks[x].lower in _INSTITUTIONS for x in range(i + 1, min(len(toks), i + 5))):
        return True  # "a Russian veto killed the UN panel of experts": ended it, no one was attacked
    if reading.form in ("share", "shares") and (prv in ("the", "a", "its", "their", "biggest", "largest", "lion's",
                                                      "bigger", "larger", "growing", "fair", "market") or nxt == "of"):
        return True  # "the biggest share of what the North bought": a portion, not sharing
    if reading.form in ("move", "moves") and prv in ("'s", "\u2019s", "its", "their", "the", "this", "that", "his",
                                                     "her", "latest", "first", "new"):
        return True  # "Moscow's move was meant to silence the panel": a decision, not moving cargo
    if not reading.noun and prv in ("a", "an") and not reading.form.endswith("ed"):
        return True  # "a strip of Russian territory" is a noun
    if reading.event_type == "ASSAULT" and reading.form in ("wounded", "killed", "injured") and (
            prv in ("two", "three", "four", "five", "the", "a", "some", "several", "many", "of") or prv.isdigit()):
        return True  # "two wounded North Korean soldiers": an adjective, not a wounding
    if reading.event_type == "SANCTION" and reading.form.startswith(("cancel", "revok", "scrap")) and not any(
            toks[x].lower.rstrip("s") in ("agreement", "deal", "accord", "visa", "flight", "licence", "license",
                                          "contract", "permit") for x in range(i + 1, min(len(toks), i + 7))):
        return True  # "cancelled their air-service agreements with Tehran" punishes; "cancelled a trip" does not
    if reading.frame in ("meet", "host") and reading.form.endswith("ing") and prv in (
            "leaders", "ministers", "officials", "delegates", "envoys", "diplomats", "representatives"):
        return True  # "NATO leaders meeting in Washington condemned ...": who they are, not a visit
    if reading.event_type == "SUPPORT" and prv == "for" and i > 1 and toks[i - 2].lower in (
            "looking", "seeking", "sought", "asked", "asking", "appealed", "lobbying", "lobbied", "pressing"):
        return True  # "came looking for support": asked for, not given
    if reading.form in _USE_WORDS and prv in ("the", "its", "their", "his", "her"):
        return True  # "raising the use of North Korean missiles": the use named, not an attack here
    if reading.form in ("sign", "signs") and nxt == "of":
        return True  # "signs of friction": evidence, not a signature
    if reading.form in ("veto", "vetoes") and prv in ("the", "this", "that", "those", "these"):
        return True  # "denounced the veto": the act named, not vetoed again
    if reading.form in ("accepted", "accepts") and not any(toks[x].lower in (
            "invitation", "offer", "proposal", "plan", "terms") for x in range(i + 1, min(len(toks), i + 5))):
        return True  # "accepted Putin's invitation" agrees; "accepted responsibility" does not
    if reading.form in ("paid", "pay", "paying") and any(
            toks[x].lower in _PAYING_RESPECTS for x in range(i + 1, min(len(toks), i + 4))):
        return True
    return i > 1 and prv == "to" and any(toks[x].lower.startswith("invit") for x in range(max(0, i - 6), i))


def _coordinated_before(mentions: list[Mention], toks: list[Token], i: int) -> list[Mention]:
    """The coordinated actors nearest before token i ("Russia and China", "the US, Japan and South Korea")."""
    before = [m for m in mentions if m.j <= i and not m.is_place]
    if not before:
        return []
    group = [before[-1]]
    for m in reversed(before[:-1]):
        between = [t.lower for t in toks[m.j:group[0].i]]
        if between and all(w in (",", "and", "the", "'s") for w in between):  # "China's and Russia's"
            group.insert(0, m)
        else:
            break
    return group


def _in_exchange(toks: list[Token], commodities: list[tuple[int, int, str]], out: list[_Candidate]) -> list[_Candidate]:
    """'selling artillery ammunition to Russia in return for advanced military technology': what is given in
    exchange flows the other way, as certain as the flow it pays for (the sentence's events, completed)."""
    words = [t.lower for t in toks]
    at = next((x for x in range(len(words) - 2) if words[x] == "in" and words[x + 1] in ("exchange", "return")
               and words[x + 2] == "for"), None)
    if at is None:
        return out
    flows = [c for c in out if c.event_type == "AID" and c.commodity and c.commodity != "other"
             and any(a < at and com == c.commodity for a, _, com in commodities)]
    if not flows:
        return out
    main = flows[0]
    end = next((x for x in range(at + 3, len(words)) if words[x] in (";", ".") or (
        words[x] == "," and x + 1 < len(words) and words[x + 1] in ("the", "said", "says", "according"))), len(words))
    if any(words[x] in ("sent", "supplied", "provided", "delivered", "shipped") for x in range(at + 3, end)):
        return out  # "in return for the troops it has sent": the flow after "for" is already its own event
    given = list(dict.fromkeys(com for a, _, com in commodities if at + 3 <= a < end and not com.startswith("_")))
    back = (main.target, main.source)
    # flows the other way already coded keep the certainty of the deal they are part of
    done = [replace(c, certainty=main.certainty, confidence=main.confidence)
            if c.event_type == "AID" and (c.source, c.target) == back and c.commodity in given else c for c in out]
    have = {(c.source, c.target, c.commodity) for c in done if c.event_type == "AID"}
    return done + [replace(main, source=main.target, target=main.source, commodity=com, quantity=None,
                           source_name=main.target_name, target_name=main.source_name)
                   for com in given if (*back, com) not in have and com != main.commodity]


def _traded_for(toks: list[Token], mentions: list[Mention], commodities: list[tuple[int, int, str]],
                out: list[_Candidate], dyad: tuple[str, ...]) -> list[_Candidate]:
    """'trading North Korean ballistic missiles and artillery shells for Russian assistance': a swap is two
    flows, each from the maker of what it names (AID both ways), not one joint trade."""
    words = [t.lower for t in toks]
    x = next((n for n, w in enumerate(words) if w in _SWAPPING), None)
    if x is None:
        return out
    f = next((n for n in range(x + 2, min(len(words), x + 16)) if words[n] == "for"), None)
    if f is None:
        return out
    demonyms = {m.j: m.code for m in mentions if m.kind == "demonym"}
    goods = [(a, com) for a, _, com in commodities if x < a < f and not com.startswith("_")]
    paid = [(a, com) for a, _, com in commodities if f < a <= f + 4 and not com.startswith("_")] or [
        (n, "other") for n in range(f + 1, min(len(words), f + 4)) if words[n] in _HELP_NOUNS]
    giver = next((demonyms[a] for a, _ in goods if a in demonyms), None)
    payer = next((demonyms[a] for a, _ in paid if a in demonyms), None)
    if giver is None or not goods or not paid:
        return out
    if payer is None and giver in dyad and len(dyad) == 2:
        payer = dyad[1] if dyad[0] == giver else dyad[0]
    if payer is None or payer == giver:
        return out
    swapped = {com for _, com in goods}
    template = next((c for c in out if c.event_type == "COOPERATE" and (c.commodity in swapped or {
        c.source, c.target} == {giver, payer})), None)
    if template is None:
        return out
    kept = [c for c in out if not (c.event_type == "COOPERATE" and (c.commodity in swapped or {
        c.source, c.target} == {giver, payer}))]
    have = {(c.source, c.target, c.commodity) for c in kept if c.event_type == "AID"}
    flows = [(giver, payer, com) for com in dict.fromkeys(com for _, com in goods)] + [
        (payer, giver, com) for com in dict.fromkeys(com for _, com in paid)]
    return kept + [replace(template, event_type="AID", source=s, target=t, commodity=com, mode=_mode("AID", com, ""),
                           quantity=None, source_name=None, target_name=None, undirected=False)
                   for s, t, com in flows if (s, t, com) not in have]


def _owned_cargo(mentions: list[Mention], commodities: list[tuple[int, int, str]],
                 out: list[_Candidate]) -> list[_Candidate]:
    """'fuelling Russia's war with direct military support, including North Korean munitions and Iranian
    drones': a vague flow from a supplier whose own goods the sentence names carries those goods."""
    owned: dict[str, list[str]] = {}
    for a, _, com in commodities:
        for m in mentions:
            if m.kind == "demonym" and m.j == a and not com.startswith("_") and com != "other":
                owned.setdefault(m.code, []).append(com)
    if not owned:
        return out
    have = {(c.source, c.target, c.commodity) for c in out if c.event_type == "AID"}
    result: list[_Candidate] = []
    for c in out:
        goods = owned.get(c.source, []) if c.event_type == "AID" and c.commodity == "other" else []
        if not goods:
            result.append(c)
            continue
        result.extend(replace(c, commodity=g) for g in dict.fromkeys(goods) if (c.source, c.target, g) not in have)
    return result


def _at_the_front(toks: list[Token], out: list[_Candidate]) -> list[_Candidate]:
    """'10,000 North Korean soldiers have moved into Russia's Kursk region': troops sent to the war's front
    are also mobilised against the other side (ONTOLOGY.md: placed at the front adds MOBILIZE PRK->UKR)."""
    words = {t.lower for t in toks}
    if not words & _FRONT_WORDS or words & {"sappers", "mines", "demining", "rebuild", "builders", "cover"}:
        return []  # clearing mines and rebuilding come after the fighting
    added: list[_Candidate] = []
    for c in out:
        if c.event_type == "AID" and c.commodity == "troops" and c.target == "RUS" and c.source not in ("UKR", "RUS") \
                and c.certainty != "speculative" \
                and not any(x.event_type == "MOBILIZE" and x.source == c.source and x.target == "UKR"
                            for x in out + added):
            added.append(replace(c, event_type="MOBILIZE", target="UKR", target_name=None, commodity=None,
                                 mode=None, quantity=c.quantity))
    return added


def _denied_by_both(out: list[_Candidate]) -> list[_Candidate]:
    """'X accused the North of shipping shells to Russia, charges both countries deny': both parties of the
    charged flow deny it to every accuser."""
    denials = [c for c in out if c.event_type == "REJECT" and (c.source_name or "").lower().startswith(
        ("both ", "the two "))]
    flows = [c for c in out if c.event_type in ("AID", "COOPERATE") and c.source != c.target]
    accusers = list(dict.fromkeys(c.source for c in out if c.event_type == "ACCUSE"))
    if not denials or not flows or not accusers:
        return out
    parties = list(dict.fromkeys((flows[0].source, flows[0].target)))
    first = denials[0]
    return [c for c in out if c not in denials] + [
        replace(first, source=p, target=a, source_name=None, target_name=None)
        for p in parties for a in accusers if p != a]


def _more_followed(toks: list[Token], dates: list[DateMention], quants: list[QuantityMention],
                   out: list[_Candidate]) -> list[_Candidate]:
    """'11,000 soldiers went to Russia in 2024 and about 3,000 more followed early this year': a second batch of
    the same flow, with its own count and date."""
    more = next((x for x in range(1, len(toks)) if toks[x].lower == "more" and any(q.j == x for q in quants)), None)
    if more is None:
        return []
    count = next(q for q in quants if q.j == more)
    later = next((d for d in dates if toks[more].end <= d.start <= toks[min(len(toks) - 1, more + 6)].end), None)
    if later is None:
        return []
    flows = [c for c in out if c.event_type == "AID" and c.date and c.date != later.value]
    if not flows:
        return []
    first = flows[0]
    unit = first.quantity.unit if first.quantity is not None else "units"
    return [replace(first, date=later.value, quantity=Quantity(count.value, unit))]


def _technology_kinds(toks: list[Token], out: list[_Candidate]) -> list[_Candidate]:
    """'sharing technology with Tehran, including on nuclear matters and space': the fields named say which
    technology flows (one event each), unless the text calls it military."""
    words = [t.lower for t in toks]
    if "technology" not in words or any(words[x - 1] in ("military", "military-technical", "weapons")
                                        for x in range(1, len(words)) if words[x] == "technology"):
        return out
    kinds = [k for k, cues in (("nuclear_technology", ("nuclear",)), ("space_technology", ("space", "satellite",
                                                                                             "satellites")))
             if any(w in cues for w in words)]
    if not kinds:
        return out
    result: list[_Candidate] = []
    for c in out:
        if c.event_type == "AID" and c.commodity == "military_technology":
            result.extend(replace(c, commodity=k) for k in kinds)
        else:
            result.append(c)
    return result


def _analysis_back(toks: list[Token], mentions: list[Mention], out: list[_Candidate]) -> list[_Candidate]:
    """'Pyongyang handed over flight data from its failed launches, and Russian engineers sent back their
    analysis': the analysis returned for data received is know-how flowing back to the data's owner."""
    words = [t.lower for t in toks]
    at = next((x for x in range(1, len(words) - 1) if (words[x] == "back" and words[x - 1] in (
        "sent", "passed", "handed", "gave")) or words[x] == "returned"), None)
    if at is None or not any(w in ("analysis", "assessment", "findings", "feedback") for w in words[at + 1:at + 5]):
        return []
    given = [c for c in out if c.event_type == "AID" and c.source != c.target]
    if not given:
        return []
    first = given[0]
    helper = next((m for m in reversed(mentions) if m.j <= at and m.code == first.target and not m.is_place), None)
    if helper is None or any(c.event_type == "AID" and c.source == first.target and c.target == first.source
                             for c in out):
        return []
    space = any(w in ("satellite", "satellites", "rocket", "rockets", "launch", "launches") for w in words)
    com = "space_technology" if space else "military_technology"
    return [replace(first, source=first.target, target=first.source, commodity=com, quantity=None,
                    source_name=helper.surface, target_name=first.source_name)]


def _pledge(etype: str, attr: _Attribution, tok: Token) -> bool:
    """'told him Pyongyang would support ...': a modal in a reported pledge of backing is no hedge."""
    return etype == "SUPPORT" and attr.present and tok.lower in _PLEDGE_MODALS


def _names_a_thing(d: DateMention, text: str) -> bool:
    """'the 1953 armistice', 'its 2006 test': a year that names a thing dates no act of this sentence."""
    return d.kind == "year" and text[max(0, d.start - 6):d.start].lower().rstrip().endswith(
        ("the", "its", "their", "his", "her")) and text[d.end:d.end + 2].strip()[:1].isalpha()


def _coordinated_after(mentions: list[Mention], toks: list[Token], i: int) -> list[Mention]:
    """The actors listed from token i on ("North Korea, Belarus and Iran provide ..."), none if i names none."""
    after = [m for m in mentions if m.i >= i and not m.is_place]
    if not after or after[0].i != i and not (after[0].i == i + 1 and toks[i].lower == "the"):
        return []
    group = [after[0]]
    for m in after[1:]:
        between = [t.lower for t in toks[group[-1].j:m.i]]
        if between and all(w in (",", "and", "the") for w in between):
            group.append(m)
        else:
            break
    return list({m.code: m for m in group}.values())


def _with_quantity(c: _Candidate, q: Quantity) -> _Candidate:
    from dataclasses import replace

    return replace(c, quantity=q)


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
