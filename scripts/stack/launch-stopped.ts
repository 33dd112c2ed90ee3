/** A reason `npm start` (or the test preflight) cannot go on, in lines a person can act on; printed without a stack. */
export class LaunchStopped extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}
