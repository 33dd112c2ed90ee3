import { DateTime, IANAZone } from 'luxon';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const GROUP =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:-(Mon|Tue|Wed|Thu|Fri|Sat|Sun))? ([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
/** Days searched for working time before giving up; hours are validated non-empty, so a week always has some. */
const SEARCH_DAYS = 10 * 366;

/** Working time on one weekday, in minutes after local midnight. */
interface Shift {
  start: number;
  end: number;
}

/**
 * A team's weekly hours in one IANA time zone, e.g. `Europe/Moscow Mon-Fri 09:00-18:00, Sat 10:00-14:00`.
 * Wall-clock times are turned into instants by luxon day by day, so a DST change or a zone's offset moves
 * the hours exactly as a person there would see them.
 */
export class BusinessHours {
  private constructor(
    readonly timeZone: string,
    /** index 0 = Monday, as luxon's weekday - 1 */
    private readonly week: Shift[][],
    readonly spec: string,
  ) {}

  /** Throws an Error whose message says what is wrong with the value, in one line. */
  static parse(spec: string): BusinessHours {
    const trimmed = spec.trim();
    const space = trimmed.indexOf(' ');
    const zone = space < 0 ? trimmed : trimmed.slice(0, space);
    if (!IANAZone.isValidZone(zone)) throw new Error(`"${zone}" is not an IANA time zone (e.g. Europe/Moscow)`);
    const groups =
      space < 0
        ? []
        : trimmed
            .slice(space + 1)
            .split(',')
            .map((group) => group.trim().replace(/\s+/g, ' '));
    if (groups.length === 0 || groups[0] === '')
      throw new Error('needs the hours after the time zone, e.g. "Europe/Moscow Mon-Fri 09:00-18:00"');
    const week: Shift[][] = WEEKDAYS.map(() => []);
    for (const group of groups) {
      const match = GROUP.exec(group);
      if (!match) throw new Error(`"${group}" is not like "Mon-Fri 09:00-18:00"`);
      const [, firstDay, lastDay = firstDay, startHour, startMinute, endHour, endMinute] = match;
      const start = Number(startHour) * 60 + Number(startMinute);
      const end = Number(endHour) * 60 + Number(endMinute);
      if (end <= start || end > 24 * 60)
        throw new Error(`"${group}": the hours must end after they start, on the same day`);
      const from = WEEKDAYS.indexOf(firstDay as (typeof WEEKDAYS)[number]);
      const to = WEEKDAYS.indexOf(lastDay as (typeof WEEKDAYS)[number]);
      if (to < from) throw new Error(`"${group}": days go from Mon to Sun (write "Sat-Sun", not "Sun-Sat")`);
      for (let day = from; day <= to; day++) {
        if (week[day].some((shift) => start < shift.end && shift.start < end))
          throw new Error(`"${group}" overlaps other hours of ${WEEKDAYS[day]}`);
        week[day].push({ start, end });
        week[day].sort((a, b) => a.start - b.start);
      }
    }
    return new BusinessHours(zone, week, trimmed);
  }

  isOpen(at: Date): boolean {
    return this.nextOpening(at).getTime() === at.getTime();
  }

  /** `at` itself when within hours, else when the hours next begin. */
  nextOpening(at: Date): Date {
    for (const shift of this.shiftsFrom(at)) return new Date(Math.max(shift.start, at.getTime()));
    throw new Error('unreachable: business hours have working time every week');
  }

  /** The instant `minutes` of working time after `from` (working time before `from` does not count). */
  addWorkingMinutes(from: Date, minutes: number): Date {
    let remaining = minutes * 60_000;
    for (const shift of this.shiftsFrom(from)) {
      const start = Math.max(shift.start, from.getTime());
      const available = shift.end - start;
      if (remaining <= available) return new Date(start + remaining);
      remaining -= available;
    }
    throw new Error('unreachable: business hours have working time every week');
  }

  /** Shifts as instants (epoch ms) that end after `from`, in order, for up to SEARCH_DAYS days. */
  private *shiftsFrom(from: Date): Generator<{ start: number; end: number }> {
    let day = DateTime.fromJSDate(from, { zone: this.timeZone }).startOf('day');
    for (let i = 0; i < SEARCH_DAYS; i++, day = day.plus({ days: 1 })) {
      for (const shift of this.week[day.weekday - 1]) {
        const start = this.instant(day, shift.start);
        const end = this.instant(day, shift.end);
        if (end > from.getTime()) yield { start, end };
      }
    }
  }

  /** Local wall-clock minutes after the day's midnight as an instant; 24:00 is the next midnight. */
  private instant(day: DateTime, minutes: number): number {
    if (minutes === 24 * 60) return day.plus({ days: 1 }).toMillis();
    return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
  }
}
