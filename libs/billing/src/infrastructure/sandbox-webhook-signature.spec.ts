import { WebhookSignatureError } from '../billing.errors.js';
import { signSandboxWebhook, verifySandboxWebhook } from './sandbox-webhook-signature.js';

describe('sandbox webhook signatures', () => {
  const secret = 'whsec_test_secret_value';
  const body = '{"id":"evt_1","type":"payment_intent.succeeded"}';
  const at = new Date('2026-12-01T10:00:00Z');

  it('accepts its own signature over the exact body, within 300 s either way', () => {
    const header = signSandboxWebhook(body, secret, at);
    expect(() => verifySandboxWebhook(Buffer.from(body), header, secret, at)).not.toThrow();
    expect(() =>
      verifySandboxWebhook(Buffer.from(body), header, secret, new Date(at.getTime() + 300_000)),
    ).not.toThrow();
    expect(() =>
      verifySandboxWebhook(Buffer.from(body), header, secret, new Date(at.getTime() - 300_000)),
    ).not.toThrow();
  });

  it.each([
    ['a changed body', Buffer.from(body.replace('evt_1', 'evt_2')), secret, 0],
    ['another secret', Buffer.from(body), 'whsec_someone_else', 0],
    ['a stale timestamp', Buffer.from(body), secret, 301_000],
    ['a future timestamp', Buffer.from(body), secret, -301_000],
  ])('refuses %s', (_case, raw, verifyWith, skewMs) => {
    const header = signSandboxWebhook(body, secret, at);
    expect(() =>
      verifySandboxWebhook(raw, header, verifyWith, new Date(at.getTime() + skewMs)),
    ).toThrow(WebhookSignatureError);
  });

  it.each([undefined, '', 't=abc,v1=00', 'v1=' + 'a'.repeat(64), ['t=1,v1=x', 't=2,v1=y']])(
    'refuses a missing or malformed header (%p)',
    (header) => {
      expect(() => verifySandboxWebhook(Buffer.from(body), header, secret, at)).toThrow(
        WebhookSignatureError,
      );
    },
  );
});
