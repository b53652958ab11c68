from __future__ import annotations

import pytest

from axiswatch.extract import extract_text
from axiswatch.profiles import load_profile

# these tests pin the sentence rules: the learned models are off (conftest.py)
pytestmark = pytest.mark.usefixtures("no_models")


def _code(text: str, published: str = "2024-06-21") -> set[tuple]:
    return {(e.event_type, e.source, e.target, e.commodity) for e in extract_text(text, load_profile(),
                                                                                    published=published)}


@pytest.mark.parametrize(("text", "expected"), [
    ("North Korea shipped artillery shells to Russia.", {("AID", "PRK", "RUS", "munitions")}),
    ("Russia received ballistic missiles from North Korea.", {("AID", "PRK", "RUS", "missiles")}),
    ("Shells were shipped to Russia by North Korea.", {("AID", "PRK", "RUS", "munitions")}),
    ("Moscow supplied Pyongyang with refined petroleum.", {("AID", "RUS", "PRK", "fuel")}),
    ("Kim Jong Un visited Russia.", {("CONSULT", "PRK", "RUS", None)}),
    ("The US and Japan condemned North Korea.", {("ACCUSE", "USA", "PRK", None), ("ACCUSE", "JPN", "PRK", None)}),
    ("North Korea test-fired a ballistic missile.", {("MOBILIZE", "PRK", "PRK", None)}),
    ("Russia vetoed the resolution on North Korea.", {("REJECT", "RUS", "UNSC", None),
                                                       ("SUPPORT", "RUS", "PRK", None)}),
])
def test_direction_and_type(text, expected):
    assert _code(text) == expected


def test_list_gives_one_event_per_commodity():
    got = _code("North Korea sent shells, missiles and howitzers to Russia.")
    assert got == {("AID", "PRK", "RUS", "munitions"), ("AID", "PRK", "RUS", "missiles"),
                   ("AID", "PRK", "RUS", "weapons_systems")}


def test_symmetric_signing_is_coded_both_ways_and_implies_the_visit():
    got = _code("Putin and Kim Jong Un signed a treaty in Pyongyang.")
    assert got == {("AGREE", "RUS", "PRK", None), ("AGREE", "PRK", "RUS", None), ("CONSULT", "RUS", "PRK", None)}
    assert _code("Putin and Kim Jong Un signed a treaty.") == {("AGREE", "RUS", "PRK", None),
                                                               ("AGREE", "PRK", "RUS", None)}


def test_quantity_date_certainty_and_evidence():
    text = ("Seoul's intelligence says North Korea has shipped some six million artillery shells to Russia "
            "since mid-2022.")
    (ev,) = extract_text(text, load_profile(), published="2024-06-21", doc_id="d1")
    assert (ev.event_type, ev.source, ev.target, ev.commodity) == ("AID", "PRK", "RUS", "munitions")
    assert ev.quantity is not None and ev.quantity.value == 6_000_000
    assert ev.date == "2022"
    assert ev.certainty == "reported"
    assert ev.evidence[0].text == text and ev.evidence[0].start == 0 and ev.evidence[0].end == len(text)


def test_hedges_and_unnamed_sources():
    (ev,) = extract_text("Russia could provide satellite technology to North Korea.", load_profile())
    assert ev.certainty == "speculative"
    (ev,) = extract_text("North Korea reportedly sent troops to Russia.", load_profile())
    assert ev.certainty == "alleged"


def test_relative_date_resolves_against_publication():
    (ev,) = extract_text("Putin arrived in Pyongyang on Tuesday.", load_profile(), published="2024-06-21")
    assert ev.date == "2024-06-18"


def test_negated_event_is_not_coded():
    assert _code("Russia did not send troops to North Korea.") == set()


def test_bad_text_never_crashes():
    for text in ["", "   ", "\x00\x01<script>alert(1)</script>", "Россия и КНДР подписали договор.",
                 "a" * 100_000, "North Korea " * 2000]:
        extract_text(text, load_profile())


