import { buildTutorSearch } from '../../libs/tutoring/src/infrastructure/tutor-search.query.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('tutor search', () => {
  let t: TestApp;
  let admin: Actor;
  const ids: Record<string, string> = {};

  const setRating = (id: string, average: number | null, count: number) =>
    t.dataSource.query(
      'UPDATE tutoring.tutors SET rating_average = $2, rating_count = $3, rating_sum = $4 WHERE user_id = $1',
      [id, average, count, Math.round((average ?? 0) * count)],
    );

  beforeAll(async () => {
    t = await startTestApp({ env: WITH_ADMIN });
    admin = await given(t).admin();
    const physics = await given(t).subject(admin, 'physics', 'Physics', 'Science');
    const chemistry = await given(t).subject(admin, 'chemistry', 'Chemistry', 'Science');
    const spanish = await given(t).subject(admin, 'spanish', 'Spanish', 'Languages');
    const make = async (
      key: string,
      subjectIds: string[],
      rate: number,
      languages: string[],
      headline: string,
      bio: string,
    ) => {
      ids[key] = (
        await given(t).approvedTutor(admin, {
          subjectIds,
          rate,
          languages,
          headline,
          bio,
          displayName: key,
        })
      ).id;
    };
    await make(
      'Marie',
      [physics.id, chemistry.id],
      6000,
      ['fr', 'en'],
      'Radioactivity explained',
      'Nobel-level patience.',
    );
    await make(
      'Albert',
      [physics.id],
      3000,
      ['de', 'en'],
      'Relativity for everyone',
      'Thought experiments.',
    );
    await make(
      'Rosalind',
      [chemistry.id],
      4500,
      ['en'],
      'Crystallography and more',
      'Structures of molecules.',
    );
    await make(
      'Frida',
      [spanish.id],
      2500,
      ['es', 'en'],
      'Conversational Spanish',
      'Painting with words.',
    );
    await make('Newcomer', [physics.id], 2000, ['en'], 'New here', 'No reviews yet.');
    await setRating(ids.Marie!, 4.9, 10);
    await setRating(ids.Albert!, 4.2, 5);
    await setRating(ids.Rosalind!, 4.6, 7);
    await setRating(ids.Frida!, 3.8, 4);
    // A pending tutor never shows up.
    const pending = await given(t).tutor('Pending Person');
    await t
      .http()
      .put('/api/v1/tutors/me')
      .set(pending.auth)
      .send({
        headline: 'Physics too',
        bio: 'Waiting',
        subjectIds: [physics.id],
        hourlyRate: { amount: 1000, currency: 'USD' },
        languages: ['en'],
        timezone: 'UTC',
      });
    ids.Pending = pending.id;
  });
  afterAll(() => t.close());

  const names = async (query: Record<string, string | number>) => {
    const res = await t.http().get('/api/v1/tutors').query(query);
    expect(res.status).toBe(200);
    return res.body.data.map((x: { displayName: string }) => x.displayName) as string[];
  };

  it('lists approved tutors only, best rated first with unrated last, paginated with a total', async () => {
    const res = await t.http().get('/api/v1/tutors').query({ limit: 2 });
    expect(res.body.meta).toEqual({ page: 1, limit: 2, total: 5 });
    expect(res.body.data[0]).toMatchObject({
      displayName: 'Marie',
      rating: { average: 4.9, count: 10 },
      hourlyRate: { amount: 6000, currency: 'USD' },
    });
    expect(await names({ sort: '-rating' })).toEqual([
      'Marie',
      'Rosalind',
      'Albert',
      'Frida',
      'Newcomer',
    ]);
    expect(await names({ sort: 'rating' })).toEqual([
      'Frida',
      'Albert',
      'Rosalind',
      'Marie',
      'Newcomer',
    ]);
    expect(await names({ page: 3, limit: 2 })).toEqual(['Newcomer']);
  });

  it('sorts by price both ways', async () => {
    expect(await names({ sort: 'price' })).toEqual([
      'Newcomer',
      'Frida',
      'Albert',
      'Rosalind',
      'Marie',
    ]);
    expect(await names({ sort: '-price' })).toEqual([
      'Marie',
      'Rosalind',
      'Albert',
      'Frida',
      'Newcomer',
    ]);
  });

  it('combines subject, rate, language and rating filters', async () => {
    expect(await names({ subject: 'physics' })).toEqual(['Marie', 'Albert', 'Newcomer']);
    expect(await names({ subject: 'physics', maxRate: 5000 })).toEqual(['Albert', 'Newcomer']);
    expect(
      await names({ subject: 'physics', minRate: 2500, maxRate: 5000, language: 'de' }),
    ).toEqual(['Albert']);
    expect(await names({ minRating: 4.5 })).toEqual(['Marie', 'Rosalind']);
    expect(await names({ language: 'es', subject: 'spanish', minRating: 3 })).toEqual(['Frida']);
    expect(await names({ subject: 'physics', language: 'es' })).toEqual([]);
  });

  it('finds text in name, headline, bio and subject names', async () => {
    expect(await names({ q: 'Rosalind' })).toEqual(['Rosalind']);
    expect(await names({ q: 'relativity' })).toEqual(['Albert']);
    expect(await names({ q: 'molecules' })).toEqual(['Rosalind']);
    expect((await names({ q: 'chemistry' })).sort()).toEqual(['Marie', 'Rosalind']);
    expect(await names({ q: 'chemistry', sort: 'price' })).toEqual(['Rosalind', 'Marie']);
  });

  it('answers invalid filters with 400, not an empty page', async () => {
    for (const query of [
      { minRate: -1 },
      { minRate: 'cheap' },
      { sort: 'popularity' },
      { language: 'xx' },
      { minRating: 6 },
      { limit: 500 },
      { page: 0 },
      { subject: 'Not A Slug' },
      { unknown: 1 },
    ]) {
      const res = await t.http().get('/api/v1/tutors').query(query);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('bounds rate filters to what the rate column holds: 400 above 2^31 - 1, never a 500', async () => {
    for (const query of [
      { minRate: 2_147_483_648 },
      { maxRate: '99999999999999999999' },
      { maxRate: '1e20' },
    ]) {
      const res = await t.http().get('/api/v1/tutors').query(query);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
        Object.keys(query)[0],
      ]);
    }
    const widest = await t
      .http()
      .get('/api/v1/tutors')
      .query({ minRate: 0, maxRate: 2_147_483_647 });
    expect(widest.status).toBe(200);
    expect(widest.body.meta.total).toBeGreaterThan(0);
  });

  it('shows a public profile by id and 404 for pending or unknown ids', async () => {
    const res = await t.http().get(`/api/v1/tutors/${ids.Albert}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: ids.Albert,
      displayName: 'Albert',
      bio: 'Thought experiments.',
      subjects: [{ slug: 'physics' }],
    });
    expect((await t.http().get(`/api/v1/tutors/${ids.Pending}`)).status).toBe(404);
    expect((await t.http().get('/api/v1/tutors/00000000-0000-7000-8000-000000000000')).status).toBe(
      404,
    );
    expect((await t.http().get('/api/v1/tutors/not-a-uuid')).status).toBe(400);
  });

  it('plans the main queries with indexes on a catalogue of 100,000 tutors', async () => {
    await t.dataSource.query(`
      INSERT INTO tutoring.tutors (user_id, display_name, status, headline, bio, hourly_rate_amount, currency, languages, timezone, subject_ids,
                                   rating_count, rating_sum, rating_average, search)
      SELECT gen_random_uuid(), 'Bulk ' || i, CASE WHEN i % 10 = 0 THEN 'pending' ELSE 'approved' END,
             'Headline ' || i, 'Bio ' || i, 500 + (i % 900) * 100, 'USD', ARRAY['en', CASE WHEN i % 50 = 7 THEN 'fr' ELSE 'de' END],
             'UTC', ARRAY[]::uuid[], i % 50, (i % 50) * 4, CASE WHEN i % 50 = 0 THEN NULL ELSE 3 + (i % 200) / 100.0 END,
             to_tsvector('simple', 'Bulk ' || i || ' headline ' || i || ' word' || (i % 1000))
        FROM generate_series(1, 100000) AS i`);
    // A realistic catalogue: each tutor teaches one of 50 subjects, so a subject matches ~2 %.
    await t.dataSource.query(`
      INSERT INTO tutoring.subjects (id, slug, name, category)
      SELECT gen_random_uuid(), 'filler-' || i, 'Filler ' || i, 'Filler' FROM generate_series(1, 47) AS i`);
    await t.dataSource.query(`
      WITH numbered AS (
        SELECT id, row_number() OVER (ORDER BY slug) - 1 AS n, count(*) OVER () AS total FROM tutoring.subjects)
      INSERT INTO tutoring.tutor_subjects (tutor_id, subject_id)
      SELECT t.user_id, s.id FROM tutoring.tutors t
        JOIN numbered s ON s.n = abs(hashtext(t.user_id::text)) % s.total
       WHERE t.display_name LIKE 'Bulk %'`);
    await t.dataSource.query(
      'ANALYZE tutoring.tutors; ANALYZE tutoring.tutor_subjects; ANALYZE tutoring.subjects',
    );
    type PlanNode = {
      'Node Type': string;
      'Relation Name'?: string;
      'Index Name'?: string;
      Plans?: PlanNode[];
    };
    const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];
    const plan = async (filters: Parameters<typeof buildTutorSearch>[0]) => {
      const { sql, params } = buildTutorSearch(filters);
      const rows = await t.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      return nodes(rows[0]['QUERY PLAN'][0].Plan as PlanNode);
    };
    for (const filters of [
      { subject: 'physics', sort: '-rating' as const, page: 1, limit: 20 },
      { q: 'word123', page: 1, limit: 20 },
      { sort: 'price' as const, page: 1, limit: 20 },
      { language: 'fr', sort: '-rating' as const, page: 1, limit: 20 },
    ]) {
      const planned = await plan(filters);
      const tutorScans = planned
        .filter((node) => node['Relation Name'] === 'tutors')
        .map((node) => node['Node Type']);
      // The page is read through an index (Index Scan, Bitmap Heap Scan over a GIN index, …) …
      expect({ filters, pageRead: tutorScans.some((type) => type !== 'Seq Scan') }).toEqual({
        filters,
        pageRead: true,
      });
      expect(planned.some((node) => node['Index Name']?.startsWith('tutor'))).toBe(true);
      // … and a selective search (subject, text) never scans the whole table, not even to count.
      if (filters.subject || filters.q) {
        expect({ filters, tutorScans }).toEqual({
          filters,
          tutorScans: expect.not.arrayContaining(['Seq Scan']),
        });
      }
    }
  }, 120_000); // loading 100,000 rows is slow on a busy machine; the plans are what is asserted
});
