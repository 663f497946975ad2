/**
 * The layers of src/ and what each may import, turned into `no-restricted-imports` rules (and a
 * `no-restricted-syntax` twin for dynamic `import()`). docs/decisions.md ("Layers") explains them.
 *
 * Imports are relative, so a rule is written per folder depth: from src/formats/fhir/x.ts the
 * engine is '../../engine/', while '../exercise/' is formats' own exercise folder, not the
 * exercise layer.
 */

/** Each layer and the layers it may import; a layer always imports its own files freely. */
export const LAYERS = {
  engine: [],
  shared: [],
  errors: [],
  config: [],
  formats: ['engine'],
  pipeline: ['engine', 'formats', 'errors'],
  db: ['errors', 'config', 'shared'],
  auth: ['db', 'errors', 'config', 'shared'],
  jobs: ['engine', 'formats', 'pipeline', 'db', 'auth', 'errors', 'config', 'shared'],
  exercise: ['engine', 'formats', 'pipeline', 'db', 'auth', 'errors', 'config', 'shared'],
  server: ['engine', 'formats', 'pipeline', 'db', 'auth', 'jobs', 'exercise', 'errors', 'config', 'shared'],
  cli: ['engine', 'formats', 'pipeline', 'db', 'auth', 'jobs', 'exercise', 'server', 'errors', 'config', 'shared'],
};

/**
 * What the browser app (web/src) may import of src/: faces whose code runs in a browser. Its
 * tests run in Node and may also use the engine's index (to generate patients to test with).
 */
export const WEB_FACES = ['engine/browser.js', 'shared/index.js'];
const WEB_TEST_FACES = [...WEB_FACES, 'engine/index.js'];

/**
 * Modules other layers may import besides a layer's index.ts, each for a reason:
 * - engine/run.js: generation without the scenario schema library the index also loads
 *   (≈ 0.2 s of CPU per encoder thread, which never parses a scenario);
 * - pipeline/thread-priority.js: the job thread lowers its priority before it loads the engine
 *   and the formats, which the pipeline's index would load first;
 * - auth/api-key.js: the key format (the CLI's help text and key display), without the limiter
 *   (ioredis) and the key service (pg) the index loads: `medgen generate` loads neither.
 */
export const EXTRA_FACES = {
  engine: ['run.js'],
  auth: ['api-key.js'],
  pipeline: ['thread-priority.js'],
};

const MAX_DEPTH = 5;
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const up = (depth) => escape('../'.repeat(depth));
const faces = (layer) => ['index.js', ...(EXTRA_FACES[layer] ?? [])].map(escape).join('|');

/** The same patterns for `import()`: esquery's regex literal ends at the first '/', so none inside. */
function syntaxRules(patterns) {
  return patterns.map(({ regex, message }) => ({
    selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/]`,
    message,
  }));
}

function block(files, patterns, ignores) {
  return {
    files,
    ...(ignores ? { ignores } : {}),
    rules: {
      'no-restricted-imports': ['error', { patterns }],
      'no-restricted-syntax': ['error', ...syntaxRules(patterns)],
    },
  };
}

/** Patterns for a file `depth` folders below src/ in `layer`. */
function layerPatterns(layer, depth, withFaces) {
  const allowed = LAYERS[layer];
  const others = Object.keys(LAYERS).filter((l) => l !== layer && !allowed.includes(l));
  const patterns = [];
  if (others.length > 0) {
    patterns.push({
      regex: `^${up(depth)}(${others.join('|')})(/|$)`,
      message: allowed.length > 0
        ? `src/${layer} may import only ${allowed.map((l) => `src/${l}`).join(', ')} (docs/decisions.md, "Layers").`
        : `src/${layer} imports nothing of the rest of the project (docs/decisions.md, "Layers").`,
    });
  }
  if (withFaces) {
    for (const other of allowed) {
      patterns.push({
        regex: `^${up(depth)}${other}/(?!(${faces(other)})$)`,
        message: `Import src/${other} through its index.ts (its public face), not its internal files.`,
      });
    }
  }
  return patterns;
}

const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

/** The flat-config blocks: one per layer and depth, sources and tests (tests may import internal files). */
export function layerRules() {
  const blocks = [];
  for (const layer of Object.keys(LAYERS)) {
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      const files = [`src/${layer}/${'*/'.repeat(depth - 1)}*.ts`];
      blocks.push(block(files, layerPatterns(layer, depth, true), TESTS));
      const testPatterns = layerPatterns(layer, depth, false);
      if (testPatterns.length > 0) blocks.push(block(files.map((f) => f.replace(/\*\.ts$/, '*.test.ts')), testPatterns));
    }
  }
  // web/src/x.tsx reaches src/ through '../../src/'; every folder deeper needs one more '../'.
  const webPatterns = (depth, allowed) => [{
    regex: `^${up(depth)}src/(?!(${allowed.map(escape).join('|')})$)`,
    message: `web/ imports src/ only through ${allowed.map((f) => `src/${f.replace(/\.js$/, '.ts')}`).join(', ')}: browser code, public faces only.`,
  }];
  for (let depth = 2; depth <= MAX_DEPTH; depth++) {
    const dirs = 'web/src/' + '*/'.repeat(depth - 2);
    blocks.push(block([`${dirs}*.ts`, `${dirs}*.tsx`], webPatterns(depth, WEB_FACES), TESTS));
    blocks.push(block([`${dirs}*.test.ts`, `${dirs}*.test.tsx`], webPatterns(depth, WEB_TEST_FACES)));
  }
  return blocks;
}
