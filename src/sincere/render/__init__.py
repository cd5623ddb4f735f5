"""Output formats for analyses: terminal (Rich), Markdown and JSON. Formatting only."""

from __future__ import annotations

import json

from sincere.analysis.result import ConversationAnalysis, report_dict

OUTPUT_FORMATS = ("text", "json", "markdown")


def to_json(analyses: list[ConversationAnalysis]) -> str:
    """The ``sincere.analysis/1`` JSON document (see docs/json.md)."""
    return json.dumps(report_dict(analyses), ensure_ascii=False, indent=2) + "\n"
