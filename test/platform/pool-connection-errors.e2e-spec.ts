import { Logger } from '@nestjs/common';
import type { EventEmitter } from 'node:events';
import { DataSource } from 'typeorm';
import { PoolConnectionErrors } from '../../libs/platform/src/database/pool-connection-errors.js';

type PgPool = EventEmitter & {
  connect(): Promise<PgClient>;
  end(): Promise<void>;
};
type PgClient = EventEmitter & {
  query(sql: string): Promise<{ rows: { pid: number }[] }>;
  release(error?: Error): void;
};

/** PostgreSQL terminates the checked-out `client` from another session; resolves once it knows. */
async function terminate(client: PgClient, admin: DataSource): Promise<void> {
  const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows as [
    { pid: number },
  ];
  const failed = new Promise((resolve) => client.once('error', resolve));
  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  await failed;
}

describe('a pooled connection PostgreSQL terminates', () => {
  let admin: DataSource;
  beforeAll(async () => {
    admin = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL }).initialize();
  });
  afterAll(() => admin.destroy());
  afterEach(() => jest.restoreAllMocks());

  async function watchedPool() {
    const dataSource = await new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
    }).initialize();
    new PoolConnectionErrors(dataSource).onModuleInit();
    return { dataSource, pool: (dataSource.driver as unknown as { master: PgPool }).master };
  }

  it('is reported as a warning while the pool is in use, and does not end the process', async () => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { dataSource, pool } = await watchedPool();
    const client = await pool.connect();
    await terminate(client, admin);
    client.release(new Error('terminated'));
    expect(warned).toHaveBeenCalledWith(
      expect.stringMatching(/^A pooled connection failed: terminating connection/),
    );
    // The pool still serves, on a new connection.
    expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await dataSource.destroy();
  });

  it('is not reported while the pool is closing: the process is stopping', async () => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { pool } = await watchedPool();
    const checkedOut = await pool.connect();
    // Closing waits for the checked-out connection, which PostgreSQL terminates meanwhile.
    const closing = pool.end();
    await terminate(checkedOut, admin);
    checkedOut.release(new Error('terminated'));
    await closing;
    expect(warned).not.toHaveBeenCalled();
  });
});