@pytest.mark.parametrize(("text", "expected"), [
    # direction unknown: one COOPERATE from the profile's first actor, commodity named or `other`
    ("The ships carried military cargo between Russia and North Korea.", {("COOPERATE", "RUS", "PRK", "other")}),
    # a denial is its own event; what is denied is not coded
    ("The United States said Pyongyang had shipped shells to Russia. North Korea denied that it had sent "
     "weapons to Russia.", {("AID", "PRK", "RUS", "munitions"), ("REJECT", "PRK", "USA", None)}),
    # training another state's soldiers is AID `other`
    ("Russian instructors trained North Korean soldiers in drone warfare.", {("AID", "RUS", "PRK", "other")}),
    # allies are not foes: fighting alongside Russia is troops for Russia and combat against Ukraine, at the front
    ("North Korean troops are fighting alongside Russian forces in Kursk.",
     {("AID", "PRK", "RUS", "troops"), ("ASSAULT", "PRK", "UKR", None), ("MOBILIZE", "PRK", "UKR", None)}),
    # what is asked for is not given
    ("Kim asked Putin for help with the satellite programme.", {("REQUEST", "PRK", "RUS", None)}),
    # workers of one state placed in another
    ("The number of North Korean workers in Russia has dropped.", {("AID", "PRK", "RUS", "workers")}),
    # a list gives one event per commodity, a vague item included
    ("North Korea has supplied Russia with arms and munitions.", {("AID", "PRK", "RUS", "other"),
                                                                  ("AID", "PRK", "RUS", "munitions")}),
    # several states named together, then "the three governments"
    ("France, Germany and Britain met in Paris. The three governments condemned Iran.",
     {("ACCUSE", "FRA", "IRN", None), ("ACCUSE", "DEU", "IRN", None), ("ACCUSE", "GBR", "IRN", None),
      ("CONSULT", "DEU", "FRA", None), ("CONSULT", "GBR", "FRA", None)}),  # meeting in Paris: visitors -> host
    # naming an act as a violation condemns its doer
    ("North Korea sent missiles to Russia. Seoul called the transfer a flagrant violation of UN resolutions.",
     {("AID", "PRK", "RUS", "missiles"), ("ACCUSE", "KOR", "PRK", None)}),
    # announcing sanctions is imposing them; the states named among the designated are the targets
    ("Seoul announced unilateral sanctions on 11 individuals and 15 entities linked to the arms trade between "
     "Russia and North Korea.", {("SANCTION", "KOR", "RUS", None), ("SANCTION", "KOR", "PRK", None)}),
    ("The State Department also targeted two China-based companies.", {("SANCTION", "USA", "CHN", None)}),
    # commerce in fuel is COOPERATE with the commodity, a plan is speculative
    ("Putin said the two countries were working on projects to ship Russian gas to Iran.",
     {("COOPERATE", "RUS", "IRN", "fuel")}),
    # a condemnation of an act named but not owned goes to the doer of that kind of act
    ("North Korea has sent 7,000 troops to Russia. In return, Moscow is providing Pyongyang with oil. "
     "The United States condemned the deployment.",
     {("AID", "PRK", "RUS", "troops"), ("AID", "RUS", "PRK", "fuel"), ("ACCUSE", "USA", "PRK", None)}),
    # "they" after a visit story signs with both parties; concern about "the pact" goes to both its parties
    ("Vladimir Putin arrived in Pyongyang on Wednesday. After hours of talks they signed a partnership treaty. "
     "The United States expressed concern about the pact.",
     {("CONSULT", "RUS", "PRK", None), ("AGREE", "RUS", "PRK", None), ("AGREE", "PRK", "RUS", None),
      ("ACCUSE", "USA", "RUS", None), ("ACCUSE", "USA", "PRK", None)}),
    # a condition is not an act; a warning with a named addressee is a threat
    ("The G7 warned Tehran of sanctions if it sent missiles to Moscow.", {("THREATEN", "G7", "IRN", None)}),
    # cargo that "went to" a state is a transfer; a person who went there visits; a prisoner's story is neither
    ("North Korea has shipped shells to Russia. In 2024 alone, nine million rounds went to Russia on "
     "Russian-flagged cargo ships.", {("AID", "PRK", "RUS", "munitions")}),
    ("Kim Jong Un went to Moscow.", {("CONSULT", "PRK", "RUS", None)}),
    # intelligence sharing is COOPERATE; "bilateral trade" is the pair's, first-named as source
    ("The United States has shared its evidence with the UN panel of experts.",
     {("COOPERATE", "USA", "UN", "intelligence")}),
    ("Putin met Xi Jinping in Beijing. Putin said bilateral trade grew by a third last year.",
     {("CONSULT", "RUS", "CHN", None), ("COOPERATE", "RUS", "CHN", "other")}),
    # "saying" after a comma reports for the main clause's subject; it is not a speaker on the right
    ("Russia's foreign ministry declined to comment, saying only that Moscow and Tehran cooperate in "
     "sensitive areas.", {("COOPERATE", "RUS", "IRN", "other")}),
    # a joint statement: every state in the list speaks, "together with" included
    ("France, Germany and Britain said Iran's transfer of ballistic missiles to Russia was a direct threat.",
     {("AID", "IRN", "RUS", "missiles"), ("ACCUSE", "FRA", "IRN", None), ("ACCUSE", "DEU", "IRN", None),
      ("ACCUSE", "GBR", "IRN", None)}),
    ("The G7 together with South Korea condemned North Korea.",
     {("ACCUSE", "G7", "PRK", None), ("ACCUSE", "KOR", "PRK", None)}),
    # limits and caps are sanctions; what a limit restricts is not delivered
    ("The Security Council imposed its first limits on oil supplies to North Korea.",
     {("SANCTION", "UNSC", "PRK", None)}),
    # weapons used against a state are an attack by the user and a supply by their maker
    ("Ballistic missiles built in North Korea have been used by Russian forces against Ukraine.",
     {("ASSAULT", "RUS", "UKR", None), ("AID", "PRK", "RUS", "missiles")}),
    ("Russia has used Iranian drones to strike Ukrainian power plants.",
     {("ASSAULT", "RUS", "UKR", None), ("AID", "IRN", "RUS", "weapons_systems")}),
    ("Pyongyang thanked Moscow for using its veto.",  # the veto for Pyongyang, and thanks back
     {("SUPPORT", "PRK", "RUS", None), ("REJECT", "RUS", "UNSC", None), ("SUPPORT", "RUS", "PRK", None)}),
    # a title between the preposition and the name; "concluded a treaty" concludes, it does not report
    ("Kim Jong Il held talks in Pyongyang on 19 July with President Vladimir Putin.",
     {("CONSULT", "RUS", "PRK", None)}),
    ("Within days, Pyongyang concluded a similar treaty with Beijing.",
     {("AGREE", "PRK", "CHN", None), ("AGREE", "CHN", "PRK", None)}),
    # names joined by a hyphen are each a name; praise by naming is SUPPORT; an accepted invitation agrees
    ("Pyongyang called the US-South Korea drills a provocation.",
     {("ACCUSE", "PRK", "USA", None), ("ACCUSE", "PRK", "KOR", None)}),
    # the invasion named with its author is coded too (as the independent sets dev_f and dev_g code it)
    ("Kim Jong Un called Russia's invasion of Ukraine a just war.", {("SUPPORT", "PRK", "RUS", None),
                                                                     ("ASSAULT", "RUS", "UKR", None)}),
    # accepting an invitation agrees to it; the invitation itself was a request (as dev_h and dev_i code it)
    ("Kim accepted Putin's invitation to visit Russia.", {("AGREE", "PRK", "RUS", None),
                                                          ("REQUEST", "RUS", "PRK", None)}),
    ("Russia and North Korea held their first joint naval drill.",
     {("COOPERATE", "RUS", "PRK", None), ("COOPERATE", "PRK", "RUS", None)}),
    # what a warning says would be a mistake has not happened; gratitude is SUPPORT; deals are AGREE
    ("Putin warned Seoul that supplying arms to Kyiv would be a big mistake.", {("THREATEN", "RUS", "KOR", None)}),
    ("Putin expressed gratitude to Kim for North Korea's support.",
     {("SUPPORT", "RUS", "PRK", None), ("SUPPORT", "PRK", "RUS", None)}),
    ("Russia and North Korea reached a deal on a new road bridge.",
     {("AGREE", "RUS", "PRK", None), ("AGREE", "PRK", "RUS", None)}),
    # "ammunition depots" are a place, not cargo made by their owner
    ("North Korean shells were transported by rail to Russian ammunition depots.",
     {("AID", "PRK", "RUS", "munitions")}),
    # signatures, flanking, unloading; a letter handed over is no cargo
    ("Putin and Kim Jong Un put their signatures to a partnership treaty.",
     {("AGREE", "RUS", "PRK", None), ("AGREE", "PRK", "RUS", None)}),
    ("Kim Jong Un and Vladimir Putin flanked Xi Jinping at the parade.",
     {("CONSULT", "PRK", "CHN", None), ("CONSULT", "RUS", "CHN", None)}),
    ("A ship from Novorossiysk unloaded 25,000 tonnes of Russian wheat at Nampo.", {("AID", "RUS", "PRK", "food")}),
    ("Shoigu handed Kim a letter from Putin.", set()),
    ("Russia shipped more than 165,000 barrels to North Korea.", {("AID", "RUS", "PRK", "fuel")}),
    # "its partner" is the other side of the watched pair; "his host" is the last meeting's host
    ("Pyongyang shipped 15,800 containers of munitions to its partner.", {("AID", "PRK", "RUS", "munitions")}),
    ("Putin arrived in Pyongyang. Before he left, the Kremlin leader handed his host an Aurus limousine.",
     {("CONSULT", "RUS", "PRK", None), ("AID", "RUS", "PRK", "other")}),
    # missiles fired at a state are fired by their user, not by the state hit or the maker
    ("North Korea supplied ballistic missiles to Russia that were launched at Kyiv.",
     {("AID", "PRK", "RUS", "missiles"), ("ASSAULT", "RUS", "UKR", None)}),
    ("North Korea has armed Russia. Twenty North Korean missiles have been fired at Ukrainian cities.",
     {("AID", "PRK", "RUS", "other"), ("ASSAULT", "RUS", "UKR", None), ("AID", "PRK", "RUS", "missiles")}),
    # fighting an enemy's aircraft fights their owner; allies do not fight each other
    ("Soviet pilots fought American aircraft over Korea in 1951.", {("ASSAULT", "SUN", "USA", None)}),
    ("North Korea has sent troops to Russia. Kim praised their heroic feats in liberating Russian territory.",
     {("AID", "PRK", "RUS", "troops"), ("ASSAULT", "PRK", "UKR", None)}),
    ("Kim said his country would stand with Russia in its sacred fight to defend its sovereignty.",
     {("SUPPORT", "PRK", "RUS", None)}),
    ("Ukrainian forces have taken two wounded North Korean soldiers prisoner.", set()),
    # a passive list keeps its subject cargo and what comes "along with" it; an agreement to act for another
    ("North Korea has armed Russia. About 11,000 North Korean troops were sent in 2024, along with some 8,000 "
     "workers.", {("AID", "PRK", "RUS", "other"), ("AID", "PRK", "RUS", "troops"), ("AID", "PRK", "RUS", "workers")}),
    ("Moscow agreed to forgive about 90 per cent of the North's Soviet-era debt.",
     {("AGREE", "RUS", "PRK", None), ("AGREE", "PRK", "RUS", None), ("AID", "RUS", "PRK", "money")}),
    ("Washington says the North began furnishing Moscow with missiles.", {("AID", "PRK", "RUS", "missiles")}),
    # "them" after a weapon: the user of the weapons is the one who received them
    ("Russia has taken delivery of Iranian ballistic missiles and will probably use them against Ukraine.",
     {("AID", "IRN", "RUS", "missiles"), ("ASSAULT", "RUS", "UKR", None)}),
    # "a violation of UN resolutions" names the resolutions, not a party condemned
    ("North Korea test-fired an ICBM. Japan condemned the launch as a violation of UN resolutions.",
     {("MOBILIZE", "PRK", "PRK", None), ("ACCUSE", "JPN", "PRK", None)}),
    # cancelling air-service agreements is a sanction on the partner; a delegation to a capital visits it
    ("Britain, France and Germany cancelled their air-service agreements with Iran.",
     {("SANCTION", "GBR", "IRN", None), ("SANCTION", "FRA", "IRN", None), ("SANCTION", "DEU", "IRN", None)}),
    ("Alexander Kozlov led a Russian delegation to Pyongyang.", {("CONSULT", "RUS", "PRK", None)}),
    ("Moscow valued the North's unwavering support.", {("SUPPORT", "RUS", "PRK", None),
                                                        ("SUPPORT", "PRK", "RUS", None)}),
    # "to respond to the troops" is a purpose, not a partner; what one is warned against building is not built
    ("Ukraine's defence minister met President Yoon Suk Yeol in Seoul to discuss how to respond to the North "
     "Korean troops.",
     {("CONSULT", "UKR", "KOR", None)}),
    ("Lavrov warned the United States and Japan against building a military alliance.",
     {("THREATEN", "RUS", "USA", None), ("THREATEN", "RUS", "JPN", None)}),
    ("The MSMT said North Korea shipped shells to Russia. North Korea's foreign ministry rejected the findings "
     "as a political provocation.", {("AID", "PRK", "RUS", "munitions"), ("REJECT", "PRK", "MSMT", None)}),
    # a conditional punishment is a threat; troops leaving the front retreat from the war
    ("The United States would not hesitate to impose new sanctions if Pyongyang and Moscow went ahead with an "
     "arms deal.", {("THREATEN", "USA", "PRK", None), ("THREATEN", "USA", "RUS", None)}),
    ("North Korea has sent troops to Russia. The North's troops appear to have been withdrawn from the front line.",
     {("AID", "PRK", "RUS", "troops"), ("RETREAT", "PRK", "UKR", None)}),
    ("Andrei Belousov flew into Pyongyang. Kim Jong Un received the envoy the next day.",
     {("CONSULT", "RUS", "PRK", None)}),
    # a fighter jet's maker flying in a drill did not arm the state that fired a missile the same week
    ("A US bomber flew with South Korean and Japanese fighter jets days after North Korea test-fired an ICBM.",
     {("MOBILIZE", "PRK", "PRK", None)} | {("COOPERATE", a, b, None) for a in ("USA", "KOR", "JPN")
                                          for b in ("USA", "KOR", "JPN") if a != b}),
    ("Xi Jinping and Vladimir Putin proclaimed a partnership without limits in Beijing.",
     {("AGREE", "CHN", "RUS", None), ("AGREE", "RUS", "CHN", None), ("CONSULT", "RUS", "CHN", None)}),
    # soldiers sent to fight in an ally's region are placed against the other side, not against the ally
    ("North Korea confirmed that it had sent soldiers to fight in Russia's Kursk region.",
     {("AID", "PRK", "RUS", "troops"), ("MOBILIZE", "PRK", "UKR", None)}),
    ("Russia is at war with Ukraine. Russian forces launched several more missiles overnight.",
     {("ASSAULT", "RUS", "UKR", None)}),
    # joint patrols and flights are COOPERATE both ways with no commodity; tourism received is COOPERATE
    ("Two Russian Tu-95 and two Chinese H-6 bombers flew a joint patrol near Alaska.",
     {("COOPERATE", "RUS", "CHN", None), ("COOPERATE", "CHN", "RUS", None)}),
    ("A US B-1B bomber flew with Japanese fighter jets over the peninsula.",
     {("COOPERATE", "USA", "JPN", None), ("COOPERATE", "JPN", "USA", None)}),
    ("The ship sailed with its transponder switched on.", set()),
    # tourism is COOPERATE; that no one else is let in is also a concession (ONTOLOGY.md)
    ("Russia is North Korea's closest partner. Russians have been the only foreign tourists the North has "
     "received.", {("COOPERATE", "RUS", "PRK", None), ("CONCEDE", "PRK", "RUS", None)}),
    # a clause with no subject of its own continues the sender; a Soviet giver has the DPRK as partner
    ("North Korea sent troops to Russia. About 11,000 North Korean troops were deployed to Russia in 2024, while "
     "roughly 8,000 workers were dispatched.", {("AID", "PRK", "RUS", "troops"), ("AID", "PRK", "RUS", "workers")}),
    ("The Soviet Union backed North Korea. Soviet specialists supplied the IRT-2000 research reactor at Yongbyon.",
     {("SUPPORT", "SUN", "PRK", None), ("AID", "SUN", "PRK", "nuclear_technology")}),
    # the owner of the list a party "would be added to" lists it; pronouns answered are claims, not parties
    ("Chang said four Russian ships accused of breaching UN sanctions would be added to Seoul's blacklist.",
     {("SANCTION", "KOR", "RUS", None)}),
    ("Kyiv has asked its partners for more Patriot systems.", set()),
    ("Lukashenko had asked for the system to be stationed on Belarusian territory.", set()),
    ("NATO leaders meeting in Washington condemned North Korea.", {("ACCUSE", "NATO", "PRK", None)}),
    # a Soviet premier and Moscow are one party; a leader who signs abroad has travelled, a state has not
    ("On July 6, 1961, Kim Il Sung and Soviet premier Nikita Khrushchev signed a treaty of friendship in Moscow.",
     {("AGREE", "PRK", "SUN", None), ("AGREE", "SUN", "PRK", None), ("CONSULT", "PRK", "SUN", None)}),
    ("The treaty was signed in Moscow on 6 July 1961 by the Soviet Union and North Korea.",
     {("AGREE", "PRK", "SUN", None), ("AGREE", "SUN", "PRK", None)}),
    # "the ministry" is the ministry last named; a body's "they" after its reporting verb is the body
    ("South Korea's foreign ministry summoned the Russian ambassador. The ministry called on Moscow to halt all "
     "cooperation with Pyongyang.", {("PROTEST", "KOR", "RUS", None), ("REQUEST", "KOR", "RUS", None)}),
    ("Foreign ministers of the Group of Seven said they were gravely concerned by the deployment of North Korean "
     "troops to Russia.", {("ACCUSE", "G7", "PRK", None)}),
    # the speaker of a first clause makes the request of a second; persuading is asking, the sale is not made
    ("China's envoy Zhang Jun argued that new sanctions would only deepen the crisis and urged Washington to "
     "resume dialogue.", {("REQUEST", "CHN", "USA", None)}),
    ("Shoigu used the visit to try to persuade Pyongyang to sell artillery ammunition to Russia.",
     {("REQUEST", "RUS", "PRK", None)}),
    # "an escalation of Pyongyang's support" names whose act is condemned (the support is no new act)
    ("John Kirby called the transfers a significant escalation of Pyongyang's support for Moscow.",
     {("ACCUSE", "USA", "PRK", None)}),
    # a warning about what someone else might do is a forecast; "signs of" is no signature; "told X it had"
    ("Seoul also warned that Moscow might repay the North with military technology.", set()),
    ("North Korea warned that it would retaliate against Seoul.", {("THREATEN", "PRK", "KOR", None)}),
    ("Zhao's visit was watched in Seoul and Washington for signs of friction.", set()),
    ("Russia told the UN sanctions committee it had delivered 105,845 barrels to the North during 2023.",
     {("AID", "RUS", "PRK", "fuel")}),
    # support looked for is not given; a trip's place is near the noun
    ("Kim came looking for support after his summit with Donald Trump in Hanoi collapsed.",
     {("CONSULT", "PRK", "USA", None), ("CONSULT", "USA", "PRK", None)}),
    ("Choe's trip came days after Washington said Russia had fired North Korean missiles at Ukraine.",
     {("ASSAULT", "RUS", "UKR", None), ("AID", "PRK", "RUS", "missiles")}),
    # "the use of" names an attack; a leader's train leaving is no retreat; "accusations that it" is the accused
    ("The United States raised the use of North Korean missiles against Ukraine at the Security Council.", set()),
    ("Kim Jong Un's armoured train pulled out of Artyom station on Sunday.", set()),
    ("Moscow has dismissed as groundless Washington's accusations that it buys arms from Pyongyang.",
     {("REJECT", "RUS", "USA", None), ("AID", "PRK", "RUS", "other")}),
    # troops sent to fight alongside an ally go to that ally; "helped drive ... out" gives nothing; an absolute
    # passive ("with 1,500 soldiers shipped") keeps the sender
    ("North Korea confirmed that it had sent troops to fight alongside Russian forces, saying its units had "
     "helped drive Ukrainian troops out of the Kursk region.",
     {("AID", "PRK", "RUS", "troops"), ("MOBILIZE", "PRK", "UKR", None)}),
    ("North Korea had begun sending special forces to join Russia's war against Ukraine, with about 1,500 soldiers "
     "shipped between October 8 and 13.", {("AID", "PRK", "RUS", "troops")}),
    # a plan to pipe gas is commerce, and only planned
    ("Putin said the two sides were working on a plan to pipe Russian gas to Iran.",
     {("COOPERATE", "RUS", "IRN", "fuel")}),
    # approving or signing a ratification law ratifies the treaty with its partner
    ("Russia and North Korea signed a partnership treaty. The State Duma approved the ratification bill.",
     {("AGREE", "RUS", "PRK", None), ("AGREE", "PRK", "RUS", None)}),
    # denouncing "the veto" accuses its caster; it is not a veto
    ("Russia vetoed the resolution on Thursday. South Korea and Japan both denounced the veto at the meeting.",
     {("REJECT", "RUS", "UNSC", None), ("ACCUSE", "KOR", "RUS", None), ("ACCUSE", "JPN", "RUS", None)}),
    # states sharing intelligence among themselves cooperate both ways
    ("The United States, Japan and South Korea began sharing real-time missile warning data.",
     {("COOPERATE", a, b, "intelligence") for a in ("USA", "JPN", "KOR") for b in ("USA", "JPN", "KOR") if a != b}),
    # "they" right after a group's reporting verb is the group
    ("Britain, France and Germany said they would cancel their air-service agreements with Iran.",
     {("SANCTION", "GBR", "IRN", None), ("SANCTION", "FRA", "IRN", None), ("SANCTION", "DEU", "IRN", None)}),
    # nationals of any state resolve by demonym
    ("The United States blacklisted a Slovak national accused of brokering arms deals between Pyongyang and Moscow.",
     {("SANCTION", "USA", "SVK", None)}),
    # a transport link between two states is joint action, coded once from the first named
    ("A direct flight between Moscow and Pyongyang was launched in July.", {("COOPERATE", "RUS", "PRK", None)}),
    # an embassy is its state's ground; "the American claims" are dismissed, nobody is reporting them
    ("Kim Jong Un visited the Russian embassy in Pyongyang on Friday.", {("CONSULT", "PRK", "RUS", None)}),
    ("Sergei Lavrov dismissed the American claims.", {("REJECT", "RUS", "USA", None)}),
    ("Chinese Premier Li Qiang and Dmitry Medvedev sat beside Kim Jong Un.",
     {("CONSULT", "CHN", "PRK", None), ("CONSULT", "RUS", "PRK", None)}),
    # "the two countries" is the pair the story is about, not the last two states named
    ("Russia and North Korea signed a treaty on Wednesday. Putin thanked Kim. The United States condemned Russia. "
     "The two countries also agreed to build a road bridge.",
     {("AGREE", "RUS", "PRK", None), ("AGREE", "PRK", "RUS", None), ("SUPPORT", "RUS", "PRK", None),
      ("ACCUSE", "USA", "RUS", None)}),
    ("Almost 100 Russian tourists flew from Vladivostok to Pyongyang for a ski trip.",
     {("COOPERATE", "RUS", "PRK", None)}),
    ("North Korea sent troops to Russia. A prisoner said he believed he was going to Russia for training.",
     {("AID", "PRK", "RUS", "troops")}),
])
def test_ontology_conventions(text, expected):
    assert _code(text) == expected


