import { SubjectEntity } from './subject.entity.js';

describe('SubjectEntity.change', () => {
  const subject = () =>
    SubjectEntity.create(
      's-1',
      { slug: 'algebra', name: 'Algebra', category: 'Maths' },
      new Date(),
    );

  it('returns only the fields that really change, and keeps absent ones', () => {
    const edited = subject();
    expect(edited.change({ name: 'Algebra I', slug: 'algebra' })).toEqual({ name: 'Algebra I' });
    expect(edited).toMatchObject({ slug: 'algebra', name: 'Algebra I', category: 'Maths' });
  });

  it('changes nothing for an empty edit or one with undefined fields', () => {
    const edited = subject();
    expect(edited.change({})).toEqual({});
    expect(edited.change({ slug: undefined, name: undefined, category: undefined })).toEqual({});
    expect(edited).toMatchObject({ slug: 'algebra', name: 'Algebra', category: 'Maths' });
  });
});
