// Reference servers for `bench/floor.mjs`: NestJS on Fastify with nothing of ours, doing the same
// work as the bare baseline's `/health/live`, `/health/ready` and `/users/me`. `FLOOR_PASSPORT=1`
// checks the token through `@nestjs/passport` + `passport-jwt` (as the API does) instead of in the
// handler.
import 'reflect-metadata';
import { createSecretKey } from 'node:crypto';
import { Controller, Get, Injectable, Module, Req, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import jwt from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  USER_VIEW_COLUMNS,
  userViewFromRow,
} from '../dist/libs/identity/src/application/user-view.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : null;
const key = createSecretKey(Buffer.from(process.env.JWT_SECRET, 'utf8'));
const passport = process.env.FLOOR_PASSPORT === '1';
const checks = { algorithms: ['HS256'], issuer: 'etutors', audience: 'etutors-api' };

class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ...checks,
      secretOrKeyProvider: (_request, _token, done) => done(null, key),
    });
  }

  validate(claims) {
    return { id: claims.sub, roles: claims.roles };
  }
}
Reflect.decorate([Injectable()], JwtStrategy);

class FloorController {
  live() {
    return { status: 'ok' };
  }

  async ready() {
    await pool.query('SELECT 1');
    if (redis) await redis.ping();
    const info = { database: { status: 'up' }, ...(redis ? { redis: { status: 'up' } } : {}) };
    return { status: 'ok', info, error: {}, details: info };
  }

  async me(request) {
    let id = request.user?.id;
    if (!passport) {
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      id = jwt.verify(token, key, checks).sub;
    }
    const { rows } = await pool.query(
      `SELECT ${USER_VIEW_COLUMNS} FROM identity.users WHERE id = $1`,
      [id],
    );
    return userViewFromRow(rows[0]);
  }
}
const method = (name) => Object.getOwnPropertyDescriptor(FloorController.prototype, name);
Reflect.decorate([Get('health/live')], FloorController.prototype, 'live', method('live'));
Reflect.decorate([Get('health/ready')], FloorController.prototype, 'ready', method('ready'));
Reflect.decorate(
  [Get('users/me'), ...(passport ? [UseGuards(AuthGuard('jwt'))] : [])],
  FloorController.prototype,
  'me',
  method('me'),
);
Req()(FloorController.prototype, 'me', 0);
Reflect.decorate([Controller()], FloorController);

class FloorModule {}
Reflect.decorate(
  [
    Module({
      imports: passport ? [PassportModule] : [],
      controllers: [FloorController],
      providers: passport ? [JwtStrategy] : [],
    }),
  ],
  FloorModule,
);

const app = await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: false });
process.once('SIGTERM', async () => {
  await app.close();
  await Promise.allSettled([pool.end(), redis?.quit()]);
  process.exit(0);
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
