import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const EMPLOYEE_ROLES = ['admin', 'agent'] as const;
export type EmployeeRole = (typeof EMPLOYEE_ROLES)[number];

/** Someone who works tickets. Email is unique case-insensitively (a unique index on lower(email)). */
@Entity({ schema: 'auth', name: 'employees' })
export class Employee {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column('text')
  email: string;

  @Column('text')
  name: string;

  @Column('text')
  role: EmployeeRole;

  /** argon2id, with its parameters and salt in the encoded string */
  @Column('text')
  passwordHash: string;

  /** a deactivated employee cannot log in, and tokens issued before stop working */
  @Column('boolean', { default: true })
  active: boolean;

  /** tokens carry the version they were issued at; a password change or deactivation moves it on */
  @Column('integer', { default: 0 })
  tokenVersion: number;
  /** away (holiday, sick): still works, but auto-assignment gives them no new tickets */
  @Column('boolean', { default: false })
  away: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
