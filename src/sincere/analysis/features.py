"""What one message says, read in one pass over its words: the per-message half of the analysis."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from sincere.analysis.lexicon import Lexicon
from sincere.analysis.matcher import NUMBER, Match, Pattern
from sincere.analysis.text import split_sentences

#: Cue signals that show transactional pressure. A sentence holding one has an agenda: its
#: questions are not counted as genuine interest, nor are the warm cues in it.
PRESSURE_CUES = frozenset(
    {
        "pitch",
        "ask_favour",
        "ask_advice",
        "ask_review",
        "ask_intro",
        "network_probe",
        "ask_referral",
        "ask_share",
        "ask_call",
        "ask_money",
        "ask_free",
        "status_probe",
        "contact_harvest",
        "commission",
        "quid_pro_quo",
        "job_search",
        "self_need",
        "dismiss_need",
    }
)
#: Cues that give a sentence an agenda. Stating one's own needs ("il nous faut un apéro") is too
#: weak a sign to void the warmth next to it.
AGENDA_CUES = PRESSURE_CUES - {"self_need"}
#: Asks proper: requests for the other's time, work, network, money or endorsement.
ASK_CUES = frozenset(
    {
        "ask_favour",
        "ask_advice",
        "ask_review",
        "ask_intro",
        "ask_referral",
        "ask_share",
        "ask_call",
        "ask_money",
        "ask_free",
    }
)
#: Cues that only weigh fully in a business context (asking a friend which café to try is not
#: extracting free advice; "do you know anyone who…" is a probe only when work is on the table).
CONTEXTUAL_CUES = frozenset({"ask_advice", "network_probe"})
#: Warm cues dropped from a sentence (or, for offers and invitations, a message) with an agenda.
WARM_CUES = frozenset(
    {"opinion_ask", "care", "empathy", "invitation", "help_offer", "appreciation"}
)
_AGENDA_DROPS_IN_MESSAGE = frozenset({"invitation", "help_offer"})
#: Agenda cues that need no context to count.
_STRONG_AGENDA = AGENDA_CUES - CONTEXTUAL_CUES
#: Topics (keys shared by every language's topics.toml) that make a question about the other an
#: act of care: "how is your father?", "did your daughter like the book?", "how was Lisbon?".
CARE_TOPICS = frozenset({"family", "health", "travel", "pets"})
_NEGATION_WINDOW = 4
# Shared empty collections of MessageFeatures: never changed, only replaced.
_NO_QUESTIONS: list[tuple[set[str], set[str]]] = []
_NO_WORDS: AbstractSet[str] = frozenset()
_NO_COUNTS: dict[str, int] = {}
_POST_NEGATION_WINDOW = 2


class MessageFeatures:
    """The signals of one message, before they are attributed in the conversation.

    A plain class rather than a dataclass: one is made per message, and this ``__init__`` is
    about half the cost of a dataclass's with default factories.
    """

    __slots__ = (
        "addressed",
        "content",
        "cues",
        "first_person",
        "genuine_questions",
        "offwork_topics",
        "opens_with_backchannel",
        "question_content",
        "questions",
        "questions_to_others",
        "second_person",
        "topics",
        "words",
        "work_context",
    )

    def __init__(self) -> None:
        self.words = 0
        self.first_person = 0
        self.second_person = 0
        #: Content words (lemmas).
        self.content: set[str] = set()
        self.questions = 0
        self.questions_to_others = 0
        self.genuine_questions = 0
        # The collections below start as shared empty ones (most messages leave them empty)
        # and are replaced, never changed in place, when the message fills them.
        #: Content words and off-work topics of each question without an agenda (follow-ups).
        self.question_content: list[tuple[set[str], set[str]]] = _NO_QUESTIONS
        #: Off-work topics the message touches.
        self.offwork_topics: AbstractSet[str] = _NO_WORDS
        #: Other participants named in a question (addressees), by lowercase name token.
        self.addressed: AbstractSet[str] = _NO_WORDS
        self.cues: dict[str, int] = _NO_COUNTS
        self.topics: dict[str, int] = _NO_COUNTS
        self.work_context = False
        self.opens_with_backchannel = False

    @property
    def pressure_cues(self) -> set[str]:
        return {signal for signal in self.cues if signal in PRESSURE_CUES}


def read_message(text: str, lexicon: Lexicon, names: frozenset[str]) -> MessageFeatures:
    """Read one message. ``names`` are lowercase name tokens of the other participants."""
    features = MessageFeatures()
    sentences = split_sentences(text)
    if not sentences:
        return features
    single = len(sentences) == 1
    if single:
        words = sentences[0][0]
        openers = words[:1]
    else:
        # A plain loop: list(chain(...)) cannot size its list ahead and costs three times more.
        words = []
        openers = []
        for sentence, _ in sentences:
            words += sentence
            openers.append(sentence[0])
    memo = lexicon.memo
    lemma_of = memo.lemma
    # The lemma of every word, in order: the sentences below take their slices of it. (The
    # word list is used as it is below, not turned into a set: building one costs more than
    # the few repeated words it would spare each operation.)
    try:
        lemmas = list(map(lemma_of.__getitem__, words))
    except KeyError:
        lexicon.learn(words)
        lemmas = list(map(lemma_of.__getitem__, words))
    topic_words = memo.topic_forms.intersection(words)
    if topic_words:
        topic_of = memo.topic
        topic_kind = lexicon.topic_kind
        topics: dict[str, int] = {}
        offwork: set[str] = set()
        for word in topic_words:
            topic = topic_of[word]
            topics[topic] = topics.get(topic, 0) + words.count(word)
            if topic_kind[topic] == "work":
                features.work_context = True
            else:
                offwork.add(topic)
        features.topics = topics
        if offwork:
            features.offwork_topics = offwork
    lemma_set = set(lemmas)
    features.content = lemma_set.difference(memo.not_content)
    features.words = len(words)
    # One pass keeps the pronouns (a few per message), which are then told apart.
    pronouns = list(filter(lexicon.pronouns.__contains__, words))
    if pronouns:
        features.first_person = sum(map(lexicon.first_person.__contains__, pronouns))
        features.second_person = sum(map(lexicon.second_person.__contains__, pronouns))
    features.opens_with_backchannel = words[0] in lexicon.backchannels
    # The cue patterns that can occur anywhere in the message, found once for all sentences.
    starters = lexicon.question_starters
    questions = "?" in text or not starters.isdisjoint(openers)
    candidates = lexicon.cues.candidates(lemma_set, questions)
    # In a message of several sentences, a sentence holding none of the candidates' first words
    # matches none of them: unless it is a question, there is nothing to read in it.
    firsts = _first_words(candidates) if candidates and not single else None
    end = 0
    for sentence, terminator in sentences:
        start = end
        end += len(sentence)
        asks = "?" in terminator or sentence[0] in starters
        if not (candidates or asks):
            continue
        sentence_lemmas = lemmas if single else lemmas[start:end]
        if (
            firsts is not None
            and not asks
            and firsts.isdisjoint(sentence)
            and firsts.isdisjoint(sentence_lemmas)
        ):
            continue
        _read_sentence(sentence, sentence_lemmas, terminator, lexicon, names, features, candidates)

    cues = features.cues
    if not cues:
        return features
    if not _STRONG_AGENDA.isdisjoint(cues):
        features.work_context = True
        for signal in _AGENDA_DROPS_IN_MESSAGE:
            cues.pop(signal, None)
    if not features.work_context:
        for signal in CONTEXTUAL_CUES:
            count = cues.pop(signal, 0)
            if count:
                cues[signal + "_casual"] = count
    return features


def _first_words(candidates: list[Pattern]) -> frozenset[str] | None:
    """The words that can start a match of one of ``candidates``; ``None`` if a number can."""
    firsts: set[str] = set()
    for pattern in candidates:
        first = pattern.elements[0]
        assert isinstance(first, frozenset)  # a pattern starts with a word (compile_pattern)
        firsts |= first
    return None if NUMBER in firsts else frozenset(firsts)


#: The cues of a sentence where no pattern matched.
_NOTHING: dict[str, int] = {}


def _cues(
    matches: list[Match], surfaces: list[str], is_question: bool, lexicon: Lexicon
) -> dict[str, int]:
    """The cues a sentence's pattern matches show, negations, refusals and agendas weighed."""
    found: dict[str, int] = {}
    negations = lexicon.negations
    negatable = lexicon.negatable
    after = lexicon.post_negations
    for signal, start, end, negation_inside in matches:
        # A negated question is still a request ("couldn't you introduce me?"); elsewhere a
        # question changes nothing ("I'm not too busy, wanna hang?" declines nothing).
        if signal in negatable and not (is_question and signal in PRESSURE_CUES):
            # A negation before the cue, or inside a gap of it, cancels it ("I'm not asking
            # you to introduce me"); so does a trailing one in French ("j'ai besoin de
            # rien"). A pattern that spells its own negation ("not fair") is cancelled only
            # by one before it.
            window = surfaces[max(0, start - _NEGATION_WINDOW) : start if negation_inside else end]
            if not negations.isdisjoint(window) or not after.isdisjoint(
                surfaces[end : end + _POST_NEGATION_WINDOW]
            ):
                continue
        found[signal] = found.get(signal, 0) + 1
    if "decline" in found:
        found.pop("appreciation", None)  # "non merci", "thanks but I'll pass"
    if "ask_free" in found and not (
        found.keys() & (ASK_CUES - {"ask_free"}) or not lexicon.second_person.isdisjoint(surfaces)
    ):
        # "I got it for free" asks nothing; "could you do it for free" does.
        del found["ask_free"]
    if not AGENDA_CUES.isdisjoint(found):
        for signal in WARM_CUES:
            found.pop(signal, None)
    return found


