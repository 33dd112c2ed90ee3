import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import { CodedError, ErrorCode } from '@app/contracts';
import { CreateEmployeeRequest } from './dto/create-employee.request.dto';
import { UpdateEmployeeRequest } from './dto/update-employee.request.dto';
import { EmployeeCache } from './employee-cache';
import { announceEmployee } from './employee-events';
import { Employee } from './employee.entity';
import { PasswordHasher } from './password-hasher';

const UNIQUE_VIOLATION = '23505';
/** Serializes changes that could remove an admin, so two of them cannot together remove the last one. */
const ADMIN_SET_LOCK = 'auth:admin-set';

/** Who the employees are: create, find, change; the rules about emails and the last admin live here. */
@Injectable()
export class EmployeeDirectory {
  private readonly logger = new Logger(EmployeeDirectory.name);

  constructor(
    @InjectRepository(Employee) private readonly employees: Repository<Employee>,
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly recent: EmployeeCache,
  ) {}

  async create(request: CreateEmployeeRequest): Promise<Employee> {
    const passwordHash = await this.hasher.hash(request.password);
    try {
      const employee = await this.dataSource.transaction(async (manager) => {
        const created = await manager.save(
          manager.create(Employee, {
            email: request.email,
            name: request.name,
            role: request.role,
            passwordHash,
            active: true,
            away: false,
          }),
        );
        await announceEmployee(manager, created);
        return created;
      });
      this.logger.log({ employeeId: employee.id, role: employee.role }, 'Employee created');
      return employee;
    } catch (error) {
      // The unique index on lower(email) decides, so two concurrent creations cannot both win.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new CodedError(ErrorCode.EmailTaken, `An employee with email ${request.email} already exists`);
      }
      throw error;
    }
  }

  list(): Promise<Employee[]> {
    return this.employees.find({ order: { id: 'ASC' } });
  }

  findById(id: number): Promise<Employee | null> {
    return this.employees.findOneBy({ id });
  }

  findByEmail(email: string): Promise<Employee | null> {
    return this.employees
      .createQueryBuilder('employee')
      .where('lower(employee.email) = lower(:email)', { email: email.trim() })
      .getOne();
  }

  /** An employee who may act or be assigned work: exists and is active. */
  async getActive(id: number): Promise<Employee> {
    const employee = await this.findById(id);
    if (!employee?.active) throw new CodedError(ErrorCode.EmployeeNotFound, `Employee #${id} not found or deactivated`);
    return employee;
  }

  async update(id: number, changes: UpdateEmployeeRequest): Promise<Employee> {
    if (
      changes.name === undefined &&
      changes.role === undefined &&
      changes.active === undefined &&
      changes.away === undefined
    ) {
      throw new CodedError(ErrorCode.ValidationFailed, 'Give at least one of name, role, active, away');
    }
    const updated = await this.dataSource.transaction(async (manager) => {
      if (changes.role !== undefined || changes.active !== undefined) {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [ADMIN_SET_LOCK]);
      }
      const employee = await manager.findOne(Employee, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!employee) throw new CodedError(ErrorCode.EmployeeNotFound, `Employee #${id} not found`);
      const stopsBeingAdmin =
        employee.role === 'admin' &&
        employee.active &&
        ((changes.role !== undefined && changes.role !== 'admin') || changes.active === false);
      if (stopsBeingAdmin && (await this.otherActiveAdmins(manager, id)) === 0) {
        throw new CodedError(ErrorCode.LastAdmin, `Employee #${id} is the last active admin`);
      }
      // Deactivation ends the tokens issued so far: reactivating later does not bring them back.
      const tokenVersion =
        changes.active === false && employee.active ? employee.tokenVersion + 1 : employee.tokenVersion;
      manager.merge(Employee, employee, { ...changes, tokenVersion });
      const saved = await manager.save(employee);
      if (changes.role !== undefined || changes.active !== undefined || changes.away !== undefined)
        await announceEmployee(manager, saved);
      return saved;
    });
    this.recent.forget(id);
    this.logger.log({ employeeId: id, changed: Object.keys(changes) }, 'Employee updated');
    return updated;
  }

  /** A new password; every token issued before stops working. */
  async setPassword(id: number, password: string): Promise<Employee> {
    const passwordHash = await this.hasher.hash(password);
    const { affected } = await this.employees.update({ id }, { passwordHash, tokenVersion: () => 'token_version + 1' });
    this.recent.forget(id);
    if (!affected) throw new CodedError(ErrorCode.EmployeeNotFound, `Employee #${id} not found`);
    this.logger.log({ employeeId: id }, 'Password changed; earlier tokens revoked');
    return (await this.findById(id))!;
  }

  private async otherActiveAdmins(manager: EntityManager, id: number): Promise<number> {
    const [{ count }]: { count: number }[] = await manager.query(
      `SELECT count(*)::int AS count FROM auth.employees WHERE role = 'admin' AND active AND id <> $1`,
      [id],
    );
    return count;
  }
}
