from django.contrib import admin
from django.urls import path

from archive.views import browse, search

urlpatterns = [
    path("", browse.HomeView.as_view(), name="home"),
    path("interviews/", browse.InterviewListView.as_view(), name="interview-list"),
    path("interviews/<str:slug>/", browse.InterviewDetailView.as_view(), name="interview-detail"),
    path(
        "interviews/<str:slug>/answers/<int:position>/",
        browse.AnswerDetailView.as_view(),
        name="answer-detail",
    ),
    path("speakers/<str:slug>/", browse.SpeakerDetailView.as_view(), name="speaker-detail"),
    path("topics/<slug:slug>/", browse.TopicDetailView.as_view(), name="topic-detail"),
    path("countries/<slug:slug>/", browse.CountryDetailView.as_view(), name="country-detail"),
    path("search/", search.search, name="search"),
    path("search/export.csv", search.search_csv, name="search-csv"),
    path("api/search/", search.search_api, name="api-search"),
    path("trends/", search.trends, name="trends"),
    path("admin/", admin.site.urls),
]