def test_the_same_day_after_a_dated_statement_is_that_day():
    text = ("The commission said on Monday that units had been sent to Russia on Kim Jong Un's order. "
            "Vladimir Putin thanked Kim Jong Un the same day.")
    evs = extract_text(text, load_profile(), published="2025-04-28")
    (thanks,) = [e for e in evs if e.event_type == "SUPPORT"]
    assert thanks.date == "2025-04-28"


def test_only_a_dated_occasion_is_inherited_by_the_next_statement():
    profile = load_profile()
    day = extract_text("Putin met Kim in Pyongyang on Tuesday. He also accused Ukraine of aggression.", profile,
                       published="2024-06-21")
    assert {e.event_type: e.date for e in day}["ACCUSE"] == "2024-06-18"
    year = extract_text("Putin thanked Kim this summer. He also accused Ukraine of aggression.",
                        profile, published="2024-06-21")
    assert {e.event_type: e.date for e in year}["ACCUSE"] is None


def test_an_undated_restatement_of_a_dated_meeting_is_the_same_event():
    evs = extract_text("Putin last visited North Korea in July 2000. He arrived in Pyongyang on Wednesday. Putin "
                       "held talks with Kim Jong Un.", load_profile(), published="2024-06-21")
    assert {e.date for e in evs if e.event_type == "CONSULT"} == {"2000-07", "2024-06-19"}
    evs = [e for e in evs if e.date != "2000-07"]
    (visit,) = [e for e in evs if e.event_type == "CONSULT"]
    assert visit.date == "2024-06-19" and len(visit.evidence) == 2


def test_both_countries_are_the_two_this_sentence_names():
    text = ("Japan froze the assets of Russian firms. The G7 condemned shipments of North Korean missiles to "
            "Russia and called on both countries to stop them.")
    requests = {(e.source, e.target) for e in extract_text(text, load_profile()) if e.event_type == "REQUEST"}
    assert requests == {("G7", "PRK"), ("G7", "RUS")}


def test_an_undated_sentence_in_a_soviet_era_story_stays_in_that_era():
    text = ("Soviet pilots flew combat missions over Korea from late 1950. Moscow also equipped North Korea's air "
            "force with Yak-9 fighters.")
    evs = extract_text(text, load_profile(), published="2024-06-21")
    assert ("AID", "SUN", "PRK") in {(e.event_type, e.source, e.target) for e in evs}
    assert "RUS" not in {e.source for e in evs}


def test_a_denial_is_not_dated_by_the_occasion_before_it():
    text = "The United States accused North Korea of arming Russia on Tuesday. Pyongyang denied the American claims."
    evs = extract_text(text, load_profile(), published="2024-06-21")
    (denial,) = [e for e in evs if e.event_type == "REJECT"]
    assert denial.date is None and (denial.source, denial.target) == ("PRK", "USA")


def test_a_plan_has_no_date_yet():
    (plan,) = extract_text("Russia plans to send more wheat to North Korea in June.", load_profile(),
                           published="2024-03-01")
    assert plan.certainty == "speculative" and plan.date is None


@pytest.mark.parametrize(("second", "date"), [
    ("The vote came a day after North Korea fired three missiles.", "2022-05-25"),
    ("Two days earlier, Pyongyang had blamed the United States for the crisis.", "2022-05-24"),
    ("North Korea fired a missile hours before the vote.", "2022-05-26"),
])
def test_a_span_counted_from_the_last_occasion(second, date):
    first = "The Security Council voted on new sanctions against North Korea on 26 May."
    evs = extract_text(f"{first} {second}", load_profile(), published="2022-05-27")
    (ev,) = [e for e in evs if second.startswith(e.evidence[0].text[:20])]
    assert ev.date == date


def test_later_counts_from_the_date_just_given_in_the_sentence():
    text = ("The treaty took effect on Wednesday. Vladimir Putin signed the ratification law on 9 November, and Kim "
            "Jong Un ratified the pact two days later.")
    evs = extract_text(text, load_profile(), published="2024-12-05")
    assert {(e.source, e.date) for e in evs if e.event_type == "AGREE"} >= {("RUS", "2024-11-09"),
                                                                          ("PRK", "2024-11-11")}


def test_months_before_a_named_event_are_not_counted_from_the_day_given():
    text = ("Iran acknowledged on Saturday that it had supplied drones to Russia, saying a small number were sent a "
            "few months before the invasion.")
    evs = extract_text(text, load_profile(), published="2022-11-06")
    assert all(e.date != "2022-08" for e in evs if e.event_type == "AID")


def test_a_live_blog_entry_is_dated_on_the_day_of_publication():
    text = ("08:10 — Kim Jong Un reached Beijing on Tuesday. He urged calm. 13:45 — Putin and Kim then sat down for "
            "formal talks at the state guesthouse, the Kremlin said.")
    evs = extract_text(text, load_profile(), published="2025-09-03")
    assert {(e.event_type, e.source, e.target, e.date) for e in evs} >= {("CONSULT", "RUS", "PRK", "2025-09-03")}
    assert all(e.evidence[0].text.startswith("13:45") for e in evs if e.event_type == "CONSULT" and e.target == "PRK")


@pytest.mark.parametrize(("text", "expected"), [
    ("Seoul summoned the Russian ambassador to protest the defence pact Vladimir Putin and Kim Jong Un signed.",
     {("PROTEST", "KOR", "RUS", None), ("AGREE", "RUS", "PRK", None), ("AGREE", "PRK", "RUS", None)}),
    ("Japan condemned the treaty Russia and North Korea concluded in June.",
     {("ACCUSE", "JPN", "RUS", None), ("ACCUSE", "JPN", "PRK", None), ("AGREE", "RUS", "PRK", None),
      ("AGREE", "PRK", "RUS", None)}),
])
def test_the_signers_of_a_pact_in_a_relative_clause(text, expected):
    assert _code(text) == expected


def test_troops_sent_to_fight_in_an_allys_region_are_sent_to_the_ally():
    got = _code("Around 12,000 North Korean soldiers have been sent to fight in Russia's Kursk border region.")
    assert got == {("AID", "PRK", "RUS", "troops"), ("MOBILIZE", "PRK", "UKR", None)}
    assert _code("North Korean troops were sent to fight in Ukraine's Donetsk region.") == {
        ("MOBILIZE", "PRK", "UKR", None)}


@pytest.mark.parametrize("text", [
    "About 11,000 North Korean troops have moved into Russia's Kursk region, the Pentagon said.",
    "Zelensky said that some 11,000 soldiers from the North were now in the Kursk region.",
    "The arrival of North Korean soldiers in Kursk turns a transactional relationship into an alliance.",
    "North Korea has sent 11,000 troops to Russia. Some 8,000 of them had already moved into the Kursk region.",
])
def test_troops_placed_at_the_front_are_mobilised_against_ukraine(text):
    evs = extract_text(text, load_profile(), published="2024-11-05")
    assert any((e.event_type, e.source, e.target) == ("MOBILIZE", "PRK", "UKR") for e in evs)


def test_troops_placed_away_from_the_front_are_not_mobilised():
    evs = extract_text("About 11,000 North Korean troops have moved into barracks near Vladivostok.", load_profile(),
                       published="2024-11-05")
    assert not any(e.event_type == "MOBILIZE" for e in evs)


@pytest.mark.parametrize(("text", "expected"), [
    ("Kim told Putin that he regarded any help he could give Russia as a fraternal duty.",
     ("SUPPORT", "PRK", "RUS", None)),
    ("Kim said that helping Russia was a fraternal duty.", ("SUPPORT", "PRK", "RUS", None)),
    ("Pyongyang is grateful to Moscow for its wheat.", ("SUPPORT", "PRK", "RUS", None)),
])
def test_gratitude_and_a_duty_to_help_back_the_one_helped(text, expected):
    assert expected in _code(text)


@pytest.mark.parametrize("text", [
    "Foreign Minister Cho Tae-yul and US Secretary of State Antony Blinken, speaking by phone on Thursday, "
    "condemned the treaty.",
    "In a phone call on Thursday, Foreign Minister Cho Tae-yul and US Secretary of State Antony Blinken denounced "
    "the treaty.",
])
def test_a_phone_call_named_beside_the_main_clause_is_between_its_subjects(text):
    got = _code(text)
    assert {("CONSULT", "KOR", "USA", None), ("CONSULT", "USA", "KOR", None)} <= got


def test_a_summit_in_a_clause_about_arms_trade_moves_nothing():
    got = _code("CSIS said the surge reflected a trade in munitions between the two governments that began after Kim "
                "Jong Un's summit with Vladimir Putin in Russia's Far East last month.")
    assert ("CONSULT", "PRK", "RUS", None) in got
    assert not any(t == "AID" and s == "PRK" and c == "other" for t, s, _, c in got)


@pytest.mark.parametrize(("text", "expected"), [
    ("North Korea fired a ballistic missile on Tuesday. Chief Cabinet Secretary Yoshimasa Hayashi called the launch "
     "'totally unacceptable'.", {("ACCUSE", "JPN", "PRK")}),
    ("North Korea fired a ballistic missile on Tuesday. Chief Cabinet Secretary Hirokazu Matsuno said the continued "
     "launches threatened the peace and security of Japan.", {("ACCUSE", "JPN", "PRK")}),
    ("South Korean ambassador Hwang Joon-kook said any dispatch of North Korean troops to Russia clearly violated "
     "several Council resolutions.", {("ACCUSE", "KOR", "PRK")}),
    ("Putin and Kim Jong Un signed a treaty in Pyongyang on Wednesday. South Korea's presidential office said that "
     "the agreement threatened the South's security.", {("ACCUSE", "KOR", "PRK"), ("ACCUSE", "KOR", "RUS")}),
])
def test_an_act_called_unacceptable_or_said_to_threaten_security_accuses_its_doers(text, expected):
    got = {(e.event_type, e.source, e.target) for e in extract_text(text, load_profile(), published="2024-06-21")}
    assert expected <= got


@pytest.mark.parametrize(("text", "expected"), [
    ("The trip follows last September's summit between Kim Jong Un and Vladimir Putin at the Vostochny Cosmodrome.",
     ("CONSULT", "PRK", "RUS", "2023-09")),
    ("The surge came three weeks after Kim Jong Un's September summit with Vladimir Putin, the centre said.",
     ("CONSULT", "PRK", "RUS", "2023-09")),
    ("He wants to carry out the agreements that Kim and Vladimir Putin reached at their summit in September.",
     ("CONSULT", "PRK", "RUS", "2023-09")),
])
def test_a_summit_recalled_in_passing_is_a_dated_meeting(text, expected):
    evs = extract_text(text, load_profile(), published="2023-10-20")
    assert expected in {(e.event_type, e.source, e.target, e.date) for e in evs}


def test_an_adjective_before_its_noun_names_no_one_unlawful():
    got = _code("The ministry repeated its call for Pyongyang and Moscow to stop their unlawful military cooperation.")
    assert not any(t == "ACCUSE" for t, *_ in got)


def test_put_under_sanctions_is_the_subjects_sanction():
    got = _code("The European Union on Monday put two senior North Korean officers, intelligence chief Ri Chang Ho "
                "and Sin Kum Chol, under sanctions as part of its 16th package of measures over Russia's war.")
    assert ("SANCTION", "EU", "PRK", None) in got
    assert not any(t == "SANCTION" and s == "PRK" for t, s, *_ in got)


def test_a_swap_is_two_flows_from_the_makers_of_what_it_names():
    got = _code("Seoul and Washington accuse Russia and North Korea of trading North Korean ballistic missiles and "
                "artillery shells for Russian assistance.")
    assert {("AID", "PRK", "RUS", "missiles"), ("AID", "PRK", "RUS", "munitions"),
            ("AID", "RUS", "PRK", "other")} <= got
    assert not any(t == "COOPERATE" for t, *_ in got)


def test_a_body_whose_limit_is_exceeded_is_no_recipient():
    got = _code("The report said the North had sent Russia millions of artillery rounds, and that Moscow had supplied "
                "oil beyond the UN cap in return.")
    assert ("AID", "RUS", "PRK", "fuel") in got
    assert not any(tgt == "UN" for _, _, tgt, _ in got)


def test_a_sentence_naming_russia_after_a_soviet_era_paragraph_is_not_soviet():
    text = ("Under a 1959 agreement, the Soviet Union built a research centre at Yongbyon. North Korean engineers "
            "raised its capacity to 8 megawatts in 1974. In February the G7 foreign ministers condemned North Korea's "
            "arms exports to Russia.")
    evs = extract_text(text, load_profile(), published="2024-04-02")
    (g7,) = [e for e in evs if e.source == "G7" and e.target == "PRK"]
    assert g7.date == "2024-02"
    assert not any(e.date and e.date.startswith("1974-02") for e in evs)


def test_what_several_accusers_accuse_is_alleged():
    evs = extract_text("Washington and its allies accuse the North of providing Russia with ammunition.",
                       load_profile(), published="2024-06-18")
    (aid,) = [e for e in evs if e.event_type == "AID"]
    assert (aid.source, aid.target, aid.certainty) == ("PRK", "RUS", "alleged")


def test_a_treatys_duty_of_mutual_help_is_no_delivery():
    got = _code("Putin and Kim Jong Un signed the treaty in Pyongyang in June; it requires each side to provide "
                "military assistance without delay if the other is attacked.")
    assert ("AGREE", "RUS", "PRK", None) in got
    assert not any(t == "AID" for t, *_ in got)


def test_a_bare_kim_is_the_kim_named_in_full_last():
    text = ("First Vice Foreign Minister Kim Hong-kyun summoned the Russian ambassador on Monday. Kim urged Moscow to "
            "halt its military cooperation with Pyongyang.")
    got = {(e.event_type, e.source, e.target) for e in extract_text(text, load_profile(), published="2024-06-21")}
    assert ("REQUEST", "KOR", "RUS") in got and not any(s == "PRK" for _, s, _ in got)
    got = {(e.event_type, e.source, e.target) for e in extract_text(
        "Kim Jong Un met Putin on Tuesday. Kim pledged full support for Russia.", load_profile(),
        published="2024-06-21")}
    assert ("SUPPORT", "PRK", "RUS") in got


