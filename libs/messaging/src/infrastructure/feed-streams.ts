import type { OutgoingHttpHeaders } from 'node:http';
import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdentityQueries } from '@etutors/identity';
import type { AuthUser } from '@etutors/platform';
import { TooManyStreamsError } from '../messaging.errors.js';
import { MessagingSettings } from '../messaging.settings.js';
import { FeedChannel } from './feed-channel.js';
import { FeedStream } from './feed-stream.js';
import { FeedRepository } from './feed.repository.js';

/**
 * The live streams open on this instance: at most `STREAMS_PER_USER` per user, a heartbeat
 * comment on each every `STREAM_HEARTBEAT_SECONDS` (one timer for all), and every one ended
 * when the application shuts down, so the HTTP server can close. With each heartbeat the
 * callers' tokens are checked again (one read for all): a stream whose token has expired, or
 * whose account was suspended or revoked its tokens, ends, so a stream never outlives the
 * access that opened it by more than a heartbeat.
 */
@Injectable()
export class FeedStreams implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('FeedStreams');
  private readonly byUser = new Map<string, Set<FeedStream>>();
  /** Who opened each stream, as their token said. */
  private readonly callers = new Map<FeedStream, AuthUser>();
  private checking = false;
  private readonly perUser: number;
  private readonly heartbeatMs: number;
  private heartbeat?: NodeJS.Timeout;
  private closing = false;

  constructor(
    private readonly channel: FeedChannel,
    private readonly feed: FeedRepository,
    private readonly identity: IdentityQueries,
    settings: MessagingSettings,
  ) {
    this.perUser = settings.STREAMS_PER_USER;
    this.heartbeatMs = settings.STREAM_HEARTBEAT_SECONDS * 1000;
  }

  /**
   * Answers `reply` with the caller's live feed from after `lastEventId` (or from now), until
   * the client leaves, the caller's access ends or the application stops. Throws (before
   * anything is sent) when the user already holds as many streams as allowed.
   */
  open(caller: AuthUser, lastEventId: number | undefined, reply: FastifyReply): void {
    const userId = caller.id;
    const own = this.byUser.get(userId) ?? new Set<FeedStream>();
    if (own.size >= this.perUser) throw new TooManyStreamsError(this.perUser);
    // From here the response is ours to write, headers included (the hooks' ones copied).
    void reply.hijack();
    const output = reply.raw;
    output.writeHead(200, {
      ...(reply.getHeaders() as OutgoingHttpHeaders),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    output.flushHeaders();
    const stream = new FeedStream(userId, output, this.feed, (error) =>
      this.logger.warn(`Feed stream of ${userId} failed: ${error.message}`),
    );
    own.add(stream);
    this.byUser.set(userId, own);
    this.callers.set(stream, caller);
    const unlisten = this.channel.listen(userId, stream);
    output.once('close', () => {
      stream.markClosed();
      unlisten();
      own.delete(stream);
      this.callers.delete(stream);
      if (own.size === 0 && this.byUser.get(userId) === own) this.byUser.delete(userId);
    });
    this.heartbeat ??= setInterval(() => this.beat(), this.heartbeatMs).unref();
    if (this.closing) stream.close();
    else stream.start(lastEventId);
  }

  /** Streams open for `userId` on this instance. */
  openFor(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  onModuleDestroy(): void {
    this.closeAll();
  }

  beforeApplicationShutdown(): void {
    this.closeAll();
  }

  private closeAll(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const own of this.byUser.values()) for (const stream of own) stream.close();
  }

  private beat(): void {
    for (const own of this.byUser.values()) for (const stream of own) stream.heartbeat();
    void this.endLapsedSessions();
  }

  private async endLapsedSessions(): Promise<void> {
    // One check at a time: a slow read is not stacked up by the next heartbeat.
    if (this.checking || this.callers.size === 0) return;
    this.checking = true;
    try {
      const streams = [...this.callers];
      const ended = await this.identity.endedSessions(streams.map(([, caller]) => caller));
      for (const [stream, caller] of streams) {
        const reason = ended.get(caller);
        if (reason) stream.endSession(reason);
      }
    } catch (error) {
      // The next heartbeat checks again; meanwhile the streams stay as they are.
      this.logger.warn(`Checking the streams' sessions failed: ${(error as Error).message}`);
    } finally {
      this.checking = false;
    }
  }
}
