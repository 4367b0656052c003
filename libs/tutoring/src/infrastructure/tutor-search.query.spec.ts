import { buildTutorSearch } from './tutor-search.query.js';

describe('buildTutorSearch', () => {
  it('reads approved tutors only, with every filter as a bound parameter', () => {
    const { sql, params } = buildTutorSearch({
      subject: 'algebra',
      minRate: 1000,
      maxRate: 5000,
      language: 'de',
      minRating: 4,
      q: 'calculus tutor',
      sort: 'price',
      page: 3,
      limit: 10,
    });
    expect(sql).toContain(`t.status = 'approved'`);
    expect(params).toEqual(['calculus tutor', 'algebra', 1000, 5000, 'de', 4, 10, 20]);
    expect(sql).not.toMatch(/algebra|calculus|1000/);
    expect(sql).toContain('ORDER BY t.hourly_rate_amount, t.user_id');
  });

  it('ranks by relevance when searching text without a sort, by rating (unrated last) otherwise', () => {
    expect(buildTutorSearch({ q: 'x', page: 1, limit: 20 }).sql).toContain(
      'ORDER BY rank DESC, t.user_id',
    );
    expect(buildTutorSearch({ page: 1, limit: 20 }).sql).toContain(
      't.rating_average DESC NULLS LAST, t.user_id',
    );
    expect(buildTutorSearch({ sort: 'rating', page: 1, limit: 20 }).sql).toContain(
      't.rating_average ASC NULLS LAST',
    );
  });
});
