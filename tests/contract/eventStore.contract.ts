// The event-store contract: every store (memory, PGlite, PostgreSQL, EventStoreDB) runs these same cases from
// its own *.spec.ts. A store passes the contract or it is not an event store of SchoolBot.
import { afterAll, beforeAll, describe } from 'vitest';
import type { ContractHarness, ContractOptions } from './eventStore/harness.js';
import { contractSchemas } from './eventStore/harness.js';
import { appendAndReadCases } from './eventStore/appendAndRead.js';
import { concurrencyCases } from './eventStore/concurrency.js';
import { contentCases } from './eventStore/content.js';
import type { EventSchemas } from '../../adapters/eventstore/readValidation.js';

export type { ContractHarness, ContractOptions } from './eventStore/harness.js';

export function describeEventStoreContract(
  name: string,
  setUp: (schemas: EventSchemas) => Promise<ContractHarness>,
  options: ContractOptions = {},
) {
  // Generous: the machines running this are shared, and a reader on PostgreSQL may wait for other suites'
  // transactions to end before it sees what was appended (see waitUntilVisible).
  describe(`event store contract: ${name}`, { timeout: 120_000 }, () => {
    let harness: ContractHarness | undefined;
    const current = () => {
      if (!harness) throw new Error('the store under test was not set up');
      return harness;
    };
    beforeAll(async () => {
      harness = await setUp(contractSchemas);
    });
    afterAll(async () => {
      await harness?.teardown();
    });

    describe('append and read', () => appendAndReadCases(current, options));
    describe('content and bad input', () => contentCases(current));
    describe('concurrency and subscriptions', () => concurrencyCases(current, options));
  });
}
