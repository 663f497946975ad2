import { Type } from '@sinclair/typebox';
import { PRESETS, type Preset } from '../../engine/index.js';
import type { App } from '../app-type.js';
import { errors } from '../errors.js';

const PresetSummary = Type.Object({
  id: Type.String(), name: Type.String(), description: Type.String(), category: Type.String(),
  difficulty: Type.String(), total_patients: Type.Integer(), duration_days: Type.Integer(),
});
const DIFFICULTIES = ['beginner', 'intermediate', 'advanced', 'expert'];
const tags = ['presets'];

function summary(p: Preset) {
  return {
    id: p.id, name: p.name, description: p.description, category: p.category, difficulty: p.difficulty,
    total_patients: Number(p.input.total_patients), duration_days: Number(p.input.days_of_fighting),
  };
}

/** The built-in scenarios (public). */
export function registerPresetRoutes(app: App): void {
  app.get('/api/v1/presets', {
    schema: {
      tags, summary: 'List the built-in scenario presets',
      response: { 200: Type.Object({ presets: Type.Array(PresetSummary), categories: Type.Array(Type.String()), difficulty_levels: Type.Array(Type.String()), total_count: Type.Integer() }) },
    },
  }, async () => ({
    presets: PRESETS.map(summary),
    categories: [...new Set(PRESETS.map((p) => p.category))],
    difficulty_levels: DIFFICULTIES,
    total_count: PRESETS.length,
  }));

  app.get('/api/v1/presets/:id', {
    schema: {
      tags, summary: 'One preset and its scenario, ready to submit as a generation configuration',
      params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
      response: { 200: Type.Object({ preset: PresetSummary, generation_config: Type.Object({}, { additionalProperties: true }) }) },
    },
  }, async (request) => {
    const { id } = request.params as { id: string };
    const p = PRESETS.find((x) => x.id === id);
    if (!p) throw errors.notFound(`preset "${id}"`);
    return { preset: summary(p), generation_config: structuredClone(p.input) };
  });
}
