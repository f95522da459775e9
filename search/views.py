"""/search/: ranked, highlighted, paginated results from the published door."""

from django.shortcuts import render
from django.utils.http import urlencode

from articles import seo
from newsroom.ratelimit import rate_limited

from .backends import get_backend
from .forms import SearchForm
from .paging import results_page
from .query import InvalidQuery


# Every query renders cold: limited per client (RATE_LIMITS["search"]).
@rate_limited("search")
def search(request):
    """Results for ?q=&section=&tag=&page=; a malformed request gets a 400 page that says why."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "query": "", "page_obj": None, "paginator": None, "error": None}
    status = 200
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        context.update(query=query, search_query=query, tag=form.tag, section_slug=form.cleaned_data["section"])
        results = get_backend().search(query, section=form.cleaned_data["section"], tag=form.cleaned_data["tag"])
        if not results.parsed:
            context["error"] = "Type one or more words to search for." if query.strip() else None
        else:
            try:
                paginator, page_obj = results_page(results, request.GET.get("page"))
                filters = {key: form.cleaned_data[key] for key in ("q", "section", "tag") if form.cleaned_data[key]}
                context.update(
                    results=results,
                    paginator=paginator,
                    page_obj=page_obj,
                    hits=list(page_obj.object_list),
                    page_query=urlencode(filters) + "&" if filters else "",
                )
            except InvalidQuery as error:
                context["error"] = str(error)
                status = 400
    elif form.is_bound:
        context["error"] = " ".join(message for errors in form.errors.values() for message in errors)
        status = 400
    context["seo"] = seo.search_page_meta(request, context.get("page_obj"))
    return render(request, "search/results.html", context, status=status)
