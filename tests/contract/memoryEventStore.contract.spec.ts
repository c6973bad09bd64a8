import { createMemoryEventStore } from '../../adapters/eventstore/memory.js';
import { describeEventStoreContract } from './eventStore.contract.js';

describeEventStoreContract('in-memory', async (schemas) => {
  const store = createMemoryEventStore({ schemas });
  return { store, teardown: () => store.close() };
});
