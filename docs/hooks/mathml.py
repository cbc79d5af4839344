r"""A MkDocs hook: the pages' equations become MathML when the site is built.

``pymdownx.arithmatex`` (generic mode) leaves each ``$...$`` and ``$$...$$`` of the
Markdown as TeX inside ``<span class="arithmatex">\(...\)</span>`` (or a ``div`` with
``\[...\]``), for a script to typeset in the browser. Here ``latex2mathml`` turns each
into MathML at build time instead, which browsers draw themselves: the site shows its
equations with no script and no network. A formula it cannot convert stops the build,
naming the page and the formula.
"""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert

MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])\s*</(?P=tag)>",
    re.DOTALL,
)


def to_mathml(match: re.Match, where: str) -> str:
    """The MathML of one arithmatex element."""
    block = match["block"] is not None
    tex = html.unescape(match["block"] if block else match["inline"])
    try:
        mathml = convert(tex, display="block" if block else "inline")
    except Exception as error:  # latex2mathml raises bare exceptions of several kinds
        message = f"{where}: cannot convert the formula {tex!r} to MathML: {error}"
        raise ValueError(message) from error
    return f'<{match["tag"]} class="math">{mathml}</{match["tag"]}>'


def on_page_content(html_text: str, page, **_) -> str:
    """Replace every formula of a page with its MathML."""
    where = page.file.src_uri
    return MATH.sub(lambda m: to_mathml(m, where), html_text)
