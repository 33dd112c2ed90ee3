import { z } from 'zod';

/** What a client's tap on the close survey gives: 1 (bad) to 5 (excellent). */
export const CSAT_RATINGS = [1, 2, 3, 4, 5] as const;
export type CsatRating = (typeof CSAT_RATINGS)[number];

/** The client's rating of a closed ticket, and the comment that may follow it. */
export interface SatisfactionView {
  rating: number;
  comment: string | null;
  ratedAt: string;
}

/**
 * A tap on a survey button, as the bot hands it over: the ticket id travels in the button's callback data, so
 * an old survey rates the ticket it was sent for, whatever the client opened since.
 */
export const RateTicketSchema = z.object({
  ticketId: z.number().int().positive(),
  /** who tapped: only the ticket's own client may rate it */
  telegramId: z.number().int(),
  rating: z.number().int().min(1).max(5),
});
export type RateTicketRequest = z.input<typeof RateTicketSchema>;
export type RateTicketCommand = z.output<typeof RateTicketSchema>;

/**
 * `rated`: recorded now; `already_rated`: the ticket had a rating, which stays (`rating` is that one);
 * `not_rateable`: no such closed ticket of this client.
 */
export const RATING_OUTCOMES = ['rated', 'already_rated', 'not_rateable'] as const;
export type RatingOutcome = (typeof RATING_OUTCOMES)[number];
export interface RateTicketResult {
  ticketId: number;
  outcome: RatingOutcome;
  rating: number | null;
}

/** How long after rating the client's next message is taken as the rating's comment. */
export const CSAT_COMMENT_WINDOW_MINUTES = 10;

/** The survey button's callback data, `csat:<ticket id>:<rating>` (well under Telegram's 64 bytes). */
export function csatCallbackData(ticketId: number, rating: CsatRating): string {
  return `csat:${ticketId}:${rating}`;
}

export function parseCsatCallbackData(data: string | undefined): { ticketId: number; rating: number } | null {
  const match = /^csat:([1-9]\d{0,9}):([1-5])$/.exec(data ?? '');
  return match ? { ticketId: Number(match[1]), rating: Number(match[2]) } : null;
}
