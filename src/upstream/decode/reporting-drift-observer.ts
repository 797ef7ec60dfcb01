import type { Logger } from '../../observability/logger';
import type { GatewayMetrics } from '../../observability/metrics';
import type { DriftEvent, DriftObserver } from './drift-observer';

/** The same drift is logged once in this long; it is counted every time. */
const LOG_EVERY_MS = 10 * 60_000;
/** Distinct unknown values per field that get a metrics label of their own. */
const VALUES_PER_FIELD = 20;

/**
 * Tells operators how the provider drifts: a counter by resource, field, kind and (for unknown
 * enum values) value, and a warn line the first time each drift is seen (then every ten minutes),
 * naming the field path and the row's id.
 */
export class ReportingDriftObserver implements DriftObserver {
  private readonly lastLogged = new Map<string, number>();
  private readonly valuesByField = new Map<string, Set<string>>();

  constructor(
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics | undefined,
  ) {}

  observe(event: DriftEvent): void {
    const { kind, resource, field, detail } = event;
    this.metrics?.upstreamDrift.inc({ resource, field, kind, value: this.valueLabel(event) });
    const key = `${kind}|${resource}|${field}|${detail ?? ''}`;
    const now = Date.now();
    if (now - (this.lastLogged.get(key) ?? 0) < LOG_EVERY_MS) return;
    if (this.lastLogged.size > 1000) this.lastLogged.clear();
    this.lastLogged.set(key, now);
    this.logger.warn(
      { drift: kind, resource, field, ...(detail ? { detail } : {}), rowId: event.rowId },
      `upstream drift: ${resource}.${field} ${kind.replace(/_/g, ' ')}`,
    );
  }

  private valueLabel({ kind, resource, field, detail }: DriftEvent): string {
    if (kind !== 'unknown_value' || detail === undefined) return '';
    const fieldKey = `${resource}.${field}`;
    let values = this.valuesByField.get(fieldKey);
    if (!values) this.valuesByField.set(fieldKey, (values = new Set()));
    if (values.has(detail)) return detail;
    if (values.size >= VALUES_PER_FIELD) return 'other';
    values.add(detail);
    return detail;
  }
}
