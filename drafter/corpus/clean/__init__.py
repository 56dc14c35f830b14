"""Corpus: cleaning downloaded speeches into corpus/ documents with front matter.

A speech copied from a web page carries the site with it: header lines (时间/来源/导语), file
cards, download and share prompts, 推荐访问 and 相关文章 lists, comment sections, copyright and
link footers, the page title repeated in the body, page counters and chunk numbers of document
sites, paywalls. It may be Traditional with pinyin after the characters (區(qū)), or hold mojibake
from a wrong code page. `clean_text` turns such a page into one paragraph a line with metadata
(page.py; what each line is comes from drafter.document.webpage, the patterns are data in
data/cleaning.yaml). `write_doc` stores it as corpus/<id>.md (docs.py); an .html page is reduced
to its article first (html.py). docs/corpus.md tells a user what is removed and why.
"""

from drafter.corpus.clean.chars import find_mojibake, strip_pinyin
from drafter.corpus.clean.docs import (
    CorpusDoc,
    Rendered,
    doc_id,
    file_position,
    load_corpus,
    read_doc,
    render_doc,
    split_front_matter,
    write_doc,
)
from drafter.corpus.clean.page import (
    MOJIBAKE,
    Cleaned,
    Finding,
    clean_file,
    clean_text,
    guess_genre,
    guess_level,
    read_page,
)
from drafter.corpus.clean.rules import Rules, rules
from drafter.document.webpage import GAP_MARKER
from drafter.document.webpage.chinese import to_simplified

__all__ = [
    "GAP_MARKER", "MOJIBAKE", "Cleaned", "CorpusDoc", "Finding", "Rendered", "Rules", "clean_file",
    "clean_text", "doc_id", "file_position", "find_mojibake", "guess_genre", "guess_level",
    "load_corpus", "read_doc", "read_page", "render_doc", "rules", "split_front_matter",
    "strip_pinyin", "to_simplified", "write_doc",
]
