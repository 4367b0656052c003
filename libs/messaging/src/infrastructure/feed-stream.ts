import type { ServerResponse } from 'node:http';
import type { SessionEnd } from '@etutors/identity';
import type { FeedListener } from './feed-channel.js';
import type { FeedEntry, FeedRepository } from './feed.repository.js';

/** Items read from the store per query while a stream catches up. */
const CATCH_UP_PAGE = 500;
/** Unsent bytes a slow client may leave buffered before its stream is closed (it resumes). */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** How long a browser waits before reconnecting (SSE `retry:`), in milliseconds. */
const RECONNECT_MS = 2000;

/**
 * One open `text/event-stream` response showing one user's feed. Its cursor is the position of
 * the last item sent; it only ever sends the item right after it, so nothing repeats and nothing
 * is skipped: a live item further ahead means some were missed (lost or overtaken on the way),
 * and those are read from the store, where they are, since a user's positions commit in order.
 * Work is done one step at a time, in arrival order.
 */
export class FeedStream implements FeedListener {
  private cursor = 0;
  private work: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly userId: string,
    private readonly output: ServerResponse,
    private readonly feed: FeedRepository,
    private readonly onFailure: (error: Error) => void,
  ) {}

  /**
   * Starts after `lastEventId` (what the client saw last), or at the user's current position
   * for a new client. Call once listening, so nothing committed meanwhile falls in between.
   */
  start(lastEventId: number | undefined): void {
    this.enqueue(async () => {
      const position = await this.feed.positionOf(this.userId);
      // An id from the future (not ours) would hide every new item: start from what exists.
      this.cursor = lastEventId === undefined ? position : Math.min(lastEventId, position);
      // An event with an id and no data sets the client's Last-Event-ID without showing anything,
      // so a client that reconnects before its first item still resumes from here.
      this.write(`retry: ${RECONNECT_MS}\nid: ${this.cursor}\n\n`);
      await this.catchUp();
    });
  }

  deliver(entry: FeedEntry): void {
    this.enqueue(async () => {
      if (entry.sequence <= this.cursor) return;
      if (entry.sequence === this.cursor + 1) this.send(entry);
      else await this.catchUp();
    });
  }

  resync(): void {
    this.enqueue(() => this.catchUp());
  }

  heartbeat(): void {
    this.write(': heartbeat\n\n');
  }

  /**
   * The caller's token expired or was revoked: says so (`event: session_ended`, with the reason),
   * then ends the response. A client resumes with a fresh token and its Last-Event-ID.
   */
  endSession(reason: SessionEnd): void {
    this.write(`event: session_ended\ndata: ${JSON.stringify({ reason })}\n\n`);
    this.close();
  }

  /** Ends the response (shutdown, or the client is too slow); the client reconnects and resumes. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.output.end();
  }

  /** The client went away. */
  markClosed(): void {
    this.closed = true;
  }

  private enqueue(step: () => Promise<void>): void {
    this.work = this.work.then(async () => {
      if (this.closed) return;
      try {
        await step();
      } catch (error) {
        this.onFailure(error as Error);
        this.close();
      }
    });
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const entries = await this.feed.itemsAfter(this.userId, this.cursor, CATCH_UP_PAGE);
      for (const entry of entries) this.send(entry);
      if (entries.length < CATCH_UP_PAGE || this.closed) return;
    }
  }

  private send(entry: FeedEntry): void {
    this.cursor = entry.sequence;
    this.write(
      `id: ${entry.sequence}\nevent: ${entry.type}\ndata: ${JSON.stringify(entry.data)}\n\n`,
    );
  }

  private write(chunk: string): void {
    if (this.closed) return;
    this.output.write(chunk);
    if (this.output.writableLength > MAX_BUFFERED_BYTES) this.close();
  }
}