def test_the_teller_goes_on_after_what_he_said():
    got = _code("Kim Hong-kyun told the envoy that any help would breach Security Council resolutions and urged "
                "Russia to halt its military cooperation with Pyongyang.")
    assert ("REQUEST", "KOR", "RUS", None) in got
    assert not any(s == "UNSC" for _, s, *_ in got)


def test_a_withdrawal_demanded_has_not_happened():
    got = _code("South Korea summoned Russia's ambassador on October 21 and demanded that the North Korean troops be "
                "withdrawn.")
    assert not any(t == "RETREAT" for t, *_ in got)


@pytest.mark.parametrize(("text", "expected"), [
    ("The Kremlin said Putin had taken up an invitation from Kim to visit North Korea.",
     {("REQUEST", "PRK", "RUS", None), ("AGREE", "RUS", "PRK", None)}),
    ("Choe told him that Kim Jong Un had extended an invitation for Putin to come to Pyongyang.",
     {("REQUEST", "PRK", "RUS", None)}),
    ("The White House accused Moscow of launching North Korean-supplied ballistic missiles at Ukraine.",
     {("ASSAULT", "RUS", "UKR", None), ("AID", "PRK", "RUS", "missiles")}),
])
def test_invitations_extended_or_taken_up_and_launches_charged(text, expected):
    assert expected <= _code(text)


def test_launching_as_a_purpose_is_no_launch():
    got = _code("In exchange, Russia has reportedly given the North technology for launching spy satellites.")
    assert not any(t == "MOBILIZE" for t, *_ in got)


@pytest.mark.parametrize(("text", "expected"), [
    ("The defence chiefs condemned the North's deployment of troops to Russia.", ("AID", "PRK", "RUS", "troops")),
    ("Russia's deployment of nuclear weapons in Belarus was condemned.", ("MOBILIZE", "RUS", "BLR", None)),
])
def test_a_deployment_sends_troops_or_places_arms(text, expected):
    assert expected in _code(text)


def test_calling_in_an_ambassador_is_a_summons():
    assert ("PROTEST", "RUS", "PRK", None) in _code(
        "Russia's deputy foreign minister called in North Korea's ambassador on Monday to convey deep concern.")
    assert not any(t == "PROTEST" for t, *_ in _code("China called in a statement for restraint from North Korea."))


@pytest.mark.parametrize(("text", "coded"), [
    ("Kim Jong Un, who reached Beijing aboard his armoured train on Tuesday, met Xi Jinping.", True),
    ("The tanker Chon Ma San reached Vostochny on 19 October with its transponder switched on.", False),
    ("The two governments signed a contract in late 2023, and the first consignment reached Russia in January.", False),
    ("Their target of $200 billion in annual trade was reached a year early.", False),
])
def test_reaching_a_place_is_a_visit_only_for_travellers(text, coded):
    got = _code(text)
    assert any(t == "CONSULT" for t, *_ in got) is coded


@pytest.mark.parametrize(("text", "expected"), [
    ("Resolution 2397, adopted by the Security Council in December 2017, ordered all countries to send North Korean "
     "workers home.", ("SANCTION", "UNSC", "PRK", "2017-12")),
    ("A UN Security Council resolution adopted in 2009 bans all arms exports from the North.",
     ("SANCTION", "UNSC", "PRK", "2009")),
    ("Resolution 2375, adopted by the Security Council in September 2017 with Russia's vote, bars member states from "
     "issuing work permits to North Koreans.", ("SANCTION", "UNSC", "PRK", "2017-09")),
])
def test_a_dated_resolution_recalled_in_passing_is_the_councils_sanction(text, expected):
    evs = extract_text(text, load_profile(), published="2024-12-10")
    assert expected in {(e.event_type, e.source, e.target, e.date) for e in evs}


@pytest.mark.parametrize("text", [
    "Pyongyang set off the device on Friday, in open defiance of Security Council resolutions adopted since 2006.",
    "Russia vetoed a draft resolution in May 2022 that would have tightened sanctions on North Korea.",
])
def test_defying_or_vetoing_a_resolution_is_no_sanction_by_it(text):
    evs = extract_text(text, load_profile(), published="2024-12-10")
    assert not any(e.event_type == "SANCTION" and e.source == "UNSC" for e in evs)


def test_a_phone_call_after_the_verb_is_between_its_subjects():
    got = _code("South Korean President Yoon Suk Yeol and Ukrainian President Volodymyr Zelensky denounced the "
                "military cooperation between North Korea and Russia during a phone call on Tuesday.")
    assert {("CONSULT", "KOR", "UKR", None), ("CONSULT", "UKR", "KOR", None), ("ACCUSE", "KOR", "RUS", None)} <= got


def test_the_ministers_are_the_group_named_before_unless_named_right_there():
    text = ("Foreign ministers of the Group of Seven met in Capri. In a statement, the ministers denounced the "
            "cooperation between Russia and North Korea as a flagrant breach of Security Council resolutions.")
    got = {(e.event_type, e.source, e.target) for e in extract_text(text, load_profile(), published="2024-05-31")}
    assert {("ACCUSE", "G7", "RUS"), ("ACCUSE", "G7", "PRK")} <= got
    got = _code("The foreign ministers of South Korea and Japan condemned the cooperation between Russia and North "
                "Korea.")
    assert ("ACCUSE", "KOR", "RUS", None) in got and not any(s == "G7" for _, s, *_ in got)


def test_a_summit_at_a_named_russian_venue_is_a_visit_to_russia():
    got = _code("Kim Jong Un met Vladimir Putin on Russky Island off Vladivostok on Thursday.")
    assert ("CONSULT", "PRK", "RUS", None) in got


@pytest.mark.parametrize("text", [
    "A Russian-flagged cargo ship that Washington placed under sanctions in May 2022 called at Rajin.",
    "Both ships are owned by Russian companies that Washington sanctioned in May 2022.",
])
def test_what_a_relative_clause_sanctions_is_the_noun_it_hangs_from(text):
    evs = extract_text(text, load_profile(), published="2024-05-10")
    assert ("SANCTION", "USA", "RUS", "2022-05") in {(e.event_type, e.source, e.target, e.date) for e in evs}


def test_trade_figures_for_two_years_are_two_years_of_trade():
    evs = extract_text("China's trade with North Korea collapsed from almost $2.8 billion in 2019 to $539 million in "
                       "2020.", load_profile(), published="2024-05-10")
    assert {(e.event_type, e.source, e.target, e.date) for e in evs} == {
        ("COOPERATE", "CHN", "PRK", "2019"), ("COOPERATE", "CHN", "PRK", "2020")}
    assert not _code("Beijing is the North's largest partner, accounting for nine-tenths of its recorded commerce.")


@pytest.mark.parametrize(("text", "expected"), [
    ("A North Korean hacking group stole bitcoin worth 48.2 billion yen from the Tokyo exchange DMM Bitcoin.",
     ("COERCE", "PRK", "JPN", None)),
    ("North Korean hackers attacked South Korean defence contractors last year.", ("COERCE", "PRK", "KOR", None)),
])
def test_cyber_theft_and_hacking_are_coercion(text, expected):
    got = _code(text)
    assert expected in got and not any(t == "ASSAULT" for t, *_ in got)


def test_training_and_banking_ties_go_from_moscow_to_its_partner():
    got = _code("Moscow, for its part, trained the North's soldiers and kept up correspondent banking relations with "
                "Pyongyang, according to the monitors.")
    assert {("AID", "RUS", "PRK", "other"), ("COOPERATE", "RUS", "PRK", "money")} <= got
    assert not any(s == "PRK" for _, s, *_ in got)


@pytest.mark.parametrize("text", [
    "He toured the Wonsan-Kalma beach complex and pledged that Moscow would help Russian holidaymakers travel there.",
    "Lavrov also predicted that Wonsan could become popular with Russian holidaymakers.",
    "Lavrov also promised efforts to bring more Russian tourists to the newly opened Wonsan resort.",
])
def test_tourists_helped_or_brought_to_a_resort_are_tourism(text):
    got = _code(text)
    assert ("COOPERATE", "RUS", "PRK", None) in got and not any(t == "AID" for t, *_ in got)


@pytest.mark.parametrize(("text", "expected"), [
    ("Work on a road bridge across the Tumen River, the border between North Korea and Russia, formally got under "
     "way on Wednesday.", {("COOPERATE", "PRK", "RUS", None), ("COOPERATE", "RUS", "PRK", None)}),
    ("The only fixed link between them is the Friendship railway bridge, which the Soviet Union and North Korea "
     "opened in August 1959.", {("COOPERATE", "SUN", "PRK", None), ("COOPERATE", "PRK", "SUN", None)}),
])
def test_a_link_two_states_build_or_open_is_joint_action(text, expected):
    assert expected <= _code(text)


@pytest.mark.parametrize("text", [
    "The two sides undertake to work on connecting the Trans-Siberian railway with a rebuilt line through Korea.",
    "Moscow criticised the Europeans for taking a harder line than Washington, which has opened talks with Russia.",
])
def test_no_link_is_built_without_a_building_verb_for_it(text):
    assert not any(t == "COOPERATE" for t, *_ in _code(text))


@pytest.mark.parametrize("text", [
    "She also criticised Iron Mace, a US-South Korean tabletop exercise on combining nuclear and conventional forces.",
    "The South had opened its annual Hoguk exercise, in which US forces also take part, the day before.",
])
def test_an_exercise_with_two_sides_named_is_joint(text):
    assert {("COOPERATE", "KOR", "USA", None), ("COOPERATE", "USA", "KOR", None)} <= _code(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Putin warned that arming Kyiv would be a very big mistake and that Russia would respond in ways Seoul's "
     "leadership would not like.", {("THREATEN", "RUS", "KOR")}),
    ("On Sunday the North's foreign ministry condemned the drills by the US, Japan and South Korea as a reckless "
     "provocation and warned of 'fatal consequences'.",
     {("ACCUSE", "PRK", "USA"), ("THREATEN", "PRK", "USA"), ("THREATEN", "PRK", "JPN"), ("THREATEN", "PRK", "KOR")}),
    ("Pyongyang has also warned of 'undesired consequences' if Washington clings to its hard line.",
     {("THREATEN", "PRK", "USA")}),
])
def test_a_warning_of_a_response_threatens_the_one_warned(text, expected):
    got = {(e.event_type, e.source, e.target) for e in extract_text(text, load_profile(), published="2024-06-21")}
    assert expected <= got
    assert ("THREATEN", "RUS", "UKR") not in got  # "arming Kyiv" names what is warned against, not who


def test_we_in_a_quote_is_the_speakers_side_and_the_dismisser_goes_on():
    got = _code("'We condemn the DPRK for providing Russia with this military equipment,' National Security Council "
                "spokesman John Kirby told reporters.")
    assert ("ACCUSE", "USA", "PRK", None) in got
    got = _code("Deputy Foreign Minister Andrei Rudenko dismissed claims that North Korean troops were fighting in "
                "Ukraine, and accused the United States and NATO of stoking tension in Asia.")
    assert {("ACCUSE", "RUS", "USA", None), ("ACCUSE", "RUS", "NATO", None)} <= got
    assert not any(t == "ACCUSE" and s == "PRK" for t, s, *_ in got)


@pytest.mark.parametrize("text", [
    "Kim used the occasion to pledge his full support for Russia's war in Ukraine.",
    "A day earlier, Kim met Vladimir Putin and pledged his full support for Russia's war against Ukraine.",
    "Kim, who arrived by armoured train, offered Moscow 'full and unconditional support'.",
    "Kim told Shoigu he was confident that the Russian army and people would 'achieve big successes', KCNA said.",
])
def test_pledged_support_and_confidence_in_victory_back_russia(text):
    got = _code(text)
    assert ("SUPPORT", "PRK", "RUS", None) in got and ("SUPPORT", "RUS", "PRK", None) not in got


def test_a_demand_made_at_a_summons_is_made_of_the_state_summoned():
    got = _code("South Korea summoned Russia's ambassador on October 21 and demanded that the North Korean troops be "
                "withdrawn.")
    assert {("PROTEST", "KOR", "RUS", None), ("REQUEST", "KOR", "RUS", None)} <= got
    assert ("REQUEST", "KOR", "PRK", None) not in got


def test_every_state_that_requested_a_council_meeting_asked_the_council():
    got = _code("UN sanctions on Iran were restored at the request of Britain, France and Germany.")
    assert {("REQUEST", c, "UNSC", None) for c in ("GBR", "FRA", "DEU")} <= got
    assert not any(t == "REQUEST" and tgt == "IRN" for t, _, tgt, _ in got)


def test_a_second_that_clause_does_not_lend_its_cargo_or_owner_to_the_first():
    got = _code("Rutte said he could confirm that North Korean troops had been sent to Russia and that some of their "
                "units were now deployed in the Kursk region.")
    assert {("AID", "PRK", "RUS", "troops"), ("MOBILIZE", "PRK", "UKR", None)} <= got
    assert ("MOBILIZE", "RUS", "UKR", None) not in got


def test_troops_now_in_an_allys_land_were_sent_there():
    evs = extract_text("Seoul and Washington say more than 10,000 North Korean troops are now in Russia.",
                       load_profile(), published="2025-06-01")
    (aid,) = [e for e in evs if e.event_type == "AID"]
    assert (aid.source, aid.target, aid.commodity, aid.quantity.value) == ("PRK", "RUS", "troops", 10000.0)


def test_fuel_a_state_declares_it_delivered_is_aid():
    evs = extract_text("Russia declared 105,845 barrels of refined products delivered to its neighbour over the "
                       "whole of 2023.", load_profile(), published="2024-06-01")
    (aid,) = [e for e in evs if e.event_type == "AID"]
    assert (aid.source, aid.target, aid.commodity, aid.date, aid.quantity.value) == ("RUS", "PRK", "fuel", "2023",
                                                                                     105845.0)


