import type { EmployeeRole } from '../api/types';
import { useDesk } from './context';

const ROLES: EmployeeRole[] = ['agent', 'admin'];

export function EmployeesPage() {
  const { desk, state, t } = useDesk();
  if (state.session?.me.role !== 'admin') return <p class="notice">{t('employees.adminsOnly')}</p>;

  const add = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const added = await desk.addEmployee({
      name: String(form.get('name')),
      email: String(form.get('email')),
      password: String(form.get('password')),
      role: String(form.get('role')) as EmployeeRole,
    });
    if (added) formElement.reset();
  };

  return (
    <section class="employees" aria-labelledby="employees-heading">
      <h1 id="employees-heading">{t('employees.heading')}</h1>
      {state.employeesError && (
        <p class="error" role="alert">
          {state.employeesError}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('employees.name')}</th>
            <th scope="col">{t('employees.email')}</th>
            <th scope="col">{t('employees.role')}</th>
            <th scope="col">{t('employees.active')}</th>
          </tr>
        </thead>
        <tbody>
          {state.employees.map((employee) => (
            <tr key={employee.id} class={employee.active ? undefined : 'inactive'}>
              <td>{employee.name}</td>
              <td>{'email' in employee ? employee.email : ''}</td>
              <td>
                <select
                  aria-label={t('employees.roleOf', { name: employee.name })}
                  value={employee.role}
                  onChange={(event) =>
                    void desk.updateEmployee(employee.id, {
                      role: (event.currentTarget as HTMLSelectElement).value as EmployeeRole,
                    })
                  }
                >
                  {ROLES.map((role) => (
                    <option value={role}>{t(`employees.role.${role}`)}</option>
                  ))}
                </select>
              </td>
              <td>
                <button
                  type="button"
                  onClick={() => void desk.updateEmployee(employee.id, { active: !employee.active })}
                >
                  {t(employee.active ? 'employees.deactivate' : 'employees.activate', { name: employee.name })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="add-employee" onSubmit={add} aria-labelledby="add-employee-heading">
        <h2 id="add-employee-heading">{t('employees.add')}</h2>
        <label>
          {t('employees.name')}
          <input name="name" required maxLength={200} />
        </label>
        <label>
          {t('employees.email')}
          <input name="email" type="email" required />
        </label>
        <label>
          {t('employees.password')}
          <input name="password" type="password" required minLength={8} autoComplete="new-password" />
        </label>
        <label>
          {t('employees.role')}
          <select name="role">
            {ROLES.map((role) => (
              <option value={role}>{t(`employees.role.${role}`)}</option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary">
          {t('employees.create')}
        </button>
      </form>
    </section>
  );
}
