import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// The base every provider simulator runs on: a real HTTP server on 127.0.0.1
// with a request log (tests assert what reached the "provider"), fault
// injection (429, 5xx, connection resets mid-body, malformed JSON) and an
// offline switch that makes the server refuse connections, as a dead network
// would.

export interface LoggedRequest {
  method: string;
  path: string;
  /** The Authorization header's scheme and a hash-free marker: tests compare tokens themselves. */
  authorization: string | null;
  at: number;
  /** The status answered, once the answer is sent (issue 12's completeness test compares it with the access log). */
  status?: number;
}

/** A route handler: returns true when it answered the request. */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => Promise<boolean> | boolean;

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'reset-mid-body' }
  | { kind: 'malformed-json' }
  /** A slow provider: the answer comes after `ms`, otherwise as usual. */
  | { kind: 'delay'; ms: number };

export interface FaultRule {
  /** Applies to requests whose path starts with this. */
  pathPrefix: string;
  fault: Fault;
  /** How many matching requests get the fault (Infinity for all). */
  times: number;
}

export class SimServer {
  readonly requests: LoggedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly faults: FaultRule[] = [];
  private readonly sockets = new Set<Socket>();
  private server: http.Server | null = null;
  private port = 0;

  constructor(readonly name: string) {}

  use(route: Route): this {
    this.routes.push(route);
    return this;
  }

  inject(rule: FaultRule): void {
    this.faults.push({ ...rule });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  get url(): string {
    if (!this.server) throw new Error(`${this.name} simulator is not running`);
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server !== null;
  }

  /** Starts (or restarts on the same port, for "network comes back" tests). */
  async start(port = this.port): Promise<string> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.url;
  }

  /** Goes "offline": closes the listener and every open connection; the port is kept for `start()`. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const logged: LoggedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      authorization: typeof req.headers.authorization === 'string' ? req.headers.authorization : null,
      at: Date.now(),
    };
    this.requests.push(logged);
    res.on('finish', () => (logged.status = res.statusCode));
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const rule = this.faults.find((f) => f.times > 0 && url.pathname.startsWith(f.pathPrefix));
    if (rule) {
      rule.times -= 1;
      const fault = rule.fault;
      if (fault.kind !== 'delay') return this.applyFault(res, fault);
      await new Promise((r) => setTimeout(r, fault.ms));
    }
    try {
      for (const route of this.routes) if (await route(req, res, url, body)) return;
      json(res, 404, { error: 'not_found', path: url.pathname });
    } catch (err) {
      if (!res.headersSent) json(res, 500, { error: 'simulator_error', message: String(err) });
      else res.destroy();
    }
  }

  private applyFault(res: ServerResponse, fault: Fault): void {
    switch (fault.kind) {
      case 'status':
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? JSON.stringify({ error: `simulated ${fault.status}` }));
        return;
      case 'malformed-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data": [ {"id": "truncated", ');
        return;
      case 'delay':
        return; // handled before the routes: the answer itself is the usual one
      case 'reset-mid-body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
        res.write('{"data": [');
        setTimeout(() => res.socket?.destroy(), 5);
        return;
    }
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
  return true;
}

/** Parses an application/x-www-form-urlencoded body. */
export function form(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString('utf8'));
}
