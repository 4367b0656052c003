import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../../support/given.js';
import type { TestApp } from '../../support/test-app.js';

const ROOT = resolve(__dirname, '../../..');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export type Role = 'api' | 'worker';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** One app process from `dist/`, its port and everything it logged. */
export class AppProcess {
  child!: ChildProcess;
  readonly lines: LogLine[] = [];
  private exited?: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly role: Role,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process and resolves once `/health/live` answers. */
  async start(): Promise<void> {
    const main = this.role === 'api' ? 'dist/apps/api/src/main.js' : 'dist/apps/worker/src/main.js';
    const child = spawn(process.execPath, ['--enable-source-maps', main], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    let partial = '';
    const collect = (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) {
          if (line.trim()) this.lines.push({ level: 50, msg: line });
          continue;
        }
        try {
          this.lines.push(JSON.parse(line) as LogLine);
        } catch {
          this.lines.push({ level: 50, msg: line });
        }
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${this.name} exited with ${child.exitCode}: ${this.dump()}`);
      const live = await fetch(`${this.url}/health/live`).then(
        (res) => res.status,
        () => 0,
      );
      if (live === 200) return;
      if (Date.now() > deadline) throw new Error(`${this.name} did not start: ${this.dump()}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  get running(): boolean {
    return this.child?.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<number | null> {
    if (!this.running) return this.child?.exitCode ?? null;
    this.child.kill(signal);
    const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), timeoutMs));
    const code = await Promise.race([this.exited!, timeout]);
    if (code === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error(`${this.name} did not exit within ${timeoutMs} ms after ${signal}`);
    }
    return code;
  }

  /** Lines at `minLevel` (pino's 50, error, by default) or above, and whatever was not a JSON log line. */
  problems(minLevel = 50): LogLine[] {
    return this.lines.filter((line) => line.level >= minLevel);
  }

  dump(): string {
    return this.lines
      .slice(-30)
      .map((line) => JSON.stringify(line))
      .join('\n');
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const databaseUrl = (name: string) => {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

/** The processes run the built apps: `npm run test:resilience` builds them when stale. */
export function ensureBuilt(): void {
  if (!existsSync(resolve(ROOT, 'dist/apps/api/src/main.js')))
    throw new Error('No dist/: run `npm run build` (or `npm run test:resilience`) first');
}

export interface ClusterOptions {
  apis?: number;
  workers?: number;
  /** Environment for every process (before the cluster's own). */
  env?: Record<string, string>;
  /** Redis as the apps see it (e.g. a relay the test can cut); the real one by default. */
  redisUrl?: string;
}

/**
 * A deployment on loopback: a database of its own (created and migrated here, dropped at the
 * end), a queue prefix of its own on the shared Redis, and N API and M worker processes.
 */
export class Cluster {
  readonly apis: AppProcess[] = [];
  readonly workers: AppProcess[] = [];
  readonly database = `etutors_resilience_${randomBytes(4).toString('hex')}`;
  readonly prefix = `etutors-resilience-${randomBytes(4).toString('hex')}`;
  db!: pg.Pool;
  private next = 0;
  private readonly env: Record<string, string>;

  constructor(private readonly options: ClusterOptions = {}) {
    this.env = {
      NODE_ENV: 'test',
      JWT_SECRET: 'resilience-secret-that-is-at-least-32-characters-long',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl(this.database),
      REDIS_URL: options.redisUrl ?? REDIS_URL,
      QUEUE_PREFIX: this.prefix,
      OUTBOX_POLL_MS: '200',
      JOBS_BACKOFF_MS: '200',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      RATE_LIMIT_SIGNUP_PER_IP: '100000',
      RATE_LIMIT_LOGIN_PER_IP: '100000',
      DOCS_ENABLED: 'false',
      ...options.env,
    };
  }

  async start(): Promise<void> {
    ensureBuilt();
    const server = new pg.Client({ connectionString: SERVER_URL });
    await server.connect();
    try {
      await server.query(`CREATE DATABASE "${this.database}"`);
    } finally {
      await server.end();
    }
    const migrated = spawnSync(process.execPath, ['dist/scripts/migrate.js', 'run'], {
      cwd: ROOT,
      env: { ...process.env, ...this.env },
      encoding: 'utf8',
    });
    if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
    this.db = new pg.Pool({ connectionString: this.env.DATABASE_URL, max: 4 });
    // The first API bootstraps the admin; the others start next to it.
    await this.add('api');
    await Promise.all([
      ...Array.from({ length: (this.options.apis ?? 2) - 1 }, () => this.add('api')),
      ...Array.from({ length: this.options.workers ?? 2 }, () => this.add('worker')),
    ]);
  }

  /** Starts one more process of `role` (a restart is a new process on a new port). */
  async add(role: Role, env: Record<string, string> = {}): Promise<AppProcess> {
    const port = await freePort();
    const name = `${role}-${++this.next}`;
    const app = new AppProcess(name, role, port, {
      ...this.env,
      ...(role === 'api' ? { PORT: String(port) } : { WORKER_PORT: String(port), PORT: '0' }),
      SERVICE_NAME: `etutors-${name}`,
      ...env,
    });
    (role === 'api' ? this.apis : this.workers).push(app);
    await app.start();
    return app;
  }

  get processes(): AppProcess[] {
    return [...this.apis, ...this.workers];
  }

  /** A TestApp-shaped client (for test/support/given.ts) that goes round the running APIs. */
  client(): TestApp {
    let turn = 0;
    return {
      http: () => {
        const running = this.apis.filter((api) => api.running);
        return request(running[turn++ % running.length].url);
      },
    } as unknown as TestApp;
  }

  /** A client bound to one API. */
  clientOf(api: AppProcess): TestApp {
    return { http: () => request(api.url) } as unknown as TestApp;
  }

  get databaseUrl(): string {
    return this.env.DATABASE_URL;
  }

  async query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.db.query(sql, params)).rows as Row[];
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map((app) => app.stop('SIGTERM').catch(() => app.stop('SIGKILL'))),
    );
    await this.db?.end();
    if (process.env.RESILIENCE_KEEP_DATABASE) return;
    const server = new pg.Client({ connectionString: SERVER_URL });
    await server.connect();
    try {
      await server.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    } finally {
      await server.end();
    }
    const redis = spawnSync(
      'redis-cli',
      ['-u', REDIS_URL, '--scan', '--pattern', `${this.prefix}*`],
      {
        encoding: 'utf8',
      },
    );
    const keys = redis.stdout.split('\n').filter(Boolean);
    for (let i = 0; i < keys.length; i += 500)
      spawnSync('redis-cli', ['-u', REDIS_URL, 'del', ...keys.slice(i, i + 500)]);
  }
}

/** A table locked from the test's own connection, so the app's statements on it wait. */
export async function holdTable(
  cluster: Cluster,
  table: string,
  mode = 'EXCLUSIVE',
): Promise<{ waiting: () => Promise<number>; release: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: cluster.databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${table} IN ${mode} MODE`);
  const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows as {
    pid: number;
  }[];
  return {
    /** How many of the app's statements wait on this lock now. */
    waiting: async () => {
      const [row] = await cluster.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM pg_stat_activity
          WHERE $1 = ANY(pg_blocking_pids(pid))`,
        [pid],
      );
      return row.count;
    },
    release: async () => {
      await client.query('COMMIT').catch(() => undefined);
      await client.end();
    },
  };
}
