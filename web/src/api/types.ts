/** Shapes of the service's JSON (service spec §2), as far as the UI reads them. */
import type { JobStatus } from '../../../src/shared/index.js';

export interface PresetSummary {
  id: string;
  name: string;
  description: string;
  category: string;
  difficulty: string;
  total_patients: number;
  duration_days: number;
}

export interface PresetList {
  presets: PresetSummary[];
  categories: string[];
  difficulty_levels: string[];
  total_count: number;
}

export interface Nation {
  code: string;
  name: string;
}

export { TERMINAL_STATUSES, type JobStatus } from '../../../src/shared/index.js';

export interface OutputFile {
  name: string;
  format: string;
  bytes: number;
  sha256?: string;
}

export interface JobSummary {
  total_patients: number;
  by_final_status?: Record<string, number>;
  by_triage?: Record<string, number>;
  by_injury_type?: Record<string, number>;
  seed?: number | string;
}

export interface Job {
  job_id: string;
  status: JobStatus;
  created_at: string;
  started_at?: string | null;
  completed_at?: string | null;
  progress: number;
  progress_details?: {
    patients_generated?: number;
    total_patients?: number;
    current_step?: string;
    estimated_remaining_time?: number | null;
  } | null;
  config?: Record<string, unknown> | null;
  output_files?: OutputFile[] | null;
  summary?: JobSummary | null;
  error?: string | null;
}

export interface GenerationRequest {
  configuration?: Record<string, unknown>;
  configuration_id?: string;
  output_formats: string[];
  use_compression: boolean;
  use_encryption: boolean;
  encryption_password?: string;
  priority: 'low' | 'normal' | 'high';
  total_patients?: number;
  card_layout?: string;
}

export interface GenerationResponse {
  job_id: string;
  status: JobStatus;
  message?: string;
  estimated_duration?: number | null;
}

export interface SavedConfiguration {
  id: string;
  name: string;
  description?: string | null;
  version?: number;
  parent_config_id?: string | null;
  created_at?: string;
  updated_at?: string;
  /** The scenario; servers may return it under `config` or spread at the top level. */
  config?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface ResultsPage {
  job_id: string;
  total: number;
  page: number;
  per_page: number;
  total_pages: number;
  patients: unknown[];
}

/** The dashboard aggregates are the engine's own type (type-only import: nothing is bundled). */
export type { DashboardData, KeyedOutcomes, OutcomeCounts } from '../../../src/engine/browser.js';
