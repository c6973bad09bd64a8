// Positions of the SQL store: "epoch/tx_id/seq", zero-padded so that text order equals log order (handy when
// an operator looks at checkpoints), but callers compare them only through the store.
import type { Position } from '../../application/ports/eventStore.js';
import { InvalidEventError } from '../../application/ports/eventStore.js';

export interface SqlPositionParts {
  epoch: number;
  txId: bigint;
  seq: bigint;
}

const FORMAT = /^(\d{6})\/(\d{20})\/(\d{20})$/;

export function encodeSqlPosition(epoch: number | string, txId: bigint | string, seq: bigint | string): Position {
  return `${String(epoch).padStart(6, '0')}/${String(txId).padStart(20, '0')}/${String(seq).padStart(20, '0')}` as Position;
}

export function decodeSqlPosition(position: Position): SqlPositionParts {
  const match = FORMAT.exec(position);
  if (!match) throw new InvalidEventError(`not a position of the PostgreSQL event store: "${String(position).slice(0, 80)}"`);
  return { epoch: Number(match[1]), txId: BigInt(match[2]!), seq: BigInt(match[3]!) };
}

export function compareSqlPositions(a: Position, b: Position): number {
  decodeSqlPosition(a);
  decodeSqlPosition(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
