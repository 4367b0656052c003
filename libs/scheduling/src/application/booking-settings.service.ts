import { Injectable } from '@nestjs/common';
import {
  Clock,
  ResourceNotFoundError,
  UnitOfWork,
  type AuthUser,
  type Money,
} from '@etutors/platform';
import { TutoringQueries } from '@etutors/tutoring';
import { DataSource, type EntityManager } from 'typeorm';
import {
  TRIAL_MINUTES,
  TutorBookingSettingsEntity,
  type BookingSettingsInput,
} from '../domain/tutor-booking-settings.entity.js';
import { SchedulingSettings } from '../scheduling.settings.js';

export interface BookingSettingsView extends BookingSettingsInput {
  /** The trial's price in the tutor's currency; null when they offer no trial. */
  trialPrice: Money | null;
  /** Hours the tutor has to answer a paid request when `requiresConfirmation`. */
  tutorResponseHours: number;
  /** When the tutor last changed them; null while they never did. */
  updatedAt: string | null;
}

/** What students see before booking: whether requests wait for the tutor, and the trial lesson. */
export interface PublicBookingSettingsView {
  tutorId: string;
  requiresConfirmation: boolean;
  tutorResponseHours: number;
  trial: { offered: boolean; durationMinutes: number; price: Money | null };
}

/** A tutor's booking settings: lesson limits, request to book and the trial lesson. */
@Injectable()
export class BookingSettingsService {
  private readonly responseHours: number;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly tutoring: TutoringQueries,
    settings: SchedulingSettings,
  ) {
    this.responseHours = settings.TUTOR_RESPONSE_HOURS;
  }

  /** The tutor's settings (the defaults while they set none); inside a transaction when `manager` is one's. */
  async forTutor(
    tutorId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TutorBookingSettingsEntity> {
    return (
      (await manager.findOne(TutorBookingSettingsEntity, { where: { tutorId } })) ??
      TutorBookingSettingsEntity.defaults(tutorId)
    );
  }

  async get(tutor: AuthUser): Promise<BookingSettingsView> {
    const [settings, pricing] = await Promise.all([
      this.forTutor(tutor.id),
      this.tutoring.getTutorCurrency(tutor.id),
    ]);
    return this.toView(settings, pricing?.currency ?? null);
  }

  async put(tutor: AuthUser, input: BookingSettingsInput): Promise<BookingSettingsView> {
    const settings = TutorBookingSettingsEntity.write(tutor.id, input, this.clock.now());
    await this.unitOfWork.run((tx) =>
      tx.manager.upsert(TutorBookingSettingsEntity, settings, ['tutorId']),
    );
    const pricing = await this.tutoring.getTutorCurrency(tutor.id);
    return this.toView(settings, pricing?.currency ?? null);
  }

  /** The public part of an approved tutor's settings; 404 for anyone else. */
  async publicView(tutorId: string): Promise<PublicBookingSettingsView> {
    const [settings, pricing] = await Promise.all([
      this.forTutor(tutorId),
      this.tutoring.getTutorCurrency(tutorId),
    ]);
    if (!pricing?.approved) throw new ResourceNotFoundError('tutor');
    const price = settings.trialPrice;
    return {
      tutorId,
      requiresConfirmation: settings.requiresConfirmation,
      tutorResponseHours: this.responseHours,
      trial: {
        offered: price !== null,
        durationMinutes: TRIAL_MINUTES,
        price: price === null ? null : { amount: price, currency: pricing.currency },
      },
    };
  }

  private toView(
    settings: TutorBookingSettingsEntity,
    currency: string | null,
  ): BookingSettingsView {
    const price = settings.trialPrice;
    return {
      maxLessonsPerDay: settings.maxLessonsPerDay,
      maxLessonsPerWeek: settings.maxLessonsPerWeek,
      requiresConfirmation: settings.requiresConfirmation,
      trialEnabled: settings.trialEnabled,
      trialPriceAmount: settings.trialPriceAmount,
      trialPrice: price === null || currency === null ? null : { amount: price, currency },
      tutorResponseHours: this.responseHours,
      updatedAt: settings.updatedAt.getTime() === 0 ? null : settings.updatedAt.toISOString(),
    };
  }
}
