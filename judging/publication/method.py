"""/kompetisi/metode-penilaian/ (and /en/…): the judging method for the public, read
from docs/judging.md, the one text that says how results are computed.

The file holds an Indonesian section (``## Bahasa Indonesia``) and an English one
(``## English``); the visitor's language picks one. It is rendered by markdown-it-py
with raw HTML off (any tag in the file is shown as text) and its default link check
(no javascript: or data: links), so even repository content cannot inject markup.
"""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from markdown_it import MarkdownIt

METHOD_FILE = Path(settings.BASE_DIR) / "docs" / "judging.md"
SECTION_HEADINGS = {"id": "Bahasa Indonesia", "en": "English"}


def language_section(*, text, language):
    """The Markdown under ``## <heading of language>`` up to the next level-2 heading
    (Indonesian when the language has no section of its own)."""
    heading = SECTION_HEADINGS.get(language, SECTION_HEADINGS["id"])
    sections, current = {}, None
    for line in text.splitlines():
        match = re.match(r"^##\s+(.+?)\s*$", line)
        if match:
            current = match.group(1)
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    return "\n".join(sections.get(heading, [])).strip()


def render_markdown(text):
    """HTML for trusted-but-untrusted Markdown: raw HTML is escaped, tables allowed."""
    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


@lru_cache(maxsize=8)
def _rendered(language, mtime_ns):
    text = METHOD_FILE.read_text(encoding="utf-8")
    return render_markdown(language_section(text=text, language=language))


def method_html(*, language=None):
    """The rendered section of docs/judging.md for ``language`` (default: active),
    re-read when the file changes."""
    language = (language or get_language() or "id").split("-")[0]
    # The HTML comes from markdown-it with html disabled: everything in it is escaped.
    return mark_safe(_rendered(language, METHOD_FILE.stat().st_mtime_ns))  # noqa: S308


def judging_method(request, *, index):
    return index.render(request, template="judging/judging_method.html",
                        context_overrides={"method_html": method_html()})
