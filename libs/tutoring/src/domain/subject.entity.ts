import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What an admin writes of a subject. */
export interface SubjectFields {
  slug: string;
  name: string;
  category: string;
}

/** A subject of the catalogue tutors teach and students search by. */
@Entity({ schema: 'tutoring', name: 'subjects' })
export class SubjectEntity implements SubjectFields {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { unique: true }) slug: string;
  @Column('text') name: string;
  @Column('text') category: string;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;

  static create(id: string, fields: SubjectFields, now: Date): SubjectEntity {
    return Object.assign(new SubjectEntity(), {
      id,
      slug: fields.slug,
      name: fields.name,
      category: fields.category,
      createdAt: now,
    });
  }

  /**
   * Applies a partial edit and returns only the fields it really changes: an absent field is
   * kept, never cleared, and an edit that changes nothing returns `{}`.
   */
  change(edit: Partial<SubjectFields>): Partial<SubjectFields> {
    const changes: Partial<SubjectFields> = {};
    for (const field of ['slug', 'name', 'category'] as const) {
      const value = edit[field];
      if (value !== undefined && value !== this[field]) changes[field] = value;
    }
    Object.assign(this, changes);
    return changes;
  }
}
