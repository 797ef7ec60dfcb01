import { CircuitBreaker } from '../../../../src/upstream/scheduling/circuit-breaker';

beforeEach(() => {
  jest.useFakeTimers({ now: Date.parse('2026-11-27T12:00:00Z') });
});
afterEach(() => {
  jest.useRealTimers();
});

function breaker() {
  const heard: string[] = [];
  const circuit = new CircuitBreaker(
    { failureRate: 0.5, minimumRps: 1, windowMs: 5000, halfOpenMs: 1000 },
    {
      onBreak: () => heard.push('break'),
      onHalfOpen: () => heard.push('half-open'),
      onReset: () => heard.push('reset'),
    },
  );
  return { circuit, heard };
}

/** Opens the circuit: enough faults over the window's minimum throughput. */
function open(circuit: CircuitBreaker): void {
  for (let call = 0; call < 6; call += 1) {
    const ticket = circuit.admit();
    if (ticket) circuit.faulted(ticket);
  }
}

describe('CircuitBreaker', () => {
  it('stays closed below the minimum throughput, and below the failure rate', () => {
    const { circuit } = breaker();
    for (let call = 0; call < 4; call += 1) circuit.faulted('closed');
    expect(circuit.state).toBe('closed');
    for (let call = 0; call < 20; call += 1) circuit.succeeded('closed');
    for (let call = 0; call < 10; call += 1) circuit.faulted('closed');
    expect(circuit.state).toBe('closed');
  });

  it('opens past the failure rate and refuses calls until the half-open delay', () => {
    const { circuit, heard } = breaker();
    open(circuit);
    expect(circuit.state).toBe('open');
    expect(heard).toEqual(['break']);
    expect(circuit.admit()).toBeNull();
    jest.advanceTimersByTime(999);
    expect(circuit.admit()).toBeNull();
  });

  it('lets one probe through when half-open, refuses the rest, and closes when it succeeds', () => {
    const { circuit, heard } = breaker();
    open(circuit);
    jest.advanceTimersByTime(1000);
    expect(circuit.admit()).toBe('probe');
    expect(circuit.state).toBe('half-open');
    expect(circuit.admit()).toBeNull();
    circuit.succeeded('probe');
    expect(circuit.state).toBe('closed');
    expect(circuit.admit()).toBe('closed');
    expect(heard).toEqual(['break', 'half-open', 'reset']);
    // The window starts afresh: one fault does not reopen it.
    circuit.faulted('closed');
    expect(circuit.state).toBe('closed');
  });

  it('opens again when the probe faults, and probes again when one was cut short by a deadline', () => {
    const { circuit, heard } = breaker();
    open(circuit);
    jest.advanceTimersByTime(1000);
    circuit.faulted(circuit.admit() ?? 'closed');
    expect(circuit.state).toBe('open');
    expect(circuit.admit()).toBeNull();
    jest.advanceTimersByTime(1000);
    const probe = circuit.admit();
    expect(probe).toBe('probe');
    circuit.abandoned('probe');
    expect(circuit.admit()).toBe('probe');
    expect(heard).toEqual(['break', 'half-open', 'break', 'half-open']);
  });

  it('does not reopen on a late fault of a call admitted before it opened', () => {
    const { circuit, heard } = breaker();
    const late = circuit.admit();
    open(circuit);
    if (late) circuit.faulted(late);
    expect(heard).toEqual(['break']);
  });
});