def test_arms_sent_to_support_a_war_go_to_the_warring_ally_not_the_land_fought_over():
    got = _code("The Centre said the oil appeared to be payment for the weapons and troops Pyongyang has sent to "
                "support Moscow's war in Ukraine.")
    assert ("AID", "PRK", "RUS", "other") in got
    assert not any(t == "AID" and tgt == "UKR" for t, _, tgt, _ in got)


@pytest.mark.parametrize("text", [
    "Monitors concluded that debris from a missile that struck Kharkiv on January 2 came from a North Korean "
    "Hwasong-11.",
    "A ballistic missile that tore through an apartment block in Kyiv on Thursday was made in North Korea, "
    "Zelensky said.",
])
def test_a_missile_that_struck_ukraine_from_a_north_korean_maker_was_fired_by_russia(text):
    got = {(e.event_type, e.source, e.target) for e in extract_text(text, load_profile(), published="2024-04-30")}
    assert {("ASSAULT", "RUS", "UKR"), ("AID", "PRK", "RUS")} <= got
    assert not any(s in ("UN", "PRK") and t == "UKR" for _, s, t in got)


def test_the_occasion_dates_what_happens_at_it():
    text = ("Vladimir Putin was welcomed in the North Korean capital on Wednesday. After talks that ran for several "
            "hours, Putin and Kim Jong Un signed a treaty. Before he left, Putin handed his host a limousine.")
    evs = extract_text(text, load_profile(), published="2024-06-19")
    assert {(e.event_type, e.source, e.target): e.date for e in evs} == {
        ("CONSULT", "RUS", "PRK"): "2024-06-19", ("AGREE", "RUS", "PRK"): "2024-06-19",
        ("AGREE", "PRK", "RUS"): "2024-06-19", ("AID", "RUS", "PRK"): "2024-06-19"}


def test_a_bare_day_in_a_historical_story_takes_the_story_year():
    text = ("Putin arrived in Pyongyang in July 2000. He and Kim Jong Il issued a joint declaration on July 19. "
            "In February 2000 Igor Ivanov flew to Pyongyang to sign a new treaty.")
    evs = extract_text(text, load_profile(), published="2024-06-17")
    dates = {(e.event_type, e.source, e.target, e.date) for e in evs}
    assert ("AGREE", "RUS", "PRK", "2000-07-19") in dates and ("AGREE", "PRK", "RUS", "2000-07-19") in dates
    assert ("AGREE", "RUS", "PRK", "2000-02") in dates  # signed with the state travelled to


@pytest.mark.parametrize("text", [
    "VOSTOCHNY COSMODROME, Russia, Sept 13 — Kim Jong Un held talks with Vladimir Putin.",
    "FIUGGI, Italy — Kim Jong Un held talks with Vladimir Putin.",
    "SEOUL, June 19 (Axiswatch Sample Wire) — Kim Jong Un held talks with Vladimir Putin.",
])
def test_a_dateline_names_no_actor(text):
    evs = extract_text(text, load_profile(), published="2023-09-14")
    assert {(e.event_type, e.source, e.target) for e in evs} == {("CONSULT", "PRK", "RUS")}
    assert evs[0].evidence[0].text == "Kim Jong Un held talks with Vladimir Putin."  # the sentence, no dateline


def test_the_next_day_counts_from_a_day_named_in_an_uncoded_sentence():
    text = ("Belarus freed 52 prisoners on Thursday. The next day, Russian and Belarusian forces began joint "
            "exercises.")
    evs = extract_text(text, load_profile(), published="2025-09-13")
    assert {(e.event_type, e.source, e.target, e.date) for e in evs} >= {
        ("COOPERATE", "RUS", "BLR", "2025-09-12"), ("COOPERATE", "BLR", "RUS", "2025-09-12")}


def test_a_strategic_dialogue_is_a_meeting():
    text = ("Sergei Lavrov arrived on Friday in Wonsan for a second round of strategic dialogue with his North "
            "Korean counterpart Choe Son Hui.")
    evs = extract_text(text, load_profile(), published="2025-07-14")
    assert {(e.event_type, e.source, e.target, e.date) for e in evs} == {("CONSULT", "RUS", "PRK", "2025-07-11")}


def test_condemning_a_launch_targets_the_launcher():
    text = ("North Korea put its first military reconnaissance satellite into orbit on Tuesday. Seoul's spy agency "
            "said Russia had given the North technical help. The United States and Japan condemned the launch.")
    evs = extract_text(text, load_profile(), published="2023-11-23")
    assert {(e.source, e.target) for e in evs if e.event_type == "ACCUSE"} == {("USA", "PRK"), ("JPN", "PRK")}


def test_three_partners_of_a_joint_flight_are_the_three_governments():
    text = ("A US bomber flew with South Korean and Japanese fighter jets over the peninsula on Sunday. North Korea "
            "had test-fired a new ballistic missile on Thursday. The three governments condemned the launch.")
    evs = extract_text(text, load_profile(), published="2024-11-06")
    assert {(e.source, e.target) for e in evs if e.event_type == "ACCUSE"} == {
        ("USA", "PRK"), ("KOR", "PRK"), ("JPN", "PRK")}


def test_a_reaction_right_after_a_dated_statement_takes_its_day():
    text = ("About 10,000 North Korean soldiers have been sent to eastern Russia, the Pentagon said on Monday. "
            "NATO chief Mark Rutte called the move a dangerous escalation.")
    evs = extract_text(text, load_profile(), published="2024-10-29")
    (accuse,) = [e for e in evs if e.event_type == "ACCUSE"]
    assert (accuse.source, accuse.target, accuse.date) == ("NATO", "PRK", "2024-10-28")


@pytest.mark.parametrize(("text", "expected"), [
    # visitors of rank are not tourists
    ("Kim Jong Un played host to Sergei Shoigu on Friday, the latest in a stream of senior Russian visitors.",
     {("CONSULT", "RUS", "PRK", None)}),
    # one side's ratification is its own act towards the partner
    ("North Korea has ratified the treaty with Russia. Vladimir Putin signed the Russian ratification law on "
     "Saturday.", {("AGREE", "PRK", "RUS", None), ("AGREE", "RUS", "PRK", None)}),
    # a visit owned by one leader, during which the other acts, is a visit to the other
    ("Kim gave Putin two Pungsan dogs during the Russian leader's visit in June.",
     {("AID", "PRK", "RUS", "other"), ("CONSULT", "RUS", "PRK", None)}),
    ("Lavrov arrived in Wonsan, the first visit by a Russian foreign minister since Putin's trip last year.",
     {("CONSULT", "RUS", "PRK", None)}),
])
def test_visits_hosts_and_ratifications(text, expected):
    assert _code(text) == expected


def test_a_pledge_told_to_a_guest_is_the_tellers_confirmed_backing():
    (ev,) = extract_text("Choe told Lavrov on Friday that her country would stand firmly by its Russian comrades.",
                         load_profile(), published="2024-11-04")
    assert (ev.event_type, ev.source, ev.target, ev.certainty, ev.date) == (
        "SUPPORT", "PRK", "RUS", "confirmed", "2024-11-01")
    # a forecast by nobody in particular stays a forecast
    (guess,) = extract_text("North Korea would back Russia in any new war.", load_profile(), published="2024-11-04")
    assert guess.certainty == "speculative"


@pytest.mark.parametrize(("text", "expected"), [
    ("In exchange, he said, the North is seeking fighter jets and other advanced technology from Russia.",
     {("REQUEST", "PRK", "RUS", None)}),
    # a text seeks nothing from anybody
    ("The United States will circulate a draft resolution this week seeking the strongest possible sanctions.",
     set()),
    # possessives joined by "and" own "their" together
    ("China's and Russia's defence ministries said their strategic bombers had flown a joint patrol on Wednesday.",
     {("COOPERATE", "CHN", "RUS", None), ("COOPERATE", "RUS", "CHN", None)}),
])
def test_seeking_and_joint_owners(text, expected):
    assert _code(text) == expected


def test_the_two_air_forces_fly_again_in_their_own_year():
    text = ("Chinese and Russian bombers flew a joint patrol on Wednesday. The two air forces have flown joint bomber "
            "patrols over the Sea of Japan since 2019.")
    dates = {e.date for e in extract_text(text, load_profile(), published="2024-07-26")}
    assert dates == {"2024-07-24", "2019"}


def test_support_named_inside_a_condemnation_is_not_a_new_act():
    got = _code("Kirby called the transfers a significant escalation of Pyongyang's support for Moscow.")
    assert ("SUPPORT", "PRK", "RUS", None) not in got
    assert ("SUPPORT", "SUN", "PRK", None) in _code(
        "The state was proclaimed in Pyongyang in September 1948 with the Soviet Union's support.")


def test_the_allies_of_an_alliance_are_the_alliance():
    text = ("NATO leaders meeting in Washington on Wednesday condemned North Korea. In their summit declaration, "
            "the allies also condemned China.")
    got = {(e.event_type, e.source, e.target) for e in extract_text(text, load_profile(), published="2024-07-11")}
    assert got == {("ACCUSE", "NATO", "PRK"), ("ACCUSE", "NATO", "CHN")}


@pytest.mark.parametrize("text", [
    "A Russian missile that smashed into an apartment block in Kyiv was made in North Korea, Zelensky said.",
    "Russia struck Ukraine overnight. Kyiv has asked its partners for more Patriot systems.",
    "North Korea fired a missile on Monday. Kim called for the number of centrifuges to be increased.",
])
def test_no_veto_or_request_without_a_party(text):
    types = {e.event_type for e in extract_text(text, load_profile(), published="2025-04-25")}
    assert not types & {"REJECT", "REQUEST", "SUPPORT"}


@pytest.mark.parametrize(("text", "expected"), [
    # a speaker with a long title is still the speaker
    ("Kim assured Shoigu that North Korea would keep backing Russia. IAEA Director General Rafael Grossi said on "
     "Monday that the enrichment work was a clear violation of Security Council resolutions.",
     ("ACCUSE", "IAEA", "PRK")),
    # saying an act breaches the resolutions condemns its doer
    ("Putin sent Kim a limousine. South Korea's foreign ministry said the gift appeared to breach Security Council "
     "resolutions.", ("ACCUSE", "KOR", "RUS")),
])
def test_statements_that_an_act_violates_the_rules(text, expected):
    got = {(e.event_type, e.source, e.target) for e in extract_text(text, load_profile(), published="2024-09-16")}
    assert expected in got


def test_an_assurance_is_a_confirmed_pledge():
    (ev,) = extract_text("Kim assured his guest that North Korea would keep supporting Russia.", load_profile(),
                         published="2024-09-16")
    assert (ev.event_type, ev.source, ev.target, ev.certainty) == ("SUPPORT", "PRK", "RUS", "confirmed")


def test_the_occasion_is_the_storys_own_meeting_not_the_background_one():
    text = ("Vladimir Putin was welcomed in Pyongyang on Wednesday. His only earlier visit, in July 2000, came weeks "
            "after he took office. After talks that ran for several hours, Putin and Kim Jong Un signed a treaty.")
    evs = extract_text(text, load_profile(), published="2024-06-19")
    assert {e.date for e in evs if e.event_type == "AGREE"} == {"2024-06-19"}


def test_a_since_comparison_does_not_move_the_story_into_its_year():
    text = ("Analysts counted 73 wagons in the yard on 5 October, against a peak of about 20 on any day since 2018. "
            "The North delivered more than 1,000 containers of munitions to Russia between early September and "
            "1 October, the White House said.")
    evs = extract_text(text, load_profile(), published="2023-10-16")
    assert {e.date for e in evs if e.event_type == "AID"} == {"2023-09"}


def test_trade_counted_in_dollars_is_not_a_money_flow():
    (ev,) = extract_text("Trade between Russia and North Korea reached about 34 million dollars last year.",
                         load_profile(), published="2025-06-12")
    assert (ev.event_type, ev.commodity, ev.date) == ("COOPERATE", "other", "2024")
    assert ev.quantity is not None and ev.quantity.value == 34_000_000


@pytest.mark.parametrize(("text", "expected"), [
    # joiners act with the one they join
    ("North Korea fired a new ICBM on Thursday. Washington and Seoul joined UN Secretary-General Antonio Guterres "
     "in condemning the launch.", {("ACCUSE", "USA", "PRK"), ("ACCUSE", "KOR", "PRK")}),
    # the White House's National Security Council is not the UN's Security Council; "both governments" are two
    ("North Korea shipped shells to Russia. John Kirby, the National Security Council spokesman, condemned the "
     "shipments as a breach of Security Council resolutions by both governments.",
     {("ACCUSE", "USA", "PRK"), ("ACCUSE", "USA", "RUS")}),
    # a protest lodged with nobody named is lodged against the one who just acted
    ("The North had fired two short-range ballistic missiles into the sea, and Japan lodged a protest the same day.",
     {("PROTEST", "JPN", "PRK")}),
])
def test_reactions_to_an_act(text, expected):
    got = {(e.event_type, e.source, e.target) for e in extract_text(text, load_profile(), published="2023-10-16")}
    assert expected <= got and not {t for t in got if t[0] in ("ACCUSE", "PROTEST")} - expected


@pytest.mark.parametrize("text", [
    "Putin spoke by phone with Xi Jinping on Monday.",
    "Putin held his second telephone call in a week with Xi Jinping on Monday.",
])
def test_a_call_has_no_host(text):
    assert _code(text) == {("CONSULT", "RUS", "CHN", None), ("CONSULT", "CHN", "RUS", None)}


@pytest.mark.parametrize(("text", "parties"), [
    ("South Korean and US forces ended a combined live-fire exercise in Pocheon.", {"KOR", "USA"}),
    ("US and Japanese fighter jets flew together over the Sea of Japan.", {"USA", "JPN"}),
    ("The United States, South Korea and Japan opened the third round of their Freedom Edge exercise.",
     {"USA", "KOR", "JPN"}),
])
def test_joint_drills_are_cooperation_among_all_their_parties(text, parties):
    expected = {("COOPERATE", a, b, None) for a in parties for b in parties if a != b}
    assert _code(text) == expected


