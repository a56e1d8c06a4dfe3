import type { PendingConnectView } from '../../../src-shared/accounts';
import type { CategoryId } from '../../../src-shared/providers';
import type { OAuthProvider } from './redirect-parser';
import type { TokenOrigins } from '../auth/token-origins';

// Authorization requests waiting for their redirect. Keyed by `state`, which is
// one-time: `take` removes the flow, so a second delivery of the same redirect
// finds nothing (replay). A flow expires after 10 minutes; the card then goes
// back to what it showed before.

export const FLOW_LIFETIME_MS = 10 * 60_000;

export interface PendingFlow {
  flowId: string;
  providerId: OAuthProvider;
  /** The account being reconnected, or null for a new connection. */
  accountId: string | null;
  state: string;
  codeVerifier: string;
  redirectUri: string;
  /**
   * Where the provider's answer lands: the redirect URI itself, except behind a
   * bounce page, which forwards to our scheme or (browser host) to the host's route.
   */
  returnUri: string;
  requestedScopes: string[];
  requestedCategories: CategoryId[];
  clientId: string;
  /** Issue 15: the provider's page this flow opened, to open again when the person lost the tab. */
  authorizationUrl: string;
  expiresAt: Date;
  /** Closes what the flow holds open (a loopback listener); called once when the flow ends for any reason. */
  release: () => void;
  /** Issue 13: the endpoints' origins when the flow started; the code and client secret go nowhere else. */
  origins?: TokenOrigins;
}

export class PendingFlows {
  private readonly byState = new Map<string, PendingFlow>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly onExpired: (flow: PendingFlow) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  add(flow: PendingFlow): void {
    this.byState.set(flow.state, flow);
    const timer = setTimeout(
      () => {
        if (this.byState.get(flow.state) === flow) {
          this.end(flow);
          this.onExpired(flow);
        }
      },
      Math.max(0, flow.expiresAt.getTime() - this.now().getTime()),
    );
    timer.unref();
    this.timers.set(flow.state, timer);
  }

  /** Removes and returns the flow for `state` when it exists and has not expired. Exactly once per flow. */
  take(state: string): PendingFlow | null {
    const flow = this.byState.get(state);
    if (!flow) return null;
    this.end(flow);
    if (flow.expiresAt.getTime() <= this.now().getTime()) {
      this.onExpired(flow);
      return null;
    }
    return flow;
  }

  /**
   * The pending, unexpired flow for `state`, left in place. For the loopback
   * route, which must decide whether a request is its own before it touches any flow.
   */
  peek(state: string): PendingFlow | null {
    const flow = this.byState.get(state);
    return flow && flow.expiresAt.getTime() > this.now().getTime() ? flow : null;
  }

  /** The pending, unexpired flow with this id, left in place. */
  byId(flowId: string): PendingFlow | null {
    const flow = [...this.byState.values()].find((f) => f.flowId === flowId) ?? null;
    return flow && flow.expiresAt.getTime() > this.now().getTime() ? flow : null;
  }

  cancel(flowId: string): PendingFlow | null {
    const flow = [...this.byState.values()].find((f) => f.flowId === flowId) ?? null;
    if (flow) this.end(flow);
    return flow;
  }

  /** Flows for the same provider and account are replaced: one Connect at a time per card. */
  sameTarget(providerId: OAuthProvider, accountId: string | null): PendingFlow[] {
    return [...this.byState.values()].filter((f) => f.providerId === providerId && f.accountId === accountId);
  }

  list(): PendingFlow[] {
    return [...this.byState.values()];
  }

  views(): PendingConnectView[] {
    return this.list().map((f) => ({
      flowId: f.flowId,
      providerId: f.providerId,
      accountId: f.accountId,
      expiresAt: f.expiresAt.toISOString(),
    }));
  }

  /** Ends every flow (app shutdown). */
  clear(): void {
    for (const flow of this.list()) this.end(flow);
  }

  private end(flow: PendingFlow): void {
    this.byState.delete(flow.state);
    const timer = this.timers.get(flow.state);
    if (timer) clearTimeout(timer);
    this.timers.delete(flow.state);
    try {
      flow.release();
    } catch {
      // Releasing is best effort (a listener already closed).
    }
  }
}
