// The event log on PostgreSQL (and PGlite). Global order is (epoch, tx_id, seq):
// - tx_id is the appending transaction's id (xid8, never wraps). A reader only reads rows whose tx_id is below
//   the xmin of the current snapshot: every transaction below it has ended, so no row can later appear
//   before what the reader has passed. Ordering by seq alone would skip an event whose transaction took its
//   seq first but committed last.
// - epoch exists for the logical-restore trap: pg_restore into a fresh cluster brings rows whose tx_ids are
//   far ahead of the new cluster's counter. Each epoch records the cluster (system identifier) that writes in
//   it; the first append or read on another cluster opens the next epoch, so new events sort after every
//   restored one, and restored rows (all committed) count as visible because their epoch is older.
import type { Migration } from './migration.js';

export const eventStoreMigration: Migration = {
  id: '0001_event_store',
  sql: `
CREATE TABLE es_epochs (
  epoch integer PRIMARY KEY,
  system_identifier text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE es_events (
  epoch integer NOT NULL,
  tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  event_id uuid NOT NULL,
  stream_name text NOT NULL,
  revision bigint NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT es_events_pkey PRIMARY KEY (epoch, tx_id, seq),
  CONSTRAINT es_events_stream_revision_key UNIQUE (stream_name, revision),
  CONSTRAINT es_events_event_id_key UNIQUE (event_id)
);

-- The epoch this cluster writes in, opening a new one when the newest epoch belongs to another cluster.
-- The cluster id is read once per session (pg_control_system reads the control file).
CREATE FUNCTION es_current_epoch() RETURNS integer LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  v_cluster text := current_setting('schoolbot.cluster_id', true);
  v_epoch integer;
  v_epoch_cluster text;
BEGIN
  IF v_cluster IS NULL OR v_cluster = '' THEN
    SELECT system_identifier::text INTO v_cluster FROM pg_control_system();
    PERFORM set_config('schoolbot.cluster_id', v_cluster, false);
  END IF;
  SELECT epoch, system_identifier INTO v_epoch, v_epoch_cluster FROM es_epochs ORDER BY epoch DESC LIMIT 1;
  IF v_epoch IS NOT NULL AND v_epoch_cluster = v_cluster THEN
    RETURN v_epoch;
  END IF;
  INSERT INTO es_epochs (epoch, system_identifier) VALUES (coalesce(v_epoch, 0) + 1, v_cluster)
    ON CONFLICT (epoch) DO NOTHING;
  SELECT epoch INTO v_epoch FROM es_epochs ORDER BY epoch DESC LIMIT 1;
  RETURN v_epoch;
END
$fn$;

-- One round trip per append: retry detection, the expected-revision check and the insert. The unique
-- (stream_name, revision) constraint is the final word on a race; the client retries on its violation.
-- p_expected: 'any' | 'no_stream' | 'stream_exists' | a revision. p_events: [{id, type, data, metadata}].
CREATE FUNCTION es_append(p_stream text, p_expected text, p_events jsonb)
RETURNS TABLE (r_outcome text, r_revision bigint, r_epoch integer, r_tx_id xid8, r_seq bigint)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  v_count integer := jsonb_array_length(p_events);
  v_current bigint;
  v_found integer;
  v_min bigint;
  v_max bigint;
  v_same_stream boolean;
  v_epoch integer;
  v_expected_holds boolean;
BEGIN
  -- Writers of one stream queue here instead of failing on the unique constraint and retrying; the lock is
  -- released at commit. (Two streams sharing a hash only queue behind each other.)
  PERFORM pg_advisory_xact_lock(hashtext(p_stream));
  IF EXISTS (SELECT 1 FROM es_events
              WHERE event_id IN (SELECT (value->>'id')::uuid FROM jsonb_array_elements(p_events))) THEN
    SELECT count(*), min(revision), max(revision), bool_and(stream_name = p_stream)
      INTO v_found, v_min, v_max, v_same_stream
      FROM es_events
     WHERE event_id IN (SELECT (value->>'id')::uuid FROM jsonb_array_elements(p_events));
    IF v_found = v_count AND v_same_stream AND v_max - v_min + 1 = v_count THEN
      RETURN QUERY SELECT 'retried'::text, e.revision, e.epoch, e.tx_id, e.seq
        FROM es_events e WHERE e.stream_name = p_stream AND e.revision = v_max;
    ELSE
      RETURN QUERY SELECT 'id_clash'::text, NULL::bigint, NULL::integer, NULL::xid8, NULL::bigint;
    END IF;
    RETURN;
  END IF;

  SELECT max(revision) INTO v_current FROM es_events WHERE stream_name = p_stream;
  v_expected_holds := CASE p_expected
      WHEN 'any' THEN true
      WHEN 'no_stream' THEN v_current IS NULL
      WHEN 'stream_exists' THEN v_current IS NOT NULL
      ELSE v_current IS NOT DISTINCT FROM p_expected::bigint
    END;
  IF NOT v_expected_holds THEN
    RETURN QUERY SELECT 'conflict'::text, v_current, NULL::integer, NULL::xid8, NULL::bigint;
    RETURN;
  END IF;

  v_epoch := es_current_epoch();
  RETURN QUERY
  WITH inserted AS (
    INSERT INTO es_events (epoch, event_id, stream_name, revision, type, data, metadata)
    SELECT v_epoch, (x.value->>'id')::uuid, p_stream, coalesce(v_current, -1) + x.ordinality,
           x.value->>'type', x.value->'data', x.value->'metadata'
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x
     ORDER BY x.ordinality
    RETURNING revision, epoch, tx_id, seq
  )
  SELECT 'appended'::text, i.revision, i.epoch, i.tx_id, i.seq FROM inserted i ORDER BY i.revision DESC LIMIT 1;
END
$fn$;
`,
};
