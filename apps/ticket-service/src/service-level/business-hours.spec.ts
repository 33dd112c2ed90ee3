import { BusinessHours } from './business-hours';
import { SlaTargets } from './sla-clock';

const at = (iso: string) => new Date(iso);

describe('BusinessHours', () => {
  const moscow = BusinessHours.parse('Europe/Moscow Mon-Fri 09:00-18:00');

  it('counts working minutes across a weekend, in the zone of the hours (Moscow is UTC+3)', () => {
    // Friday 17:00 in Moscow: one hour left that day, the second on Monday from 09:00
    expect(moscow.addWorkingMinutes(at('2026-11-27T14:00:00Z'), 120).toISOString()).toBe('2026-11-30T07:00:00.000Z');
    // Saturday: nothing counts until Monday 09:00
    expect(moscow.addWorkingMinutes(at('2026-11-28T12:00:00Z'), 30).toISOString()).toBe('2026-11-30T06:30:00.000Z');
    // within a day
    expect(moscow.addWorkingMinutes(at('2026-11-30T07:00:00Z'), 60).toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('follows a daylight-saving change: 09:00 in Berlin is 08:00Z before it and 07:00Z after it', () => {
    const berlin = BusinessHours.parse('Europe/Berlin Mon-Fri 09:00-17:00');
    // Friday 27 March 2026, 16:00 CET (15:00Z); clocks go forward on Sunday the 29th
    expect(berlin.addWorkingMinutes(at('2026-03-27T15:00:00Z'), 120).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(berlin.nextOpening(at('2026-03-28T10:00:00Z')).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(berlin.nextOpening(at('2026-03-20T18:00:00Z')).toISOString()).toBe('2026-03-23T08:00:00.000Z');
  });

  it('knows when it is open and when it opens next', () => {
    expect(moscow.isOpen(at('2026-11-30T06:00:00Z'))).toBe(true); // Monday 09:00 MSK
    expect(moscow.isOpen(at('2026-11-30T15:00:00Z'))).toBe(false); // Monday 18:00 MSK: closed
    expect(moscow.nextOpening(at('2026-11-30T15:00:00Z')).toISOString()).toBe('2026-12-01T06:00:00.000Z');
    expect(moscow.nextOpening(at('2026-11-29T05:59:00Z')).toISOString()).toBe('2026-11-30T06:00:00.000Z'); // Sunday
  });

  it('takes several groups and hours up to midnight', () => {
    const hours = BusinessHours.parse('America/New_York Mon-Fri 09:00-17:00, Sat 10:00-24:00');
    // Saturday 23:30 in New York (EST, UTC-5) = Sunday 04:30Z; 60 minutes: 30 on Saturday, 30 from Monday 09:00
    expect(hours.addWorkingMinutes(at('2026-12-06T04:30:00Z'), 60).toISOString()).toBe('2026-12-07T14:30:00.000Z');
  });

  it.each([
    ['Mars/Olympus Mon-Fri 09:00-18:00', 'is not an IANA time zone'],
    ['Europe/Moscow', 'needs the hours'],
    ['Europe/Moscow Mon-Fri 9-18', 'is not like'],
    ['Europe/Moscow Mon-Fri 18:00-09:00', 'must end after they start'],
    ['Europe/Moscow Fri-Mon 09:00-18:00', 'days go from Mon to Sun'],
    ['Europe/Moscow Mon-Fri 09:00-18:00, Fri 17:00-20:00', 'overlaps'],
  ])('refuses %s', (spec, problem) => {
    expect(() => BusinessHours.parse(spec)).toThrow(problem);
  });
});

describe('SlaTargets', () => {
  it('counts targets in business hours when they are set, in wall-clock time otherwise', () => {
    const hours = BusinessHours.parse('Europe/Moscow Mon-Fri 09:00-18:00');
    const friday = at('2026-11-27T14:00:00Z');
    expect(new SlaTargets(hours, 120, 600).dueTimes(friday)).toEqual({
      firstResponseDueAt: at('2026-11-30T07:00:00Z'),
      resolutionDueAt: at('2026-11-30T15:00:00Z'),
    });
    expect(new SlaTargets(null, 120, undefined).dueTimes(friday)).toEqual({
      firstResponseDueAt: at('2026-11-27T16:00:00Z'),
      resolutionDueAt: null,
    });
  });

  it('tells when the team is back only outside business hours', () => {
    const targets = new SlaTargets(BusinessHours.parse('Europe/Moscow Mon-Fri 09:00-18:00'), undefined, undefined);
    expect(targets.outsideHours(at('2026-11-30T07:00:00Z'))).toBeNull();
    expect(targets.outsideHours(at('2026-11-28T07:00:00Z'))).toEqual({
      answerFrom: at('2026-11-30T06:00:00Z'),
      timeZone: 'Europe/Moscow',
    });
    expect(new SlaTargets(null, 60, 60).outsideHours(at('2026-11-28T07:00:00Z'))).toBeNull();
  });
});
