import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const API_TAGS: Record<string, string> = {
  platform: 'Health and operations',
  identity: 'Accounts, sessions, users',
  tutoring: 'Subjects, tutor profiles, lessons, reviews',
  scheduling: 'Availability, slots, bookings',
  billing: 'Payments, refunds, earnings, payouts',
  messaging: 'Conversations and notifications',
  analytics: 'Reports and read models',
};

/** The OpenAPI console at `/docs` (JSON at `/docs-json`), with bearer auth kept across reloads. */
export function setupSwagger(app: INestApplication): void {
  const builder = new DocumentBuilder()
    .setTitle('E-Tutors API')
    .setDescription(
      'The E-Tutors marketplace API. Errors are RFC 9457 `application/problem+json` with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer');
  for (const [name, description] of Object.entries(API_TAGS)) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
    customSiteTitle: 'E-Tutors API',
  });
}
