import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'tutoring', name: 'subjects' })
export class SubjectEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { unique: true }) slug: string;
  @Column('text') name: string;
  @Column('text') category: string;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
}
