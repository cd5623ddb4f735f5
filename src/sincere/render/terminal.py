"""The Rich rendering of analyses for the terminal."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sincere.analysis.result import ConversationAnalysis, ParticipantAnalysis
from sincere.render._common import VERDICT_LABELS, signal_label, span, talk_share, when

VERDICT_STYLES = {
    "genuine": "bold green",
    "neutral": "bold white",
    "self_centred": "bold yellow",
    "transactional": "bold red",
}
_BAR = 5


def bar(value: int, style: str) -> Text:
    """``" 58 ████░░"``: the score, then a small bar."""
    filled = round(value / 100 * _BAR)
    text = Text(f"{value:3d} ")
    text.append("█" * filled, style=style)
    text.append("░" * (_BAR - filled), style="dim")
    return text


def _participants_table(analysis: ConversationAnalysis) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        expand=False,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
        header_style="bold",
        caption="Asked: questions about them · Follow-ups: questions on what they just said",
        caption_justify="left",
        caption_style="dim",
    )
    longest = max((len(p.name) + (6 if p.is_me else 0) for p in analysis.participants), default=8)
    table.add_column("Participant", overflow="fold", min_width=min(22, longest))
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Interest", no_wrap=True)
    table.add_column("Pressure", no_wrap=True)
    table.add_column("Talk", justify="right", no_wrap=True)
    table.add_column("Asked", justify="right", no_wrap=True)
    table.add_column("Follow-ups", justify="right", no_wrap=True)
    for person in analysis.participants:
        name = Text(person.name)
        if person.is_me:
            name.append(" (you)", style="cyan")
        table.add_row(
            name,
            Text(VERDICT_LABELS[person.verdict], style=VERDICT_STYLES[person.verdict]),
            bar(person.interest, "green"),
            bar(person.pressure, "red"),
            f"{round(100 * talk_share(person))}%",
            str(int(person.signals.get("genuine_questions", 0))),
            str(int(person.signals.get("follow_up_questions", 0))),
        )
    return table


def _evidence(person: ParticipantAnalysis) -> RenderableType:
    lines = Text()
    lines.append(person.name, style="bold")
    lines.append(" — ")
    lines.append(VERDICT_LABELS[person.verdict], style=VERDICT_STYLES[person.verdict])
    for item in person.evidence:
        lines.append("\n  ")
        lines.append(f"#{item.message_index + 1}", style="dim")
        stamp = when(item.timestamp)
        if stamp:
            lines.append(f" {stamp}", style="dim")
        lines.append(f" {signal_label(item.signal)}: ", style="magenta")
        # Conversation text is untrusted: appended as plain text, never parsed as markup.
        lines.append(f"“{item.text}”")
    for tip in person.tips:
        lines.append("\n  → ", style="cyan")
        lines.append(tip, style="cyan")
    return lines


def render_analysis(analysis: ConversationAnalysis) -> Panel:
    conversation = analysis.conversation
    facts = Text(style="dim")
    facts.append(f"{conversation.source.path} ({conversation.source.format})")
    facts.append(f" · {analysis.language} · {analysis.message_count} messages")
    when_text = span(analysis)
    if when_text:
        facts.append(f" · {when_text}")
    parts: list[RenderableType] = [facts, Text(), _participants_table(analysis)]
    for person in analysis.participants:
        if person.evidence or person.tips:
            parts.extend([Text(), _evidence(person)])
    return Panel(Group(*parts), title=Text(conversation.title, style="bold"), title_align="left")


def print_analyses(analyses: list[ConversationAnalysis], console: Console) -> None:
    for analysis in analyses:
        console.print(render_analysis(analysis))
