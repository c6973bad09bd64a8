// The fault schedule: from the seed, when each fault strikes and how long the thing stays down. Kinds: the bot
// killed (kill -9) and started again, the worker likewise, PostgreSQL stopped at once (`-m immediate`) and
// started, Redis stopped and started. One fault at a time; the next waits until the previous one recovered.
import type { Random } from './random.js';

export type FaultKind = 'bot-kill' | 'worker-kill' | 'postgres-restart' | 'redis-restart';
export const FAULT_KINDS: readonly FaultKind[] = ['bot-kill', 'worker-kill', 'postgres-restart', 'redis-restart'];

export interface PlannedFault {
  kind: FaultKind;
  /** From the start of the load (ms). */
  atMs: number;
  /** How long it stays down before it is started again (ms). */
  downMs: number;
}

export interface FaultRecord extends PlannedFault {
  startedAt: number;
  recoveredAt?: number;
  error?: string;
}

/** About one fault of each kind per 2.7 minutes (at least one of each), in the first 85% of the load. */
export function planFaults(random: Random, durationMs: number): PlannedFault[] {
  const perKind = Math.max(1, Math.round(durationMs / 162_000));
  const planned: PlannedFault[] = [];
  for (const kind of FAULT_KINDS) {
    for (let i = 0; i < perKind; i += 1) {
      const downMs = kind === 'postgres-restart' ? random.between(1_000, 8_000) : kind === 'redis-restart' ? random.between(500, 5_000) : random.between(200, 3_000);
      planned.push({ kind, atMs: Math.round(random.between(0.08, 0.85) * durationMs), downMs: Math.round(downMs) });
    }
  }
  return planned.sort((a, b) => a.atMs - b.atMs);
}

export type FaultActions = Record<FaultKind, (downMs: number) => Promise<void>>;

/** Runs the plan against the actions; each fault's start and recovery are recorded. */
export async function runFaults(plan: readonly PlannedFault[], actions: FaultActions, startedAt: number, records: FaultRecord[], say: (line: string) => void): Promise<void> {
  for (const fault of plan) {
    const wait = startedAt + fault.atMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const record: FaultRecord = { ...fault, startedAt: Date.now() };
    records.push(record);
    say(`fault: ${fault.kind} (down ${fault.downMs} ms) at +${Math.round((record.startedAt - startedAt) / 1000)} s`);
    try {
      await actions[fault.kind](fault.downMs);
      record.recoveredAt = Date.now();
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      say(`fault: ${fault.kind} did not recover: ${record.error}`);
      throw error;
    }
  }
}
