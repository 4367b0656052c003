import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

const MAIN = 'dist/apps/api/src/main.js';
const WORKER_MAIN = 'dist/apps/worker/src/main.js';
// A bad configuration is found after the contexts' modules load (they declare their settings):
// seconds on a busy machine.
const REFUSES_WITHIN_MS = 25_000;

/** The real entry point, as `npm start` runs it. */
function startProcess(
  env: Record<string, string | undefined>,
  main = MAIN,
): {
  child: ChildProcess;
  output: () => string;
} {
  let output = '';
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  return { child, output: () => output };
}

async function exitOf(child: ChildProcess, withinMs: number): Promise<number | null> {
  const timer = setTimeout(() => child.kill('SIGKILL'), withinMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return code;
}

describe('the API process', () => {
  beforeAll(() => {
    // Tests the compiled entry point, so build the current sources first.
    execSync('npm run build --silent', { stdio: 'ignore' });
  }, 120_000);

  it('refuses to start on a bad configuration, naming every variable and printing no stack', async () => {
    const { child, output } = startProcess({
      DATABASE_URL: process.env.DATABASE_URL,
      PORT: 'eighty',
      JWT_SECRET: '',
    });
    const code = await exitOf(child, REFUSES_WITHIN_MS);
    expect(code).toBe(1);
    expect(output()).toContain('Invalid configuration:');
    expect(output()).toContain('JWT_SECRET is required');
    expect(output()).toMatch(/PORT: .*must be an integer number/);
    expect(output()).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['API', MAIN],
    ['worker', WORKER_MAIN],
  ])(
    "lists the platform's and the contexts' problems in one message before the %s boots",
    async (_name, main) => {
      const { child, output } = startProcess(
        {
          DATABASE_URL: process.env.DATABASE_URL,
          PORT: '-1',
          PLATFORM_FEE_BPS: '20000',
          JWT_SECRET: 'short',
          BOOKING_HOLD_MINUTES: '0',
        },
        main,
      );
      expect(await exitOf(child, REFUSES_WITHIN_MS)).toBe(1);
      const message = output().slice(output().indexOf('Invalid configuration:'));
      expect(message.split('\n').filter((line) => line.startsWith('  - '))).toEqual([
        '  - PORT: must not be less than 0',
        '  - JWT_SECRET: must be at least 32 characters',
        '  - BOOKING_HOLD_MINUTES: must not be less than 1',
        '  - PLATFORM_FEE_BPS: must not be greater than 10000',
      ]);
      expect(output()).not.toMatch(/\n\s+at /);
    },
  );

  it('serves, then on SIGTERM stops cleanly with exit code 0 within 10 s', async () => {
    const port = String(30000 + Math.floor(Math.random() * 20000));
    const { child, output } = startProcess({
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: process.env.REDIS_URL,
      QUEUE_PREFIX: process.env.QUEUE_PREFIX,
      JWT_SECRET: process.env.JWT_SECRET,
      PORT: port,
      LOG_LEVEL: 'info',
    });
    try {
      let live = 0;
      for (let i = 0; i < 100 && live !== 200; i += 1) {
        live = await fetch(`http://127.0.0.1:${port}/health/live`).then(
          (r) => r.status,
          () => 0,
        );
        if (live !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(live).toBe(200);
      const started = Date.now();
      child.kill('SIGTERM');
      const code = await exitOf(child, 12_000);
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      // One structured JSON line per request, with the request id.
      const requestLine = output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.msg === 'request' && line.route === '/health/live');
      expect(requestLine).toMatchObject({ level: 'info', status: 200, method: 'GET' });
      expect(requestLine?.requestId).toEqual(expect.any(String));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
