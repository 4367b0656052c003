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
    expect(headersFor('/docs')['x-frame-options']).toBe('SAMEORIGIN');
    expect(headersFor('/docs/swagger-ui.css')['x-frame-options']).toBe('SAMEORIGIN');
    expect(headersFor('/api/v1/users/me')['x-frame-options']).toBe('DENY');
    expect(headersFor('/health/live')['x-frame-options']).toBe('DENY');
  });
});
