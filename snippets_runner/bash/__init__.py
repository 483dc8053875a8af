"""The bash reader: how bash itself splits a session into commands, without running it.

A page's `console` block is typed into bash line by line, so the extractor, the
console lexer and the shell session must agree with bash on where a command
ends: backslash continuations (not in comments), heredocs and their bodies
(with bash's quote removal on the delimiter, `<<-` tabs), `<<` that is a shift
inside arithmetic, unclosed quotes and compound commands. The scanner and its
state are internal; this face is what the rest of the runner uses.
"""

from __future__ import annotations

from .heredoc import Heredoc
from .words import LineReader, command_words, continues, heredocs, prompts

__all__ = ["Heredoc", "LineReader", "command_words", "continues", "heredocs", "prompts"]
