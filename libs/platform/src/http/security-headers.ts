import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * JSON responses: the headers that matter for an API (OWASP REST Security Cheat Sheet). Nothing
 * here renders, so the CSP forbids everything and framing is denied; the browser-page headers
 * (COOP, origin-agent-cluster, DNS prefetch, X-Download-Options, …) would only add bytes to every
 * response.
 */
const API_SECURITY_HEADER_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  xFrameOptions: { action: 'deny' },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/** The Swagger UI pages under `/docs`: helmet's full defaults, with a CSP the UI can live with. */
const DOCS_SECURITY_HEADER_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
    },
  },
};

/**
 * Runs helmet once and keeps the headers it sets. With no per-request nonces they never change,
 * so setting the same object on each reply gives helmet's protection without its per-request cost.
 */
function computeSecurityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * The header set for a request path, each made once: the docs pages get the browser set,
 * everything else the API set.
 */
export function securityHeadersFor(): (url: string) => Readonly<Record<string, string>> {
  const api = Object.freeze(computeSecurityHeaders(API_SECURITY_HEADER_OPTIONS));
  const docs = Object.freeze(computeSecurityHeaders(DOCS_SECURITY_HEADER_OPTIONS));
  return (url) => (url.startsWith('/docs') ? docs : api);
}
