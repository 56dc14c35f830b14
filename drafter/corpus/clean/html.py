"""An .html page → text lines for the cleaner: the article found by readability-lxml, with the
page's <title> and the lines above the article (the speech's <h1>, the 发布时间/来源 line that
the front matter reads) in front of it.

Why readability-lxml (docs/corpus.md): it is small and pure Python on top of lxml, which drafter
already installs (so offline wheels exist for Windows), and it is maintained; trafilatura
extracts as well but brings dateparser, babel, courlan, htmldate and an HTTP stack (tens of MB)
that a cleaner of saved pages never uses; jusText judges paragraphs by stop words between
spaces, which Chinese text does not have."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from drafter.errors import DrafterError

# Tags that end a line of text; everything else is inline.
_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul title".split())
_SKIP = frozenset({"script", "style", "noscript", "template", "head"})
_WHITE = re.compile(r"[ \t\r\f\v\n]+")


class _Text(HTMLParser):
    """The text of an HTML fragment, one line a block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCKS:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.lines[-1] += _WHITE.sub(" ", data)


def text_lines(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return [s for line in parser.lines if (s := line.strip())]


def html_text(data: bytes, path: Path | str) -> str:
    """The text of a saved web page, as `drafter corpus clean` reads a .txt page."""
    import logging

    from drafter.files import decode_text

    html = decode_text(data, path)
    try:
        from readability import Document
    except ImportError as e:  # a broken install: say what to do, not Python's words
        raise DrafterError("读取 .html 需要 readability-lxml，但没有安装", path,
                           hint="重新安装 drafter（pip install drafter），或把网页另存为 .txt") from e
    logging.getLogger("readability").setLevel(logging.ERROR)  # its notes are English
    try:
        doc = Document(html)
        article, title = doc.summary(html_partial=True), doc.title()
    except Exception as e:  # lxml and readability raise several kinds on a broken page
        raise DrafterError("无法从网页中找到正文", path,
                           hint="在浏览器里打开网页，把正文复制到 .txt 文件再清洗") from e
    body = text_lines(article)
    if not body:
        raise DrafterError("网页里没有找到正文", path,
                           hint="在浏览器里打开网页，把正文复制到 .txt 文件再清洗")
    whole = text_lines(re.sub(r"(?is)<head\b.*?</head>", "", html))
    above = whole[:whole.index(body[0])] if body[0] in whole else []
    return "\n".join([title.strip(), *above, *body]) + "\n"
