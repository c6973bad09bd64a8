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
`,
};
