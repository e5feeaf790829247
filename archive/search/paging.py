"""Reading a page number the way people type it, and running one page of a search."""

import math
from dataclasses import dataclass

MAX_PAGE = 10_000


def page_number(raw):
    """1 for anything that is not a positive number; huge numbers are capped."""
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


@dataclass
class Page:
    results: list
    number: int
    per_page: int
    hits: int
    notice: str = ""
    facet_counts: dict | None = None

    @property
    def num_pages(self):
        return max(math.ceil(self.hits / self.per_page), 1)

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    @property
    def start_index(self):
        return (self.number - 1) * self.per_page + 1 if self.hits else 0

    @property
    def end_index(self):
        return min(self.number * self.per_page, self.hits)


def run_page(sqs, requested, per_page):
    """One page of `sqs`. A page past the end shows the last page, with a notice.

    Slicing runs the search once; the hit count and facets come with it.
    """
    results = list(sqs[(requested - 1) * per_page : requested * per_page])
    if results or requested == 1:
        return Page(results, requested, per_page, sqs.count(), "", sqs.facet_counts())
    # Past the end: Whoosh reports no hits at all for it, so count on page one.
    first = sqs.all()  # a copy that runs on its own
    first_results = list(first[:per_page])
    hits = first.count()
    last = max(math.ceil(hits / per_page), 1)
    notice = f"There is no page {requested}; this is the last page, {last}."
    if last == 1:
        return Page(first_results, 1, per_page, hits, notice, first.facet_counts())
    final = sqs.all()
    results = list(final[(last - 1) * per_page : last * per_page])
    return Page(results, last, per_page, final.count(), notice, final.facet_counts())
