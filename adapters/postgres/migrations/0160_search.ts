// The search read model (projections/search.ts, version 1) and pg_trgm, whose operator class its room index
// uses (a trusted extension: the database's owner may create it). PGlite loads pg_trgm in pgliteExecutor.ts.
// A new installation's projector fills the table from the whole log on its first start.
import type { Migration } from './migration.js';

export const searchMigration: Migration = {
  id: '0160_search',
  sql: `
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE IF NOT EXISTS "rm_search" ("id" text NOT NULL, "kind" text NOT NULL, "number" int NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "location" text NOT NULL, "room" text, "comments" text NOT NULL, "reports" text NOT NULL, "author_id" text, "issuer_id" text, "assignee_id" text, "people" text[] NOT NULL, "status" text NOT NULL, "opened_at" timestamptz NOT NULL, "due_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "doc_public" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('russian', title), 'A') || setweight(to_tsvector('russian', description || ' ' || location), 'B')) STORED, "doc_full" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('russian', title), 'A') || setweight(to_tsvector('russian', description || ' ' || location), 'B') || setweight(to_tsvector('russian', comments || ' ' || reports), 'C')) STORED, "doc_comments" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('russian', comments || ' ' || reports), 'C')) STORED, CONSTRAINT "rm_search_pkey" PRIMARY KEY ("id"));

CREATE INDEX IF NOT EXISTS "rm_search_doc_full_idx" ON "rm_search" USING gin (doc_full);

CREATE INDEX IF NOT EXISTS "rm_search_doc_public_idx" ON "rm_search" USING gin (doc_public);

CREATE INDEX IF NOT EXISTS "rm_search_doc_comments_idx" ON "rm_search" USING gin (doc_comments);

CREATE INDEX IF NOT EXISTS "rm_search_people_idx" ON "rm_search" USING gin (people);

CREATE INDEX IF NOT EXISTS "rm_search_room_trgm_idx" ON "rm_search" USING gin (room gin_trgm_ops);

CREATE INDEX IF NOT EXISTS "rm_search_author_idx" ON "rm_search" (author_id);

CREATE INDEX IF NOT EXISTS "rm_search_assignee_idx" ON "rm_search" (assignee_id);

CREATE INDEX IF NOT EXISTS "rm_search_issuer_idx" ON "rm_search" (issuer_id);

CREATE INDEX IF NOT EXISTS "rm_search_number_idx" ON "rm_search" (number, kind);

CREATE INDEX IF NOT EXISTS "rm_search_opened_idx" ON "rm_search" (opened_at);
`,
};
