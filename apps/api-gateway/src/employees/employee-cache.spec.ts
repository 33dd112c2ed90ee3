import { EmployeeCache } from './employee-cache';
import { Employee } from './employee.entity';

const employee = (id: number, active = true) =>
  Object.assign(new Employee(), { id, name: `Employee ${id}`, role: 'agent', active });

describe('EmployeeCache', () => {
  let clock: number;
  let stored: Map<number, Employee>;
  let reads: number;
  let cache: EmployeeCache;
  const read = (id: number) => async () => {
    reads += 1;
    return stored.get(id) ?? null;
  };

  beforeEach(() => {
    clock = 0;
    stored = new Map([[7, employee(7)]]);
    reads = 0;
    cache = new EmployeeCache(1000, () => clock);
  });

  it('reads an employee once within the TTL, and again after it', async () => {
    await cache.get(7, read(7));
    clock = 999;
    expect(await cache.get(7, read(7))).toMatchObject({ id: 7, active: true });
    expect(reads).toBe(1);

    stored.set(7, employee(7, false));
    clock = 1000;
    expect(await cache.get(7, read(7))).toMatchObject({ id: 7, active: false });
    expect(reads).toBe(2);
  });

  it('reads again at once after forget', async () => {
    await cache.get(7, read(7));
    stored.set(7, employee(7, false));
    cache.forget(7);

    expect(await cache.get(7, read(7))).toMatchObject({ id: 7, active: false });
    expect(reads).toBe(2);
  });

  it('does not keep a read that was under way when the employee changed', async () => {
    let finishRead: (value: Employee) => void = () => undefined;
    const slowRead = cache.get(7, () => new Promise<Employee>((resolve) => (finishRead = resolve)));
    cache.forget(7);
    finishRead(employee(7, true));
    await slowRead;

    stored.set(7, employee(7, false));
    expect(await cache.get(7, read(7))).toMatchObject({ id: 7, active: false });
  });

  it('keeps no entry for an id that does not exist', async () => {
    expect(await cache.get(8, read(8))).toBeNull();
    stored.set(8, employee(8));
    expect(await cache.get(8, read(8))).toMatchObject({ id: 8 });
    expect(reads).toBe(2);
  });
});
