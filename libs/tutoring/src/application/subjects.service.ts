import { Injectable } from '@nestjs/common';
import {
  Clock,
  newId,
  pgError,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  ResourceNotFoundError,
  SqlReader,
  UnitOfWork,
  type AuthUser,
  type Transaction,
} from '@etutors/platform';
import { SubjectEntity, type SubjectFields } from '../domain/subject.entity.js';
import { SubjectCreated, SubjectDeleted, SubjectUpdated, type SubjectPayload } from '../events.js';
import { refreshSearchOfTutorsTeaching } from '../infrastructure/tutor-search-vector.js';
import { subjectInUse } from '../infrastructure/tutor-subjects.sql.js';
import { SubjectInUseError, SubjectSlugTakenError } from '../tutoring.errors.js';
import { TutoringAuditLog } from './audit-log.js';

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

const toPayload = (subject: SubjectEntity): SubjectPayload => ({
  subjectId: subject.id,
  slug: subject.slug,
  name: subject.name,
  category: subject.category,
});

/** The subject catalogue: admins curate it (every change audited with the admin), everyone reads it. */
@Injectable()
export class SubjectsService {
  constructor(
    private readonly reader: SqlReader,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: TutoringAuditLog,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<SubjectView[]> {
    return this.reader.query<SubjectView>(
      'SELECT id, slug, name, category FROM tutoring.subjects ORDER BY category, name',
    );
  }

  async create(admin: AuthUser, fields: SubjectFields): Promise<SubjectView> {
    const subject = SubjectEntity.create(newId(), fields, this.clock.now());
    return this.unitOfWork.run(async (tx) => {
      await refuseTakenSlug(subject.slug, () => tx.manager.insert(SubjectEntity, subject));
      await this.audit.publish(tx, SubjectCreated, {
        aggregateId: subject.id,
        actorId: admin.id,
        payload: toPayload(subject),
      });
      return toView(subject);
    });
  }

  /**
   * A partial edit: absent fields are kept, and an edit that changes nothing writes nothing and
   * publishes nothing. Renames keep tutors' search text in step with the new name.
   */
  async update(admin: AuthUser, id: string, edit: Partial<SubjectFields>): Promise<SubjectView> {
    return this.unitOfWork.run(async (tx) => {
      const subject = await this.locked(tx, id);
      const before = toPayload(subject);
      const changes = subject.change(edit);
      if (Object.keys(changes).length === 0) return toView(subject);
      await refuseTakenSlug(subject.slug, () => tx.manager.update(SubjectEntity, { id }, changes));
      if (changes.name !== undefined) await refreshSearchOfTutorsTeaching(tx, id);
      const previous = Object.fromEntries(
        Object.keys(changes).map((field) => [field, before[field as keyof SubjectFields]]),
      );
      await this.audit.publish(tx, SubjectUpdated, {
        aggregateId: id,
        actorId: admin.id,
        payload: { ...toPayload(subject), previous },
      });
      return toView(subject);
    });
  }

  /** Deleting a subject some tutor or lesson uses would orphan them: 409, rename it instead. */
  async remove(admin: AuthUser, id: string): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const subject = await this.locked(tx, id);
      if (await subjectInUse(tx, id)) throw new SubjectInUseError();
      try {
        await tx.manager.delete(SubjectEntity, { id });
      } catch (error) {
        if (pgError(error).code === PG_FOREIGN_KEY_VIOLATION) throw new SubjectInUseError();
        throw error;
      }
      await this.audit.publish(tx, SubjectDeleted, {
        aggregateId: id,
        actorId: admin.id,
        payload: toPayload(subject),
      });
    });
  }

  private async locked(tx: Transaction, id: string): Promise<SubjectEntity> {
    const subject = await tx.manager.findOne(SubjectEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!subject) throw new ResourceNotFoundError('subject');
    return subject;
  }
}

/** Runs a write that may collide on the unique slug, reporting the collision as a domain error. */
async function refuseTakenSlug(slug: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (pgError(error).code === PG_UNIQUE_VIOLATION) throw new SubjectSlugTakenError(slug);
    throw error;
  }
}
