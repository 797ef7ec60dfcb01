import { CircuitState, SamplingBreaker } from 'cockatiel';

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface BreakerOptions {
  /** Share of failed calls (upstream faults only) that opens the circuit. */
  readonly failureRate: number;
  /** Calls per second below which the circuit never opens (a few failures are not a trend). */
  readonly minimumRps: number;
  readonly windowMs: number;
  /** How long the circuit stays open before a probe. */
  readonly halfOpenMs: number;
}

export interface BreakerEvents {
  readonly onBreak: () => void;
  readonly onHalfOpen: () => void;
  readonly onReset: () => void;
}

/** A call the breaker let through: an ordinary one, or the one probe of a half-open circuit. */
export type BreakerTicket = 'closed' | 'probe';

/**
 * A failure-rate circuit breaker with a minimum throughput, asked and told synchronously: the
 * failure counting is cockatiel's `SamplingBreaker`; the states around it are here, because
 * cockatiel's policy wraps every call in two more async frames and a result object, which on
 * the path of every upstream call cost more than the counting. Open: calls fail at once. After
 * `halfOpenMs` one call probes; others still fail fast until it answers. The probe's success
 * closes the circuit, its fault opens it again; an outcome that says nothing about the upstream
 * (our own deadline) lets the next call probe.
 */
export class CircuitBreaker {
  private readonly counts: SamplingBreaker;
  private current: 'closed' | 'open' | 'half-open' = 'closed';
  private openedAt = 0;
  private probing = false;

  constructor(
    private readonly options: BreakerOptions,
    private readonly events: BreakerEvents,
    private readonly now: () => number = Date.now,
  ) {
    this.counts = new SamplingBreaker({
      threshold: options.failureRate,
      duration: options.windowMs,
      minimumRps: options.minimumRps,
    });
  }

  get state(): BreakerState {
    return this.current;
  }

  /** A ticket for a call that may go now; null while the circuit is open (fail fast). */
  admit(): BreakerTicket | null {
    if (this.current === 'closed') return 'closed';
    if (this.current === 'open') {
      if (this.now() - this.openedAt < this.options.halfOpenMs) return null;
      this.current = 'half-open';
      this.events.onHalfOpen();
    }
    if (this.probing) return null;
    this.probing = true;
    return 'probe';
  }

  /** The upstream answered (any status it is not at fault for). */
  succeeded(ticket: BreakerTicket): void {
    if (ticket === 'probe') {
      this.probing = false;
      this.counts.success(CircuitState.HalfOpen);
      this.current = 'closed';
      this.events.onReset();
      return;
    }
    this.counts.success(CircuitState.Closed);
  }

  /** The upstream failed the call (timeout on the wire, unreachable, 5xx). */
  faulted(ticket: BreakerTicket): void {
    if (ticket === 'probe') {
      this.probing = false;
      this.open();
      return;
    }
    if (this.counts.failure(CircuitState.Closed) && this.current === 'closed') this.open();
  }

  /** The call ended without telling anything about the upstream (cancelled by our deadline). */
  abandoned(ticket: BreakerTicket): void {
    if (ticket === 'probe') this.probing = false;
  }

  private open(): void {
    this.current = 'open';
    this.openedAt = this.now();
    this.events.onBreak();
  }
}
