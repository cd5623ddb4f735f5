"""The Markdown rendering of analyses (for notes, issues, or a pull request on yourself)."""

from __future__ import annotations

import re

from sincere.analysis.result import ConversationAnalysis
from sincere.render._common import VERDICT_LABELS, signal_label, span, talk_share, when

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def escape(text: str) -> str:
    """Conversation text is untrusted: neutralise Markdown and HTML syntax in it."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code_span(text: str) -> str:
    """``text`` as an inline code span, fenced by more backticks than it contains: nothing in it
    is read as Markdown or HTML."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest else f"{fence}{text}{fence}"


def render_markdown(analyses: list[ConversationAnalysis]) -> str:
    out: list[str] = []
    for analysis in analyses:
        conversation = analysis.conversation
        out.append(f"## {escape(conversation.title)}")
        out.append("")
        facts = [
            f"Source: {code_span(conversation.source.path)} ({conversation.source.format})",
            f"language: {analysis.language}",
            f"{analysis.message_count} messages",
        ]
        if span(analysis):
            facts.append(span(analysis))
        out.append(" · ".join(facts))
        out.append("")
        out.append("| Participant | Verdict | Interest | Pressure | Talk | Asked | Follow-ups |")
        out.append("|---|---|---:|---:|---:|---:|---:|")
        for person in analysis.participants:
            name = escape(person.name) + (" (you)" if person.is_me else "")
            out.append(
                f"| {name} | {VERDICT_LABELS[person.verdict]} | {person.interest} "
                f"| {person.pressure} | {round(100 * talk_share(person))}% "
                f"| {int(person.signals.get('genuine_questions', 0))} "
                f"| {int(person.signals.get('follow_up_questions', 0))} |"
            )
        for person in analysis.participants:
            if not (person.evidence or person.tips):
                continue
            out.append("")
            out.append(f"### {escape(person.name)} — {VERDICT_LABELS[person.verdict]}")
            out.append("")
            for item in person.evidence:
                stamp = f" ({when(item.timestamp)})" if item.timestamp else ""
                out.append(
                    f"- #{item.message_index + 1}{stamp} *{signal_label(item.signal)}*: "
                    f"“{escape(item.text)}”"
                )
            for tip in person.tips:
                out.append(f"- **Tip:** {escape(tip)}")
        out.append("")
    return "\n".join(out)
