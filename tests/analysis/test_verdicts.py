"""Verdicts on whole conversations: the bundled examples, the shared examples, and short scenes."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import sincere
from sincere.analysis.engine import analyze
from sincere.model import Conversation

ChatBuilder = Callable[..., Conversation]

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
SHARED_EXAMPLES = REPO.parent / "shared" / "examples"


def _labelled(folder: Path, labels_file: Path) -> list[Any]:
    """One case per labelled file: ``(path, me, acceptable verdicts per participant)``."""
    if not labels_file.is_file():
        return []
    labels = json.loads(labels_file.read_text(encoding="utf-8"))
    cases = []
    for path in sorted(folder.glob("*.txt")):
        entry = labels.get(path.stem)
        if entry is not None:
            cases.append(pytest.param(path, entry["me"], entry["labels"], id=path.stem))
    return cases


def _check_labels(path: Path, me: str, labels: dict[str, list[str]]) -> None:
    conversations = sincere.load(path)
    assert conversations, f"{path.name}: nothing loaded"
    seen: set[str] = set()
    for conversation in conversations:
        report = analyze(conversation, me=me)
        for person in report.participants:
            if person.name not in labels:
                continue
            seen.add(person.name)
            assert person.verdict in labels[person.name], (
                f"{path.name}: {person.name} is {person.verdict} "
                f"(interest {person.interest}, pressure {person.pressure}), "
                f"expected one of {labels[person.name]}"
            )
    assert seen == set(labels), f"{path.name}: participants not found: {set(labels) - seen}"


def test_verdicts_examples_are_labelled() -> None:
    labels = json.loads((EXAMPLES / "labels.json").read_text(encoding="utf-8"))
    assert {path.stem for path in EXAMPLES.glob("*.txt")} == set(labels)


@pytest.mark.parametrize(("path", "me", "labels"), _labelled(EXAMPLES, EXAMPLES / "labels.json"))
def test_verdicts_bundled_examples_match_labels(
    path: Path, me: str, labels: dict[str, list[str]]
) -> None:
    _check_labels(path, me, labels)


_SHARED_CASES = _labelled(SHARED_EXAMPLES / "conversations", SHARED_EXAMPLES / "labels.json")


@pytest.mark.skipif(not _SHARED_CASES, reason="../shared/examples is not available")
@pytest.mark.parametrize(
    ("path", "me", "labels"),
    _SHARED_CASES or [pytest.param(None, None, None, id="absent")],
)
def test_verdicts_shared_examples_match_labels(
    path: Path, me: str, labels: dict[str, list[str]]
) -> None:
    _check_labels(path, me, labels)


# --- short scenes written for these tests ---------------------------------------------------


@dataclass(frozen=True)
class Scene:
    lang: str
    me: str
    turns: list[tuple[str, str] | tuple[str, str, timedelta]]
    expected: dict[str, set[str]]


START = datetime(2024, 5, 4, 17, 30)

SCENES: dict[str, Scene] = {
    "en_friend_sick_father_then_asks_for_help_moving": Scene(
        lang="en",
        me="Tom",
        turns=[
            ("Tom", "dad's back in hospital, they think it's his heart again"),
            ("Nadia", "oh no Tom, I'm so sorry. how is he doing today?"),
            ("Tom", "stable, they're keeping him in for tests. mum's a wreck"),
            ("Nadia", "that must be so scary for all of you. how's your mum holding up?"),
            ("Tom", "she's ok, my aunt is staying with her"),
            ("Nadia", "if you need anything at all, I can drive you to the hospital this week"),
            ("Nadia", "I'm off thursday and friday anyway"),
            ("Tom", "that's really kind, thank you"),
            ("Nadia", "of course. give him a hug from me"),
            ("Tom", "will do. he asked about your new flat btw"),
            ("Nadia", "haha tell him it's tiny but I love it. moving is saturday, send help"),
            (
                "Nadia",
                "actually could you spare an hour on saturday to help me carry the sofa? "
                "totally fine if not with everything going on",
            ),
            ("Tom", "of course, I'll come at 10"),
            ("Nadia", "you're a star. I'll make pancakes for after"),
        ],
        expected={"Nadia": {"genuine"}, "Tom": {"genuine", "neutral"}},
    ),
    "fr_inconnu_questions_de_statut_puis_intro": Scene(
        lang="fr",
        me="Camille",
        turns=[
            ("Julien", "Bonjour Camille, ravi de vous avoir croisée au salon hier !"),
            ("Camille", "Bonjour, oui merci, c'était sympa"),
            ("Julien", "Vous travaillez avec qui en ce moment ? Qui sont vos clients ?"),
            ("Camille", "Surtout des PME de la région"),
            ("Julien", "Super. Et votre agence, ça fait combien de salariés ?"),
            ("Camille", "On est huit"),
            ("Julien", "Vous avez une belle communauté sur LinkedIn, combien d'abonnés ?"),
            ("Camille", "Aucune idée honnêtement"),
            (
                "Julien",
                "Vous pourriez me présenter à votre directeur marketing ? "
                "Je pense qu'il y a une vraie synergie entre nos deux boîtes",
            ),
            ("Julien", "Je vous envoie ma plaquette par mail, c'est quoi votre adresse mail ?"),
        ],
        expected={"Julien": {"transactional"}, "Camille": {"neutral", "genuine"}},
    ),
    "en_monologue_about_himself": Scene(
        lang="en",
        me="Priya",
        turns=[
            ("Priya", "hey Greg, how was your week?"),
            (
                "Greg",
                "mad busy as usual. I finally finished my kitchen, I did all the tiling myself "
                "and I honestly think I could do it professionally",
            ),
            (
                "Greg",
                "I also started my new training plan, I'm running 50k a week now and my "
                "coach says I'm the most consistent guy he has",
            ),
            ("Priya", "nice. I had a rough week, my cat was ill"),
            (
                "Greg",
                "I had a cat once. anyway I'm thinking of doing an ironman next year, I've "
                "always been good at endurance stuff, I did my first marathon at 19",
            ),
            (
                "Greg",
                "my physio says my form is incredible for my age. I'm buying a new bike "
                "too, I've been looking at carbon frames all week",
            ),
            ("Priya", "cool"),
            (
                "Greg",
                "yeah I'm pretty happy with where I am. I'll send you my race photos "
                "when I get them, I look really strong in them",
            ),
        ],
        expected={"Greg": {"self_centred"}, "Priya": {"genuine", "neutral"}},
    ),
    "fr_monologue_collegue": Scene(
        lang="fr",
        me="Sonia",
        turns=[
            ("Sonia", "coucou Hervé, ça va ? t'as passé un bon week-end ?"),
            (
                "Hervé",
                "super, j'ai couru mon semi en 1h32, mon meilleur temps. je m'entraîne "
                "quatre fois par semaine maintenant, je suis assez fier de moi",
            ),
            (
                "Hervé",
                "et j'ai refait toute ma salle de bain moi-même, le carrelage, la plomberie, "
                "tout. mon beau-frère n'en revenait pas",
            ),
            ("Sonia", "ah bravo. moi j'étais malade tout le week-end"),
            (
                "Hervé",
                "moi je ne suis jamais malade, je prends mes vitamines tous les matins. "
                "d'ailleurs je me suis acheté une nouvelle montre de sport, je l'adore",
            ),
            (
                "Hervé",
                "je pense m'inscrire au marathon de Paris l'an prochain, je me sens prêt, "
                "mon kiné dit que j'ai une foulée parfaite",
            ),
            ("Sonia", "ok"),
            (
                "Hervé",
                "bref, je suis en pleine forme. je te raconterai mon marathon, "
                "je pense faire moins de 3h15",
            ),
        ],
        expected={"Hervé": {"self_centred"}, "Sonia": {"genuine", "neutral"}},
    ),
    "fr_logistique": Scene(
        lang="fr",
        me="Thibault",
        turns=[
            ("Thibault", "Bonjour, le colis arrive quand ?"),
            ("Livreur", "Bonjour, demain entre 9h et 12h"),
            ("Thibault", "Ok. Code 4521B, 3e étage"),
            ("Livreur", "C'est noté"),
            ("Thibault", "Merci"),
        ],
        expected={"Livreur": {"neutral"}, "Thibault": {"neutral"}},
    ),
    "fr_mentor_aide_sans_qu_on_demande": Scene(
        lang="fr",
        me="Yasmine",
        turns=[
            ("Yasmine", "j'ai enfin fini ma formation de dev web, premier projet en ligne !"),
            ("Hélène", "bravo Yasmine !! c'est quoi le projet ? raconte"),
            ("Yasmine", "une appli pour réserver les créneaux du club de tennis de mon père"),
            (
                "Hélène",
                "trop bien, ton père doit être fier. il l'utilise déjà avec ses copains ?",
            ),
            ("Yasmine", "oui une quinzaine de personnes, il est ravi"),
            (
                "Hélène",
                "si tu veux je peux relire ton code ce week-end, j'ai fait la même "
                "erreur de structure à mes débuts, je t'explique si besoin",
            ),
            ("Hélène", "et je te présente Marc, il recrute des juniors, il est adorable"),
            ("Yasmine", "oh merci, c'est super gentil"),
            ("Hélène", "avec plaisir. et ton voyage en Écosse, c'est toujours en juin ?"),
            ("Yasmine", "oui ! deux semaines dans les Highlands"),
            ("Hélène", "génial, tu me raconteras. prends des photos des lochs pour moi"),
        ],
        expected={"Hélène": {"genuine"}, "Yasmine": {"genuine", "neutral"}},
    ),
    "en_linkedin_resurfacing_after_a_year": Scene(
        lang="en",
        me="Rachel",
        turns=[
            ("Rachel", "congrats on the promotion Brandon!", timedelta(0)),
            ("Brandon", "thanks Rachel, appreciate it", timedelta(hours=2)),
            ("Brandon", "Hi Rachel! Long time no see, hope all is well", timedelta(days=380)),
            (
                "Brandon",
                "I was laid off in March so I'm open to work, looking for a product role",
                timedelta(days=380, minutes=1),
            ),
            (
                "Brandon",
                "Is your team hiring? Would you refer me for the senior PM opening? "
                "Happy to send my CV",
                timedelta(days=380, minutes=2),
            ),
            ("Rachel", "hi Brandon, sorry to hear that", timedelta(days=381)),
            (
                "Brandon",
                "Thanks! Also, would you mind writing me a recommendation on LinkedIn? "
                "And if you hear of anything, keep me in mind",
                timedelta(days=381, minutes=3),
            ),
        ],
        expected={"Brandon": {"transactional"}, "Rachel": {"neutral", "genuine"}},
    ),
    "fr_amies_voyage_et_soutien": Scene(
        lang="fr",
        me="Léa",
        turns=[
            ("Inès", "je suis rentrée du Japon !! trop de choses à te raconter"),
            ("Léa", "aaah enfin ! alors, c'était comment Kyoto ?"),
            ("Inès", "magique, on a fait les temples à vélo, et j'ai mangé les meilleurs ramens"),
            ("Léa", "trop bien ! vous avez dormi dans un ryokan finalement ?"),
            ("Inès", "oui deux nuits, avec le bain chaud dehors"),
            ("Léa", "je suis jalouse mdr. et ta mère, elle a pu vous rejoindre ?"),
            ("Inès", "non, son genou la fait encore souffrir"),
            ("Léa", "oh la pauvre, j'espère qu'elle va vite se remettre. embrasse-la de ma part"),
            ("Inès", "merci, je lui dirai. et toi ton nouveau job ça se passe bien ?"),
            ("Léa", "oui, l'équipe est top. on se fait un apéro samedi pour fêter ton retour ?"),
            ("Inès", "carrément ! je ramène des gâteaux japonais"),
        ],
        expected={"Inès": {"genuine"}, "Léa": {"genuine"}},
    ),
    "en_event_disclaimer_then_pitch": Scene(
        lang="en",
        me="Priya",
        turns=[
            ("Derek", "Great meeting you at the mixer last night Priya!"),
            ("Priya", "you too Derek"),
            ("Derek", "Not trying to sell you anything, just thought you'd find this useful"),
            (
                "Derek",
                "My agency helps startups like yours double their leads in 90 days, "
                "we've worked with 40+ founders",
            ),
            ("Derek", "How many customers do you have at the moment? What's your revenue?"),
            ("Priya", "we're still early"),
            (
                "Derek",
                "Perfect timing then. Do you have 15 minutes for a quick call this week? "
                "Here's my calendly",
            ),
            ("Derek", "And let's connect on LinkedIn!"),
        ],
        expected={"Derek": {"transactional"}, "Priya": {"neutral"}},
    ),
}


#: (scene, person) pairs the lexicon reads wrong today: strict xfails naming the gap.
SCENE_GAPS: dict[tuple[str, str], str] = {}


def _scene_cases() -> list[Any]:
    cases = []
    for name, scene in SCENES.items():
        for person, acceptable in scene.expected.items():
            reason = SCENE_GAPS.get((name, person))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            cases.append(pytest.param(name, person, acceptable, id=f"{name}-{person}", marks=marks))
    return cases


@pytest.mark.parametrize(("name", "person", "acceptable"), _scene_cases())
def test_verdicts_short_scenes(
    chat: ChatBuilder, name: str, person: str, acceptable: set[str]
) -> None:
    scene = SCENES[name]
    timed = any(len(turn) == 3 for turn in scene.turns)
    conversation = (
        chat(scene.turns, title=name, start=START)
        if timed
        else chat(scene.turns, title=name, start=START, every=timedelta(minutes=2))
    )
    result = analyze(conversation, me=scene.me, lang=scene.lang).participant(person)
    assert result.verdict in acceptable, (
        f"{person}: {result.verdict} (interest {result.interest}, pressure "
        f"{result.pressure}), expected {sorted(acceptable)}; signals {dict(result.signals)}"
    )


def test_verdicts_scenes_are_detected_in_their_language() -> None:
    from sincere.analysis.lexicon import detect_language

    for name, scene in SCENES.items():
        assert detect_language(turn[1] for turn in scene.turns) == scene.lang, name
