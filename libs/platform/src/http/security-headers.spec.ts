import {
  API_SECURITY_HEADER_OPTIONS,
  computeSecurityHeaders,
  DOCS_SECURITY_HEADER_OPTIONS,
  securityHeadersFor,
} from './security-headers.js';

describe('security headers', () => {
  it('gives JSON responses the API set: nosniff, HSTS, no framing, a CSP that allows nothing', () => {
    expect(computeSecurityHeaders(API_SECURITY_HEADER_OPTIONS)).toEqual({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
  });

  it('gives the Swagger UI helmet’s full set with a CSP it can run under', () => {
    const headers = computeSecurityHeaders(DOCS_SECURITY_HEADER_OPTIONS);
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    expect(headers).not.toHaveProperty('x-powered-by');
  });

  it('picks the set by path', () => {
    const headersFor = securityHeadersFor();
    const frameOptions = (url: string) => new Map(headersFor(url)).get('x-frame-options');
    expect(frameOptions('/docs')).toBe('SAMEORIGIN');
    expect(frameOptions('/docs/swagger-ui.css')).toBe('SAMEORIGIN');
    expect(frameOptions('/api/v1/users/me')).toBe('DENY');
    expect(frameOptions('/health/live')).toBe('DENY');
  });
});