def test_many_states_launching_a_team_is_no_web_of_pairs():
    got = _code("Eleven countries, among them the United States, Japan, South Korea, Britain and France, launched a "
                "sanctions monitoring team in Seoul.")
    assert not {t for t in got if t[0] == "COOPERATE"}


@pytest.mark.parametrize("text", [
    "Ukrainian troops have occupied a slice of that border region since their surprise cross-border offensive "
    "in August.",
    "Ukrainian forces crossed into Kursk in August and still hold part of the region.",
    "Ukraine has held part of Kursk since a surprise offensive in August.",
    "The Kursk salient has been held by Ukraine since a surprise cross-border offensive in August.",
])
def test_the_kursk_incursion_is_an_attack_on_russia(text):
    evs = extract_text(text, load_profile(), published="2024-11-05")
    assert {(e.event_type, e.source, e.target, e.date) for e in evs} == {("ASSAULT", "UKR", "RUS", "2024-08")}


def test_an_invasion_rehearsed_is_no_invasion():
    assert _code("Pyongyang calls such drills rehearsals for invasion.") == set()


def test_naming_an_act_condemns_the_one_who_did_that_act():
    text = ("Russia has received shipments of Iranian ballistic missiles, Antony Blinken said. Washington sanctioned "
            "Iran Air. Britain, France and Germany called the transfer a direct threat to European security.")
    got = {(e.source, e.target) for e in extract_text(text, load_profile(), published="2024-09-11")
           if e.event_type == "ACCUSE"}
    assert got == {("GBR", "IRN"), ("FRA", "IRN"), ("DEU", "IRN")}


def test_condemned_support_that_others_provide():
    got = _code("EU leaders had already condemned the military support that North Korea, Belarus and Iran provide "
                "to Russia at their summit on December 15 last year.")
    assert got == {("ACCUSE", "EU", c, None) for c in ("PRK", "BLR", "IRN")} | {
        ("AID", c, "RUS", "other") for c in ("PRK", "BLR", "IRN")}


def test_a_meeting_is_not_with_what_it_discussed():
    got = _code("US Defense Secretary Lloyd Austin and his South Korean counterpart Kim Yong-hyun met in Washington "
                "to discuss the North's growing military support for Russia.")
    assert got == {("CONSULT", "KOR", "USA", None)}


@pytest.mark.parametrize(("text", "expected"), [
    # a capital naming a meeting is where, not who
    ("Kim blamed the collapse of the Hanoi meeting on the bad faith of the United States.",
     {("ACCUSE", "PRK", "USA", None)}),
    # the condemner did not attack; worry with no object accuses nobody
    ("Washington condemned the attack. China, Russia and Japan quickly expressed concern and appealed for calm.",
     set()),
])
def test_places_reactions_and_worries(text, expected):
    assert _code(text) == expected


def test_a_year_naming_a_treaty_dates_only_that_treaty():
    text = ("Washington called on Pyongyang to abide by the 1953 armistice. The new treaty supersedes the 1961 treaty "
            "of friendship that the Soviet Union signed with Pyongyang.")
    evs = extract_text(text, load_profile(), published="2024-06-21")
    assert {(e.event_type, e.source, e.target, e.date) for e in evs} == {
        ("REQUEST", "USA", "PRK", None), ("AGREE", "SUN", "PRK", "1961"), ("AGREE", "PRK", "SUN", "1961")}


@pytest.mark.parametrize(("text", "expected"), [
    # a statement carried by an agency is published, not shipped; the claim brushed aside is not coded
    ("The United States accused North Korea of arming Russia. Kim Yo Jong on Friday brushed aside claims that her "
     "country sells arms to Russia, in a statement carried by the Korean Central News Agency.",
     {("ACCUSE", "USA", "PRK", None), ("AID", "PRK", "RUS", "other"), ("REJECT", "PRK", "USA", None)}),
    # bought from two suppliers: one flow from each
    ("British defence intelligence said that Russia was sourcing more weapons from Iran and North Korea.",
     {("AID", "IRN", "RUS", "other"), ("AID", "PRK", "RUS", "other")}),
])
def test_published_statements_denied_claims_and_several_suppliers(text, expected):
    assert _code(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Kim Il Sung rose to power with Moscow's backing in 1948.", {("SUPPORT", "SUN", "PRK", None)}),
    ("During the 1950-53 war, the North fought with the backing of China and the Soviet Union.",
     {("SUPPORT", "CHN", "PRK", None), ("SUPPORT", "SUN", "PRK", None)}),
    ("Over dinner Kim offered Moscow his 'full and unconditional support', the Korean Central News Agency said.",
     {("SUPPORT", "PRK", "RUS", None)}),
    ("Kim Yo Jong took delivery of the car from Russian officials, and she conveyed her brother's gratitude to the "
     "Kremlin.", {("AID", "RUS", "PRK", "other"), ("SUPPORT", "PRK", "RUS", None)}),
    # help given to interpreters is no political backing
    ("Interpreters are working with the help of South Korea's intelligence service.", set()),
])
def test_backing_given_and_conveyed(text, expected):
    assert _code(text) == expected


def test_an_occasion_dates_only_the_statements_soon_after_it():
    text = ("Putin met Kim in Pyongyang on Tuesday. He also accused Ukraine of aggression. The two men toured a "
            "factory. They watched a concert. Officials described the mood as warm. Later the Kremlin accused Kyiv "
            "of sabotage.")
    evs = extract_text(text, load_profile(), published="2024-06-21")
    dates = {e.evidence[0].text[:10]: e.date for e in evs if e.event_type == "ACCUSE"}
    assert dates == {"He also ac": "2024-06-18", "Later the ": None}


@pytest.mark.parametrize("text", [
    "When Sergei Shoigu stepped off his plane in Pyongyang on Tuesday, he was met on the tarmac by his North Korean "
    "counterpart, Kang Sun Nam.",
    "Russian Defence Minister Andrei Belousov arrived in Pyongyang on Friday and was greeted at the airport by his "
    "North Korean counterpart No Kwang Chol.",
])
def test_the_one_met_at_the_airport_is_the_visitor(text):
    assert _code(text) == {("CONSULT", "RUS", "PRK", None)}


@pytest.mark.parametrize(("text", "expected"), [
    ("A Nordwind Airlines plane carrying more than 400 passengers took off from Moscow for Pyongyang on Sunday.",
     set()),
    ("One of the North Korean prisoners carried a Russian military identity card issued in another man's name.",
     set()),
    ("A Russian Soyuz rocket carried Iran's Khayyam satellite into orbit on Tuesday.",
     {("AID", "RUS", "IRN", "space_technology")}),
])
def test_what_is_carried_is_cargo_only_when_it_is_goods(text, expected):
    assert {t for t in _code(text) if t[0] == "AID"} == expected


def test_what_is_given_in_exchange_flows_back():
    evs = extract_text("North Korea has shipped millions of shells to Russia in exchange for food and oil, officials "
                       "said.", load_profile(), published="2024-06-21")
    got = {(e.event_type, e.source, e.target, e.commodity, e.certainty) for e in evs}
    assert got == {("AID", "PRK", "RUS", "munitions", "alleged"), ("AID", "RUS", "PRK", "food", "alleged"),
                   ("AID", "RUS", "PRK", "fuel", "alleged")}


def test_suppliers_condemned_for_fuelling_a_war_with_their_own_goods():
    evs = extract_text("NATO leaders condemned North Korea and Iran for fuelling Russia's war against Ukraine with "
                       "direct military support, including North Korean munitions and Iranian drones.",
                       load_profile(), published="2024-07-11")
    got = {(e.event_type, e.source, e.target, e.commodity, e.certainty) for e in evs if e.event_type == "AID"}
    assert got == {("AID", "PRK", "RUS", "munitions", "reported"), ("AID", "IRN", "RUS", "weapons_systems", "reported")}


def test_charges_both_countries_deny_are_denied_to_every_accuser():
    got = _code("Washington and Seoul have accused the North of shipping artillery shells to Russia for use in "
                "Ukraine, charges both countries deny.")
    assert {t for t in got if t[0] == "REJECT"} == {("REJECT", a, b, None) for a in ("PRK", "RUS")
                                                    for b in ("USA", "KOR")}


@pytest.mark.parametrize(("text", "front"), [
    ("Around 10,000 North Korean soldiers have moved into Russia's Kursk region, the Pentagon said on Monday.", True),
    ("North Korea will send 1,000 sappers to clear mines in Russia's Kursk region.", False),
])
def test_troops_moved_to_the_front_are_mobilised_against_ukraine(text, front):
    assert (("MOBILIZE", "PRK", "UKR", None) in _code(text)) is front


def test_a_call_to_stop_cooperation_is_the_callers_and_codes_no_cooperation():
    text = ("Seoul's Foreign Ministry announced sanctions on seven North Koreans. The ministry repeated its call for "
            "Pyongyang and Moscow to stop their unlawful military cooperation at once.")
    got = {(e.event_type, e.source, e.target) for e in extract_text(text, load_profile(), published="2024-05-24")
           if e.evidence[0].text.startswith("The ministry")}
    assert got == {("REQUEST", "KOR", "PRK"), ("REQUEST", "KOR", "RUS")}


def test_troops_going_abroad_deploy_and_a_later_batch_is_its_own_event():
    evs = extract_text("Roughly 11,000 North Korean soldiers went to Russia in 2024 and about 3,000 more followed "
                       "early this year, the findings say.", load_profile(), published="2025-06-01")
    got = {(e.event_type, e.source, e.target, e.commodity, e.date, e.quantity.value if e.quantity else None)
           for e in evs}
    assert got == {("AID", "PRK", "RUS", "troops", "2024", 11000), ("AID", "PRK", "RUS", "troops", "2025", 3000)}


def test_the_two_as_the_subject_of_a_meeting_is_the_pair():
    text = ("Putin welcomed Kim in Vladivostok. Putin had shown Kim his limousine when the two met at the Vostochny "
            "Cosmodrome last September.")
    got = _code(text, published="2024-02-20")
    assert ("CONSULT", "PRK", "RUS", None) in got
    assert _code("The two ships sailed to Rajin.") == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("Sergei Lavrov landed at Wonsan Kalma airport on Friday night for a three-day working visit.",
     {("CONSULT", "RUS", "PRK", None)}),
    ("The North Korean leader's armoured train had rolled into Russia on Tuesday at Vladimir Putin's invitation.",
     {("CONSULT", "PRK", "RUS", None)}),
    # a ship arriving is no visit
    ("The North Korean tanker Chon Ma San arrived at the Russian oil port of Vostochny on 19 October.", set()),
])
def test_arrivals(text, expected):
    assert {t for t in _code(text) if t[0] == "CONSULT"} == expected


def test_the_fields_named_say_which_technology_flows():
    got = _code("In return, Blinken said, Moscow was sharing technology with Tehran, including on nuclear matters "
                "and space.")
    assert got == {("AID", "RUS", "IRN", "nuclear_technology"), ("AID", "RUS", "IRN", "space_technology")}
    # technology the text calls military stays military
    assert ("AID", "RUS", "PRK", "military_technology") in _code(
        "Moscow may give Pyongyang military technology for its space programme.")


@pytest.mark.parametrize(("text", "expected"), [
    # the carrier's flag is not the giver: from the port of loading to the port of unloading
    ("Two Russian-flagged cargo ships, the Angara and the Maria, have ferried hundreds of containers from the North "
     "Korean port of Rajin to the Russian naval facility at Dunai.", {("AID", "PRK", "RUS", "other")}),
    # one side's ships shuttling to the other carry the other side's goods home
    ("Four Russian cargo ships, the Lady R, Maia-1, Angara and Maria, have made about 32 trips to North Korea "
     "since August 2023.", {("AID", "PRK", "RUS", "other")}),
    ("North Korean tankers made 43 trips from Russia's Vostochny port to the North between March 7 and November 5, "
     "carrying more than a million barrels of fuel.", {("AID", "RUS", "PRK", "fuel")}),
])
def test_shuttles(text, expected):
    assert {t for t in _code(text) if t[0] == "AID"} == expected


def test_analysis_sent_back_for_data_is_know_how_flowing_back():
    got = _code("Pyongyang handed over blueprints and flight data from its two failed satellite launches, and "
                "Russian engineers sent back their analysis.")
    assert {("AID", "PRK", "RUS", "space_technology"), ("AID", "RUS", "PRK", "space_technology")} <= got


def test_helping_another_side_operate_weapons_is_training_for_it():
    assert _code("Western intelligence officials believe Iranian instructors have been helping Russian units "
                 "operate the drones in occupied Crimea.") == {("AID", "IRN", "RUS", "other")}


def test_money_earned_from_a_partner_flows_from_it():
    (ev,) = extract_text("A Seoul think tank estimated that the North has earned more than $20 billion from its "
                         "military support for Russia.", load_profile(), published="2025-03-01")
    assert (ev.event_type, ev.source, ev.target, ev.commodity) == ("AID", "RUS", "PRK", "money")
    assert ev.quantity is not None and ev.quantity.value == 20_000_000_000


def test_a_plan_in_a_historical_story_belongs_to_the_time_of_writing():
    text = ("Kim Il Sung proclaimed the state on 9 September 1948 with Moscow's backing. Now the founder's grandson, "
            "Kim Jong Un, is expected to travel to Russia for a summit with Vladimir Putin.")
    got = {(e.event_type, e.source, e.target, e.certainty) for e in extract_text(text, load_profile(),
                                                                               published="2023-09-09")}
    assert ("CONSULT", "PRK", "RUS", "speculative") in got and ("SUPPORT", "SUN", "PRK", "confirmed") in got


def test_developing_a_dialogue_is_no_meeting():
    assert _code("The Kremlin said only that it was developing its dialogue with Tehran in every field.") == set()