def _read_sentence(
    surfaces: list[str],
    lemmas: list[str],
    terminator: str,
    lexicon: Lexicon,
    names: frozenset[str],
    features: MessageFeatures,
    candidates: list[Pattern],
) -> None:
    is_question = "?" in terminator or (
        ("\n" in terminator or not terminator)
        and len(surfaces) > 1
        and surfaces[0] in lexicon.question_starters
    )
    matches = lexicon.cues.find(surfaces, lemmas, candidates, is_question) if candidates else []
    found = _cues(matches, surfaces, is_question, lexicon) if matches else _NOTHING
    agenda = not AGENDA_CUES.isdisjoint(found)
    # A cue counts once per message: one favour asked in two phrasings is still one favour.
    if found:
        features.cues = {**features.cues, **dict.fromkeys(found, 1)}
    if not is_question:
        return
    features.questions += 1
    mentioned = names.intersection(surfaces) if names else set()
    aimed = bool(mentioned) or not lexicon.second_person.isdisjoint(surfaces)
    if aimed:
        features.questions_to_others += 1
        if mentioned:
            features.addressed = features.addressed | mentioned
    if agenda:
        return
    memo = lexicon.memo
    topics = set(map(memo.topic.__getitem__, memo.topic_forms.intersection(surfaces)))
    topics.discard("work")
    if aimed:
        features.genuine_questions += 1
        if "care" not in found and not topics.isdisjoint(CARE_TOPICS):
            features.cues = {**features.cues, "care": 1}
    words = set(lemmas).difference(memo.not_content)
    features.question_content = [*features.question_content, (words, topics)]
