import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError, toPage, type Page } from '@etutors/platform';
import { TutorDirectoryReader } from '../infrastructure/tutor-directory.reader.js';
import type { TutorSearchFilters } from '../domain/tutor-search.js';
import type { PublicTutorView, ReviewView } from './tutor-views.js';

/** What students browse: approved tutors and their reviews. */
@Injectable()
export class TutorDirectoryService {
  constructor(private readonly directory: TutorDirectoryReader) {}

  async search(filters: TutorSearchFilters): Promise<Page<PublicTutorView>> {
    const { tutors, total } = await this.directory.search(filters);
    return toPage(tutors, total, filters);
  }

  async approved(id: string): Promise<PublicTutorView> {
    const tutor = await this.directory.approved(id);
    if (!tutor) throw new ResourceNotFoundError('tutor');
    return tutor;
  }

  /** Reviews of an approved tutor, newest first. */
  async reviews(
    tutorId: string,
    query: { page: number; limit: number },
  ): Promise<Page<ReviewView>> {
    const total = await this.directory.reviewCountOfApproved(tutorId);
    if (total === null) throw new ResourceNotFoundError('tutor');
    return toPage(await this.directory.reviews(tutorId, query), total, query);
  }
}
