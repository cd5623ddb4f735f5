"""The journal's pure rules: how trust grows and falls, who to remind you of.

No I/O here: the store reads a person's history into :class:`~sincere.journal.events.Exchange`
values and asks these modules what they mean.
"""
