import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Every Prometheus series of spec service §6, in a registry of its own per app. */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'api_requests_total', help: 'HTTP requests by method, route pattern and status', labelNames: ['method', 'endpoint', 'status'], registers: [this.registry] });
  readonly requestDuration = new Histogram({ name: 'api_request_duration_seconds', help: 'HTTP request duration by method and route pattern', labelNames: ['method', 'endpoint'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [this.registry] });
  readonly dbConnectionsActive = new Gauge({ name: 'db_connections_active', help: 'Database connections in use', registers: [this.registry] });
  readonly dbConnectionsTotal = new Gauge({ name: 'db_connections_total', help: 'Database connections open', registers: [this.registry] });
  // Beyond the v1 names: the rest of the pool's picture, and outages.
  readonly dbConnectionsIdle = new Gauge({ name: 'db_connections_idle', help: 'Database connections open and idle', registers: [this.registry] });
  readonly dbConnectionsWaiting = new Gauge({ name: 'db_connections_waiting', help: 'Queries waiting for a free database connection', registers: [this.registry] });
  readonly dbUp = new Gauge({ name: 'db_up', help: '1 while the database answers, 0 after a connection failure until a query succeeds', registers: [this.registry] });
  readonly dbOutages = new Counter({ name: 'db_outages_total', help: 'Times the database became unreachable', registers: [this.registry] });
  readonly rateLimitStoreUp = new Gauge({ name: 'rate_limit_store_up', help: '1 while the shared rate-limit store (Redis) answers; 0 while windows are counted in this process instead', registers: [this.registry] });
  readonly rateLimitFallbacks = new Counter({ name: 'rate_limit_store_fallbacks_total', help: 'Times the rate-limit store was lost and windows fell back to this process memory', registers: [this.registry] });
  readonly dbQueryDuration = new Histogram({ name: 'db_query_duration_seconds', help: 'Database query duration', buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [this.registry] });
  readonly patientsGenerated = new Counter({ name: 'patients_generated_total', help: 'Patients written, by output format', labelNames: ['format'], registers: [this.registry] });
  readonly generationDuration = new Histogram({ name: 'patient_generation_duration_seconds', help: 'Duration of one generation (job or stream)', buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800], registers: [this.registry] });
  readonly generationErrors = new Counter({ name: 'patient_generation_errors_total', help: 'Failed generations by error type', labelNames: ['error_type'], registers: [this.registry] });
  readonly jobQueueSize = new Gauge({ name: 'job_queue_size', help: 'Jobs by status', labelNames: ['status'], registers: [this.registry] });
  readonly jobExecution = new Histogram({ name: 'job_execution_seconds', help: 'Job run time from start to terminal state', buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 3600], registers: [this.registry] });
  readonly jobStatusChanges = new Counter({ name: 'job_status_changes_total', help: 'Job status transitions', labelNames: ['from_status', 'to_status'], registers: [this.registry] });
  readonly rateLimitRejections = new Counter({ name: 'rate_limit_rejections_total', help: 'Requests refused by a key limit', labelNames: ['limit_type'], registers: [this.registry] });
  readonly apiKeyRequests = new Counter({ name: 'api_key_requests_total', help: 'Authenticated requests by key type', labelNames: ['key_type'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
