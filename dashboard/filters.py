"""The shared sidebar filters and URL-synced selections.

Sidebar widgets are bound to the URL query string (``bind="query-params"``, Streamlit
>= 1.5x): ``?months=2025-01&months=2025-02&region=Asia&subregion=Southern+Asia``. A link
therefore reopens the same view. Values equal to the default (full month range, all
regions) are dropped from the URL by Streamlit.

Per-page selections whose URL value should be an id rather than a label (``country``,
``article``) are synced by hand with :func:`url_selectbox`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from urllib.parse import urlencode

import streamlit as st

from dashboard.queries import FilterChoices, Filters

MONTHS_PARAM = "months"
REGION_PARAM = "region"
SUBREGION_PARAM = "subregion"
ALL_REGIONS = "All regions"
ALL_SUBREGIONS = "All subregions"


def month_key(d: date) -> str:
    return d.strftime("%Y-%m")


def _month_label(key: str) -> str:
    return date.fromisoformat(key + "-01").strftime("%b %Y")


def sidebar_filters(choices: FilterChoices) -> Filters:
    """Draw the shared sidebar and return the Filters every page uses."""
    month_from = month_to = None
    with st.sidebar:
        st.header("Filters")
        months = [month_key(m) for m in choices.months]
        if len(months) >= 2:
            _clamp_months_in_url(months)
            lo, hi = st.select_slider(
                "Months",
                options=months,
                value=(months[0], months[-1]),
                key=MONTHS_PARAM,  # URL: ?months=2025-01&months=2025-03, the option text
                bind="query-params",
                help=(
                    "Records whose date falls in these months (inclusive). Narrowing the "
                    "range leaves out undated records; each page says how many."
                ),
            )
            if (lo, hi) != (months[0], months[-1]):
                month_from = date.fromisoformat(lo + "-01")
                month_to = date.fromisoformat(hi + "-01")
        elif months:
            st.caption(f"All dated records fall in {_month_label(months[0])}.")
        else:
            st.caption("No dated records yet.")

        region = st.selectbox(
            "UN region",
            [ALL_REGIONS, *choices.regions],
            key=REGION_PARAM,
            bind="query-params",
        )
        region_value = None if region in (None, ALL_REGIONS) else region
        subregion = st.selectbox(
            "UN subregion",
            [ALL_SUBREGIONS, *choices.subregions_of(region_value)],
            key=SUBREGION_PARAM,
            bind="query-params",
        )
        subregion_value = None if subregion in (None, ALL_SUBREGIONS) else subregion
    filters = Filters(
        month_from=month_from,
        month_to=month_to,
        region=region_value,
        subregion=subregion_value,
    )
    return filters


def _clamp_months_in_url(months: list[str]) -> None:
    """A shared link from an older or other snapshot may name months this data lacks: snap
    each end to the nearest month there is, so the view opens instead of showing nothing."""
    asked = st.query_params.get_all(MONTHS_PARAM)
    if not asked or all(m in months for m in asked):
        return
    if len(asked) != 2:
        del st.query_params[MONTHS_PARAM]
        return
    lo = next((m for m in months if m >= asked[0]), months[-1])
    hi = next((m for m in reversed(months) if m <= asked[1]), months[0])
    if lo > hi:
        lo, hi = months[0], months[-1]
    st.query_params[MONTHS_PARAM] = [lo, hi]
    st.session_state.pop(MONTHS_PARAM, None)


def shared_query_params() -> dict[str, str | list[str]]:
    """The sidebar's URL parameters, to carry over in links to other pages."""
    out: dict[str, str | list[str]] = {}
    for name in (MONTHS_PARAM, REGION_PARAM, SUBREGION_PARAM):
        values = st.query_params.get_all(name)
        if values:
            out[name] = values if len(values) > 1 else values[0]
    return out


def _selection_key(param: str) -> str:
    return f"_url_{param}"


def url_selectbox(
    label: str,
    options: Sequence[str],
    *,
    param: str,
    format_func: Callable[[str], str] = str,
    placeholder: str = "Choose…",
    help: str | None = None,
) -> str | None:
    """A selectbox whose value (an id, not its label) is kept in the URL as ``?param=id``.

    The URL seeds the widget on its first run; after that the widget's state leads (the
    browser keeps its own value, so code that changes the choice calls :func:`select`).
    """
    options = list(options)
    key = _selection_key(param)
    if key in st.session_state and st.session_state[key] not in (None, *options):
        del st.session_state[key]  # the filters no longer offer it
    elif key in st.session_state:
        # Another page's widget of the same parameter set it: re-assigning hands the value to
        # this page's widget, so the choice survives a page switch (a Streamlit idiom).
        st.session_state[key] = st.session_state[key]
    current = st.query_params.get(param)
    index = None
    if key not in st.session_state and current in options:
        index = options.index(current)
    choice = st.selectbox(
        label,
        options,
        index=index,
        format_func=format_func,
        placeholder=placeholder,
        key=key,
        help=help,
    )
    if choice != current:
        if choice is None:
            if param in st.query_params:
                del st.query_params[param]
        else:
            st.query_params[param] = choice
    return choice


def country_selectbox(names: Mapping[str, str], *, placeholder: str) -> str | None:
    """The country picker of the map and partnership pages: `names` maps ISO3 to the name
    shown as "Name (ISO3)", in the order offered; the choice is kept in the URL as
    ``?country=ISO3`` so both pages open on the same country."""
    return url_selectbox(
        "Country",
        list(names),
        param="country",
        format_func=lambda iso3: f"{names.get(iso3, iso3)} ({iso3})",
        placeholder=placeholder,
    )


def select(param: str, value: str) -> None:
    """Choose `value` in the url_selectbox of `param` from code (e.g. a click on the map):
    the URL and the widget, so the browser shows it too. Call before the widget is drawn."""
    st.query_params[param] = value
    st.session_state[_selection_key(param)] = value


def share_url(base_url: str | None, params: Mapping[str, str | Sequence[str]]) -> str:
    """The link that reopens a view: the page's URL plus every parameter (repeated ones
    repeated, e.g. months). Without a known base URL (tests), the query string alone."""
    pairs = [
        (name, value)
        for name, values in params.items()
        for value in ([values] if isinstance(values, str) else values)
    ]
    query = urlencode(pairs)
    base = (base_url or "").split("?")[0]
    return f"{base}?{query}" if query else (base or "?")


def show_share_link(slot) -> None:
    """'Link to this view' with a copy button, from the URL as this run leaves it (call last:
    a click on the map or a selectbox may have changed the URL during the run)."""
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    link = share_url(st.context.url, params)
    with slot.container():
        st.caption("Link to this view (copy with the icon at its right):")
        st.code(link, language=None, wrap_lines=True)
