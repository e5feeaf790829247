"""Search snippets: the best two passages of a text, matched words in <mark>.

Both backends make them in Python with the index's own analyzer, so a Chinese
word or a stemmed English one is marked exactly when it is what matched. The
formatter escapes the text around the marks: a transcript quoting `<script>`
comes back as text.
"""

from haystack.backends.whoosh_backend import WhooshHtmlFormatter
from whoosh.highlight import ContextFragmenter
from whoosh.highlight import highlight as whoosh_highlight

from archive.search.analysis import MixedAnalyzer

ANALYZER = MixedAnalyzer()


def snippet(text, terms, analyzer=ANALYZER):
    """HTML: up to two passages of `text` around the analysed words in `terms`."""
    if not terms or not text:
        return ""
    formatter = WhooshHtmlFormatter("mark")
    fragmenter = ContextFragmenter(maxchars=300, surround=60)
    return whoosh_highlight(text, terms, analyzer, fragmenter, formatter, top=2, mode="index")
