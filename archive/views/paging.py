"""One way to read `?page=` for every listing page.

A page number is what people type or links carry: `page=abc`, `page=0`, `page=-1`
show the first page, a page past the end (`page=99999999999999999999`) the last
one, each with a notice saying so, as the search page does. Always a 200: a reader
who edits a link gets the nearest page, not an error.
"""

from django.core.paginator import Paginator

# Quoted back in the notice; a longer value is cut.
SHOWN_CHARACTERS = 24


def _requested(raw):
    """(page number or None when `raw` is no positive whole number, as given)."""
    text = str(raw).strip()
    try:
        number = int(text)
    except ValueError:
        return None, text
    return (number if number >= 1 else None), text


def paginate(request, object_list, per_page, param="page"):
    """The page of `object_list` that `request.GET[param]` asks for, or the nearest
    one. Two queries on a queryset (count, page), whatever the page asked for.

    The page carries `notice` (empty when the number was fine) and `previous_link`
    and `next_link`: the current address with only `param` changed, so that several
    paginated lists on one page keep each other's place.
    """
    paginator = Paginator(object_list, per_page)
    raw = request.GET.get(param)
    number, shown = (1, "") if raw is None or not raw.strip() else _requested(raw)
    shown = shown[:SHOWN_CHARACTERS] + ("…" if len(shown) > SHOWN_CHARACTERS else "")
    notice = ""
    if number is None:
        number, notice = 1, f"“{shown}” is not a page number; this is the first page."
    elif number > paginator.num_pages:
        number = paginator.num_pages
        notice = f"There is no page {shown}; this is the last page, {number}."
    page = paginator.page(number)
    page.param, page.notice = param, notice
    page.previous_link = _link(request, param, page.number - 1) if page.has_previous() else ""
    page.next_link = _link(request, param, page.number + 1) if page.has_next() else ""
    return page


def _link(request, param, number):
    query = request.GET.copy()
    if number == 1:
        query.pop(param, None)
    else:
        query[param] = str(number)
    return f"?{query.urlencode()}" if query else request.path


class ForgivingPagination:
    """For list views: paginate with `paginate()`, never a 404 for a page number."""

    def paginate_queryset(self, queryset, page_size):
        page = paginate(self.request, queryset, page_size, self.page_kwarg)
        return page.paginator, page, page.object_list, page.has_other_pages()
