"""Events and evidence derived from the stored GDELT rows and mentions (all in SQL).

An event is the set of ``gdelt_rows`` sharing one duplicate signature; rebuilding it from
every such row (not just the new ones) is what keeps re-emitted rows and re-ingested
files from double-counting.
"""

from __future__ import annotations

from axiswatch.store.workspace import Workspace

EXTRACTOR_VERSION = "gdelt-cameo-plover/1"


def _q(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def rebuild_events(ws: Workspace, touched: str) -> None:
    """Recompute the events and evidence of the event ids in table ``touched`` from the stored rows."""
    # A single machine-coded row is right only about one time in four or five (public audits in
    # reference/event-data.md section 1.7), so confidence starts at 0.2 and grows slowly with
    # independent sources and collapsed re-reports, never above 0.6 without other corroboration.
    ws.execute(f"""
        INSERT OR REPLACE INTO events (event_id, origin_kind, document_id, origin, event_type, mode, source,
            target, source_name, target_name, commodity, date, date_start, quantity_value, quantity_unit,
            certainty, confidence, extractor_version, superseded, attrs)
        SELECT r.event_id, 'gdelt', NULL,
               json_object('dataset', 'gdelt', 'version', min(gdelt_version),
                           'file', arg_min(file, global_event_id),
                           'row', min(global_event_id), 'key', min(signature), 'rows', count(*)),
               min(plover_type), coalesce(min(plover_mode), min(plover_context)), min(source), min(target),
               arg_min(actor1_name, global_event_id), arg_min(actor2_name, global_event_id),
               CASE WHEN min(plover_type) = 'AID' THEN 'other' END,
               strftime(min(sql_date), '%Y-%m-%d'), min(sql_date), NULL, NULL, 'reported',
               round(least(0.6, 0.2 + 0.08 * ln(greatest(sum(coalesce(num_sources, 1)), 1))
                                + 0.04 * ln(count(*)) + 0.02 * ln(1 + coalesce(any_value(mc.n), 0))), 4),
               {_q(EXTRACTOR_VERSION)}, false,
               json_object('cameo_code', min(event_code), 'cameo_label', min(cameo_label),
                           'plover_mode', min(plover_mode), 'plover_context', min(plover_context),
                           'quad_class', min(quad_class), 'goldstein', min(goldstein),
                           'num_mentions', sum(num_mentions), 'num_sources', sum(num_sources),
                           'num_articles', sum(num_articles), 'avg_tone', round(avg(avg_tone), 3),
                           'is_root_event', bool_or(is_root_event), 'translingual', bool_and(translingual),
                           'collapsed_rows', count(*), 'mention_rows', coalesce(any_value(mc.n), 0),
                           'global_event_ids', (list(global_event_id ORDER BY global_event_id))[1:20],
                           'actor1_code', min(actor1_code), 'actor2_code', min(actor2_code),
                           'action_geo_fips', min(action_geo_fips), 'action_geo_adm1', min(action_geo_adm1),
                           'action_geo_name', min(action_geo_name), 'action_geo_type', min(action_geo_type),
                           'action_geo_lat', min(action_geo_lat), 'action_geo_lon', min(action_geo_lon),
                           'source_urls',
                           (list(DISTINCT source_url) FILTER (WHERE source_url IS NOT NULL))[1:10])
        FROM gdelt_rows r
        LEFT JOIN (SELECT r2.event_id, count(*) AS n
                   FROM gdelt_mentions m JOIN gdelt_rows r2 USING (global_event_id)
                   WHERE r2.event_id IN (SELECT event_id FROM {touched}) GROUP BY r2.event_id) mc
               ON mc.event_id = r.event_id
        WHERE r.event_id IN (SELECT event_id FROM {touched})
        GROUP BY r.event_id
    """)
    ws.execute(f"DELETE FROM evidence WHERE event_id IN (SELECT event_id FROM {touched})")
    # Row evidence describes the coded row and its SOURCEURL; mention evidence carries the
    # article's character span of actors and action (document_id stays NULL: the article is not stored).
    ws.execute(f"""
        INSERT INTO evidence (event_id, seq, document_id, text, start_char, end_char)
        SELECT event_id, (row_number() OVER (PARTITION BY event_id ORDER BY kind, k1, k2, k3) - 1)::INTEGER,
               NULL, text, s, coalesce(e, length(text))
        FROM (
          SELECT event_id, 0 AS kind, global_event_id AS k1, 0 AS k2, '' AS k3,
                 'GDELT ' || gdelt_version || ' row ' || global_event_id || ': ' || source || '→' || target
                   || ' CAMEO ' || event_code || ' (' || coalesce(cameo_label, '?') || ')'
                   || coalesce('; source ' || source_url, '') AS text,
                 0 AS s, NULL::INTEGER AS e
          FROM gdelt_rows WHERE event_id IN (SELECT event_id FROM {touched})
          UNION ALL
          SELECT r.event_id, 1, m.global_event_id, m.sentence_id, m.mention_identifier,
                 'GDELT 2.0 mention of row ' || m.global_event_id || ': ' || m.mention_identifier
                   || ', sentence ' || m.sentence_id
                   || coalesce(', confidence ' || m.confidence || '%', ''),
                 coalesce(list_min(list_filter([m.actor1_offset, m.actor2_offset, m.action_offset],
                                               x -> x >= 0)), 0),
                 coalesce(list_max([m.actor1_offset, m.actor2_offset, m.action_offset]), 0)
          FROM gdelt_mentions m JOIN gdelt_rows r USING (global_event_id)
          WHERE r.event_id IN (SELECT event_id FROM {touched})
        )
        QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY kind, k1, k2, k3) <= 50
    """)
