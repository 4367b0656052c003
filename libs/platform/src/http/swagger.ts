import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ADMIN_TAG, finishDocument } from './openapi/finish-document.js';
import { operationIdOf, routeFactsById } from './openapi/route-facts.js';

export const API_TAGS: Record<string, string> = {
  platform: 'Health and operations',
  identity: 'Accounts, sessions, users',
  tutoring: 'Subjects, tutor profiles, lessons, reviews',
  scheduling: 'Availability, slots, bookings',
  billing: 'Payments, refunds, earnings, payouts',
  messaging: 'Conversations and messages',
  notifications: 'In-app notifications, e-mail preferences, the live stream',
  analytics: 'Reports and read models',
  [ADMIN_TAG.name]: ADMIN_TAG.description,
};

const DESCRIPTION = `The E-Tutors marketplace API.

- **Auth**: \`Authorization: Bearer <accessToken>\` from \`POST /api/v1/auth/login\`. Routes marked
  with no lock are public. An authenticated caller without the role gets 403; a resource that is
  not yours is a 404.
- **Errors**: RFC 9457 \`application/problem+json\` with a stable \`code\`; validation errors list
  the fields under \`errors\`. Unknown body fields are refused (400).
- **Lists**: \`?page=1&limit=20\` (limit at most 100) answer \`{ data, meta: { page, limit, total } }\`.
- **Time**: ISO 8601; responses are UTC, requests carry an offset.
- **Money**: \`{ amount, currency }\` in integer minor units.
- **Admins**: every admin operation is also under the \`admin\` tag.`;

/** The OpenAPI document of the running application, finished from the routes' own metadata. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('E-Tutors API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .setLicense('Proprietary', 'https://etutors.dev/terms')
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer');
  for (const [name, description] of Object.entries(API_TAGS)) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: operationIdOf,
  });
  return finishDocument(document, routeFactsById(app));
}

/** The OpenAPI console at `/docs` (JSON at `/docs-json`), with bearer auth kept across reloads. */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: {
      persistAuthorization: true,
      // A search box over tags: `admin` shows the console's operations.
      filter: true,
      displayRequestDuration: true,
    },
    customSiteTitle: 'E-Tutors API',
  });
}
