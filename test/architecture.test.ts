import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layers are lint rules (eslint.layers.js): these snippets are linted as if they were files at
 * the given paths, through the project's own ESLint configuration.
 */
const eslint = new ESLint({ cwd: process.cwd() });

/** The layer rules' messages for `code` placed at `filePath`. */
async function layerProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

const reexport = (from: string): string => `import { thing } from '${from}';\nexport { thing };\n`;

describe('layers', () => {
  it('refuses an import upward: the engine importing the server', async () => {
    const problems = await layerProblems('src/engine/patient/upward.ts', reexport('../../server/index.js'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('src/engine imports nothing of the rest of the project');
  });

  it('refuses the job service reaching into the server for its metrics', async () => {
    const problems = await layerProblems('src/jobs/upward.ts', reexport('../server/metrics.js'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('src/jobs may import only');
  });

  it('refuses the pipeline importing the job service, also as a type or through import()', async () => {
    expect(await layerProblems('src/pipeline/upward.ts', `import type { JobView } from '../jobs/index.js';\nexport type { JobView };\n`)).toHaveLength(1);
    const dynamic = await layerProblems('src/pipeline/upward.ts', `export const load = () => import('../jobs/index.js');\n`);
    expect(dynamic).toHaveLength(1);
    expect(dynamic[0]).toContain('src/pipeline may import only');
  });

  it('refuses another layer\'s internal file, and takes its index', async () => {
    const internal = await layerProblems('src/jobs/inside.ts', reexport('../pipeline/parallel.js'));
    expect(internal).toEqual([expect.stringContaining('Import src/pipeline through its index.ts')]);
    expect(await layerProblems('src/jobs/inside.ts', reexport('../pipeline/index.js'))).toEqual([]);
  });

  it('lets a test use the internal files of the layers below its own', async () => {
    expect(await layerProblems('src/jobs/inside.test.ts', reexport('../pipeline/parallel.js'))).toEqual([]);
    expect(await layerProblems('src/pipeline/upward.test.ts', reexport('../jobs/index.js'))).toHaveLength(1);
  });

  it('tells a folder named like a layer from the layer: formats\' own exercise folder is not src/exercise', async () => {
    expect(await layerProblems('src/formats/fhir/sibling.ts', reexport('../exercise/msel.js'))).toEqual([]);
    expect(await layerProblems('src/formats/fhir/upward.ts', reexport('../../exercise/index.js'))).toHaveLength(1);
  });

  it('lets web/ use the engine\'s browser face, never an internal path or Node-only code', async () => {
    expect(await layerProblems('web/src/generate/model.ts', reexport('../../../src/engine/browser.js'))).toEqual([]);
    expect(await layerProblems('web/src/jobs/status.ts', reexport('../../../src/shared/index.js'))).toEqual([]);
    const internal = await layerProblems('web/src/generate/model.ts', reexport('../../../src/engine/patient/flow.js'));
    expect(internal).toEqual([expect.stringContaining('web/ imports src/ only through')]);
    expect(await layerProblems('web/src/generate/model.ts', reexport('../../../src/engine/index.js'))).toHaveLength(1);
    expect(await layerProblems('web/src/generate/model.test.ts', reexport('../../../src/engine/index.js'))).toEqual([]);
  });
});
