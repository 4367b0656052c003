/** Filters of `GET /tutors`, already validated. */
export interface TutorSearchFilters {
  subject?: string;
  minRate?: number;
  maxRate?: number;
  language?: string;
  minRating?: number;
  q?: string;
  sort?: TutorSort;
  page: number;
  limit: number;
}

export const TUTOR_SORTS = ['rating', '-rating', 'price', '-price'] as const;
export type TutorSort = (typeof TUTOR_SORTS)[number];
