/**
 * The expected outcome mix of the scenario being edited. The engine samples patients through
 * its clinical model to estimate it, and that model is Node code (names from faker locales,
 * hashing), so the estimate is asked of the server: POST /api/v1/configurations/validate/ (a
 * read) answers `expected_outcomes` (shares of each final status) beside `valid` and `errors`
 * when it gives one. Asked once the edits pause, one scenario at a time, and never again in this
 * page's life once the server has shown it does not give one.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { ScenarioJson } from './scenario-model.js';

/** Shares of each final status (KIA, DOW, RTD, Remains_Role4, Died_DNBI …), summing to 1. */
export type OutcomeShares = Record<string, number>;

export type EstimateState =
  | { kind: 'none' }
  | { kind: 'pending' }
  | { kind: 'ok'; shares: OutcomeShares }
  | { kind: 'unavailable' };

const DEBOUNCE_MS = 800;

/** The shares in a validate answer, if it has them (`expected_outcomes`, numbers 0–1). */
export function readEstimate(body: unknown): OutcomeShares | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const e = (body as { expected_outcomes?: unknown }).expected_outcomes;
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return undefined;
  const out: OutcomeShares = {};
  for (const [k, v] of Object.entries(e)) if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

let serverGivesEstimates = true;
const cache = new Map<string, OutcomeShares>();

export function useOutcomeEstimate(scenario: ScenarioJson, enabled: boolean): EstimateState {
  const [state, setState] = useState<EstimateState>({ kind: 'none' });
  const text = JSON.stringify(scenario);
  useEffect(() => {
    if (!enabled) {
      setState({ kind: 'none' });
      return;
    }
    if (!serverGivesEstimates) {
      setState({ kind: 'unavailable' });
      return;
    }
    const known = cache.get(text);
    if (known) {
      setState({ kind: 'ok', shares: known });
      return;
    }
    setState((s) => (s.kind === 'ok' ? s : { kind: 'pending' }));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api<unknown>('/api/v1/configurations/validate/', { method: 'POST', json: JSON.parse(text) as unknown, signal: controller.signal }).then((body) => {
        const shares = readEstimate(body);
        if (shares) {
          if (cache.size > 50) cache.clear();
          cache.set(text, shares);
          setState({ kind: 'ok', shares });
        } else {
          serverGivesEstimates = false;
          setState({ kind: 'unavailable' });
        }
      }, () => {
        if (!controller.signal.aborted) setState({ kind: 'unavailable' });
      });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, enabled]);
  return state;
}
