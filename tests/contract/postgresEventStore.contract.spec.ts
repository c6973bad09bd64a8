import { describeEventStoreContract } from './eventStore.contract.js';
import { postgresStore } from './sqlStores.js';

// A real server (the local PostgreSQL, or TEST_DATABASE_URL/DATABASE_URL), a fresh database for this suite.
describeEventStoreContract('PostgreSQL', async (schemas) => {
  const fixture = await postgresStore({ schemas });
  return { store: fixture.store, openAnother: fixture.openAnother, teardown: fixture.teardown };
});
