import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The identity context's query port for other contexts (exported from `@etutors/identity`). */
@Injectable()
export class IdentityQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** The public display name of a user, or null when there is no such user. */
  async displayName(userId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(
      'SELECT display_name FROM identity.users WHERE id = $1',
      [userId],
    )) as {
      display_name: string;
    }[];
    return row?.display_name ?? null;
  }
}
