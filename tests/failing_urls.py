"""The site's URLs plus two views that fail, to see the site's 500 answers."""

from django.urls import path

from archive.urls import handler404, handler500, urlpatterns  # noqa: F401


def fail(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("api/failing/", fail), path("failing/", fail), *urlpatterns]
