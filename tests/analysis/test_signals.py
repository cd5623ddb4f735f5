"""Every cue signal, in English and French, as people actually write in chats.

Positive sentences must show the signal; negative sentences are traps for a keyword matcher
(narratives, negations, the same words about something else) and must not. A sentence the lexicon
does not read right yet stays here as a strict xfail naming the gap, so the fix removes the mark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from sincere.analysis.engine import analyze
from sincere.analysis.features import MessageFeatures
from sincere.analysis.lexicon import CUE_SIGNALS
from sincere.model import Conversation, Message

Reader = Callable[..., MessageFeatures]
ChatBuilder = Callable[..., Conversation]


@dataclass(frozen=True)
class Gap:
    """A sentence the lexicon reads wrong today: kept as a strict xfail naming the gap."""

    text: str
    reason: str


Sentences = Mapping[str, Sequence[str | Gap]]

SELF_CANCELLING = (
    "is negatable and its pattern holds its own negation; the negation window includes the "
    "match, so the pattern can only fire in a question"
)

# --- positives -------------------------------------------------------------------------------

EN_POSITIVE: Sentences = {
    "pitch": [
        "btw I run a small marketing agency, we help startups get their first 1000 users",
        "We just launched our app for freelancers, would love for you to try it",
        "check out my new course on personal branding, link in bio",
        "I'm the founder of Loopr and we're raising our seed round rn",
    ],
    "ask_favour": [
        "could you help me move my couch on saturday?",
        "can I ask you a favour? need someone to feed my cat next week",
        "would you mind sending me the slides from yesterday",
        "could you spare an hour on saturday to help me carry the sofa?",
    ],
    "ask_advice": [
        "any advice on finding my first clients as a freelance designer?",
        "Can I pick your brain about pricing for my startup sometime?",
        "what would you recommend as a CRM for a small sales team?",
    ],
    "ask_review": [
        "could you look over my CV before I send it out?",
        "would you mind leaving us a review on Google? it really helps a small business",
        "can u proofread my cover letter tonight pls",
        "Would you write me a recommendation on LinkedIn?",
        "would you mind writing me a recommendation on LinkedIn?",
    ],
    "ask_intro": [
        "could you introduce me to your manager at Spotify?",
        "would you put me in touch with Sarah from the design team?",
        "any chance you could connect me with someone at Google?",
    ],
    "network_probe": [
        "do you know anyone hiring a backend dev at the moment? need a job asap",
        "you know anybody at Deloitte? I'm applying for a job there",
        "do you know someone who does marketing for startups?",
    ],
    "ask_referral": [
        "if you hear of anything in product design, keep me in mind!",
        "would you refer me for the data analyst opening at your company?",
        "pls spread the word about my bakery 🙏",
        "think of me if your team ever needs a freelance copywriter",
    ],
    "ask_share": [
        "could you share my post about the launch? every bit helps",
        "would you vote for us in the startup awards? link below",
        "follow my new insta page for the shop!!",
    ],
    "ask_call": [
        "do you have 15 minutes for a quick call this week?",
        "let's hop on a call tomorrow to discuss",
        "here's my calendly, grab any slot that works for you",
        "could we schedule a call next week?",
    ],
    "ask_money": [
        "could you lend me 200 quid until payday?",
        "can I borrow some cash from you for the rent",
        "would you consider investing in our startup?",
        "pls donate to my fundraiser for the marathon!",
    ],
    "ask_free": [
        "could you design the logo for free? it'd be great exposure for you",
        "we have no budget but would you still do the photos?",
        "would you be up for doing it pro bono?",
        "We'd love you to shoot the event, we just have no budget for it.",
    ],
    "status_probe": [
        "how many followers do you have on insta now?",
        "so what's your revenue like these days?",
        "how much do you charge per day?",
        "do you own your flat or do you rent?",
    ],
    "contact_harvest": [
        "what's your email? I'll send you the details",
        "let's connect on linkedin!",
        "drop me your number and I'll text you",
        "here's my card, call me anytime",
    ],
    "commission": [
        "and of course you'd get a commission on every sale",
        "honestly it's a win-win for both of us",
        "there's a referral fee of 500 for every client you send",
    ],
    "quid_pro_quo": [
        "I'll fix your website and in return you share my page",
        "I'll cover your shift if you cover mine next week, fair deal?",
        "I can give you a discount in exchange for a testimonial",
    ],
    "job_search": [
        "I was laid off last month so I'm looking for a new role",
        "Hey! I'm open to work, looking for product roles in London",
        "is your team hiring at the moment?",
    ],
    "self_need": [
        "I need a new laptop for my course",
        "we could really use some help with the move",
        "I'm looking for someone to take over my lease",
    ],
    "dismiss_need": [
        "you don't really need the car this weekend, right? I'll take it",
        "honestly do you even need a car in the city?",
        "you already have enough clients anyway",
    ],
    "disclaimer": [
        "not trying to sell you anything, just wanted to share",
        "this isn't a sales pitch I promise",
        "I'm not selling anything lol",
    ],
    "softener": [
        "no pressure at all",
        "totally fine if not!",
        "only if you have time, no worries if not",
    ],
    "opinion_ask": [
        "what do you think of the new Dune movie?",
        "omg tell me more about the trip!",
        "have you tried the new ramen place on King St?",
        "what about you, any plans for the summer?",
    ],
    "care": [
        "how are you holding up?",
        "how's your dad doing after the surgery?",
        "hope you're feeling better today",
        "so sorry to hear about your grandma ❤️",
    ],
    "empathy": [
        "that must be so hard",
        "oh no, I'm so sorry",
        "I totally get it, I felt the same last year",
        "so happy for you!!",
    ],
    "invitation": [
        "let's grab a drink friday?",
        "fancy a pint after work?",
        "come over for dinner on Sunday, I'm making lasagna",
        "wanna come to games night at ours?",
    ],
    "help_offer": [
        "let me know if you need anything",
        "I can drive you to the airport if you want",
        "want me to have a look at it?",
        "happy to help with the move",
    ],
    "appreciation": [
        "thanks so much, that means a lot",
        "congrats on the new job!!",
        "you're the best, really appreciate it",
    ],
    "decline": [
        "thanks but I'll pass",
        "not interested, sorry",
        "I'm fully booked this month",
        "no thanks, I'm good",
    ],
}

FR_POSITIVE: Sentences = {
    "pitch": [
        "Je lance ma startup de coaching, je peux te présenter notre offre ?",
        "On propose un accompagnement sur mesure pour les PME",
        "j'ai monté mon agence de com l'an dernier et on cherche des clients",
        "code promo BIENVENUE pour -20% sur notre appli 😉",
    ],
    "ask_favour": [
        "tu pourrais m'aider à déménager samedi ?",
        "j'ai un petit service à te demander",
        "tu peux me prêter ta perceuse ce week-end ?",
    ],
    "ask_advice": [
        "tu aurais des conseils pour trouver mes premiers clients ?",
        "comment t'as trouvé tes clients quand tu t'es lancée en freelance ?",
        "quels outils tu utilises pour ta facturation ?",
    ],
    "ask_review": [
        "tu pourrais relire ma lettre de motivation ?",
        "tu peux jeter un œil à mon CV ?",
        "si t'as 2 min tu peux nous laisser un avis sur Google ?",
        "tu me ferais une reco sur LinkedIn ?",
    ],
    "ask_intro": [
        "tu pourrais me présenter à ta responsable ?",
        "tu peux me mettre en relation avec quelqu'un chez Doctolib ?",
        "tu me ferais une intro auprès de ton investisseur ?",
    ],
    "network_probe": [
        "tu connais quelqu'un qui recrute en marketing ? je cherche un job",
        "vous connaissez des gens chez Airbus ? je postule pour un poste là-bas",
        "tu connaîtrais pas quelqu'un qui cherche un développeur freelance ?",
    ],
    "ask_referral": [
        "si tu entends parler d'un poste, pense à moi !",
        "tu peux faire tourner mon CV dans ta boîte ?",
        "fais passer le mot si quelqu'un cherche une photographe",
    ],
    "ask_share": [
        "tu peux liker mon post sur LinkedIn ? 🙏",
        "tu pourrais partager notre campagne ? ça nous aiderait trop",
        "votez pour nous au concours, c'est jusqu'à dimanche !",
    ],
    "ask_call": [
        "tu aurais 15 minutes pour un call cette semaine ?",
        "on peut caler un petit point mardi ?",
        "je t'envoie mon calendly, prends le créneau qui t'arrange",
    ],
    "ask_money": [
        "tu pourrais me prêter un peu d'argent jusqu'à la fin du mois ?",
        "ça te dirait d'investir dans notre projet ?",
        "tu peux participer à ma cagnotte pour le marathon ?",
    ],
    "ask_free": [
        "tu pourrais me faire le logo gratuitement ? ça te ferait de la visibilité",
        "tu voudrais pas le faire bénévolement ?",
        "tu me fais le site gratos ?",
    ],
    "status_probe": [
        "t'as combien d'abonnés sur insta maintenant ?",
        "c'est quoi ton chiffre d'affaires cette année ?",
        "tu gagnes combien en freelance ?",
        "t'es propriétaire ou locataire ?",
    ],
    "contact_harvest": [
        "tu me donnes ton numéro ?",
        "je t'ajoute sur LinkedIn !",
        "voilà ma carte, appelle-moi quand tu veux",
        "c'est quoi ton mail ? je t'envoie la plaquette",
    ],
    "commission": [
        "et bien sûr tu touches une commission sur chaque vente",
        "c'est du gagnant-gagnant",
        "il y a une prime pour chaque client apporté",
    ],
    "quid_pro_quo": [
        "je te fais ton site et en échange tu me fais de la pub",
        "je garde ton chat, en retour tu arroses mes plantes",
        "ok marché conclu : je paye l'essence, tu conduis",
    ],
    "job_search": [
        "je suis à l'écoute du marché en ce moment",
        "je cherche un nouveau poste en data depuis la rupture conventionnelle",
        "ta boîte recrute en ce moment ?",
        "je suis open to work depuis janvier",
    ],
    "self_need": [
        "j'ai besoin d'un coup de main pour le déménagement",
        "il me faut absolument un ordi pour lundi",
        "je cherche quelqu'un pour reprendre mon appart",
    ],
    "dismiss_need": [
        "t'as pas besoin d'un avocat pour ça",
        "tu en as vraiment besoin de cette voiture ?",
        "tu peux t'en passer franchement",
    ],
    "disclaimer": [
        "je n'ai rien à vendre, promis",
        "c'est pas commercial hein",
        "je ne cherche pas à te vendre quoi que ce soit",
        "c'est pas du tout commercial hein !",
    ],
    "softener": [
        "sans pression hein",
        "aucun souci si tu peux pas",
        "si t'as le temps, sinon pas grave",
    ],
    "opinion_ask": [
        "raconte, c'était comment le Japon ?",
        "t'en penses quoi du dernier Dune ?",
        "et toi, tu fais quoi cet été ?",
    ],
    "care": [
        "comment ça va depuis l'opération ?",
        "et ta mère, elle va mieux ?",
        "bon courage pour demain, je pense à toi",
        "prends soin de toi ❤️",
    ],
    "empathy": [
        "oh non, je suis désolée",
        "ça doit être tellement dur",
        "je te comprends, j'ai vécu la même chose",
        "trop contente pour toi !!",
    ],
    "invitation": [
        "on se fait un apéro jeudi ?",
        "viens manger à la maison dimanche",
        "ça te dit un ciné ce soir ?",
        "on boit un verre après le taf ?",
    ],
    "help_offer": [
        "si t'as besoin de quoi que ce soit, dis-moi",
        "je peux t'aider pour le déménagement",
        "tu veux que je passe te chercher ?",
        "compte sur moi pour samedi",
        "n'hésite pas à me dire si je peux faire quelque chose",
    ],
    "appreciation": [
        "merci beaucoup, ça me touche",
        "félicitations pour le bébé !!",
        "bravo, bien joué",
    ],
    "decline": [
        "non merci, ça ira",
        "désolé je suis débordé en ce moment",
        "pas intéressé, merci",
        "je vais passer mon tour cette fois",
    ],
}

# --- negatives: what a keyword matcher gets wrong -------------------------------------------

EN_NEGATIVE: Sentences = {
    "pitch": [
        "my sister's startup is doing great",
        "not trying to sell you anything, just wanted to say hi",
    ],
    "ask_favour": [
        "she did me a huge favour last week",
        "I'd never ask you to help me with that",
    ],
    "ask_advice": [
        "I gave my colleague some advice on his CV",
    ],
    "ask_review": [
        "I read my emails on the train this morning",
    ],
    "ask_intro": [
        "I'm not asking you to introduce me to anyone",
        "my mum introduced me to jazz when I was a kid",
    ],
    "network_probe": [
        "I don't know anyone in Berlin yet",
        "do you know anyone who's seen the new Bond film?",
    ],
    "ask_referral": [
        "my doctor gave me a referral to a physio",
    ],
    "ask_share": [
        "haha my aunt shared my post on facebook",
    ],
    "ask_call": [
        "I had a quick call with my mum, she's fine",
    ],
    "ask_money": [
        "could I borrow your phone charger?",
        "I'd never borrow money from friends",
    ],
    "ask_free": [
        "I got it for free",
        "the museum is free on sundays",
    ],
    "status_probe": [
        "how many people came to your birthday?",
        "how many kids does your sister have now?",
    ],
    "contact_harvest": [
        "your email about the party made me laugh so much",
    ],
    "commission": [
        "did you see what the European Commission said about AI?",
    ],
    "quid_pro_quo": [
        "that's not fair, the ref was blind",
        "I found a good deal on flights to Rome",
    ],
    "job_search": [
        "my brother got laid off, he's gutted",
    ],
    "self_need": [
        "I don't need anything, thanks",
    ],
    "dismiss_need": [
        "you don't need to bring anything, just come",
        "you don't need to come tomorrow, get some rest",
    ],
    "disclaimer": [
        "I'm trying to sell my old bike, interested?",
    ],
    "softener": [
        "I'm under so much pressure at work",
    ],
    "opinion_ask": [
        "what do you think of our pricing?",
    ],
    "care": [
        "how are you going to pay for it?",
        "hope you're doing well, how many followers do you have now?",
    ],
    "empathy": [
        "I understand your revenue is around 2M, right?",
    ],
    "invitation": [
        "I had lunch with my boss today",
        "we didn't have lunch yet",
    ],
    "help_offer": [
        "I can't help you with that, sorry",
    ],
    "appreciation": [
        "no thanks, I'm good",
    ],
    "decline": [
        "I'm not too busy this weekend, wanna hang?",
    ],
}

FR_NEGATIVE: Sentences = {
    "pitch": [
        "la startup de ma sœur marche super bien",
        "je ne vends rien hein, je voulais juste prendre des nouvelles",
    ],
    "ask_favour": [
        "il m'a rendu service la semaine dernière",
        "je ne te demande pas de m'aider",
    ],
    "ask_advice": [
        "j'ai donné des conseils à mon collègue pour son CV",
    ],
    "ask_review": [
        "mon médecin m'a donné une recommandation pour un kiné",
    ],
    "ask_intro": [
        "je ne te demande pas de me présenter à ton boss",
    ],
    "network_probe": [
        "je connais personne à Lyon",
        "tu connais quelqu'un qui a vu le dernier Dune ?",
    ],
    "ask_referral": [
        "j'ai eu 50 balles grâce au parrainage de ma banque",
    ],
    "ask_share": [
        "ma tante a partagé mon post sur facebook mdr",
    ],
    "ask_call": [
        "j'ai eu un petit appel avec ma mère, elle va bien",
    ],
    "ask_money": [
        "je ne te demande pas de me prêter de l'argent",
    ],
    "ask_free": [
        "je l'ai eu gratuitement",
        "l'entrée du musée est gratuite le dimanche",
    ],
    "status_probe": [
        "je suis propriétaire depuis mars, trop contente",
    ],
    "contact_harvest": [
        "j'ai perdu ma carte bleue hier soir",
    ],
    "commission": [
        "j'ai eu une prime cette année, trop contente",
    ],
    "quid_pro_quo": [
        "c'est pas juste, l'arbitre était nul",
    ],
    "job_search": [
        "mon frère a été licencié, il est dégoûté",
    ],
    "self_need": [
        "t'inquiète, j'ai besoin de rien",
    ],
    "dismiss_need": [
        "t'as pas besoin de venir demain, repose-toi",
    ],
    "disclaimer": [
        "j'essaie de vendre mon vélo, ça t'intéresse ?",
    ],
    "softener": [
        "je suis sous pression au boulot",
    ],
    "opinion_ask": [
        "et toi, tu pourrais me présenter à ton boss ?",
    ],
    "care": [
        "ça va bien se passer, t'inquiète",
        "comment ça va, tu as combien d'abonnés maintenant ?",
    ],
    "empathy": [
        "je comprends rien à ce film",
    ],
    "invitation": [
        "on se fait un call pour que je te présente notre offre ?",
    ],
    "help_offer": [
        "je ne peux pas t'aider, désolé",
    ],
    "appreciation": [
        "non merci, ça ira",
    ],
    "decline": [
        "je suis pas débordée cette semaine, on se voit ?",
    ],
}

POSITIVE = {"en": EN_POSITIVE, "fr": FR_POSITIVE}
NEGATIVE = {"en": EN_NEGATIVE, "fr": FR_NEGATIVE}


def _cases(tables: Mapping[str, Sentences]) -> Iterator[Any]:
    for lang, table in tables.items():
        for signal, sentences in table.items():
            for number, item in enumerate(sentences, 1):
                case_id = f"{lang}-{signal}-{number}"
                if isinstance(item, Gap):
                    yield pytest.param(
                        lang,
                        signal,
                        item.text,
                        id=case_id,
                        marks=pytest.mark.xfail(reason=f"lexicon gap: {item.reason}", strict=True),
                    )
                else:
                    yield pytest.param(lang, signal, item, id=case_id)


# --- coverage of the tables themselves -----------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_signals_every_cue_signal_has_three_positives_and_a_negative(lang: str) -> None:
    for signal in CUE_SIGNALS:
        positives = [s for s in POSITIVE[lang].get(signal, []) if not isinstance(s, Gap)]
        assert len(POSITIVE[lang].get(signal, [])) >= 3, signal
        assert positives, f"{lang}/{signal}: every positive is a known gap"
        assert NEGATIVE[lang].get(signal), f"{lang}/{signal}: no negative sentence"
    assert set(POSITIVE[lang]) == set(CUE_SIGNALS)
    assert set(NEGATIVE[lang]) == set(CUE_SIGNALS)


@pytest.mark.parametrize(("lang", "signal", "text"), list(_cases(POSITIVE)))
def test_signals_positive_sentence_shows_signal(
    read_features: Reader, lang: str, signal: str, text: str
) -> None:
    features = read_features(text, lang)
    assert signal in features.cues, f"{text!r}: found {dict(features.cues)}"


@pytest.mark.parametrize(("lang", "signal", "text"), list(_cases(NEGATIVE)))
def test_signals_negative_sentence_does_not_show_signal(
    read_features: Reader, lang: str, signal: str, text: str
) -> None:
    features = read_features(text, lang)
    assert signal not in features.cues, f"{text!r}: found {dict(features.cues)}"


# --- the reading rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "ask"),
    [
        ("en", "I'm not asking you to introduce me to anyone.", "ask_intro"),
        ("en", "Don't bother introducing me to your boss, it's fine.", "ask_intro"),
        ("en", "I'd never ask you to lend me money.", "ask_money"),
        ("fr", "je ne te demande pas de me présenter à ton boss", "ask_intro"),
        ("fr", "je ne te demande pas de me prêter de l'argent", "ask_money"),
    ],
)
def test_signals_negation_cancels_an_ask(
    read_features: Reader, lang: str, text: str, ask: str
) -> None:
    features = read_features(text, lang)
    assert ask not in features.cues, dict(features.cues)
    assert not features.pressure_cues


@pytest.mark.parametrize(
    ("lang", "text", "ask"),
    [
        ("en", "could you not introduce me?", "ask_intro"),
        ("en", "couldn't you introduce me to your boss?", "ask_intro"),
        ("fr", "tu pourrais pas me présenter à ton boss ?", "ask_intro"),
        ("fr", "tu connaîtrais pas quelqu'un qui recrute en marketing ?", "network_probe"),
    ],
)
def test_signals_negated_question_stays_an_ask(
    read_features: Reader, lang: str, text: str, ask: str
) -> None:
    features = read_features(text, lang)
    assert ask in features.cues, dict(features.cues)
    assert features.questions == 1
    assert features.genuine_questions == 0


@pytest.mark.parametrize(
    ("lang", "text", "warm", "pressure"),
    [
        ("en", "Thanks, and could you introduce me to your boss?", "appreciation", "ask_intro"),
        (
            "en",
            "Hope you're doing well, how many followers do you have now?",
            "care",
            "status_probe",
        ),
        ("en", "I understand your revenue is around 2M, right?", "empathy", "status_probe"),
        ("en", "what do you think of our pricing?", "opinion_ask", "pitch"),
        ("fr", "merci, et tu pourrais me présenter à ton boss ?", "appreciation", "ask_intro"),
        ("fr", "et toi, tu pourrais me présenter à ton boss ?", "opinion_ask", "ask_intro"),
        (
            "fr",
            "comment ça va, tu as combien d'abonnés maintenant ?",
            "care",
            "status_probe",
        ),
    ],
)
def test_signals_agenda_drops_warm_cues_in_the_same_sentence(
    read_features: Reader, lang: str, text: str, warm: str, pressure: str
) -> None:
    features = read_features(text, lang)
    assert pressure in features.cues, dict(features.cues)
    assert warm not in features.cues, dict(features.cues)
    assert features.genuine_questions == 0


@pytest.mark.parametrize(
    ("lang", "text", "warm"),
    [
        ("en", "Thanks so much! Could you introduce me to your boss?", "appreciation"),
        ("fr", "merci beaucoup ! tu pourrais me présenter à ton boss ?", "appreciation"),
    ],
)
def test_signals_warm_cue_in_another_sentence_survives_the_agenda(
    read_features: Reader, lang: str, text: str, warm: str
) -> None:
    features = read_features(text, lang)
    assert warm in features.cues, dict(features.cues)
    assert "ask_intro" in features.cues


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Let's grab a coffee. I'd love to tell you about our platform."),
        ("fr", "on se fait un café ? je voudrais te présenter notre offre."),
    ],
)
def test_signals_agenda_in_the_message_drops_its_invitation(
    read_features: Reader, lang: str, text: str
) -> None:
    features = read_features(text, lang)
    assert "pitch" in features.cues, dict(features.cues)
    assert "invitation" not in features.cues


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "Let's grab a coffee soon!"), ("fr", "on se fait un café ?")],
)
def test_signals_invitation_without_agenda_is_kept(
    read_features: Reader, lang: str, text: str
) -> None:
    assert "invitation" in read_features(text, lang).cues


@pytest.mark.parametrize(
    ("lang", "text", "signal"),
    [
        ("en", "any recommendations for a good ramen place?", "ask_advice"),
        ("en", "do you know anyone who's seen the new Bond film?", "network_probe"),
        ("fr", "tu me conseilles quoi comme resto à Lisbonne ?", "ask_advice"),
        ("fr", "tu connais quelqu'un qui a vu le dernier Dune ?", "network_probe"),
    ],
)
def test_signals_advice_and_probes_off_work_are_casual(
    read_features: Reader, lang: str, text: str, signal: str
) -> None:
    features = read_features(text, lang)
    assert signal not in features.cues, dict(features.cues)
    assert f"{signal}_casual" in features.cues
    assert not features.work_context


@pytest.mark.parametrize(
    ("lang", "text", "signal"),
    [
        ("en", "any advice on pricing for my clients?", "ask_advice"),
        ("en", "do you know anyone hiring at Google? I need a job", "network_probe"),
        ("fr", "tu aurais des conseils pour mes clients ?", "ask_advice"),
        ("fr", "tu connais quelqu'un qui recrute ? je cherche un job", "network_probe"),
    ],
)
def test_signals_advice_and_probes_about_work_are_pressure(
    read_features: Reader, lang: str, text: str, signal: str
) -> None:
    features = read_features(text, lang)
    assert signal in features.cues, dict(features.cues)
    assert f"{signal}_casual" not in features.cues
    assert features.work_context


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "did your daughter like the book?"),
        ("en", "did your cat come back?"),
        ("en", "so is your knee any better after the physio?"),
        ("fr", "ta fille a aimé le livre ?"),
        ("fr", "ton chiot fait ses nuits ?"),
        ("fr", "ton chat est revenu ?"),
        ("fr", "t'as pris l'avion ou le train ?"),
    ],
)
def test_signals_question_about_family_health_travel_pets_is_care(
    read_features: Reader, lang: str, text: str
) -> None:
    features = read_features(text, lang)
    assert features.genuine_questions == 1
    assert "care" in features.cues, f"found {dict(features.cues)}, topics {features.topics}"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "did your boss like the deck?"),
        ("en", "my daughter liked the book."),
        ("en", "could your daughter share my post?"),
        ("fr", "ton chef a aimé la présentation ?"),
        ("fr", "ma fille a adoré le livre."),
    ],
)
def test_signals_not_care_without_a_genuine_question_on_a_care_topic(
    read_features: Reader, lang: str, text: str
) -> None:
    assert "care" not in read_features(text, lang).cues


@pytest.mark.parametrize(
    ("lang", "text", "first", "second"),
    [
        ("en", "I think you should call me when you are back", 2, 2),
        ("en", "my flight got cancelled, I'm stuck in Madrid", 2, 0),
        ("en", "your dog is adorable, is he yours?", 0, 2),
        ("fr", "je pense que tu devrais m'appeler quand tu rentres", 2, 2),
        ("fr", "mon vol est annulé, je suis coincée à Madrid", 2, 0),
        ("fr", "vous êtes où ? votre train est arrivé ?", 0, 2),
    ],
)
def test_signals_first_and_second_person_counts(
    read_features: Reader, lang: str, text: str, first: int, second: int
) -> None:
    features = read_features(text, lang)
    assert (features.first_person, features.second_person) == (first, second)


@pytest.mark.parametrize(
    ("lang", "text", "questions", "to_others"),
    [
        ("en", "how was the concert?", 1, 0),
        ("en", "how was the concert", 1, 0),
        ("en", "are you coming tonight", 1, 1),
        ("en", "the concert was great", 0, 0),
        ("en", "how nice.", 0, 0),
        ("en", "what time is it? where are you", 2, 1),
        ("en", "how are you\nI'm good", 1, 1),
        ("fr", "comment s'est passé le concert", 1, 0),
        ("fr", "est-ce que tu viens ce soir", 1, 1),
        ("fr", "tu viens ce soir ?", 1, 1),
        ("fr", "le concert était génial", 0, 0),
        ("fr", "quelle heure il est ? où êtes-vous", 2, 1),
    ],
)
def test_signals_question_detection_with_and_without_question_mark(
    read_features: Reader, lang: str, text: str, questions: int, to_others: int
) -> None:
    features = read_features(text, lang)
    assert (features.questions, features.questions_to_others) == (questions, to_others)


def test_signals_question_naming_a_participant_is_aimed_at_them(read_features: Reader) -> None:
    features = read_features("Maya, did the climbing trip happen in the end?", "en", ["Maya"])
    assert features.questions_to_others == 1
    assert features.addressed == {"maya"}


# --- conversation-level signals -------------------------------------------------------------

START = datetime(2025, 3, 1, 18, 0)


def _signals(conversation: Conversation, name: str, lang: str) -> dict[str, float]:
    return dict(analyze(conversation, lang=lang).participant(name).signals)


@pytest.mark.parametrize(
    ("lang", "said", "asked"),
    [
        (
            "en",
            "I just got back from Lisbon, the pastries were unreal",
            "omg which bakery in Lisbon did you go to?",
        ),
        ("en", "back from my holiday in Portugal, so tired", "how was the flight?"),
        (
            "fr",
            "je rentre de Lisbonne, les pastéis étaient incroyables",
            "t'es allée dans quelle pâtisserie à Lisbonne ?",
        ),
        ("fr", "je rentre de vacances au Portugal, crevée", "c'était comment l'hôtel ?"),
    ],
    ids=["en-words", "en-topic", "fr-words", "fr-topic"],
)
def test_signals_follow_up_question_takes_up_what_was_said(
    chat: ChatBuilder, lang: str, said: str, asked: str
) -> None:
    conversation = chat([("Ana", said), ("Ben", asked)])
    assert _signals(conversation, "Ben", lang)["follow_up_questions"] == 1


@pytest.mark.parametrize(
    ("lang", "said", "asked"),
    [
        ("en", "back from my holiday in Portugal, so tired", "what time is the meeting tomorrow?"),
        ("fr", "je rentre de vacances au Portugal", "la réunion de demain est à quelle heure ?"),
    ],
)
def test_signals_unrelated_question_is_not_a_follow_up(
    chat: ChatBuilder, lang: str, said: str, asked: str
) -> None:
    conversation = chat([("Ana", said), ("Ben", asked)])
    assert _signals(conversation, "Ben", lang)["follow_up_questions"] == 0


@pytest.mark.parametrize(
    ("lang", "first", "second", "taken_up", "unrelated"),
    [
        (
            "en",
            "I spent the summer in Lisbon.",
            "The old trams were wonderful.",
            "Trams everywhere, lovely",
            "Anyway the quarterly report is due",
        ),
        (
            "fr",
            "J'ai passé l'été à Lisbonne.",
            "Les vieux tramways étaient magnifiques.",
            "Des tramways partout, superbe",
            "Bref le rapport trimestriel est pour demain",
        ),
    ],
)
def test_signals_uptake_takes_up_any_message_of_the_last_turn(
    chat: ChatBuilder, lang: str, first: str, second: str, taken_up: str, unrelated: str
) -> None:
    # Ana's turn is two messages; Ben's reply takes up a word of the second one.
    turns = [("Ana", first), ("Ana", second), ("Ben", taken_up)]
    assert _signals(chat(turns), "Ben", lang)["uptake_rate"] == 1.0
    # The same turn answered off the subject, with no question pending and no "oh"/"ah".
    turns = [("Ana", first), ("Ana", second), ("Ben", unrelated)]
    assert _signals(chat(turns), "Ben", lang)["uptake_rate"] == 0.0


@pytest.mark.parametrize(
    ("lang", "ask", "answer"),
    [
        ("en", "could you help me move on saturday?", "sure, happy to help!"),
        (
            "fr",
            "tu pourrais m'aider à déménager samedi ?",
            "avec plaisir, je peux t'aider toute la journée",
        ),
    ],
)
def test_signals_help_after_an_ask_is_help_granted(
    chat: ChatBuilder, lang: str, ask: str, answer: str
) -> None:
    signals = _signals(chat([("Ana", ask), ("Ben", answer)]), "Ben", lang)
    assert signals.get("help_granted", 0) >= 1
    assert "help_offer" not in signals


@pytest.mark.parametrize(
    ("lang", "news", "offer"),
    [
        ("en", "moving on saturday, so many boxes lol", "I can help you carry stuff if you want"),
        ("fr", "je déménage samedi, trop de cartons mdr", "je peux t'aider à porter les cartons"),
    ],
)
def test_signals_unasked_help_is_help_offer(
    chat: ChatBuilder, lang: str, news: str, offer: str
) -> None:
    signals = _signals(chat([("Ana", news), ("Ben", offer)]), "Ben", lang)
    assert signals.get("help_offer", 0) >= 1
    assert "help_granted" not in signals


RESURFACING = {
    "en": [
        ("Ana", "great seeing you at Tom's wedding!"),
        ("Ben", "likewise, take care"),
        ("Ana", "Hey stranger! hope you're well"),
        ("Ana", "Could you introduce me to your manager? I'm open to work"),
    ],
    "fr": [
        ("Ana", "super de te voir au mariage de Tom !"),
        ("Ben", "pareil, à bientôt"),
        ("Ana", "salut ! ça fait longtemps, j'espère que tu vas bien"),
        ("Ana", "tu pourrais me présenter à ta manager ? je suis à l'écoute du marché"),
    ],
}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("silence_days", "resurfaced"), [(90, 1), (10, 0)])
def test_signals_request_after_long_silence_is_resurfaced_with_ask(
    chat: ChatBuilder, lang: str, silence_days: int, resurfaced: int
) -> None:
    first, second, hello, ask = RESURFACING[lang]
    back = timedelta(days=silence_days)
    conversation = chat(
        [
            (*first, timedelta(0)),
            (*second, timedelta(minutes=5)),
            (*hello, back),
            (*ask, back + timedelta(minutes=1)),
        ],
        start=START,
    )
    signals = _signals(conversation, "Ana", lang)
    assert signals.get("resurfaced_with_ask", 0) == resurfaced
    assert "resurfaced_with_ask" not in _signals(conversation, "Ben", lang)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_signals_long_silence_without_ask_is_not_resurfacing(chat: ChatBuilder, lang: str) -> None:
    first, second, hello, _ = RESURFACING[lang]
    back = timedelta(days=90)
    conversation = chat(
        [(*first, timedelta(0)), (*second, timedelta(minutes=5)), (*hello, back)],
        start=START,
    )
    assert "resurfaced_with_ask" not in _signals(conversation, "Ana", lang)


@pytest.mark.parametrize(
    ("lang", "disclaimer", "pitch"),
    [
        (
            "en",
            "Not trying to sell you anything!",
            "but our platform helps teams like yours save 10 hours a week",
        ),
        (
            "fr",
            "je n'ai rien à vendre, promis",
            "mais notre plateforme aide les équipes comme la tienne à gagner 10 heures par semaine",
        ),
    ],
)
def test_signals_pitch_after_a_disclaimer_is_disclaimed_pitch(
    chat: ChatBuilder, lang: str, disclaimer: str, pitch: str
) -> None:
    with_disclaimer = chat([("Ana", "hi!"), ("Ben", disclaimer), ("Ben", pitch)])
    assert _signals(with_disclaimer, "Ben", lang).get("disclaimed_pitch") == 1
    without = chat([("Ana", "hi!"), ("Ben", pitch)])
    assert "disclaimed_pitch" not in _signals(without, "Ben", lang)
    alone = chat([("Ana", "hi!"), ("Ben", disclaimer)])
    signals = _signals(alone, "Ben", lang)
    assert "disclaimed_pitch" not in signals
    assert "pitch" not in signals
    assert signals.get("disclaimer") == 1


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_signals_two_hour_sitting_gives_long_exchange_hours(chat: ChatBuilder, lang: str) -> None:
    lines = {
        "en": ["so what happened next?", "no way, tell me more", "haha classic"],
        "fr": ["et alors ?", "non ! raconte", "mdr trop bien"],
    }[lang]
    turns = [("Ana" if i % 2 else "Ben", lines[i % 3]) for i in range(13)]
    long_chat = chat(turns, start=START, every=timedelta(minutes=10))
    assert _signals(long_chat, "Ana", lang)["long_exchange_hours"] == 2.0
    assert _signals(long_chat, "Ben", lang)["long_exchange_hours"] == 2.0
    short_chat = chat(turns[:4], start=START, every=timedelta(minutes=10))
    assert "long_exchange_hours" not in _signals(short_chat, "Ana", lang)


@pytest.mark.parametrize(
    ("lang", "question", "answer", "more"),
    [
        (
            "en",
            "how was your weekend?",
            "great, we went hiking in the Peaks",
            "sounds lovely",
        ),
        ("fr", "c'était comment ton week-end ?", "top, rando dans les Vosges", "trop bien"),
    ],
)
def test_signals_questions_answered(
    chat: ChatBuilder, lang: str, question: str, answer: str, more: str
) -> None:
    answered = _signals(chat([("Ana", question), ("Ben", answer)]), "Ben", lang)
    assert (answered["questions_received"], answered["questions_answered"]) == (1, 1)
    ignored = chat([("Ben", "hey"), ("Ana", question)] + [("Ana", more)] * 5)
    signals = _signals(ignored, "Ben", lang)
    assert (signals["questions_received"], signals["questions_answered"]) == (1, 0)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_signals_participant_without_words_is_neutral(chat: ChatBuilder, lang: str) -> None:
    conversation = chat(
        [
            ("Ana", "how are you? did your dad like the photos?"),
            Message(1, "Ben", "<photo omitted>", kind="media"),
            Message(2, "Ben", "<sticker omitted>", kind="media"),
            ("Ana", "haha love it"),
        ]
    )
    ben = analyze(conversation, lang=lang).participant("Ben")
    assert ben.verdict == "neutral"
    assert (ben.interest, ben.pressure) == (0, 0)
    assert ben.signals["words"] == 0
    assert ben.evidence == ()


@pytest.mark.parametrize(
    ("lang", "question", "answer"),
    [
        ("fr", "ça va mieux ?", "ça va mieux, merci"),
        ("fr", "et toi ?", "et toi tu restes là"),
        ("en", "how are you?", "how are you going to pay for it"),
        ("en", "and you?", "and you know what, it worked"),
    ],
)
def test_signals_warm_question_cues_count_only_in_questions(
    read_features: Reader, lang: str, question: str, answer: str
) -> None:
    asked = read_features(question, lang).cues
    assert {"care", "opinion_ask"} & asked.keys(), asked
    assert not {"care", "opinion_ask"} & read_features(answer, lang).cues.keys()
