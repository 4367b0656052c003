import 'reflect-metadata';
import type { DynamicModule, Type } from '@nestjs/common';
import { Test, type TestingModule, type TestingModuleBuilder } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  configureHttpApp,
  createFastifyAdapter,
  createLogger,
  PinoNestLogger,
  validateAllSettings,
} from '@etutors/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { apiImports } from '../../apps/api/src/app-imports.js';
import { workerImports } from '../../apps/worker/src/worker-imports.js';
import { OpenApiContract } from './openapi-contract.js';

export interface TestAppOptions {
  /** Extra modules (test-only controllers, subscribers, job handlers). */
  imports?: (Type<unknown> | DynamicModule)[];
  /** Environment overrides for this app only. */
  env?: Record<string, string | undefined>;
  role?: 'api' | 'worker';
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /**
   * Check every response of `http()` against the app's own `/docs-json` (on by default when the
   * app serves docs; `OPENAPI_CONTRACT=off` turns it off for a run): an undocumented status or
   * field, or a missing required one, fails the request's promise with what differs.
   */
  contract?: boolean;
}

export interface TestApp {
  app: NestFastifyApplication;
  module: TestingModule;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  get: TestingModule['get'];
  close: () => Promise<void>;
}

/**
 * Boots the real application module (API by default) the way production does, against this
 * run's database and Redis, and returns it with a supertest client.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const saved = { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    // app-imports loaded every context's module, so this checks all their settings at once.
    const env = validateAllSettings(process.env);
    const imports = options.role === 'worker' ? workerImports() : apiImports();
    let builder = Test.createTestingModule({ imports: [...imports, ...(options.imports ?? [])] });
    if (options.override) builder = options.override(builder);
    const module = await builder.compile();
    // Silent unless LOG_LEVEL says otherwise (e.g. LOG_LEVEL=error to see why a test got a 500).
    const logger = createLogger(env.LOG_LEVEL);
    const app = module.createNestApplication<NestFastifyApplication>(createFastifyAdapter(env), {
      logger: new PinoNestLogger(logger),
      rawBody: true,
    });
    try {
      await configureHttpApp(app, env, logger, { docs: env.DOCS_ENABLED });
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
    } catch (error) {
      await app.close().catch(() => undefined);
      throw error;
    }
    const contract =
      (options.contract ?? process.env.OPENAPI_CONTRACT !== 'off') && env.DOCS_ENABLED
        ? new OpenApiContract(
            (await app.getHttpAdapter().getInstance().inject({ url: '/docs-json' })).json(),
          )
        : undefined;
    return {
      app,
      module,
      dataSource: module.get(DataSource),
      http: contract
        ? () => contract.checked(request(app.getHttpServer()))
        : () => request(app.getHttpServer()),
      get: module.get.bind(module),
      close: () => app.close(),
    };
  } finally {
    process.env = saved;
  }
}

/** Polls until `check` returns a truthy value (events and jobs are asynchronous). */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 10_000,
  everyMs = 25,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result) return result as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw lastError instanceof Error ? lastError : new Error('Condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
