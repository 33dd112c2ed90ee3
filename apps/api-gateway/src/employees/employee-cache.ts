import { Employee } from './employee.entity';

/**
 * How long an employee read to authenticate a request is reused. A change made through this gateway
 * replica (deactivation, a new role) applies at once, since the directory drops the entry as it commits;
 * one made through another replica reaches this one's requests within this time.
 */
export const EMPLOYEE_CACHE_TTL_MS = 1000;

/**
 * The employees behind recent requests, so that a burst of requests with one token reads the row once
 * instead of once per request. Only employees that exist are kept, so its size is bounded by the table.
 */
export class EmployeeCache {
  private readonly entries = new Map<number, { employee: Employee; expiresAt: number }>();
  /** Bumped by every `forget`: a read that started before a change must not store what it read. */
  private generation = 0;

  constructor(
    private readonly ttlMs = EMPLOYEE_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached employee, or `read()`'s result, kept for the TTL unless a change happened during the read. */
  async get(id: number, read: () => Promise<Employee | null>): Promise<Employee | null> {
    const entry = this.entries.get(id);
    if (entry && entry.expiresAt > this.now()) return entry.employee;
    this.entries.delete(id);
    const generation = this.generation;
    const employee = await read();
    if (employee && generation === this.generation)
      this.entries.set(id, { employee, expiresAt: this.now() + this.ttlMs });
    return employee;
  }

  forget(id: number): void {
    this.generation += 1;
    this.entries.delete(id);
  }
}