def test_telling_someone_to_act_is_a_request():
    got = _code("US President Donald Trump reacted the same day, telling Putin to stop and saying he was not happy.")
    assert ("REQUEST", "USA", "RUS", None) in got
    assert {t for t in _code("Kim told Putin that he would visit Moscow.") if t[0] == "REQUEST"} == set()


def test_the_three_men_met_together_are_the_three_accused():
    text = ("Kim Jong Un stood alongside Xi Jinping and Vladimir Putin above Tiananmen Square on Wednesday. US "
            "President Donald Trump accused the three men of conspiring against the United States.")
    got = {(e.source, e.target) for e in extract_text(text, load_profile(), published="2025-09-04")
           if e.event_type == "ACCUSE"}
    assert got == {("USA", "PRK"), ("USA", "CHN"), ("USA", "RUS")}


def test_saying_an_act_posed_a_threat_condemns_its_doer():
    got = _code("North Korea test-fired a new ICBM on Thursday. Japan's Chief Cabinet Secretary Yoshimasa Hayashi "
                "said the test posed a serious threat to Japan's security.")
    assert ("ACCUSE", "JPN", "PRK", None) in got


def test_a_treaty_signed_in_a_capital_binds_the_host_and_its_partner():
    got = _code("Putin flew home on Thursday. The partnership treaty signed in Pyongyang last week commits each side "
                "to help the other.")
    assert {t for t in got if t[0] == "AGREE"} == {("AGREE", "PRK", "RUS", None), ("AGREE", "RUS", "PRK", None)}


@pytest.mark.parametrize(("text", "expected"), [
    ("North Korea staged a huge military parade in Pyongyang on Friday. Vietnam's party chief To Lam also attended "
     "the parade.", ("CONSULT", "VNM", "PRK", None)),
    ("North Korea on Wednesday became only the third country, after Russia and Syria, to recognise the "
     "self-proclaimed Donetsk and Luhansk people's republics.", ("SUPPORT", "PRK", "RUS", None)),
])
def test_parade_guests_and_recognising_russias_claims(text, expected):
    assert expected in _code(text)


@pytest.mark.parametrize("text", [
    "Russian troops said on Thursday they had recaptured the town of Sudzha, the largest settlement Ukraine held in "
    "the Kursk region.",
    "The agency said fighting in Kursk had eased since March as Russian forces retook most of the area.",
])
def test_retaking_ones_own_ground_attacks_its_occupier(text):
    assert ("ASSAULT", "RUS", "UKR", None) in _code(text)


def test_by_evening_is_the_day_the_story_dated():
    text = ("Vladimir Putin flew into Pyongyang on Wednesday for talks with Kim Jong Il. By evening the two men had "
            "signed a joint declaration. In February, Foreign Minister Igor Ivanov had travelled to Pyongyang to sign "
            "a new friendship treaty.")
    got = {(e.source, e.target, e.date) for e in extract_text(text, load_profile(), published="2000-07-20")
           if e.event_type == "AGREE"}
    assert got == {("RUS", "PRK", "2000-07-19"), ("PRK", "RUS", "2000-07-19"), ("RUS", "PRK", "2000-02"),
                   ("PRK", "RUS", "2000-02")}


@pytest.mark.parametrize("first", ["The North Korean leader crossed into Russia by armoured train.",
                                   "North Korea's leader crossed into Russia by armoured train."])
def test_a_states_leader_is_who_he_stands_for(first):
    got = _code(first + " A decade ago he and Putin signed a declaration in the Kremlin.", "2011-08-25")
    assert {t for t in got if t[0] == "AGREE"} == {("AGREE", "PRK", "RUS", None), ("AGREE", "RUS", "PRK", None)}


def test_a_speakers_relative_clause_tells_its_own_act():
    got = _code("Shoigu, who met Kim Jong Un during the one-day trip, said the decision had been taken by the North "
                "Korean leader personally.")
    assert ("CONSULT", "RUS", "PRK", None) in got
    assert not any(t[0] == "REQUEST" for t in _code(
        "A US official who asked not to be named said Washington expected Russia to buy more North Korean arms."))


@pytest.mark.parametrize("text", [
    "Japan froze the assets of 11 firms over the military assistance flowing between Moscow and Pyongyang. Hayashi "
    "said Tokyo strongly condemned the arms dealings between the two countries.",
    "South Korea called in Russia's ambassador on Monday to protest against the dispatch of North Korean soldiers to "
    "fight for Moscow. Kim Hong-kyun told the envoy that Seoul condemned the two countries' illegal military "
    "cooperation.",
])
def test_the_two_countries_condemned_are_not_the_condemner(text):
    got = {t for t in _code(text) if t[0] == "ACCUSE"}
    assert {("ACCUSE", "JPN", "PRK", None), ("ACCUSE", "JPN", "RUS", None)} <= got or \
        {("ACCUSE", "KOR", "PRK", None), ("ACCUSE", "KOR", "RUS", None)} <= got
    assert not any(t[2] in ("JPN", "KOR", "UKR") for t in got)


def test_a_long_listing_and_the_listed_parts_in_an_act():
    got = _code("The European Union on Monday added North Korea's defence minister, No Kwang Chol, and the deputy "
                "chief of the general staff, Kim Yong Bok, to its sanctions list for their part in sending soldiers "
                "to fight for Russia.")
    assert got == {("SANCTION", "EU", "PRK", None), ("AID", "PRK", "RUS", "troops"), ("MOBILIZE", "PRK", "UKR", None)}


@pytest.mark.parametrize(("text", "expected"), [
    ("Britain on Monday unveiled what it called its largest package of sanctions against Russia since the first "
     "weeks of the war.", {("SANCTION", "GBR", "RUS", None)}),
    ("EU foreign ministers on Monday adopted a 15th package of sanctions over Russia's war in Ukraine.",
     {("SANCTION", "EU", "RUS", None)}),
])
def test_a_package_of_sanctions_is_an_act(text, expected):
    assert _code(text) == expected


def test_a_weapon_fired_at_the_city_named_before():
    got = extract_text("Debris found in Kharkiv came from a North Korean Hwasong-11 missile that Russian forces had "
                       "fired at the city on 2 January.", load_profile(), published="2024-01-10")
    assert {(e.event_type, e.source, e.target, e.commodity, e.date) for e in got} == {
        ("ASSAULT", "RUS", "UKR", None, "2024-01-02"), ("AID", "PRK", "RUS", "missiles", "2024-01-02")}


def test_the_first_visit_since_a_date_is_not_dated_by_it():
    text = ("Kim Jong Un and Vladimir Putin held their first summit on Thursday near Vladivostok. The North Korean "
            "leader had arrived in the city by armoured train on Wednesday. It was his first visit to Russia since he "
            "took power at the end of 2011.")
    got = {(e.event_type, e.source, e.target, e.date) for e in extract_text(text, load_profile(),
                                                                            published="2019-04-25")}
    assert got == {("CONSULT", "PRK", "RUS", "2019-04-25"), ("CONSULT", "PRK", "RUS", "2019-04-24")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Kremlin spokesman Dmitry Peskov called the North 'our close neighbour and partner' but would not say whether "
     "its soldiers were on Russian soil.", ("SUPPORT", "RUS", "PRK", None)),
    ("Xi Jinping greeted Putin as an 'old friend' at their meeting.", ("SUPPORT", "CHN", "RUS", None)),
])
def test_naming_a_state_a_friend_backs_it(text, expected):
    assert expected in _code(text)
    assert not any(t[0] == "SUPPORT" for t in _code("Seoul called Moscow to ask about the soldiers."))


@pytest.mark.parametrize(("text", "count"), [
    ("Seoul's spy agency estimated in April that about 600 North Koreans had been killed in the fighting.", 600),
    ("North Korea has sent troops to Russia. British officials said more than 4,000 of them had been killed or "
     "wounded.", 4000),
    ("North Korea has sent about 11,000 troops to Russia. The Foreign Office said Moscow was using the North Korean "
     "soldiers as cannon fodder and that they had already suffered more than 4,000 casualties.", 4000),
])
def test_casualties_are_the_foes_assault_with_their_count(text, count):
    (hit,) = [e for e in extract_text(text, load_profile(), published="2025-04-30") if e.event_type == "ASSAULT"]
    assert (hit.source, hit.target) == ("UKR", "PRK")
    assert hit.quantity is not None and hit.quantity.value == count


@pytest.mark.parametrize(("text", "expected"), [
    ("Putin and Kim signed a mutual defence pact in Pyongyang on Wednesday. In Seoul, the presidential office "
     "condemned the pact the next day as a threat to national security.",
     {("ACCUSE", "KOR", "PRK", None), ("ACCUSE", "KOR", "RUS", None)}),
    ("Zelensky said confirmation would be further proof that Moscow and Pyongyang were bound in a criminal alliance, "
     "and accused the two of working together to kill civilians.",
     {("ACCUSE", "UKR", "PRK", None), ("ACCUSE", "UKR", "RUS", None)}),
])
def test_who_condemns_a_fronted_capital_and_a_speaker_going_on(text, expected):
    assert {t for t in _code(text) if t[0] == "ACCUSE"} == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Before the pandemic, about 6,000 Russians travelled to North Korea in 2018.", ("COOPERATE", "RUS", "PRK", None)),
    ("More than 3,700 North Koreans entered Russia to study between July and September.",
     ("COOPERATE", "PRK", "RUS", None)),
    ("Russian diplomats visited Pyongyang.", ("CONSULT", "RUS", "PRK", None)),
    ("The last Chinese president to visit Pyongyang was Hu Jintao in 2005.", ("CONSULT", "CHN", "PRK", None)),
])
def test_a_peoples_journeys_are_exchange_and_officials_visits_are_meetings(text, expected):
    assert expected in _code(text)


@pytest.mark.parametrize("text", [
    "The commission met days after Vladimir Putin signed the law ratifying the partnership treaty he and Kim Jong Un "
    "concluded in June.",
    "In June, a day after signing the treaty in Pyongyang, Vladimir Putin warned Seoul against sending arms to Kyiv.",
])
def test_a_treaty_concluded_in_a_relative_clause_or_an_adjunct_binds_both(text):
    got = {t for t in _code(text) if t[0] == "AGREE"}
    assert got == {("AGREE", "RUS", "PRK", None), ("AGREE", "PRK", "RUS", None)}


def test_ratifying_the_treaty_named_before_is_toward_its_other_party():
    got = _code("Russia and Iran signed a partnership treaty in January. Tehran ratified the treaty in May.")
    assert ("AGREE", "IRN", "RUS", None) in got


@pytest.mark.parametrize(("text", "expected"), [
    ("Lavrov pointed to the Korean soldiers who fought side by side with Russian troops against Ukrainian forces in "
     "Kursk.", ("ASSAULT", "PRK", "UKR", None)),
    ("Ukraine attacked Kursk. North Korean troops took part in combat.", ("ASSAULT", "PRK", "UKR", None)),
    ("Ukraine attacked Kursk. Sub-units of the Korean People's Army took part in the operations to liberate the Kursk "
     "region.", ("ASSAULT", "PRK", "UKR", None)),
])
def test_soldiers_who_fought_are_their_states_assault(text, expected):
    assert expected in _code(text)


def test_a_date_inside_the_charge_dates_the_charged_act_not_the_accusation_or_denial():
    evs = extract_text("Washington has accused Pyongyang of supplying infantry rockets and missiles to Russia's Wagner "
                       "mercenary group in November 2022, a charge both capitals deny.", load_profile(),
                       published="2023-09-10")
    dated = {(e.event_type, e.date) for e in evs}
    assert ("AID", "2022-11") in dated and ("ACCUSE", None) in dated and ("REJECT", None) in dated
    assert not any(e.date for e in evs if e.event_type in ("ACCUSE", "REJECT"))
    said = extract_text("In September the United States said Russia was buying rockets and shells from the North, "
                        "a claim Pyongyang denied.", load_profile(), published="2022-11-01")
    assert {e.date for e in said if e.event_type == "REJECT"} == {"2022-09"}


@pytest.mark.parametrize(("text", "expected", "absent"), [
    ("Vladimir Putin accepted Kim's invitation to visit Pyongyang at a convenient time.",
     ("REQUEST", "PRK", "RUS", None), None),
    ("Choe Son Hui met Putin in Moscow and passed on Kim Jong Un's invitation for Putin to visit the North.",
     ("REQUEST", "PRK", "RUS", None), None),
    ("The Security Council met on Wednesday at the request of Ukraine to discuss the troops.",
     ("REQUEST", "UKR", "UNSC", None), ("CONSULT", "UNSC", "UKR", None)),
    ("Kim Yo Jong warned Washington to stop making reckless remarks.", ("REQUEST", "PRK", "USA", None),
     ("THREATEN", "PRK", "USA", None)),
    ("Seoul accused Moscow. Zinoviev countered that the two countries' cooperation is not aimed at South Korea.",
     ("REJECT", "RUS", "KOR", None), None),
])
def test_invitations_requests_demands_and_rebuttals(text, expected, absent):
    got = _code(text)
    assert expected in got
    assert absent not in got


@pytest.mark.parametrize(("text", "expected"), [
    ("The panel was reporting on Russia's acquisition of arms from Pyongyang.", {("AID", "PRK", "RUS", "other")}),
    ("Russia's procurement of North Korean missiles broke resolutions.", {("AID", "PRK", "RUS", "missiles")}),
    ("Moscow's move was meant to silence the panel.", set()),
])
def test_a_purchase_named_as_a_noun_flows_to_its_buyer(text, expected):
    assert _code(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Petroleum products made up the biggest share of what the North bought from Russia that year.",
     {("COOPERATE", "RUS", "PRK", "fuel")}),
    ("North Korea imported fuel from Russia.", {("COOPERATE", "RUS", "PRK", "fuel")}),
    ("Nordwind will open direct Moscow-Pyongyang flights in July.", {("COOPERATE", "RUS", "PRK", None)}),
])
def test_goods_bought_go_from_seller_to_buyer_and_a_route_runs_as_named(text, expected):
    assert _code(text) == expected


