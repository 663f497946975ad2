import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { JobStatus } from '../shared/index.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string, string>;
/** bigint columns come back as strings from both drivers; counts fit in a double. */
type BigCount = ColumnType<string | number, number | undefined, number>;

export interface ApiKeysTable {
  id: Generated<string>;
  key_hash: string;
  key_prefix: string;
  name: string;
  email: string | null;
  is_active: Generated<boolean>;
  is_demo: Generated<boolean>;
  is_admin: Generated<boolean>;
  patients_per_request: Generated<number>;
  requests_per_minute: Generated<number>;
  requests_per_hour: Generated<number>;
  requests_per_day: number | null;
  patients_per_day: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  expires_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  metadata: Json<Record<string, unknown>>;
}

export interface ApiKeyUsageTable {
  key_id: string;
  day: ColumnType<string, string, string>;
  requests: BigCount;
  patients: BigCount;
  bytes: BigCount;
}

export interface ConfigurationsTable {
  id: Generated<string>;
  owner_key_id: string | null;
  /** The first version's id: every version of one configuration shares it. */
  lineage_id: string;
  parent_config_id: string | null;
  version: number;
  is_latest: boolean;
  name: string;
  description: string | null;
  config: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export { TERMINAL_STATUSES, type JobStatus } from '../shared/index.js';

export interface JobsTable {
  id: Generated<string>;
  owner_key_id: string | null;
  status: JobStatus;
  priority: string;
  /** The request as submitted, without any password. */
  request: Json<Record<string, unknown>>;
  /** The resolved scenario the job generates (seed included). */
  scenario: Json<Record<string, unknown>>;
  configuration_id: string | null;
  total_patients: number;
  patients_generated: Generated<number>;
  progress: Generated<number>;
  current_step: string | null;
  attempts: Generated<number>;
  summary: Json<Record<string, unknown>> | null;
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: NullableTimestamp;
  completed_at: NullableTimestamp;
}

export interface JobOutputsTable {
  job_id: string;
  name: string;
  format: string;
  path: string;
  bytes: BigCount;
  sha256: string;
  created_at: Timestamp;
}

export interface Database {
  api_keys: ApiKeysTable;
  api_key_usage: ApiKeyUsageTable;
  configurations: ConfigurationsTable;
  jobs: JobsTable;
  job_outputs: JobOutputsTable;
}

export type ApiKeyRow = Selectable<ApiKeysTable>;
export type NewApiKey = Insertable<ApiKeysTable>;
export type ApiKeyUpdate = Updateable<ApiKeysTable>;
export type ConfigurationRow = Selectable<ConfigurationsTable>;
export type JobRow = Selectable<JobsTable>;
export type NewJob = Insertable<JobsTable>;
export type JobUpdate = Updateable<JobsTable>;
export type JobOutputRow = Selectable<JobOutputsTable>;
