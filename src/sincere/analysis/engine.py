"""The analysis pass: one streaming, linear-time walk over a conversation's messages.

Each message is read once (:func:`~sincere.analysis.features.read_message`), then attributed: who
took up what the other said, who answered whose question, who asked for what, who offered help
before being asked. Per-participant totals are turned into scores and a verdict by
:mod:`sincere.analysis.scoring`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime

from sincere.analysis.features import ASK_CUES, PRESSURE_CUES, MessageFeatures, read_message
from sincere.analysis.lexicon import Lexicon, available_languages, detect_language, load_lexicon
from sincere.analysis.result import ConversationAnalysis
from sincere.analysis.scoring import score_participant
from sincere.errors import UsageError
from sincere.model import Conversation, Message, MessageLog, Participant
from sincere.owner import Aliases

#: A pause longer than this ends a sitting ("talked for hours" is measured per sitting).
SESSION_GAP_SECONDS = 45 * 60
#: A silence longer than this, broken by a request, is "resurfacing when they need something".
RESURFACE_GAP_SECONDS = 60 * 24 * 3600
#: How many of the resurfacing person's messages are watched for a request.
RESURFACE_WATCH = 4
#: A question is answered if the addressee speaks within this many messages.
ANSWER_WINDOW = 4
#: Evidence kept per participant and signal (bounded memory on huge chats).
EVIDENCE_PER_SIGNAL = 3
_DELAYS_KEPT = 4096


@dataclass(slots=True)
class Tally:
    """Running totals for one participant."""

    name: str
    is_me: bool
    messages: int = 0
    words: int = 0
    seconds: float = 0.0
    turns: int = 0
    longest_turn_words: int = 0
    longest_turn: Message | None = None
    questions: int = 0
    questions_to_others: int = 0
    genuine_questions: int = 0
    follow_ups: int = 0
    replies: int = 0
    uptakes: int = 0
    questions_received: int = 0
    questions_answered: int = 0
    first_person: int = 0
    second_person: int = 0
    pressure_messages: int = 0
    disclaimers_pending: int = 0
    resurfaced: int = 0
    long_exchange_hours: float = 0.0
    first_request_index: int = -1
    first_interest_index: int = -1
    cues: dict[str, float] = field(default_factory=dict)
    topics: dict[str, int] = field(default_factory=dict)
    delays: list[float] = field(default_factory=list)
    #: Per signal, the first messages that showed it (quoted only if chosen as evidence).
    evidence: dict[str, list[Message]] = field(default_factory=dict)
    #: The message most about oneself (most first-person words), for self-centred evidence.
    most_self: Message | None = None
    most_self_count: int = 0

    def add(self, signal: str, amount: float = 1.0) -> None:
        self.cues[signal] = self.cues.get(signal, 0.0) + amount

    def cite(self, signal: str, message: Message) -> None:
        kept = self.evidence.setdefault(signal, [])
        if len(kept) < EVIDENCE_PER_SIGNAL:
            kept.append(message)


def resolve_language(conversation: Conversation, lang: str) -> str:
    if lang == "auto":
        return detect_language(m.text for m in conversation.messages if m.kind == "text")
    if lang not in available_languages():
        raise UsageError(
            f"unknown language {lang!r}; choose auto or one of: {', '.join(available_languages())}"
        )
    return lang


def analyze(
    conversation: Conversation, me: str | Iterable[str] | None = None, *, lang: str = "auto"
) -> ConversationAnalysis:
    """Analyze one conversation: per participant, interest, pressure, verdict and evidence.

    ``me`` names the owner: one name or several aliases, compared case-insensitively, phone
    numbers by their digits and emails against the participants' identities (see
    :mod:`sincere.owner`); the participants marked ``is_me`` by the importer count as the owner
    too. The owner gets
    mirror-mode tips. ``lang`` is ``"auto"`` (detected from the text) or a language code.

    >>> import sincere
    >>> conversation = sincere.load("examples/en_friends.txt")[0]  # doctest: +SKIP
    >>> sincere.analyze(conversation, me="Tom").participant("Sam").verdict  # doctest: +SKIP
    'genuine'
    """
    language = resolve_language(conversation, lang)
    walk = _Walk(conversation, load_lexicon(language), Aliases.of(me))
    for message in conversation.messages:
        walk.feed(message)
    return walk.finish(language)


class _Walk:
    """State carried from one message to the next."""

    def __init__(self, conversation: Conversation, lexicon: Lexicon, me: Aliases) -> None:
        self.conversation = conversation
        self.lexicon = lexicon
        people: list[Participant] = list(conversation.participants)
        known = {p.name for p in people}
        # A streamed export lists every sender up front; reading it again would cost a pass.
        scan = () if isinstance(conversation.messages, MessageLog) else conversation.messages
        for message in scan:
            if message.kind != "system" and message.sender and message.sender not in known:
                known.add(message.sender)
                people.append(Participant(message.sender))
        self.tallies: dict[str, Tally] = {p.name: Tally(p.name, me.match(p)) for p in people}
        # Lowercase first-name tokens, to tell whom a question in a group is aimed at.
        self.name_tokens: dict[str, str] = {}
        for p in people:
            for token in p.name.casefold().split()[:1]:
                if len(token) >= 3:
                    self.name_tokens.setdefault(token, p.name)
        self.two_party = len(people) == 2
        #: Per sender, the name tokens of everyone else (who a question may be aimed at).
        self.others: dict[str, frozenset[str]] = {}
        self.position = 0
        self.last_sender: str | None = None
        self.last_time: datetime | None = None
        self.turn_words = 0
        self.turn_content: AbstractSet[str] = frozenset()
        #: Whether ``turn_content`` is a message's own set, to be copied before it grows.
        self.turn_content_shared = True
        self.turn_had_question = False
        # (sender, content words, off-work topics, asked something) of the latest messages.
        self.recent: deque[tuple[str, set[str], AbstractSet[str], bool]] = deque(maxlen=8)
        # addressee -> (position of the question, asker)
        self.pending: dict[str, tuple[int, str]] = {}
        self.session_start: datetime | None = None
        self.session_counts: dict[str, int] = {}
        self.resurfacer: str | None = None
        self.resurface_left = 0

    # --- the pass --------------------------------------------------------------------------

    def feed(self, message: Message) -> None:
        if message.kind == "system" or not message.sender:
            return
        tally = self.tallies[message.sender]
        self.position += 1
        if message.timestamp is not None:
            self._track_time(message)
        others = self.others.get(message.sender)
        if others is None:
            others = frozenset(t for t, n in self.name_tokens.items() if n != message.sender)
            self.others[message.sender] = others
        features = (
            read_message(message.text, self.lexicon, others)
            if message.kind == "text"
            else MessageFeatures()
        )
        tally.messages += 1
        tally.words += features.words
        if message.duration:
            tally.seconds += message.duration
        if features.first_person > tally.most_self_count:
            tally.most_self_count = features.first_person
            tally.most_self = message

        if features.questions:
            tally.questions += features.questions
            tally.questions_to_others += features.questions_to_others
            tally.genuine_questions += features.genuine_questions
        tally.first_person += features.first_person
        tally.second_person += features.second_person
        for topic, count in features.topics.items():
            tally.topics[topic] = tally.topics.get(topic, 0) + count

        # Most messages ask nothing and show no cue: the steps below are skipped when they
        # would find nothing to do.
        self._track_turn(message, tally, features)
        if self.pending or features.genuine_questions:
            self._track_answers(message, tally, features)
        if features.genuine_questions or features.question_content:
            self._track_follow_ups(message, tally, features)
        if features.cues:
            self._track_cues(message, tally, features)
        elif self.resurfacer is not None:
            self._watch_resurfacing(message, tally, False)
        self.recent.append(
            (
                message.sender,
                features.content,
                features.offwork_topics,
                not ASK_CUES.isdisjoint(features.cues),
            )
        )

    def _track_time(self, message: Message) -> None:
        when = message.timestamp
        if when is None:
            return
        if self.last_time is not None:
            gap = (when - self.last_time).total_seconds()
            if gap > SESSION_GAP_SECONDS:
                self._close_session()
            if gap >= RESURFACE_GAP_SECONDS:
                self.resurfacer = message.sender
                self.resurface_left = RESURFACE_WATCH
            if message.sender != self.last_sender and self.last_sender is not None and gap >= 0:
                delays = self.tallies[message.sender].delays
                if len(delays) < _DELAYS_KEPT:
                    delays.append(gap)
        if self.session_start is None:
            self.session_start = when
        self.session_counts[message.sender] = self.session_counts.get(message.sender, 0) + 1
        self.last_time = when

    def _close_session(self) -> None:
        if self.session_start is not None and self.last_time is not None:
            hours = (self.last_time - self.session_start).total_seconds() / 3600
            active = [name for name, count in self.session_counts.items() if count >= 3]
            if hours >= 1 and len(active) >= 2:
                for name in active:
                    tally = self.tallies[name]
                    tally.long_exchange_hours = max(tally.long_exchange_hours, round(hours, 2))
        self.session_start = None
        self.session_counts = {}

    def _track_turn(self, message: Message, tally: Tally, features: MessageFeatures) -> None:
        if message.sender != self.last_sender:
            if self.last_sender is not None:
                tally.replies += 1
                took_up = (
                    self.turn_had_question
                    or features.opens_with_backchannel
                    or not features.content.isdisjoint(self.turn_content)
                )
                if took_up:
                    tally.uptakes += 1
            tally.turns += 1
            self.turn_words = 0
            # The turn starts with its first message's content words, shared rather than
            # copied (content sets are never changed): most turns are one message long.
            self.turn_content = features.content
            self.turn_content_shared = True
            self.turn_had_question = False
            self.last_sender = message.sender
        elif len(self.turn_content) < 2000:
            if self.turn_content_shared:
                self.turn_content = set(self.turn_content)
                self.turn_content_shared = False
            self.turn_content |= features.content
        self.turn_words += features.words
        self.turn_had_question = self.turn_had_question or features.questions > 0
        if self.turn_words > tally.longest_turn_words:
            tally.longest_turn_words = self.turn_words
            tally.longest_turn = message

    def _track_answers(self, message: Message, tally: Tally, features: MessageFeatures) -> None:
        waiting = self.pending.pop(message.sender, None)
        if waiting is not None and self.position - waiting[0] <= ANSWER_WINDOW:
            tally.questions_answered += 1
        if self.pending:
            position = self.position
            stale = [n for n, (at, _) in self.pending.items() if position - at > ANSWER_WINDOW]
            for name in stale:
                del self.pending[name]
        if not features.genuine_questions:
            return  # a status probe left unanswered is a boundary, not a lapse
        addressees = {self.name_tokens[token] for token in features.addressed}
        if not addressees and self.two_party:
            addressees = {name for name in self.tallies if name != message.sender}
        for name in addressees:
            if name != message.sender and name not in self.pending:
                self.pending[name] = (self.position, message.sender)
                self.tallies[name].questions_received += 1

    def _track_follow_ups(self, message: Message, tally: Tally, features: MessageFeatures) -> None:
        if features.genuine_questions:
            tally.cite("question", message)
            self._interest_seen(tally, message)
        if not features.question_content:
            return
        said: set[str] = set()
        said_topics: set[str] = set()
        taken = 0
        for sender, content, topics, _ in reversed(self.recent):
            if sender != message.sender:
                said |= content
                said_topics |= topics
                taken += 1
                if taken == 2:
                    break
        if not said and not said_topics:
            return
        # A follow-up takes up what the others just said: their words, or the off-work subject
        # they just raised ("I'm back from Lisbon!" -> "did you ride the tram 28?").
        follow_ups = sum(
            1
            for words, topics in features.question_content
            if not words.isdisjoint(said) or not topics.isdisjoint(said_topics)
        )
        if follow_ups:
            tally.follow_ups += follow_ups
            tally.cite("follow_up_question", message)
            self._interest_seen(tally, message)

    def _track_cues(self, message: Message, tally: Tally, features: MessageFeatures) -> None:
        cues = features.cues
        asked_recently = False
        taken = 0
        for sender, _, _, asked in reversed(self.recent):
            if sender != message.sender:
                asked_recently = asked_recently or asked
                taken += 1
                if taken == 2:
                    break
        pitched_before = tally.cues.get("pitch", 0.0) > 0
        pressure = [signal for signal in cues if signal in PRESSURE_CUES]
        softened = "softener" in cues and bool(cues.keys() & ASK_CUES)
        for signal, count in cues.items():
            name = signal
            if signal == "help_offer" and asked_recently:
                name = "help_granted"
            elif signal in ("help_offer", "invitation") and pitched_before:
                # After a pitch, "I can show you how…" or "let's grab a coffee" is the sale
                # going on, not help with no agenda.
                name = "pitch"
                pressure.append(name)
            amount = float(count)
            if softened and signal in ASK_CUES:
                amount *= 0.5
            tally.add(name, amount)
            tally.cite(name, message)
        if "disclaimer" in cues:
            tally.disclaimers_pending += 1
        if pressure:
            tally.pressure_messages += 1
            if tally.first_request_index < 0:
                tally.first_request_index = message.index
            if tally.disclaimers_pending:
                tally.add("disclaimed_pitch", 1.0)
                tally.cite("disclaimed_pitch", message)
                tally.disclaimers_pending = 0
        if cues.keys() & {"care", "empathy", "invitation", "help_offer", "opinion_ask"}:
            self._interest_seen(tally, message)
        self._watch_resurfacing(message, tally, bool(pressure))

    def _watch_resurfacing(self, message: Message, tally: Tally, pressure: bool) -> None:
        if self.resurfacer != message.sender or self.resurface_left <= 0:
            return
        self.resurface_left -= 1
        if pressure:
            tally.resurfaced += 1
            tally.cite("resurfaced_with_ask", message)
            self.resurface_left = 0

    def _interest_seen(self, tally: Tally, message: Message) -> None:
        if tally.first_interest_index < 0:
            tally.first_interest_index = message.index

    # --- the end ---------------------------------------------------------------------------

    def finish(self, language: str) -> ConversationAnalysis:
        self._close_session()
        tallies = list(self.tallies.values())
        total_words = sum(t.words for t in tallies)
        total_seconds = sum(t.seconds for t in tallies)
        results = tuple(
            score_participant(t, total_words, total_seconds, len(tallies), self.lexicon)
            for t in tallies
        )
        return ConversationAnalysis(self.conversation, language, results)
