// Stored events never change; a reader lifts old shapes to the current one here. An upcaster maps data of
// version v to version v+1; `liftToVersion` chains them. Every event type is at version 1 today, so the
// table is empty. A new version adds one entry here and bumps the type's schemaVersion in its events.ts,
// e.g. `TicketOpened: { 1: (data) => ({ ...data, building: null }) }`.
import { z } from 'zod';

export type Upcaster = (data: unknown) => unknown;

export const upcasters: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = {};

export type UpcastResult = { ok: true; data: unknown } | { ok: false; reason: string };

export function liftToVersion(
  type: string,
  schemaVersion: number,
  data: unknown,
  currentVersion: number,
  table: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = upcasters,
): UpcastResult {
  if (!z.number().int().positive().safeParse(schemaVersion).success) {
    return { ok: false, reason: `schemaVersion ${String(schemaVersion)} is not a positive integer` };
  }
  if (schemaVersion > currentVersion) {
    return { ok: false, reason: `schemaVersion ${schemaVersion} is newer than this code knows (${currentVersion})` };
  }
  let value = data;
  for (let version = schemaVersion; version < currentVersion; version += 1) {
    const step = table[type]?.[version];
    if (!step) return { ok: false, reason: `no upcaster for ${type} from version ${version}` };
    value = step(value);
  }
  return { ok: true, data: value };
}
