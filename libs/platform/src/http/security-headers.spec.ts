import { computeSecurityHeaders } from './security-headers.js';

describe('computeSecurityHeaders', () => {
  it('yields helmet’s protective headers, with the API’s content security policy', () => {
    const headers = computeSecurityHeaders();
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    expect(headers).not.toHaveProperty('x-powered-by');
  });
});
