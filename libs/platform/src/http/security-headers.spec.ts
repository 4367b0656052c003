import { securityHeadersFor } from './security-headers.js';

describe('security headers', () => {
  const headersFor = securityHeadersFor();

  it('gives JSON responses the API set: nosniff, HSTS, no framing, a CSP that allows nothing', () => {
    expect(headersFor('/api/v1/users/me')).toEqual({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
    expect(headersFor('/health/live')).toEqual(headersFor('/api/v1/users/me'));
  });

  it('gives the Swagger UI helmet’s full set with a CSP it can run under', () => {
    for (const url of ['/docs', '/docs/swagger-ui.css']) {
      const headers = headersFor(url);
      expect(headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
      expect(headers).not.toHaveProperty('x-powered-by');
    }
  });
});
