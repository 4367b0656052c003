import { Writable } from 'node:stream';
import { createLogger, PinoNestLogger } from './logger.js';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
};

const captureAt = (level: string) => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, nest: new PinoNestLogger(createLogger(level, stream)) };
};

describe('createLogger', () => {
  it('writes one JSON object per line with level, time and message', () => {
    const { lines, logger } = capture();
    logger.info({ requestId: 'r-1', status: 200 }, 'request');
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: 'r-1',
      status: 200,
    });
    expect(typeof lines[0]!.time).toBe('string');
  });

  it('redacts authorization headers, passwords and tokens', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc.def.ghi', 'user-agent': 'jest' } },
        body: { email: 'a@b.co', password: 'hunter22hunter22', refreshToken: 'r', token: 't' },
      },
      'login',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/abc\.def\.ghi|hunter22/);
    expect(lines[0]).toMatchObject({
      req: { headers: { authorization: '[redacted]', 'user-agent': 'jest' } },
      body: {
        email: 'a@b.co',
        password: '[redacted]',
        refreshToken: '[redacted]',
        token: '[redacted]',
      },
    });
  });
});

describe('PinoNestLogger', () => {
  it("keeps Nest's route-mapping and module lines out of the default level", () => {
    const { lines, nest } = captureAt('info');
    nest.log('Mapped {/api/health/live, GET} route', 'RouterExplorer');
    nest.log('HealthController {/api/health}:', 'RoutesResolver');
    nest.log('PlatformModule dependencies initialized', 'InstanceLoader');
    nest.log('Nest application successfully started', 'NestApplication');
    expect(lines.map((line) => line.msg)).toEqual(['Nest application successfully started']);
  });

  it('still shows them at debug, as debug lines', () => {
    const { lines, nest } = captureAt('debug');
    nest.log('Mapped {/api/health/live, GET} route', 'RouterExplorer');
    expect(lines).toEqual([expect.objectContaining({ level: 'debug', context: 'RouterExplorer' })]);
  });

  it('keeps warnings and errors of those contexts at their level', () => {
    const { lines, nest } = captureAt('info');
    nest.warn('Duplicate route', 'RouterExplorer');
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', msg: 'Duplicate route' })]);
  });
});
