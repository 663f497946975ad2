// Cross-platform: npm scripts must run under cmd.exe and PowerShell as well as a POSIX
// shell, the bin must start through its shebang, and the Docker files must agree with the
// service's configuration. Docker and hadolint cannot run here, so the files are parsed and
// checked for the rules that matter to us.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

/**
 * Constructs that only a POSIX shell understands (npm runs scripts with cmd.exe on Windows).
 * `&&` and `||` between commands work in cmd.exe too and are allowed.
 */
const SHELL_SPECIFIC: { name: string; pattern: RegExp }[] = [
  { name: 'environment assignment before a command (FOO=1 cmd)', pattern: /(^|&&|\|\||;|\|)\s*[A-Za-z_][A-Za-z0-9_]*=\S*\s+\S/ },
  { name: 'export / set / unset of a variable', pattern: /(^|&&|\|\||;)\s*(export|unset|source)\s/ },
  { name: 'variable expansion ($VAR, ${VAR}, $(cmd))', pattern: /\$[A-Za-z_{(]/ },
  { name: 'backtick command substitution', pattern: /`/ },
  { name: 'single quotes (not quotes in cmd.exe: globs and arguments break)', pattern: /'/ },
  { name: 'semicolon command separator', pattern: /;/ },
  { name: 'background job (single &)', pattern: /(^|[^&])&([^&]|$)/ },
  { name: 'POSIX-only file commands', pattern: /(^|&&|\|\||\|)\s*(rm|cp|mv|mkdir|cat|ls|touch|chmod|ln|grep|sed|find|test|which|true|false)(\s|$)/ },
  { name: 'relative executable path (./x is not runnable in cmd.exe)', pattern: /(^|&&|\|\||\|)\s*\.{1,2}\// },
  { name: 'redirection to /dev/null', pattern: /\/dev\/null/ },
  { name: 'line continuation backslash', pattern: /\\\s*$/ },
  { name: 'subshell or brace group', pattern: /(^|&&|\|\||;)\s*[({]/ },
  { name: 'tilde home directory', pattern: /(^|\s)~\// },
];

function shellProblems(script: string): string[] {
  return SHELL_SPECIFIC.filter((c) => c.pattern.test(script)).map((c) => c.name);
}

describe('npm scripts work without a POSIX shell', () => {
  const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; bin: Record<string, string> };

  it('the detector catches each shell-specific construct and accepts what cmd.exe runs', () => {
    const bad: [string, string][] = [
      ['NODE_ENV=production node x.js', 'environment assignment before a command (FOO=1 cmd)'],
      ['tsc && FOO=1 vitest run', 'environment assignment before a command (FOO=1 cmd)'],
      ['export FOO=1 && node x.js', 'export / set / unset of a variable'],
      ['node x.js --port $PORT', 'variable expansion ($VAR, ${VAR}, $(cmd))'],
      ['node x.js $(cat list)', 'variable expansion ($VAR, ${VAR}, $(cmd))'],
      ['node `which x`', 'backtick command substitution'],
      ["eslint 'src/**/*.ts'", 'single quotes (not quotes in cmd.exe: globs and arguments break)'],
      ['tsc; vitest', 'semicolon command separator'],
      ['node server.js & vitest', 'background job (single &)'],
      ['rm -rf dist && tsc', 'POSIX-only file commands'],
      ['tsc && cp a b', 'POSIX-only file commands'],
      ['./node_modules/.bin/tsc', 'relative executable path (./x is not runnable in cmd.exe)'],
      ['node x.js > /dev/null', 'redirection to /dev/null'],
      ['(cd web && vite build)', 'subshell or brace group'],
    ];
    for (const [script, name] of bad) expect(shellProblems(script), script).toContain(name);
    for (const ok of ['tsc -p tsconfig.build.json && npm run build:web', 'eslint .', 'node bench/load.mjs', 'vitest run --coverage', 'node bin/medgen.js serve', 'npm run a || npm run b', 'eslint "src/**/*.ts"']) {
      expect(shellProblems(ok), ok).toEqual([]);
    }
  });

  it('no script in package.json uses a shell-specific construct', () => {
    expect(Object.keys(pkg.scripts).length).toBeGreaterThan(5);
    const found = Object.entries(pkg.scripts).flatMap(([name, script]) => shellProblems(script).map((p) => `${name}: ${p} in "${script}"`));
    expect(found).toEqual([]);
  });

  it('every script calls a program that npm puts on the path or node itself', () => {
    const bins = new Set(['node', 'npm', 'npx', 'tsc', 'eslint', 'vitest', 'vite', 'dpdm']);
    for (const [name, script] of Object.entries(pkg.scripts)) {
      for (const command of script.split(/&&|\|\|/)) {
        const program = command.trim().split(/\s+/)[0] ?? '';
        expect(bins.has(program), `${name}: "${program}"`).toBe(true);
      }
    }
  });

  it('the load and RSS benchmarks have scripts', () => {
    expect(pkg.scripts['bench:load']).toBe('node bench/load.mjs');
    expect(pkg.scripts['bench:rss']).toBe('node bench/job-rss.mjs');
  });

  it('every bin starts with a node shebang and LF line endings', () => {
    expect(Object.keys(pkg.bin)).toContain('medgen');
    for (const path of Object.values(pkg.bin)) {
      const text = read(path);
      expect(text.split('\n')[0], path).toBe('#!/usr/bin/env node');
      expect(text.includes('\r'), `${path} has CR characters (breaks the shebang on Unix)`).toBe(false);
    }
  });
});

/** Variables the service reads (src/config) plus NODE_ENV, which Node libraries read. */
function configVariables(): Set<string> {
  const names = [...read('src/config/index.ts').matchAll(/'([A-Z][A-Z0-9_]{2,})'/g)].map((m) => m[1] as string);
  return new Set([...names, 'NODE_ENV']);
}

interface Instruction { keyword: string; args: string }

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function dockerInstructions(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).map((l) => {
    const m = /^([A-Za-z]+)\s+(.*)$/.exec(l);
    if (!m) throw new Error(`not an instruction: ${l}`);
    return { keyword: (m[1] as string).toUpperCase(), args: m[2] as string };
  });
}

describe('Dockerfile', () => {
  const instructions = dockerInstructions(read('Dockerfile'));
  const stages = instructions.filter((i) => i.keyword === 'FROM');
  const finalStage = instructions.slice(instructions.lastIndexOf(stages[stages.length - 1] as Instruction));

  it('only uses known instructions', () => {
    const known = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);
    expect(instructions.map((i) => i.keyword).filter((k) => !known.has(k))).toEqual([]);
  });

  it('is multi-stage with pinned base images and COPY --from naming earlier stages', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names: string[] = [];
    for (const s of stages) {
      const [image, as, name] = s.args.split(/\s+/);
      expect(image, s.args).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(image).not.toMatch(/:latest$/);
      if (as !== undefined) {
        expect(as.toUpperCase()).toBe('AS');
        names.push(name as string);
      }
    }
    for (const c of instructions.filter((i) => i.keyword === 'COPY' && i.args.includes('--from='))) {
      expect(names, c.args).toContain(/--from=(\S+)/.exec(c.args)?.[1]);
    }
  });

  it('runs as a non-root user with a healthcheck and an exec-form entrypoint', () => {
    const user = finalStage.filter((i) => i.keyword === 'USER').pop();
    expect(user?.args).toBeDefined();
    expect(['root', '0']).not.toContain(user?.args.split(':')[0]);
    const health = finalStage.find((i) => i.keyword === 'HEALTHCHECK');
    expect(health?.args).toMatch(/--interval=\d+s/);
    expect(health?.args).toMatch(/CMD .*\/api\/v1\/health\/live/);
    const entry = finalStage.find((i) => i.keyword === 'ENTRYPOINT');
    expect(JSON.parse(entry?.args ?? 'null')).toEqual(['node', 'bin/medgen.js']);
    expect(JSON.parse(finalStage.find((i) => i.keyword === 'CMD')?.args ?? 'null')).toEqual(['serve']);
  });

  it('keeps node_modules and build output out of the context; the runtime needs no devDependency', () => {
    const ignored = read('.dockerignore').split(/\r?\n/).map((l) => l.trim());
    for (const p of ['node_modules', 'dist', 'web/dist', '.git']) expect(ignored).toContain(p);
    // The image prunes devDependencies: a compiled module importing one would fail at run time.
    const pkg = JSON.parse(read('package.json')) as { devDependencies: Record<string, string> };
    const dev = new Set(Object.keys(pkg.devDependencies));
    const files = (readdirSync(new URL('src/', root), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('fixtures.ts'));
    expect(files.length).toBeGreaterThan(20);
    const used = files.flatMap((f) => [...read(`src/${f}`).matchAll(/(?:from|import\()\s*'([^'.][^']*)'/g)].map((m) => {
      const spec = m[1] as string;
      return { file: f, name: spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string) };
    }));
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((u) => dev.has(u.name))).toEqual([]);
  });

  it('sets only variables the service reads, and never ADDs from a URL', () => {
    const known = configVariables();
    const env = finalStage.filter((i) => i.keyword === 'ENV').flatMap((i) => [...i.args.matchAll(/([A-Z_][A-Z0-9_]*)=/g)].map((m) => m[1]));
    expect(env.length).toBeGreaterThan(0);
    expect(env.filter((v) => !known.has(v as string))).toEqual([]);
    expect(instructions.filter((i) => i.keyword === 'ADD' && /https?:\/\//.test(i.args))).toEqual([]);
  });
});

interface ComposeService {
  image?: string; build?: unknown; command?: string[]; environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>; ports?: string[]; volumes?: string[];
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService>; volumes?: Record<string, unknown> };
  const services = compose.services;

  it('has api, worker, postgres and redis (and a migrate step)', () => {
    for (const name of ['api', 'worker', 'postgres', 'redis', 'migrate']) expect(Object.keys(services)).toContain(name);
    expect(services.api?.command).toEqual(['serve', '--no-workers']);
    expect(services.worker?.command).toEqual(['worker']);
    expect(services.migrate?.command).toEqual(['db', 'migrate']);
  });

  it('gives api, worker and migrate the same environment, of variables the service reads', () => {
    const known = configVariables();
    const env = services.api?.environment ?? {};
    expect(services.worker?.environment).toEqual(env);
    expect(services.migrate?.environment).toEqual(env);
    expect(Object.keys(env).filter((v) => !known.has(v))).toEqual([]);
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    expect(env.REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
    for (const v of Object.values(env)) expect(typeof v, 'compose environment values must be strings').toBe('string');
  });

  it('depends only on services it defines, and mounts only volumes it declares', () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const [name, s] of Object.entries(services)) {
      for (const dep of Object.keys(s.depends_on ?? {})) expect(Object.keys(services), `${name} depends on ${dep}`).toContain(dep);
      for (const v of s.volumes ?? []) {
        const source = v.split(':')[0] as string;
        if (!source.startsWith('.') && !source.startsWith('/')) expect(declared, `${name} mounts ${source}`).toContain(source);
      }
    }
    // Workers and the API share the outputs volume at OUTPUT_DIR.
    const outputDir = services.api?.environment?.OUTPUT_DIR;
    for (const name of ['api', 'worker']) expect(services[name]?.volumes?.map((v) => v.split(':')[1])).toContain(outputDir);
  });
});

describe('GitHub Actions workflow', () => {
  interface Step { run?: string; uses?: string }
  const ci = parse(read('.github/workflows/ci.yml')) as { jobs: Record<string, { 'runs-on': string; strategy?: { matrix: { os: string[] } }; steps: Step[] }> };

  it('runs the README test command on Linux, macOS and Windows', () => {
    const matrix = Object.values(ci.jobs).find((j) => j.strategy?.matrix.os);
    expect(matrix?.strategy?.matrix.os).toEqual(expect.arrayContaining(['ubuntu-latest', 'macos-latest', 'windows-latest']));
    expect(matrix?.['runs-on']).toBe('${{ matrix.os }}');
    const runs = matrix?.steps.map((s) => s.run).filter((r) => r !== undefined) ?? [];
    expect(runs).toEqual(expect.arrayContaining(['npm ci', 'npm test']));
    expect(read('README.md')).toContain('npm ci && npm test');
  });

  it('only runs npm scripts that exist', () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    for (const job of Object.values(ci.jobs)) {
      for (const step of job.steps) {
        const m = /npm run ([\w:-]+)/.exec(step.run ?? '');
        if (m) expect(scripts).toContain(m[1]);
      }
    }
  });
});
