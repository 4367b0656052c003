import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { IdentityQueries } from '@etutors/identity';
import {
  Clock,
  EventBus,
  ResourceNotFoundError,
  UnitOfWork,
  pageOffset,
  toPage,
  type AuthUser,
  type Environment,
  type Page,
  type Transaction,
} from '@etutors/platform';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  TutorEntity,
  TutorRevisionEntity,
  type TutorProfileFields,
  type TutorStatus,
} from '../domain/tutor.entity.js';
import { placeProfileEdit } from '../domain/tutoring.policy.js';
import { TutorApproved, TutorRejected } from '../events.js';
import {
  CurrencyNotSupportedError,
  NothingToReviewError,
  UnknownSubjectsError,
} from '../tutoring.errors.js';
import { refreshSearchOf } from './tutor-search-vector.js';
import { toProfileView, type TutorProfileView } from './tutor-views.js';

/** Tutors write their profile; admins approve or reject it (or a later revision of it). */
@Injectable()
export class TutorProfilesService {
  private readonly currencies: string[];

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly identity: IdentityQueries,
    config: ConfigService<Environment, true>,
  ) {
    this.currencies = config.get('SUPPORTED_CURRENCIES', { infer: true }).split(',');
  }

  /** Creates or edits the caller's profile; edits of an approved profile wait as a revision. */
  async write(tutor: AuthUser, fields: TutorProfileFields): Promise<TutorProfileView> {
    if (!this.currencies.includes(fields.currency))
      throw new CurrencyNotSupportedError(fields.currency, this.currencies);
    const subjectIds = [...new Set(fields.subjectIds)];
    const edit = { ...fields, subjectIds, languages: [...new Set(fields.languages)] };
    return this.unitOfWork.run(async (tx) => {
      await this.assertSubjectsExist(tx, subjectIds);
      const now = this.clock.now();
      const current = await tx.manager.findOne(TutorEntity, {
        where: { userId: tutor.id },
        lock: { mode: 'pessimistic_write' },
      });
      switch (placeProfileEdit(current?.status ?? null)) {
        case 'create': {
          // Asked of identity directly: its registration event may still be on its way.
          const displayName = (await this.identity.displayName(tutor.id)) ?? '';
          await tx.manager.insert(TutorEntity, {
            ...edit,
            userId: tutor.id,
            displayName,
            status: 'pending',
            ratingCount: 0,
            ratingSum: 0,
            ratingAverage: null,
            reviewNote: null,
            approvedAt: null,
            createdAt: now,
            updatedAt: now,
          });
          await this.replaceSubjects(tx, tutor.id, subjectIds);
          break;
        }
        case 'replace_pending':
          await tx.manager.update(
            TutorEntity,
            { userId: tutor.id },
            { ...edit, status: 'pending', reviewNote: null, updatedAt: now },
          );
          await this.replaceSubjects(tx, tutor.id, subjectIds);
          break;
        case 'revision':
          await tx.manager.upsert(
            TutorRevisionEntity,
            { ...edit, tutorId: tutor.id, status: 'pending', reviewNote: null, submittedAt: now },
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
    const filter =
      status === 'pending'
        ? `(t.status = 'pending' OR EXISTS (SELECT 1 FROM tutoring.tutor_revisions r WHERE r.tutor_id = t.user_id AND r.status = 'pending'))`
        : status
          ? `t.status = $3`
          : 'true';
    const params: unknown[] = [query.limit, pageOffset(query)];
    if (status && status !== 'pending') params.push(status);
    const rows = (await manager.query(
      `SELECT t.user_id, count(*) OVER () AS total FROM tutoring.tutors t WHERE ${filter}
        ORDER BY t.updated_at, t.user_id LIMIT $1 OFFSET $2`,
      params,
    )) as { user_id: string; total: string }[];
    const ids = rows.map((row) => row.user_id);
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
    return toPage(views, Number(rows[0]?.total ?? 0), query);
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
      const isFirst = tutor.status === 'pending';
      if (!isFirst && !revision) throw new NothingToReviewError();
      if (decision === 'approved') {
        if (isFirst) {
          await tx.manager.update(
            TutorEntity,
            { userId: tutorId },
            { status: 'approved', approvedAt: now, reviewNote: note, updatedAt: now },
          );
        } else {
          const { headline, bio, hourlyRateAmount, currency, languages, timezone, subjectIds } =
            revision!;
          await tx.manager.update(
            TutorEntity,
            { userId: tutorId },
            {
              headline,
              bio,
              hourlyRateAmount,
              currency,
              languages,
              timezone,
              subjectIds,
              reviewNote: note,
              updatedAt: now,
            },
          );
          await this.replaceSubjects(tx, tutorId, subjectIds);
          await tx.manager.delete(TutorRevisionEntity, { tutorId });
        }
        await refreshSearchOf(tx, tutorId);
      } else if (isFirst) {
        await tx.manager.update(
          TutorEntity,
          { userId: tutorId },
          { status: 'rejected', reviewNote: note, updatedAt: now },
        );
      } else {
        await tx.manager.update(
          TutorRevisionEntity,
          { tutorId },
          { status: 'rejected', reviewNote: note },
        );
      }
      await this.events.publish(tx, decision === 'approved' ? TutorApproved : TutorRejected, {
        aggregateId: tutorId,
        actorId: admin.id,
        payload: { tutorId, revision: !isFirst, note },
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

  private async assertSubjectsExist(tx: Transaction, ids: string[]): Promise<void> {
    const rows = (await tx.manager.query(
      'SELECT id FROM tutoring.subjects WHERE id = ANY($1::uuid[])',
      [ids],
    )) as { id: string }[];
    const found = new Set(rows.map((row) => row.id));
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) throw new UnknownSubjectsError(unknown);
  }

  private async replaceSubjects(
    tx: Transaction,
    tutorId: string,
    subjectIds: string[],
  ): Promise<void> {
    await tx.manager.query('DELETE FROM tutoring.tutor_subjects WHERE tutor_id = $1', [tutorId]);
    await tx.manager.query(
      'INSERT INTO tutoring.tutor_subjects (tutor_id, subject_id) SELECT $1, unnest($2::uuid[])',
      [tutorId, subjectIds],
    );
  }
}
