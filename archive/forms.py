"""Forms readers fill in: the filters over the list of interviews."""

import pycountry
from django import forms
from django.utils.translation import get_language_info

from archive.models import Country, Interview, Source, Topic


def language_name(code):
    """"English" for "en", "Chinese" for "zh"; the code itself when unknown."""
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    if language:
        return language.name
    try:
        return get_language_info(code)["name"]
    except KeyError:
        return code


class CountryCodeField(forms.ModelChoiceField):
    """A country by its ISO code, in either case: "CN" or "cn"."""

    def to_python(self, value):
        return super().to_python(value.upper() if isinstance(value, str) else value)


def _published_languages():
    codes = Interview.objects.published().order_by("language").values_list("language", flat=True)
    return [("", "Any language")] + [(c, language_name(c)) for c in codes.distinct()]


class InterviewFilterForm(forms.Form):
    """Filters shared by the interview list and the open-data API; every one optional.

    The page shows kind, source and language; topic, country and year are accepted
    too (as in links from other pages and in the API) and kept when filtering again.
    """

    kind = forms.ChoiceField(choices=[("", "Any kind"), *Interview.Kind.choices], required=False)
    source = forms.ModelChoiceField(
        queryset=Source.objects.filter(interviews__status=Interview.Status.PUBLISHED).distinct(),
        to_field_name="slug",
        empty_label="Any source",
        required=False,
    )
    language = forms.ChoiceField(required=False)
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(), to_field_name="slug", required=False,
        widget=forms.HiddenInput,
    )
    country = CountryCodeField(
        queryset=Country.objects.all(), to_field_name="code", required=False,
        widget=forms.HiddenInput,
    )
    year = forms.IntegerField(min_value=1, max_value=9999, required=False,
                              widget=forms.HiddenInput)

    def __init__(self, data=None, **kwargs):
        # Bound even when empty, so that an unfiltered list is a valid one.
        super().__init__(data if data is not None else {}, **kwargs)
        # Looked up once, for both validating and showing the choices.
        self.fields["language"].choices = _published_languages()

    def filters(self):
        """The valid filters, ready for `Interview.objects.filter_by(**…)`."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}

    def errors_as_json(self):
        return {field: [str(e) for e in errors] for field, errors in self.errors.items()}
