import { describe } from 'vitest';
import { describeEventStoreContract } from './eventStore.contract.js';
import { requirePostgres, titled } from '../support/tools.js';
import { postgresStore } from './sqlStores.js';

// A real server (the local PostgreSQL, or TEST_DATABASE_URL/DATABASE_URL), a fresh database for this suite.
const noPostgres = requirePostgres();
describe.skipIf(noPostgres !== undefined)(titled('PostgreSQL server', noPostgres), () => {
  describeEventStoreContract('PostgreSQL', async (schemas) => {
    const fixture = await postgresStore({ schemas });
    return { store: fixture.store, openAnother: fixture.openAnother, teardown: fixture.teardown };
  });
});
