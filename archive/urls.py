from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from archive import converters, feeds
from archive.editing import correction_views
from archive.editing import views as editing
from archive.pagecache.views import cached_page, interview_scopes, site_scopes
from archive.sitemaps import SITEMAPS
from archive.views import api, browse, dates, quotes, search, site, subjects
from archive.views.read_only import read_only_routes

register_converter(converters.YearConverter, "yyyy")
register_converter(converters.MonthConverter, "mm")
handler404 = site.page_not_found
handler500 = site.server_error

site_page = cached_page(site_scopes)
interview_page = cached_page(interview_scopes)

urlpatterns = [
    path("", site_page(browse.HomeView.as_view()), name="home"),
    path("interviews/", site_page(browse.InterviewListView.as_view()), name="interview-list"),
    path("interviews/<str:slug>/", interview_page(browse.InterviewDetailView.as_view()),
         name="interview-detail"),
    path(
        "interviews/<str:slug>/answers/<int:position>/",
        interview_page(browse.AnswerDetailView.as_view()),
        name="answer-detail",
    ),
    path("speakers/", site_page(subjects.SpeakerListView.as_view()), name="speaker-list"),
    path("speakers/<str:slug>/", site_page(subjects.SpeakerDetailView.as_view()),
         name="speaker-detail"),
    path("speakers/<str:slug>/feed/", site_page(feeds.SpeakerFeed()), name="speaker-feed"),
    path("topics/", site_page(subjects.TopicListView.as_view()), name="topic-list"),
    path("topics/<slug:slug>/", site_page(subjects.TopicDetailView.as_view()), name="topic-detail"),
    path("topics/<slug:slug>/feed/", site_page(feeds.TopicFeed()), name="topic-feed"),
    path("countries/", site_page(subjects.CountryListView.as_view()), name="country-list"),
    path("countries/<slug:slug>/", site_page(subjects.CountryDetailView.as_view()),
         name="country-detail"),
    path("countries/<slug:slug>/feed/", site_page(feeds.CountryFeed()), name="country-feed"),
    path("dates/", site_page(dates.DateIndexView.as_view()), name="date-index"),
    path("dates/<yyyy:year>/", site_page(dates.YearView.as_view()), name="date-year"),
    path("dates/<yyyy:year>/<mm:month>/", site_page(dates.MonthView.as_view()), name="date-month"),
    path("feeds/interviews/", site_page(feeds.InterviewFeed()), name="interview-feed"),
    path("api/", api.ApiIndexView.as_view(), name="api-index"),
    path("api/interviews/", api.interview_list, name="api-interview-list"),
    path("api/interviews/<str:slug>/", api.interview_detail, name="api-interview-detail"),
    path("api/speakers/", api.speaker_list, name="api-speaker-list"),
    path("api/topics/", api.topic_list, name="api-topic-list"),
    path("api/countries/", api.country_list, name="api-country-list"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", site.RobotsView.as_view(), name="robots"),
    path("search/", search.search, name="search"),
    path("search/export.csv", search.search_csv, name="search-csv"),
    path("api/search/", search.search_api, name="api-search"),
    path("trends/", search.trends, name="trends"),
    path("api/phrase/", search.phrase_api, name="api-phrase"),
    path("quote/", quotes.quote, name="quote"),
    path("api/quote/", quotes.quote_api, name="api-quote"),
    path("editor/", editing.home, name="editor-home"),
    path("editor/upload/", editing.upload, name="editor-upload"),
    path("editor/uploads/<int:pk>/file/", editing.upload_download, name="editor-upload-file"),
    path("editor/uploads/<int:pk>/retry/", editing.upload_retry, name="editor-upload-retry"),
    path("editor/interviews/<int:pk>/", editing.review, name="editor-review"),
    path("editor/interviews/<int:pk>/publish/", editing.publish, name="editor-publish"),
    path("editor/interviews/<int:pk>/unpublish/", editing.unpublish, name="editor-unpublish"),
    path("editor/interviews/<int:pk>/discard/", editing.discard, name="editor-discard"),
    path("editor/interviews/<int:pk>/reparse/", correction_views.reparse, name="editor-reparse"),
    path("editor/interviews/<int:pk>/history/", correction_views.changes, name="editor-history"),
    path(
        "editor/interviews/<int:pk>/turns/<str:key>/", correction_views.turn, name="editor-turn"
    ),
    path(
        "editor/interviews/<int:pk>/people/<int:speaker_pk>/",
        correction_views.speaker,
        name="editor-speaker",
    ),
    path("admin/", admin.site.urls),
]
# Everything outside /editor/ and /admin/ only reads: 405 with Allow for other methods.
urlpatterns = read_only_routes(urlpatterns)
