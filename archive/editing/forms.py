"""Forms editors fill in: an upload, a transcript's details, a turn, a speaker."""

import datetime
import re

from django import forms
from django.conf import settings

from archive.ingest.formats import ACCEPTED
from archive.ingest.importer import too_large_message
from archive.models import Country, Interview, Source, Topic
from archive.templatetags.archive_tags import display_date

LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _clean_language(value):
    value = value.strip()
    if value and not LANGUAGE.match(value):
        raise forms.ValidationError("Give a language code such as en, zh or ru.")
    return value


class UploadForm(forms.Form):
    file = forms.FileField(
        required=False,
        help_text=f"A {ACCEPTED} file, at most {settings.ARCHIVE_MAX_UPLOAD_BYTES // 1024 // 1024} "
        "MB. Text may be UTF-8, UTF-16 or GB18030.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.html,.htm,.docx,.pdf"}),
    )
    text = forms.CharField(
        label="Or paste the text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    source = forms.ModelChoiceField(
        Source.objects.all(), required=False, empty_label="(none or new)"
    )
    new_source = forms.CharField(label="Or a new source", required=False, max_length=200)
    kind = forms.ChoiceField(
        choices=[("", "As the parser finds")] + Interview.Kind.choices, required=False
    )
    language = forms.CharField(
        required=False, max_length=10, help_text="Leave empty to let the parser tell."
    )
    date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty to take the date from the transcript.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and upload.size > settings.ARCHIVE_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(too_large_message(upload.size))
        return upload

    def clean_language(self):
        return _clean_language(self.cleaned_data["language"])

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), data.get("text", "")
        if upload and text.strip():
            raise forms.ValidationError("Upload a file or paste text, not both.")
        if not upload and not text.strip() and "file" not in self.errors:
            raise forms.ValidationError(
                "The pasted text is empty." if text else "Choose a file or paste the text."
            )
        if text and len(text.encode("utf-8")) > settings.ARCHIVE_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(too_large_message(len(text.encode("utf-8"))))
        return data

    def payload(self):
        """(bytes, file name) of what was uploaded or pasted."""
        upload = self.cleaned_data["file"]
        if upload:
            return b"".join(upload.chunks()), upload.name
        return self.cleaned_data["text"].encode("utf-8"), "pasted text"

    def source_name(self):
        source = self.cleaned_data["source"]
        return source.name if source else self.cleaned_data["new_source"].strip()


class DetailsForm(forms.ModelForm):
    year = forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        help_text="The transcript gives the day but not the year: enter the year.",
    )
    new_source = forms.CharField(label="Or a new source", required=False, max_length=200)
    source_url = forms.URLField(
        label="Address of the original", required=False, max_length=1000, assume_scheme="https"
    )
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    countries = forms.ModelMultipleChoiceField(
        Country.objects.all(), required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )

    class Meta:
        model = Interview
        fields = [
            "title", "kind", "date", "location", "source", "source_url", "language", "preamble",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "preamble": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"date": "The full date, if known."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        interview = self.instance
        if interview.date_precision == Interview.DatePrecision.YEAR and interview.date:
            self.initial["date"], self.initial["year"] = None, interview.date.year
        if not interview.partial_month:
            self.fields["year"].help_text = "Only the year is known: enter it alone."

    def clean_language(self):
        return _clean_language(self.cleaned_data["language"]) or "en"

    def clean(self):
        data = super().clean()
        date, year = data.get("date"), data.get("year")
        interview = self.instance
        if date:
            data["date_precision"] = Interview.DatePrecision.DAY
        elif year and interview.partial_month:
            try:
                data["date"] = datetime.date(year, interview.partial_month, interview.partial_day)
            except ValueError:
                self.add_error("year", f"{display_date(interview)} does not exist in {year}.")
            data["date_precision"] = Interview.DatePrecision.DAY
        elif year:
            data["date"] = datetime.date(year, 1, 1)
            data["date_precision"] = Interview.DatePrecision.YEAR
        elif interview.partial_month:
            data["date_precision"] = Interview.DatePrecision.MONTH_DAY
        else:
            data["date_precision"] = Interview.DatePrecision.UNKNOWN
        if interview.is_published and not data.get("date") and not self.has_error("year"):
            self.add_error("date", "A published transcript needs its date: unpublish it first.")
        return data

    def changes(self):
        """Keyword arguments for `edits.update_details`."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name != "date"}
        return dict(
            fields,
            date=data["date"],
            date_precision=data["date_precision"],
            topics=data["topics"],
            countries=data["countries"],
            new_source=data["new_source"],
        )


class TurnTextForm(forms.Form):
    text = forms.CharField(strip=False, widget=forms.Textarea(attrs={"rows": 6}))


class ReassignForm(forms.Form):
    speaker = forms.CharField(
        max_length=200, help_text="A name or alias; someone new is added to the people."
    )


class SplitForm(forms.Form):
    paragraph = forms.IntegerField(min_value=1)


class RenameForm(forms.Form):
    name = forms.CharField(max_length=200)


class MergeForm(forms.Form):
    into = forms.CharField(
        label="Merge into", max_length=200, help_text="The name or an alias of the existing person."
    )


class ReparseForm(forms.Form):
    raw_text = forms.CharField(
        label="Raw text", strip=False, widget=forms.Textarea(attrs={"rows": 30})
    )
