import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { Environment } from '../config/environment.js';
import { REDIS, type RedisConnection } from './redis.token.js';

interface Subscription {
  onMessage: (message: string) => void;
  onResync?: () => void;
}

/**
 * Redis pub/sub between the processes of one deployment (channels are namespaced by
 * `QUEUE_PREFIX`). Delivery is at most once: a subscriber whose connection dropped may have
 * missed messages, so each subscription can ask to be told (`onResync`) whenever it (re)starts
 * listening, and `listening` says whether messages are arriving right now. Without Redis there
 * is one process and nothing to send: publishing does nothing and nobody is listening.
 */
@Injectable()
export class PubSub implements OnApplicationShutdown {
  private readonly logger = new Logger('PubSub');
  private readonly prefix: string;
  private readonly subscriptions = new Map<string, Subscription[]>();
  private subscriber?: Redis;
  private ready = false;

  constructor(
    @Inject(REDIS) private readonly redis: RedisConnection,
    config: ConfigService<Environment, true>,
  ) {
    this.prefix = `${config.get('QUEUE_PREFIX', { infer: true })}:`;
  }

  /** Whether this process is subscribed and connected, so it hears what others publish. */
  get listening(): boolean {
    return this.ready;
  }

  /** Sends `message` to every process subscribed to `channel`. Rejects when Redis is away. */
  async publish(channel: string, message: string): Promise<void> {
    await this.redis?.publish(this.prefix + channel, message);
  }

  /** Calls `onMessage` for each message on `channel`; `onResync` each time listening (re)starts. */
  subscribe(channel: string, onMessage: (message: string) => void, onResync?: () => void): void {
    if (!this.redis) return;
    const name = this.prefix + channel;
    this.subscriptions.set(name, [
      ...(this.subscriptions.get(name) ?? []),
      { onMessage, onResync },
    ]);
    const subscriber = this.connect();
    // Not ready yet: the ready handler subscribes to every channel.
    if (subscriber.status === 'ready') void this.listenTo([name]);
  }

  async onApplicationShutdown(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.ready = false;
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  /** One connection for every subscription (a subscribed connection can do nothing else). */
  private connect(): Redis {
    if (this.subscriber) return this.subscriber;
    // Subscribing again after a reconnect is ours to do (not ioredis'), so that listening starts,
    // and subscriptions resync, only once Redis has confirmed the subscription.
    const subscriber = this.redis!.duplicate({
      autoResubscribe: false,
      maxRetriesPerRequest: null,
    });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('close', () => {
      this.ready = false;
    });
    subscriber.on('ready', () => void this.listenTo([...this.subscriptions.keys()]));
    subscriber.on('message', (channel: string, message: string) => {
      for (const sub of this.subscriptions.get(channel) ?? []) sub.onMessage(message);
    });
    return subscriber;
  }

  /** Subscribes to `names`; once confirmed, whatever was sent before may have been missed: resync. */
  private async listenTo(names: string[]): Promise<void> {
    const subscriber = this.subscriber;
    if (!subscriber || names.length === 0) return;
    try {
      await subscriber.subscribe(...names);
    } catch (error) {
      this.logger.warn(`Cannot subscribe to ${names.join(', ')}: ${(error as Error).message}`);
      return;
    }
    if (this.subscriber !== subscriber || subscriber.status !== 'ready') return;
    this.ready = true;
    for (const name of names)
      for (const sub of this.subscriptions.get(name) ?? []) sub.onResync?.();
  }
}
