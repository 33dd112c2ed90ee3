/** How many distinct tokens are remembered; past it the oldest is forgotten first. */
export const VERIFIED_TOKENS_MAX = 10_000;

/**
 * Tokens whose signature has already been checked, with their expiry, so a client sending the same
 * bearer token again skips the signature check (jws parsing and HMAC, ~10 % of the gateway's CPU per
 * request). A token's text never changes what it says, so only the clock can invalidate it: an entry is
 * used only before its `exp`. Who the token belongs to is still looked up on every request.
 */
export class VerifiedTokens<C extends { exp?: number }> {
  private readonly entries = new Map<string, C & { exp: number }>();

  constructor(
    private readonly max = VERIFIED_TOKENS_MAX,
    private readonly now: () => number = Date.now,
  ) {}

  /** The claims of a token verified before and not yet expired. */
  claimsOf(token: string): C | undefined {
    const claims = this.entries.get(token);
    if (!claims) return undefined;
    if (claims.exp * 1000 > this.now()) return claims;
    this.entries.delete(token);
    return undefined;
  }

  /** A token without `exp` is not remembered: only its full check may accept it. */
  remember(token: string, claims: C): void {
    if (typeof claims.exp !== 'number') return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, claims as C & { exp: number });
  }
}
