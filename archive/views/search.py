"""Full-text search over published answers and questions."""

from django.shortcuts import render


def search(request):
    # Grows into the faceted search page; for now an honest empty page.
    return render(request, "archive/search.html", {"query": request.GET.get("q", "")})