@pytest.mark.parametrize("second", [
    "On Sunday the North's foreign ministry condemned the drills as a reckless provocation.",
    "Kim Yo Jong condemned the drill as a 'reckless show of strength'.",
])
def test_condemning_a_joint_drill_condemns_every_party_to_it(second):
    got = _code("The United States, Japan and South Korea held joint air drills on Friday. " + second)
    assert {t for t in got if t[0] == "ACCUSE"} == {("ACCUSE", "PRK", c, None) for c in ("USA", "JPN", "KOR")}


def test_support_pledged_for_a_states_cause_backs_that_state():
    assert ("SUPPORT", "PRK", "RUS", None) in _code(
        "Kim, for his part, pledged 'full and unconditional support' for what he called Russia's 'sacred fight'.")


def test_hours_before_another_happening_do_not_undo_the_day_given():
    text = ("North Korea launched an ICBM on 31 October. On Tuesday morning, hours before Americans began voting for "
            "president, the North fired seven short-range ballistic missiles off its east coast.")
    dates = {e.date for e in extract_text(text, load_profile(), published="2024-11-06") if e.event_type == "MOBILIZE"}
    assert dates == {"2024-10-31", "2024-11-05"}


@pytest.mark.parametrize(("text", "expected", "absent"), [
    ("Seoul also pointed to Russia's veto in March, which ended the mandate of the UN panel that monitored sanctions "
     "on the North.", ("REJECT", "RUS", "UNSC", None), ("SANCTION", "UN", "PRK", None)),
    ("The team was set up after a Russian veto killed the UN panel of experts.", ("REJECT", "RUS", "UNSC", None),
     ("ASSAULT", "RUS", "UN", None)),
    ("North Korea insisted that it had no intention of exporting arms, brushing aside the allegations from Seoul and "
     "Washington.", ("REJECT", "PRK", "USA", None), None),
    ("Seoul summoned the Russian ambassador. The Russian embassy quoted Zinoviev as replying that the cooperation "
     "stayed within international law and was not aimed at South Korea's security.", ("REJECT", "RUS", "KOR", None),
     None),
])
def test_vetoes_and_rebuttals(text, expected, absent):
    got = _code(text)
    assert expected in got
    assert absent not in got


def test_valuing_ones_ties_with_a_state_backs_it():
    assert ("SUPPORT", "RUS", "PRK", None) in _code(
        "Mishustin said Moscow valued its friendly, good-neighbourly relations with the DPRK very highly.")


@pytest.mark.parametrize("second", [
    "Lavrov answered by calling the relationship an invincible brotherhood in arms.",
    "In his opening remarks, Lavrov described the relationship as an invincible military brotherhood.",
])
def test_praising_the_relationship_backs_the_partner(second):
    assert ("SUPPORT", "RUS", "PRK", None) in _code("Kim visited Moscow. " + second)


def test_congratulations_exchanged_back_both_and_since_then_is_undated():
    evs = extract_text("Kim and Xi last met in June 2019, and since then the two have traded a series of "
                       "congratulatory messages.", load_profile(), published="2024-10-06")
    got = {(e.event_type, e.source, e.target, e.date) for e in evs if e.event_type == "SUPPORT"}
    assert got == {("SUPPORT", "PRK", "CHN", None), ("SUPPORT", "CHN", "PRK", None)}


def test_a_city_owning_the_venue_is_where_two_leaders_meet_not_whom():
    got = _code("Kim Jong Un and Vladimir Putin held talks at Beijing's Diaoyutai state guesthouse on Wednesday.")
    assert got == {("CONSULT", "PRK", "RUS", None), ("CONSULT", "RUS", "PRK", None)}


def test_their_dialogue_is_held_by_the_coordinated_subjects():
    text = ("Russian Foreign Minister Sergei Lavrov landed in Wonsan on Friday. On Saturday he and Choe Son Hui "
            "held their second round of strategic dialogue, which lasted more than three hours.")
    assert _dated(text, "2025-07-13") == {("CONSULT", "RUS", "PRK", "2025-07-11"),
                                          ("CONSULT", "RUS", "PRK", "2025-07-12")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Afterwards Putin said Pyongyang would need security guarantees, and that he would brief Washington and "
     "Beijing on the talks.", {("CONSULT", "RUS", "USA", None), ("CONSULT", "RUS", "CHN", None)}),
    ("Lavrov left for China on Sunday.", {("CONSULT", "RUS", "CHN", None)}),
    ("Since March, tankers have filled up at the Vostochny berth and headed for North Korean harbours.", set()),
])
def test_briefing_a_state_and_leaving_for_one_are_contacts_but_a_voyage_is_not(text, expected):
    assert _code(text) == expected


def test_the_minister_a_leader_receives_is_the_visiting_one():
    text = ("Russian Foreign Minister Sergei Lavrov landed in Wonsan on Friday. On Saturday he and Choe Son Hui held "
            "talks, and the North Korean minister pledged support. On Sunday Kim Jong Un received the minister at "
            "the resort.")
    got = _dated(text, "2025-07-14")
    assert ("CONSULT", "RUS", "PRK", "2025-07-13") in got
    assert not any(e[1] == e[2] for e in got)


@pytest.mark.parametrize(("text", "expected"), [
    ("Vladimir Putin received North Korea's Foreign Minister Choe Son Hui at the Kremlin on Tuesday.",
     {("CONSULT", "PRK", "RUS", None)}),
    ("On Friday Choe Son Hui held strategic consultations with Sergei Lavrov.", {("CONSULT", "PRK", "RUS", None)}),
    ("Kim Jong Il discussed rail links and a gas pipeline with Dmitry Medvedev near Ulan-Ude in August 2011.",
     {("CONSULT", "PRK", "RUS", None)}),
    ("Yoon discussed the North Korean troops with Zelensky.", {("CONSULT", "KOR", "UKR", None)}),
    ("Austin and his South Korean counterpart met in Washington to discuss their alliance.",
     {("CONSULT", "KOR", "USA", None)}),
])
def test_receiving_a_titled_visitor_consultations_and_discussing_with_someone(text, expected):
    assert _code(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The United States, Japan and South Korea wrapped up their first Freedom Edge exercise on Saturday.",
     {("COOPERATE", a, b, None) for a in ("USA", "JPN", "KOR") for b in ("USA", "JPN", "KOR") if a != b}),
    ("Japanese Prime Minister Fumio Kishida and South Korean President Yoon Suk Yeol were received by Joe Biden "
     "at Camp David on Friday.", {("CONSULT", "JPN", "USA", None), ("CONSULT", "KOR", "USA", None),
                                  ("CONSULT", "JPN", "KOR", None), ("CONSULT", "KOR", "JPN", None)}),
    ("Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan held their first joint summit in the Uzbek city of "
     "Samarkand on Friday.", {("CONSULT", a, "UZB", None) for a in ("KAZ", "KGZ", "TJK")}),
])
def test_several_parties_exercise_and_meet_together(text, expected):
    assert _code(text) == expected


def _dated(text: str, published: str) -> set[tuple]:
    return {(e.event_type, e.source, e.target, e.date) for e in extract_text(text, load_profile(),
                                                                             published=published)}


def test_dates_counted_from_the_story_not_the_publication():
    got = _dated("Putin visited Pyongyang in July 2000. Kim Jong Il visited Moscow the following summer, "
                 "crossing Russia by train.", "2024-07-19")
    assert ("CONSULT", "PRK", "RUS", "2001") in got
    got = _dated("Kim Jong Un met Putin at Vostochny in September 2023. The following month Sergei Lavrov flew to "
                 "Pyongyang.", "2024-06-21")
    assert ("CONSULT", "RUS", "PRK", "2023-10") in got
    got = _dated("Kim Jong Il met Putin in Vladivostok in 2002. That August Kim Jong Il crossed into Russia again.",
                 "2024-06-21")
    assert ("CONSULT", "PRK", "RUS", "2002-08") in got


def test_the_sentences_own_last_month_brings_a_historical_story_back():
    got = _dated("Putin first visited Pyongyang on 19 July 2000, and Kim Jong Il went to Moscow in 2001. Last month "
                 "the circle closed: Putin and Kim Jong Un signed a treaty on 19 June.", "2024-07-19")
    assert ("AGREE", "RUS", "PRK", "2024-06-19") in got


def test_the_date_a_report_was_released_is_not_the_date_of_what_it_found():
    got = _dated("The report, released at the end of May, had accused Pyongyang of supplying Moscow with ballistic "
                 "missiles.", "2024-06-21")
    assert ("AID", "PRK", "RUS", None) in got


def test_a_meeting_told_right_after_a_dated_occasion_shares_its_day():
    got = _dated("Putin arrived in Pyongyang on Wednesday for a 24-hour visit. From Pyongyang, Putin flew on to "
                 "Vietnam.", "2024-06-21")
    assert ("CONSULT", "RUS", "VNM", "2024-06-19") in got


def test_a_flow_named_as_the_grounds_of_a_sanction_is_not_dated_by_it():
    got = _dated("Japan on Friday froze the assets of nine Russia-based entities over Moscow's procurement of weapons "
                 "from North Korea.", "2025-04-30")
    assert ("SANCTION", "JPN", "RUS", "2025-04-25") in got
    assert ("AID", "PRK", "RUS", None) in got


@pytest.mark.parametrize(("text", "expected"), [
    ("Russia had been drilling the North Koreans in artillery and drone operations.", {("AID", "RUS", "PRK", "other")}),
    ("The Russian military has been teaching the North Korean soldiers how to fly drones.",
     {("AID", "RUS", "PRK", "other")}),
    ("Dozens of Russian military personnel had trained in Iran to use the Fath-360.", {("AID", "IRN", "RUS", "other")}),
    ("About 10,000 North Korean soldiers had been sent to eastern Russia for training.",
     {("AID", "PRK", "RUS", "troops")}),
])
def test_training_goes_from_the_trainer_to_the_trained(text, expected):
    assert _code(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("About 100 Russian tourists landed in Pyongyang on Friday, the first known foreign tour group allowed into "
     "North Korea since it sealed its borders early in 2020.",
     {("COOPERATE", "RUS", "PRK", None), ("CONCEDE", "PRK", "RUS", None)}),
    ("Earlier this month the North opened its Wonsan-Kalma beach resort to groups of Russian holidaymakers while "
     "keeping other foreigners out.", {("CONCEDE", "PRK", "RUS", None)}),
    ("Russians have been the only foreigners admitted to most of the North since the pandemic.",
     {("CONCEDE", "PRK", "RUS", None)}),
    ("Russian tourists visited Pyongyang.", {("COOPERATE", "RUS", "PRK", None)}),
])
def test_letting_in_one_sides_tourists_alone_is_a_concession(text, expected):
    assert _code(text) == expected


def test_an_asides_meeting_partners_end_with_the_aside():
    got = _code("Hours later the US and South Korean defence chiefs, meeting at the Pentagon for their annual talks on "
                "Wednesday, condemned the North's troop deployment to Russia.")
    assert ("CONSULT", "KOR", "USA", None) in got
    assert not any(e[0] == "CONSULT" and "RUS" in e[1:3] for e in got)


@pytest.mark.parametrize(("text", "expected"), [
    ("The United States and South Korea held drills, which North Korea condemned.",
     {("COOPERATE", "USA", "KOR", None), ("COOPERATE", "KOR", "USA", None), ("ACCUSE", "PRK", "USA", None),
      ("ACCUSE", "PRK", "KOR", None)}),
    ("Russia fired missiles at Kyiv, an attack that Zelensky condemned as barbaric.",
     {("ASSAULT", "RUS", "UKR", None), ("ACCUSE", "UKR", "RUS", None)}),
])
def test_condemning_the_act_a_relative_clause_hangs_on_accuses_its_doers(text, expected):
    assert _code(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Kim Jong Un received Lavrov and his delegation at the resort.", {("CONSULT", "RUS", "PRK", None)}),
    ("The decline comes as the North has moved closer to Moscow.", set()),
    ("Russia has shared its view with North Korea.", set()),
    ("Kim gave Putin two Pungsan dogs.", {("AID", "PRK", "RUS", "other")}),
    ("North Korea received refined petroleum from Russia.", {("AID", "RUS", "PRK", "fuel")}),
])
def test_receiving_or_sharing_moves_nothing_unless_the_sentence_names_what(text, expected):
    assert _code(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Beijing sent its third-ranking leader, Zhao Leji, to Pyongyang in April.", {("CONSULT", "CHN", "PRK", None)}),
    ("Russia sent a delegation led by former president Dmitry Medvedev to Pyongyang.",
     {("CONSULT", "RUS", "PRK", None)}),
    ("North Korea sent troops to Russia.", {("AID", "PRK", "RUS", "troops")}),
])
def test_sending_an_envoy_is_a_visit_sending_troops_a_flow(text, expected):
    assert _code(text) == expected


def test_a_treaty_signed_during_a_visit_binds_the_visitor_and_the_host():
    got = _code("The treaty, signed on Wednesday during Putin's visit to Pyongyang, commits each side to immediate "
                "military assistance.")
    assert got == {("AGREE", "RUS", "PRK", None), ("AGREE", "PRK", "RUS", None), ("CONSULT", "RUS", "PRK", None)}


@pytest.mark.parametrize(("text", "expected"), [
    # leaders and ministers of countries outside the profile stand for their states (data/people.yaml)
    ("Narendra Modi arrived in Moscow for talks.", {("CONSULT", "IND", "RUS", None)}),
    ("Putin spoke to Ahmed al-Sharaa by telephone.", {("CONSULT", "RUS", "SYR", None)}),
    ("Hugo Chávez visited Moscow.", {("CONSULT", "VEN", "RUS", None)}),
    # "it" after a state and a person is the state: the person named last is not "it"
    ("Russia had propped up Assad since 2015, when it sent warplanes to Syria.", {("AID", "RUS", "SYR", "other")}),
])
def test_people_of_other_states(text, expected):
    assert _code(text) == expected
