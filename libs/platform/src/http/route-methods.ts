/** Methods no path answers by itself: preflights belong to CORS, and `*` routes match anything. */
const IGNORED_METHODS = new Set(['OPTIONS']);

/** A Fastify (find-my-way) route path as a regular expression over concrete paths. */
export function routePattern(url: string): RegExp {
  let source = '';
  for (let i = 0; i < url.length;) {
    const char = url[i]!;
    if (char === ':') {
      const name = /^:[A-Za-z0-9_]+/.exec(url.slice(i))![0];
      i += name.length;
      if (url[i] === '(') {
        let depth = 0;
        const start = i;
        for (; i < url.length; i += 1) {
          if (url[i] === '(') depth += 1;
          if (url[i] === ')' && (depth -= 1) === 0) break;
        }
        i += 1;
        source += url.slice(start, i);
      } else source += '[^/]+';
    } else if (char === '*') {
      source += '.*';
      i += 1;
    } else {
      source += char.replace(/[.+?^$()|[\]\\{}]/g, '\\$&');
      i += 1;
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * Which methods each served path answers, filled from Fastify's `onRoute` hook: a request that
 * found no route but names a known path with another method is a 405 with `Allow`, not a 404.
 */
export class RouteMethods {
  private readonly routes: { pattern: RegExp; methods: Set<string> }[] = [];
  private readonly byUrl = new Map<string, Set<string>>();

  add(method: string | string[], url: string): void {
    if (url === '*' || url === '/*') return;
    let methods = this.byUrl.get(url);
    if (!methods) {
      methods = new Set();
      this.byUrl.set(url, methods);
      this.routes.push({ pattern: routePattern(url), methods });
    }
    for (const one of [method].flat()) {
      if (!IGNORED_METHODS.has(one.toUpperCase())) methods.add(one.toUpperCase());
    }
  }

  /** Every method some route answers at `path`, sorted; empty when no route has the path. */
  allowedAt(path: string): string[] {
    const allowed = new Set<string>();
    for (const route of this.routes)
      if (route.pattern.test(path)) for (const method of route.methods) allowed.add(method);
    return [...allowed].sort();
  }
}
