import { Injectable } from '@nestjs/common';
import {
  newId,
  pgError,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  ResourceNotFoundError,
  UnitOfWork,
} from '@etutors/platform';
import { DataSource } from 'typeorm';
import { SubjectEntity } from '../domain/subject.entity.js';
import { SubjectInUseError, SubjectSlugTakenError } from '../tutoring.errors.js';
import { refreshSearchOfTutorsTeaching } from './tutor-search-vector.js';

export interface SubjectView {
  id: string;
  slug: string;
  name: string;
  category: string;
}

const toView = (subject: SubjectEntity): SubjectView => ({
  id: subject.id,
  slug: subject.slug,
  name: subject.name,
  category: subject.category,
});

/** The subject catalogue: admins curate it, everyone reads it. */
@Injectable()
export class SubjectsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async list(): Promise<SubjectView[]> {
    const rows = await this.dataSource.query(
      'SELECT id, slug, name, category FROM tutoring.subjects ORDER BY category, name',
    );
    return rows as SubjectView[];
  }

  async create(input: Omit<SubjectView, 'id'>): Promise<SubjectView> {
    const subject = { id: newId(), ...input, createdAt: new Date() };
    try {
      await this.dataSource.getRepository(SubjectEntity).insert(subject);
    } catch (error) {
      if (pgError(error).code === PG_UNIQUE_VIOLATION) throw new SubjectSlugTakenError(input.slug);
      throw error;
    }
    return toView(subject);
  }

  /** Renames keep tutors' search text in step with the new name. */
  async update(id: string, changes: Partial<Omit<SubjectView, 'id'>>): Promise<SubjectView> {
    return this.unitOfWork.run(async (tx) => {
      const subjects = tx.manager.getRepository(SubjectEntity);
      const subject = await subjects.findOne({
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!subject) throw new ResourceNotFoundError('subject');
      Object.assign(subject, changes);
      try {
        await subjects.update(
          { id },
          { slug: subject.slug, name: subject.name, category: subject.category },
        );
      } catch (error) {
        if (pgError(error).code === PG_UNIQUE_VIOLATION)
          throw new SubjectSlugTakenError(subject.slug);
        throw error;
      }
      if (changes.name !== undefined) await refreshSearchOfTutorsTeaching(tx, id);
      return toView(subject);
    });
  }

  /** Deleting a subject some tutor or lesson uses would orphan them: 409, rename it instead. */
  async remove(id: string): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const [{ inUse }] = (await tx.manager.query(
        `SELECT EXISTS (SELECT 1 FROM tutoring.tutors WHERE $1 = ANY(subject_ids))
             OR EXISTS (SELECT 1 FROM tutoring.tutor_revisions WHERE $1 = ANY(subject_ids))
             OR EXISTS (SELECT 1 FROM tutoring.lessons WHERE subject_id = $1) AS "inUse"`,
        [id],
      )) as [{ inUse: boolean }];
      if (inUse) throw new SubjectInUseError();
      try {
        const result = await tx.manager.delete(SubjectEntity, { id });
        if (!result.affected) throw new ResourceNotFoundError('subject');
      } catch (error) {
        if (pgError(error).code === PG_FOREIGN_KEY_VIOLATION) throw new SubjectInUseError();
        throw error;
      }
    });
  }
}
