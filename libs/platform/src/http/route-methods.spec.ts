import { RouteMethods, routePattern } from './route-methods.js';

describe('route methods', () => {
  it('reads Fastify route paths as patterns over concrete paths', () => {
    expect(routePattern('/api/v1/bookings/:id').test('/api/v1/bookings/42')).toBe(true);
    expect(routePattern('/api/v1/bookings/:id').test('/api/v1/bookings/42/cancel')).toBe(false);
    expect(routePattern('/api/v1/bookings/:id').test('/api/v1/bookings/')).toBe(false);
    expect(routePattern('/files/:name(\\d+).png').test('/files/12.png')).toBe(true);
    expect(routePattern('/files/:name(\\d+).png').test('/files/ab.png')).toBe(false);
    expect(routePattern('/docs/*').test('/docs/swagger-ui.css')).toBe(true);
    expect(routePattern('/a.b').test('/aXb')).toBe(false);
  });

  it('lists every method served at a path, sorted, and none for unknown paths', () => {
    const routes = new RouteMethods();
    routes.add('GET', '/api/v1/bookings/:id');
    routes.add('HEAD', '/api/v1/bookings/:id');
    routes.add(['POST'], '/api/v1/bookings/:id/cancel');
    routes.add('get', '/api/v1/bookings/series/:id');
    routes.add('OPTIONS', '*');
    routes.add('OPTIONS', '/api/v1/bookings/:id');
    expect(routes.allowedAt('/api/v1/bookings/7')).toEqual(['GET', 'HEAD']);
    expect(routes.allowedAt('/api/v1/bookings/7/cancel')).toEqual(['POST']);
    expect(routes.allowedAt('/api/v1/bookings/series/9')).toEqual(['GET']);
    expect(routes.allowedAt('/api/v1/nowhere')).toEqual([]);
  });
});
