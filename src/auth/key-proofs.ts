/** What the provider said of a forwarded key. */
export type KeyVerdict = 'valid' | 'refused' | 'unknown';

export interface KeyProofsOptions {
  /** How long a key the provider accepted is taken as good without asking again. */
  readonly validMs: number;
  /** How long a refused key is refused without asking again (the negative cache). */
  readonly refusedMs: number;
  readonly maxRemembered: number;
  readonly now?: () => number;
}

/**
 * Without a server key, any string is a credential: a socket with a made-up key would cost an
 * upstream call (a 401) for every event. So a forwarded key is proved once, at connect, by one
 * cheap call the caller's own quota pays for; the provider's answer is remembered per key (by
 * hash), refusals for a short while, and concurrent proofs of one key share one call. An
 * `unknown` answer (the provider did not say) is not remembered.
 */
export class KeyProofs {
  private readonly verdicts = new Map<string, { verdict: KeyVerdict; until: number }>();
  private readonly pending = new Map<string, Promise<KeyVerdict>>();
  private readonly now: () => number;

  constructor(private readonly options: KeyProofsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** `credentialId` names the key (a hash); `ask` makes the call that proves it. */
  prove(credentialId: string, ask: () => Promise<KeyVerdict>): Promise<KeyVerdict> {
    const known = this.verdicts.get(credentialId);
    if (known !== undefined && known.until > this.now()) return Promise.resolve(known.verdict);
    let pending = this.pending.get(credentialId);
    if (pending === undefined) {
      pending = ask()
        .catch((): KeyVerdict => 'unknown')
        .then((verdict) => {
          this.pending.delete(credentialId);
          if (verdict !== 'unknown') this.remember(credentialId, verdict);
          return verdict;
        });
      this.pending.set(credentialId, pending);
    }
    return pending;
  }

  private remember(credentialId: string, verdict: KeyVerdict): void {
    if (this.verdicts.size >= this.options.maxRemembered) {
      const oldest = this.verdicts.keys().next();
      if (!oldest.done) this.verdicts.delete(oldest.value);
    }
    this.verdicts.delete(credentialId);
    const ttl = verdict === 'valid' ? this.options.validMs : this.options.refusedMs;
    this.verdicts.set(credentialId, { verdict, until: this.now() + ttl });
  }
}
