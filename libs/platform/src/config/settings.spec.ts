import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { integerSetting, emptyMeansUnset } from './setting-transforms.js';
import {
  ConfigValidationError,
  defineSettings,
  validateAllSettings,
  type CrossFieldRules,
  type PlatformFacts,
} from './settings.js';

// Two contexts' settings, shaped like the real ones (which the platform may not import).
class FeesSettings implements CrossFieldRules {
  @Transform(integerSetting)
  @IsInt()
  @Min(0)
  @Max(10_000)
  FEE_BPS = 1500;

  @Transform(emptyMeansUnset)
  @IsOptional()
  @IsString()
  VAULT_KEY?: string;

  crossFieldProblems(platform: PlatformFacts): string[] {
    return platform.NODE_ENV === 'production' && !this.VAULT_KEY
      ? ['VAULT_KEY is required in production']
      : [];
  }
}

class TokensSettings {
  @IsString()
  @MinLength(32, { message: 'TOKEN_SECRET must be at least 32 characters' })
  TOKEN_SECRET: string;
}

const feesProvider = defineSettings(FeesSettings);
defineSettings(TokensSettings);

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/etutors';
const TOKEN_SECRET = 's'.repeat(32);

const problemsOf = (raw: Record<string, string>) => {
  try {
    validateAllSettings(raw);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
};

describe('settings of every context, checked at once', () => {
  it("lists the platform's and every context's problems in one message, platform first", () => {
    expect(() =>
      validateAllSettings({ DATABASE_URL, PORT: '-1', FEE_BPS: '20000', TOKEN_SECRET: 'short' }),
    ).toThrow(
      'Invalid configuration:\n' +
        '  - PORT: must not be less than 0\n' +
        '  - FEE_BPS: must not be greater than 10000\n' +
        '  - TOKEN_SECRET: must be at least 32 characters',
    );
    expect(problemsOf({})).toEqual(['DATABASE_URL is required', 'TOKEN_SECRET is required']);
  });

  it("runs a context's cross-field rules with the platform's NODE_ENV", () => {
    expect(problemsOf({ DATABASE_URL, TOKEN_SECRET, NODE_ENV: 'production' })).toEqual([
      'VAULT_KEY is required in production',
    ]);
    expect(problemsOf({ DATABASE_URL, TOKEN_SECRET, NODE_ENV: 'test' })).toEqual([]);
  });

  it('provides the validated, typed instance of a context class to Nest', () => {
    const saved = process.env.FEE_BPS;
    process.env.FEE_BPS = '250';
    try {
      const settings = feesProvider.useFactory() as FeesSettings;
      expect(feesProvider.provide).toBe(FeesSettings);
      expect(settings).toBeInstanceOf(FeesSettings);
      expect(settings).toEqual(Object.assign(new FeesSettings(), { FEE_BPS: 250 }));
      process.env.FEE_BPS = 'lots';
      expect(() => feesProvider.useFactory()).toThrow('FEE_BPS: ');
    } finally {
      if (saved === undefined) delete process.env.FEE_BPS;
      else process.env.FEE_BPS = saved;
    }
  });

  it("refuses a class that declares the platform's or another context's variable", () => {
    class Greedy {
      @IsString()
      PORT: string;
    }
    class Copycat {
      @Transform(integerSetting)
      @IsInt()
      FEE_BPS = 1;
    }
    expect(() => defineSettings(Greedy)).toThrow(
      'Greedy declares PORT, already declared by Environment',
    );
    expect(() => defineSettings(Copycat)).toThrow(
      'Copycat declares FEE_BPS, already declared by FeesSettings',
    );
    expect(problemsOf({ DATABASE_URL, TOKEN_SECRET })).toEqual([]);
  });
});
