/**
 * A TCP listener on one address that keeps trying to bind. ClusterIPs (and load-balancer IPs)
 * live on the shared loopback, so only one proxy process can hold a VIP: every proxy tries, the
 * losers retry on EADDRINUSE every `retryMs`, and when the owner dies another takes over within
 * about that long. Closing stops accepting at once and destroys the accepted connections after
 * `drainMs`.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Clock } from '@kemu/api';
import type { Logger } from 'pino';

export interface ListenerOptions {
  host: string;
  port: number;
  onConnection: (socket: Socket) => void;
  log: Logger;
  clock: Clock;
  /** Retry period while the address is taken. Default 500 ms. */
  retryMs?: number;
}

export class RetryingListener {
  private server?: Server;
  private cancelRetry?: () => void;
  private closed = false;
  private readonly sockets = new Set<Socket>();
  private lastError?: string;
  bound = false;

  constructor(private readonly o: ListenerOptions) {}

  get address(): string {
    return `${this.o.host}:${this.o.port}`;
  }

  start(): void {
    if (this.closed || this.server) return;
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      this.o.onConnection(socket);
    });
    this.server = server;
    server.once('error', (err: NodeJS.ErrnoException) => {
      this.server = undefined;
      this.bound = false;
      server.close();
      if (this.closed) return;
      const slow = err.code === 'EACCES';
      if (err.code !== this.lastError) {
        this.lastError = err.code;
        if (err.code === 'EADDRINUSE') this.o.log.debug({ address: this.address }, 'address held by another proxy; will retry');
        else if (slow)
          this.o.log.warn(
            { address: this.address },
            'permission denied binding a port below 1024 (run as root or sysctl net.ipv4.ip_unprivileged_port_start=0); will retry',
          );
        else this.o.log.warn({ address: this.address, err }, 'cannot listen; will retry');
      }
      this.cancelRetry = this.o.clock.setTimeout(() => this.start(), slow ? 5000 : (this.o.retryMs ?? 500));
    });
    server.listen({ host: this.o.host, port: this.o.port, exclusive: true }, () => {
      this.bound = true;
      this.lastError = undefined;
      this.o.log.debug({ address: this.address }, 'listening');
    });
  }

  /** Stops listening; open connections are destroyed after drainMs. Idempotent. */
  close(drainMs = 1000): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelRetry?.();
    this.server?.close();
    this.server = undefined;
    this.bound = false;
    if (this.sockets.size === 0) return;
    this.o.clock.setTimeout(() => {
      for (const s of this.sockets) s.destroy();
    }, drainMs);
  }
}
