import { randomUUID } from 'node:crypto';
import { signSandboxWebhook } from '../../../libs/billing/src/infrastructure/sandbox-webhook-signature.js';
import type { TestApp } from '../../support/test-app.js';

export interface SandboxDispute {
  type: 'charge.dispute.created' | 'charge.dispute.closed';
  /** The id of the payment or series payment whose charge the bank disputes. */
  chargeId: string;
  status: string;
  /** The webhook secret the app is configured with. */
  secret: string;
  /** When the provider sends it (the app's clock's now). */
  at: Date;
}

/** The sandbox provider's webhook saying the bank opened or closed a dispute on a charge. */
export function postSandboxDispute(
  t: TestApp,
  { type, chargeId, status, secret, at }: SandboxDispute,
) {
  const body = JSON.stringify({
    id: `evt_${randomUUID()}`,
    type,
    created: Math.floor(at.getTime() / 1000),
    data: {
      object: {
        id: `dp_${randomUUID().replaceAll('-', '')}`,
        object: 'dispute',
        payment_intent: `sbx_pi_${chargeId.replaceAll('-', '')}`,
        status,
      },
    },
  });
  return t
    .http()
    .post('/api/v1/billing/webhooks/sandbox')
    .set('content-type', 'application/json')
    .set('sandbox-signature', signSandboxWebhook(body, secret, at))
    .send(body);
}
