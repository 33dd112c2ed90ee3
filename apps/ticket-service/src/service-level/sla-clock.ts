import { Injectable } from '@nestjs/common';
import { TicketServiceConfig } from '../config';
import { BusinessHours } from './business-hours';

export interface DueTimes {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

/**
 * The response-time targets of a ticket opened at a given moment: SLA_FIRST_RESPONSE_MINUTES and
 * SLA_RESOLUTION_MINUTES of working time when BUSINESS_HOURS is set, of wall-clock time otherwise.
 */
export class SlaTargets {
  constructor(
    readonly hours: BusinessHours | null,
    private readonly firstResponseMinutes: number | undefined,
    private readonly resolutionMinutes: number | undefined,
  ) {}

  dueTimes(openedAt: Date): DueTimes {
    return {
      firstResponseDueAt: this.after(openedAt, this.firstResponseMinutes),
      resolutionDueAt: this.after(openedAt, this.resolutionMinutes),
    };
  }

  /** When the team is next at work, if `at` is outside business hours; null within them or without hours. */
  outsideHours(at: Date): { answerFrom: Date; timeZone: string } | null {
    if (!this.hours || this.hours.isOpen(at)) return null;
    return { answerFrom: this.hours.nextOpening(at), timeZone: this.hours.timeZone };
  }

  /** The zone days are counted in for reports. */
  get timeZone(): string {
    return this.hours?.timeZone ?? 'UTC';
  }

  private after(openedAt: Date, minutes: number | undefined): Date | null {
    if (minutes === undefined) return null;
    return this.hours
      ? this.hours.addWorkingMinutes(openedAt, minutes)
      : new Date(openedAt.getTime() + minutes * 60_000);
  }
}

/** SlaTargets from the service's config. */
@Injectable()
export class SlaClock extends SlaTargets {
  constructor(config: TicketServiceConfig) {
    super(config.BUSINESS_HOURS, config.SLA_FIRST_RESPONSE_MINUTES, config.SLA_RESOLUTION_MINUTES);
  }
}
