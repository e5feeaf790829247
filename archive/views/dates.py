"""Interviews by date: /dates/, /dates/2020/, /dates/2020/09/.

Interviews dated only to a year are listed under their year but in no month, and
undated ones under no date at all: the pages never claim more than is known.
"""

import datetime

from django.views.generic.dates import ArchiveIndexView, MonthArchiveView, YearArchiveView

from archive.models import Interview
from archive.views.paging import ForgivingPagination, paginate


class InterviewDatesMixin(ForgivingPagination):
    """Published, dated interviews on Django's date-based views, with counts."""

    date_field = "date"
    # A future date is a data error, not a secret: show what is published.
    allow_future = True
    month_format = "%m"
    template_name_suffix = ""

    def get_queryset(self):
        return Interview.objects.published().exclude(date=None)

    def get_dated_queryset(self, **lookup):
        # Only the listed page gets related rows; next/previous lookups stay cheap.
        return super().get_dated_queryset(**lookup).for_listing()

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        """Periods that have interviews, as {"period": date, "n": count} rows."""
        date_type = date_type or self.get_date_list_period()
        if date_type != "year":
            queryset = queryset.filter(date_precision=Interview.DatePrecision.DAY)
        rows = [row for row in queryset.counts_by(date_type) if row["period"]]
        return rows[::-1] if ordering == "DESC" else rows


class DateIndexView(InterviewDatesMixin, ArchiveIndexView):
    """Every year with its months, as a calendar of links."""

    template_name = "archive/dates_index.html"
    date_list_period = "month"
    allow_empty = True

    def get_dated_items(self):
        date_list, queryset, extra = super().get_dated_items()
        return date_list, queryset.none(), extra

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = {row["period"]: row["n"] for row in context["date_list"]}
        years = list(Interview.objects.published().counts_by("year"))
        context["calendar"] = [
            (row["period"].year, row["n"], [
                (datetime.date(row["period"].year, m, 1),
                 months.get(datetime.date(row["period"].year, m, 1), 0))
                for m in range(1, 13)
            ])
            for row in sorted(years, key=lambda r: r["period"] or datetime.date.min, reverse=True)
            if row["period"]
        ]
        context["undated"] = sum(row["n"] for row in years if not row["period"])
        return context


class YearView(InterviewDatesMixin, YearArchiveView):
    """A year's speeches by speaking country (`speech_page`), then its other
    statements (`page`): a UN session's ~190 speeches do not bury the briefings."""

    template_name = "archive/dates_year.html"
    make_object_list = True
    paginate_by = 50
    speeches_per_page = 100

    def get_dated_queryset(self, **lookup):
        return super().get_dated_queryset(**lookup).without_speaking_country()

    def get_context_data(self, **kwargs):
        year = self.get_year()
        speeches = Interview.objects.published().filter(date__year=year).by_speaking_country()
        return super().get_context_data(
            speeches=paginate(self.request, speeches, self.speeches_per_page, "speech_page"),
            **kwargs,
        )


class MonthView(InterviewDatesMixin, MonthArchiveView):
    template_name = "archive/dates_month.html"
    paginate_by = 50

    def get_queryset(self):
        return super().get_queryset().filter(date_precision=Interview.DatePrecision.DAY)
