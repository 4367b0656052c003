import { v7 } from 'uuid';

/** A new id: UUID v7, time-ordered, so inserts stay local in the b-tree. */
export const newId = (): string => v7();
