import { randomBytes } from 'node:crypto';
import type { CookieJar } from './cookie-jar';

// Sign-ins waiting for their one-time code. A flow holds only what the code
// step needs — the SSO cookie jar and the MFA method — plus who is signing in;
// never the password. It lives in memory only, expires quickly and is removed
// when the code step ends.

export const MFA_FLOW_MS = 5 * 60 * 1000;
/** Wrong codes accepted before the flow is dropped (the user then signs in again). */
export const MFA_MAX_ATTEMPTS = 3;

export interface PendingMfa {
  flowId: string;
  jar: CookieJar;
  mfaMethod: string;
  email: string;
  accountId: string | undefined;
  expiresAt: Date;
  attempts: number;
}

export class PendingMfaFlows {
  private readonly flows = new Map<string, PendingMfa>();

  constructor(private readonly now: () => Date) {}

  add(input: Omit<PendingMfa, 'flowId' | 'expiresAt' | 'attempts'>): PendingMfa {
    this.sweep();
    const flow: PendingMfa = {
      ...input,
      flowId: randomBytes(16).toString('base64url'),
      expiresAt: new Date(this.now().getTime() + MFA_FLOW_MS),
      attempts: 0,
    };
    this.flows.set(flow.flowId, flow);
    return flow;
  }

  /** The live flow, or null when unknown or expired (an expired one is dropped). */
  get(flowId: string): PendingMfa | null {
    this.sweep();
    return this.flows.get(flowId) ?? null;
  }

  drop(flowId: string): void {
    const flow = this.flows.get(flowId);
    flow?.jar.clear();
    this.flows.delete(flowId);
  }

  get size(): number {
    this.sweep();
    return this.flows.size;
  }

  private sweep(): void {
    const t = this.now().getTime();
    for (const [id, flow] of this.flows) if (flow.expiresAt.getTime() <= t) this.drop(id);
  }
}
