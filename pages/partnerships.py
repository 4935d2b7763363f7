"""Partnership tiers: the rung of China's ladder the texts name for each country, beside the
reference designation, with the history and the sentences behind it."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, maps, metrics
from dashboard import queries as q
from dashboard.display import escape_markdown
from dashboard.filters import country_selectbox
from dashboard.frame import page_frame
from etl.partnerships import ladder, tier_label

frame = page_frame()
db, filters = frame.db, frame.filters

# The rungs a text can name (1-9); "no label" (10) and "outside the ladder" (0) are reference-only.
LADDER_LABELS = {t.rank: t.label for t in ladder().values() if 1 <= t.rank <= 9}


def rung(rank: object, tier: str | None = None) -> str:
    """ "3. Comprehensive strategic cooperative partnership", or "" when there is none."""
    try:
        return charts.tier_text(rank, LADDER_LABELS, tier)
    except (TypeError, ValueError):
        return ""


# The reference designation's columns, headed the same in every table of the page.
REFERENCE_COLUMNS = {
    "reference": "Reference tier",
    "ref_year": st.column_config.NumberColumn("Since", format="%d"),
    "ref_confidence": "Confidence",
    "vs_reference": "vs reference",
    "ref_source": st.column_config.TextColumn("Source", width="large"),
}

st.title("Partnership tiers")
st.caption(
    "China names its bilateral relationships on a ladder of designations (1 = closest: "
    "Russia's comprehensive strategic partnership of coordination). For each country: the "
    "highest rung the texts name in the selected period, when it was first and last "
    "mentioned, and how it compares with the reference designation. 'Community with a shared "
    "future' is a separate framework, listed with the evidence."
)

tiers = q.partnership_tiers(db, filters)
reference = q.partnership_reference(db, filters)
described = filters.describe()

if tiers.empty:
    st.info(
        f"No partnership designations match these filters ({described}). "
        "Widen the month range or choose another region."
    )
else:
    disagreements = tiers["agreement"].isin([metrics.CORPUS_LOWER, metrics.CORPUS_HIGHER])
    c1, c2, c3 = st.columns(3)
    c1.metric("Countries with a designation", len(tiers))
    c2.metric(
        "Established or upgraded",
        int(tiers["last_upgrade"].notna().sum()),
        help="Countries whose establishment or upgrade the texts report, dated in the period.",
    )
    c3.metric(
        "Disagree with the reference",
        int(disagreements.sum()),
        help="The texts name a lower or a higher rung than the reference designation.",
    )

    if maps.geo_available():
        geo_ids = {iso3: numeric for numeric, iso3 in q.numeric_to_iso3(db).items()}
        tiers["geo_id"] = tiers["iso3"].map(geo_ids)

        def tier_map(geo: charts.GeoSource):
            return charts.tier_map(
                tiers,
                geo,
                title="China's partnership ladder: highest tier named per country",
                subtitle=[
                    f"Highest rung of the ladder the texts name for each country (1 = closest) · "
                    f"{len(tiers)} countries · grey: none named",
                    described,
                ],
                tier_labels=LADDER_LABELS,
                caption=db.provenance.caption(),
            )

        # The boundaries are a URL the browser fetches once (static/geo), as on the map page.
        served = st.get_option("server.enableStaticServing")
        st.altair_chart(
            tier_map(maps.served_geo() if served else maps.inline_geo()), width="stretch"
        )
        st.download_button(
            "Download map as PNG",
            data=charts.png_renderer(lambda: tier_map(maps.inline_geo())),
            file_name=f"diplomacy-atlas-partnership-tiers-{db.snapshot_id or 'data'}.png",
            mime="image/png",
            on_click="ignore",
            icon=":material/download:",
        )
    else:
        st.warning("Country boundaries are missing (static/geo/); the map cannot be drawn.")

    st.subheader("Countries by tier")
    st.caption(
        f"Ladder order, highest rung first · {described}. 'vs reference': "
        + " · ".join(f"{mark} {text}" for text, mark in metrics.AGREEMENT_MARKS.items())
    )
    shown = tiers.assign(
        reference=[
            rung(r, t) for r, t in zip(tiers["ref_tier_rank"], tiers["ref_tier"], strict=True)
        ],
        vs_reference=[metrics.agreement_text(a) for a in tiers["agreement"]],
    )
    for rank, group in shown.groupby("tier_rank", sort=True):
        count = len(group)
        st.markdown(
            f"**{escape_markdown(rung(rank, group['tier'].iloc[0]))}** · "
            f"{count} {'country' if count == 1 else 'countries'}"
        )
        st.dataframe(
            group[
                [
                    "name",
                    "phrase",
                    "first_mention",
                    "last_mention",
                    "mentions",
                    "last_upgrade",
                    "reference",
                    "ref_year",
                    "ref_confidence",
                    "vs_reference",
                ]
            ],
            hide_index=True,
            column_config={
                "name": "Country",
                "phrase": st.column_config.TextColumn("As written", width="medium"),
                "first_mention": st.column_config.DateColumn("First mention"),
                "last_mention": st.column_config.DateColumn("Last mention"),
                "mentions": st.column_config.NumberColumn(metrics.MENTIONS.label),
                "last_upgrade": st.column_config.DateColumn(
                    "Established/upgraded", help="Latest establishment or upgrade in the texts"
                ),
                **REFERENCE_COLUMNS,
            },
        )

    st.subheader("One country: history and evidence")
    names = dict(zip(tiers["iso3"], tiers["name"], strict=True))
    country = country_selectbox(
        names, placeholder="Choose a country to see its history and sentences"
    )
    if country:
        row = tiers.set_index("iso3").loc[country]
        c1, c2 = st.columns(2)
        c1.metric("Highest tier in the texts", rung(row["tier_rank"], row["tier"]))
        c2.metric(
            "Reference designation",
            rung(row["ref_tier_rank"], row["ref_tier"]) or metrics.NOT_IN_REFERENCE,
            help="From reference research, not from the texts (see the table below).",
        )
        st.caption(
            f"{metrics.agreement_text(row['agreement'])} · {escape_markdown(names[country])}"
        )
        history = q.partnership_history(db, filters, country)
        ref_rank = metrics.tier_rank_or_none(row["ref_tier_rank"])
        ref_note = (
            f"{row['ref_designation']} (since {metrics.year_text(row['ref_year'])}, "
            f"{row['ref_confidence']} confidence)"
        )
        if history["date"].isna().all():
            st.info("None of this country's mentions in the selection has a date: no history.")
        else:
            st.altair_chart(
                charts.tier_history(
                    history,
                    title=f"{names[country]}: partnership tier over time",
                    subtitle=[
                        "Each mention of a tier in the texts; the line is the highest tier named so "
                        "far; establishments and upgrades are marked; dashed: reference tier",
                        described,
                    ],
                    tier_labels=LADDER_LABELS,
                    reference=(ref_rank, ref_note) if ref_rank in LADDER_LABELS else None,
                ),
                width="stretch",
            )
        undated = int(history.loc[history["date"].isna(), "mentions"].sum())
        if undated:
            st.caption(f"Undated: {undated} mention(s) have no date and are not on the chart.")
        if metrics.tier_rank_or_none(row["ref_tier_rank"]) is not None:
            st.dataframe(
                row.to_frame().T.assign(ref_label=tier_label(row["ref_tier"]))[
                    ["ref_designation", "ref_label", "ref_year", "ref_confidence", "ref_source"]
                ],
                hide_index=True,
                column_config={
                    **REFERENCE_COLUMNS,
                    "ref_designation": "Reference designation",
                    "ref_label": "Tier",
                },
            )
        evidence = q.partnership_evidence(db, filters, country)
        evidence["tier"] = [tier_label(t) for t in evidence["tier"]]
        st.dataframe(
            evidence[
                [
                    "date",
                    "framework",
                    "tier_rank",
                    "tier",
                    "phrase",
                    "status",
                    "sentence",
                    "article_title",
                    "article_id",
                ]
            ],
            hide_index=True,
            column_config={
                "date": st.column_config.DateColumn("Date"),
                "tier_rank": "Rank",
                "sentence": st.column_config.TextColumn("Evidence sentence", width="large"),
                "article_title": "Article",
                "article_id": "Article id",
            },
        )

st.subheader("Reference designations")
st.caption(
    "Current official designations from reference research (status as of late 2025), not "
    "from the texts: one row per country with the year the tier was established or last "
    "upgraded, a source and a confidence (high: confirmed by state media or an official "
    "report; medium: label known, year or wording not re-verified; low: inferred or contested). "
    f"The region filter applies; the month filter only selects the texts' side · {described}"
)
if reference.empty:
    st.info(f"No reference designations for this region ({described}).")
else:
    st.dataframe(
        reference.assign(
            reference=[
                rung(r, t) or tier_label(t)
                for r, t in zip(reference["ref_tier_rank"], reference["ref_tier"], strict=True)
            ],
            texts=[
                rung(r, t) for r, t in zip(reference["tier_rank"], reference["tier"], strict=True)
            ],
            vs_reference=[metrics.agreement_text(a) for a in reference["agreement"]],
        )[
            [
                "name",
                "designation",
                "reference",
                "ref_year",
                "ref_confidence",
                "texts",
                "vs_reference",
                "ref_source",
            ]
        ],
        hide_index=True,
        column_config={
            **REFERENCE_COLUMNS,
            "name": "Country",
            "designation": st.column_config.TextColumn("Designation", width="medium"),
            "texts": "In the texts",
        },
    )
