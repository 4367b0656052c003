import { Injectable } from '@nestjs/common';
import { IdentityQueries } from '@etutors/identity';
import {
  Clock,
  ResourceNotFoundError,
  UnitOfWork,
  toPage,
  type AuthUser,
  type Page,
} from '@etutors/platform';
import { DataSource, In, type EntityManager } from 'typeorm';
import { TutorRevisionEntity } from '../domain/tutor-revision.entity.js';
import { TutorEntity, type TutorProfileFields, type TutorStatus } from '../domain/tutor.entity.js';
import { placeProfileEdit } from '../domain/tutoring.policy.js';
import { TutorApproved, TutorRejected } from '../events.js';
import { ReviewQueueReader } from '../infrastructure/review-queue.reader.js';
import { refreshSearchOf } from '../infrastructure/tutor-search-vector.js';
import { replaceTutorSubjects, unknownSubjectIds } from '../infrastructure/tutor-subjects.sql.js';
import { CurrencyNotSupportedError, UnknownSubjectsError } from '../tutoring.errors.js';
import { TutoringSettings } from '../tutoring.settings.js';
import { TutoringAuditLog } from './audit-log.js';
import { toProfileView, type TutorProfileView } from './tutor-views.js';

/** Tutors write their profile; admins approve or reject it (or a later revision of it), audited with the admin. */
@Injectable()
export class TutorProfilesService {
  private readonly currencies: string[];

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
    private readonly audit: TutoringAuditLog,
    private readonly reviewQueue: ReviewQueueReader,
    private readonly clock: Clock,
    private readonly identity: IdentityQueries,
    settings: TutoringSettings,
  ) {
    this.currencies = settings.SUPPORTED_CURRENCIES.split(',');
  }

  /** Creates or edits the caller's profile; edits of an approved profile wait as a revision. */
  async write(tutor: AuthUser, fields: TutorProfileFields): Promise<TutorProfileView> {
    if (!this.currencies.includes(fields.currency))
      throw new CurrencyNotSupportedError(fields.currency, this.currencies);
    const subjectIds = [...new Set(fields.subjectIds)];
    const edit = { ...fields, subjectIds, languages: [...new Set(fields.languages)] };
    return this.unitOfWork.run(async (tx) => {
      const unknown = await unknownSubjectIds(tx, subjectIds);
      if (unknown.length > 0) throw new UnknownSubjectsError(unknown);
      const now = this.clock.now();
      const current = await tx.manager.findOne(TutorEntity, {
        where: { userId: tutor.id },
        lock: { mode: 'pessimistic_write' },
      });
      switch (placeProfileEdit(current?.status ?? null)) {
        case 'create': {
          // Asked of identity directly: its registration event may still be on its way.
          const displayName = (await this.identity.displayName(tutor.id, tx.manager)) ?? '';
          await tx.manager.insert(
            TutorEntity,
            TutorEntity.create(tutor.id, displayName, edit, now),
          );
          await replaceTutorSubjects(tx, tutor.id, subjectIds);
          break;
        }
        case 'replace_pending':
          await tx.manager.update(TutorEntity, { userId: tutor.id }, current!.edit(edit, now));
          await replaceTutorSubjects(tx, tutor.id, subjectIds);
          break;
        case 'revision':
          await tx.manager.upsert(
            TutorRevisionEntity,
            TutorRevisionEntity.submit(tutor.id, edit, now),
            ['tutorId'],
          );
          break;
      }
      return this.viewOf(tx.manager, tutor.id);
    });
  }

  // Plain reads, outside any transaction (see UnitOfWork).
  async mine(tutor: AuthUser): Promise<TutorProfileView> {
    return this.viewOf(this.dataSource.manager, tutor.id);
  }

  /** Profiles by status; `pending` also lists approved tutors with a revision waiting. */
  async listForReview(
    status: TutorStatus | undefined,
    query: { page: number; limit: number },
  ): Promise<Page<TutorProfileView>> {
    const manager = this.dataSource.manager;
    const { ids, total } = await this.reviewQueue.page(status, query);
    const [tutors, revisions] = await Promise.all([
      manager.find(TutorEntity, { where: { userId: In(ids) } }),
      manager.find(TutorRevisionEntity, { where: { tutorId: In(ids) } }),
    ]);
    const tutorById = new Map(tutors.map((tutor) => [tutor.userId, tutor]));
    const revisionOf = new Map(revisions.map((revision) => [revision.tutorId, revision]));
    const views = ids.flatMap((id) => {
      const tutor = tutorById.get(id);
      return tutor ? [toProfileView(tutor, revisionOf.get(id) ?? null)] : [];
    });
    return toPage(views, total, query);
  }

  /** Approves or rejects what waits: the first profile, or else the pending revision. */
  async review(
    admin: AuthUser,
    tutorId: string,
    decision: 'approved' | 'rejected',
    note: string | null,
  ): Promise<TutorProfileView> {
    return this.unitOfWork.run(async (tx) => {
      const tutor = await tx.manager.findOne(TutorEntity, {
        where: { userId: tutorId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!tutor) throw new ResourceNotFoundError('tutor');
      const revision = await tx.manager.findOne(TutorRevisionEntity, {
        where: { tutorId, status: 'pending' },
        lock: { mode: 'pessimistic_write' },
      });
      const now = this.clock.now();
      const reviewed = tutor.underReview(revision);
      if (reviewed === 'profile') {
        const changes =
          decision === 'approved' ? tutor.approve(note, now) : tutor.reject(note, now);
        await tx.manager.update(TutorEntity, { userId: tutorId }, changes);
      } else if (decision === 'approved') {
        await tx.manager.update(
          TutorEntity,
          { userId: tutorId },
          tutor.adopt(revision!, note, now),
        );
        await replaceTutorSubjects(tx, tutorId, tutor.subjectIds);
        await tx.manager.delete(TutorRevisionEntity, { tutorId });
      } else {
        await tx.manager.update(TutorRevisionEntity, { tutorId }, revision!.reject(note));
      }
      if (decision === 'approved') await refreshSearchOf(tx, tutorId);
      await this.audit.publish(tx, decision === 'approved' ? TutorApproved : TutorRejected, {
        aggregateId: tutorId,
        actorId: admin.id,
        payload: { tutorId, revision: reviewed === 'revision', note },
      });
      return this.viewOf(tx.manager, tutorId);
    });
  }

  private async viewOf(manager: EntityManager, tutorId: string): Promise<TutorProfileView> {
    const tutor = await manager.findOne(TutorEntity, { where: { userId: tutorId } });
    if (!tutor) throw new ResourceNotFoundError('tutor');
    const revision = await manager.findOne(TutorRevisionEntity, { where: { tutorId } });
    return toProfileView(tutor, revision);
  }
}
