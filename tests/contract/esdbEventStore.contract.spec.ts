// EventStoreDB runs wherever EVENTSTORE_URL points at one (the GitHub workflow starts a service container;
// locally: see README, "Event store"). Our build machines cannot run it, so the suite is skipped there and
// says why.
import { describe, it } from 'vitest';
import { createEsdbEventStore } from '../../adapters/eventstore/esdbEventStore.js';
import { describeEventStoreContract } from './eventStore.contract.js';

const url = process.env.EVENTSTORE_URL;

if (url) {
  describeEventStoreContract(
    'EventStoreDB',
    async (schemas) => {
      const store = createEsdbEventStore({ connectionString: url, schemas });
      return {
        store,
        openAnother: async () => createEsdbEventStore({ connectionString: url, schemas }),
        teardown: () => store.close(),
      };
    },
    // EventStoreDB checks ids only against the stream being appended to.
    { refusesForeignIdClash: false },
  );
} else {
  describe.skip('event store contract: EventStoreDB — skipped: set EVENTSTORE_URL (e.g. esdb://localhost:2113?tls=false) to run it', () => {
    it('runs the contract against EventStoreDB', () => undefined);
  });
}
