import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BillingSettings, DEVELOPMENT_DATA_ENCRYPTION_KEY } from './billing.settings.js';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');

/** The settings from raw variables, with every problem their decorators and rules find. */
function read(raw: Record<string, string>, nodeEnv: 'development' | 'production' = 'development') {
  const settings = plainToInstance(BillingSettings, raw, { exposeDefaultValues: true });
  const problems = [
    ...validateSync(settings).flatMap((error) => Object.values(error.constraints ?? {})),
    ...settings.crossFieldProblems({ NODE_ENV: nodeEnv }),
  ];
  return { settings, problems };
}

describe('billing settings: data encryption keys', () => {
  it('encrypts under the named development key when none is set, outside production only', () => {
    const { settings, problems } = read({});
    expect(problems).toEqual([]);
    expect(settings.dataKeys).toEqual({ current: DEVELOPMENT_DATA_ENCRYPTION_KEY, previous: [] });
    expect(read({}, 'production').problems).toEqual([
      'DATA_ENCRYPTION_KEY is required in production',
    ]);
  });

  it('reads the current key and the comma-separated previous ones', () => {
    const { settings, problems } = read(
      { DATA_ENCRYPTION_KEY: KEY_B, DATA_ENCRYPTION_PREVIOUS_KEYS: ` ${KEY_A} , ${KEY_B},` },
      'production',
    );
    expect(problems).toEqual([]);
    expect(settings.dataKeys).toEqual({
      current: Buffer.from(KEY_B, 'base64'),
      previous: [Buffer.from(KEY_A, 'base64'), Buffer.from(KEY_B, 'base64')],
    });
  });

  it('refuses previous keys that are not 32 bytes of base64', () => {
    expect(
      read({ DATA_ENCRYPTION_KEY: KEY_B, DATA_ENCRYPTION_PREVIOUS_KEYS: `${KEY_A},short` })
        .problems,
    ).toEqual(['DATA_ENCRYPTION_PREVIOUS_KEYS must be 32-byte base64 keys, comma-separated']);
  });

  it('refuses previous keys without a current one to rotate to', () => {
    expect(read({ DATA_ENCRYPTION_PREVIOUS_KEYS: KEY_A }).problems).toEqual([
      'DATA_ENCRYPTION_PREVIOUS_KEYS needs DATA_ENCRYPTION_KEY, the key to rotate to',
    ]);
  });
});
