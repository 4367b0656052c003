import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of a real server (Redis, PostgreSQL) that the test can take down and bring back.
 * It keeps its port bound while "down" and drops every connection instead: a released port can be
 * taken by another process's outgoing connection in the meantime, and the relay could not come back.
 */
export class SwitchableProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private relaying = false;

  constructor(private readonly target: URL) {
    this.server = createServer((client) => {
      client.on('error', () => undefined);
      if (!this.relaying) return void client.destroy();
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
  }

  /** Binds a free port and starts relaying. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    this.relaying = true;
  }

  /** `target` with its host and port replaced by this relay's. */
  get url(): string {
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as AddressInfo).port);
    return url.toString();
  }

  up(): void {
    this.relaying = true;
  }

  /** Cuts every open connection and drops new ones until `up()`. */
  down(): void {
    this.relaying = false;
    for (const socket of this.sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) =>
      this.server.listening ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
