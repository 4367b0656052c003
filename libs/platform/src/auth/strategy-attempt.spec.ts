import type { Strategy } from 'passport';
import { attemptAuthentication } from './strategy-attempt.js';

/** A strategy that ends each request the way `outcome` says, as passport strategies do. */
function strategyThat(
  outcome: (
    self: Record<string, (...args: unknown[]) => void>,
    request: { token?: string },
  ) => void,
): Strategy {
  return {
    name: 'test',
    authenticate(this: Record<string, (...args: unknown[]) => void>, request: { token?: string }) {
      outcome(this, request);
    },
  } as unknown as Strategy;
}

describe('attemptAuthentication', () => {
  it('resolves with the user the strategy accepted', async () => {
    const strategy = strategyThat((self, request) => self.success({ id: request.token }));
    await expect(attemptAuthentication(strategy, { token: 'u1' })).resolves.toEqual({ id: 'u1' });
  });

  it('resolves false when the strategy fails or passes the request on', async () => {
    await expect(
      attemptAuthentication(
        strategyThat((self) => self.fail('no token', 401)),
        {},
      ),
    ).resolves.toBe(false);
    await expect(
      attemptAuthentication(
        strategyThat((self) => self.pass()),
        {},
      ),
    ).resolves.toBe(false);
  });

  it('rejects when the strategy errs, whether it reports the error or throws it', async () => {
    await expect(
      attemptAuthentication(
        strategyThat((self) => self.error(new Error('key store down'))),
        {},
      ),
    ).rejects.toThrow('key store down');
    await expect(
      attemptAuthentication(
        strategyThat(() => {
          throw new Error('bug');
        }),
        {},
      ),
    ).rejects.toThrow('bug');
  });

  it('gives each request its own copy: concurrent attempts never share an outcome', async () => {
    const strategy = strategyThat((self, request) =>
      setTimeout(() => self.success({ id: request.token }), request.token === 'slow' ? 20 : 0),
    );
    const [slow, fast] = await Promise.all([
      attemptAuthentication(strategy, { token: 'slow' }),
      attemptAuthentication(strategy, { token: 'fast' }),
    ]);
    expect([slow, fast]).toEqual([{ id: 'slow' }, { id: 'fast' }]);
  });
});
