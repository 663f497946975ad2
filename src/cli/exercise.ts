import { InvalidArgumentError, type Command } from 'commander';
import { casualtyTimeline, createRun, drawSeed } from '../engine/index.js';
import type { LocalStatus } from '../exercise/index.js';
import { MAX_SPEED, MIN_SPEED } from '../shared/index.js';
import { CliError, loadScenarioInput, parseOrFail, parseSeed, plural, type CliIo } from './io.js';

function parseSpeed(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < MIN_SPEED || n > MAX_SPEED) throw new InvalidArgumentError(`speed must be a number from ${MIN_SPEED} to ${MAX_SPEED}.`);
  return n;
}

function parseStart(text: string): number {
  const t = Date.parse(text);
  if (!/[zZ]|[+-]\d{2}:\d{2}$/.test(text) || Number.isNaN(t)) throw new InvalidArgumentError('start must be a date-time with a time zone, e.g. 2025-06-01T08:00:00Z.');
  return t;
}

const hhmm = (seconds: number): string => {
  const m = Math.floor(Math.max(0, seconds) / 60);
  return `T+${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

function statusLine(s: LocalStatus): string {
  const next = s.released < s.total ? `next in ${(s.nextInMs / 1000).toFixed(1)} s` : 'done';
  return `${hhmm(s.offset)}  released ${s.released}/${s.total}  ${next}  lag ${s.lagMs} ms${s.failed > 0 ? `  failed ${s.failed}` : ''}`;
}

interface ServerOptions { server?: string; apiKey?: string }

/** One call to a medgen server's exercise API; the answer's JSON, or a CliError with the server's detail. */
async function api(io: CliIo, o: ServerOptions, path: string, method = 'GET', body?: unknown): Promise<Record<string, unknown>> {
  const server = o.server ?? io.env.MEDGEN_SERVER ?? 'http://127.0.0.1:8000';
  const key = o.apiKey ?? io.env.MEDGEN_API_KEY;
  if (!key) throw new CliError('give --api-key (or set MEDGEN_API_KEY)', 2);
  let r: Response;
  try {
    r = await fetch(`${server.replace(/\/$/, '')}/api/v1/exercises/${path}`, {
      method, headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new CliError(`cannot reach ${server}: ${String((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message)}`);
  }
  const json = await r.json().catch(() => ({})) as Record<string, unknown>;
  if (!r.ok) throw new CliError(`${r.status} ${String(json.error ?? '')}: ${JSON.stringify(json.detail ?? json)}`);
  return json;
}

function summary(v: Record<string, unknown>): string {
  const counts = v.counts as { at_role: Record<string, number>; in_transit: number; dead: number; returned_to_duty: number } | undefined;
  const roles = counts ? Object.entries(counts.at_role).map(([k, n]) => `${k} ${n}`).join(', ') : '';
  return `${String(v.id)}  ${String(v.status)}  ×${String(v.speed)}  scenario ${String(v.scenario_time)}  released ${String(v.released)}/${String(v.total_events)}`
    + (counts ? `\n  at roles: ${roles}; in transit ${counts.in_transit}; dead ${counts.dead}; returned to duty ${counts.returned_to_duty}` : '');
}

export function registerExercise(program: Command, io: CliIo): void {
  const exercise = program.command('exercise').description('live exercise feed: release casualty events on the exercise clock');

  exercise.command('run')
    .description('run an exercise without a server: events go out on the clock as NDJSON on stdout, or to a webhook')
    .argument('[scenario]', 'scenario JSON file')
    .option('--preset <id>', 'a built-in preset instead of a file')
    .option('--seed <seed>', "overrides the scenario's seed", parseSeed)
    .option('--speed <x>', `scenario seconds per wall second (${MIN_SPEED}…${MAX_SPEED})`, parseSpeed, 1)
    .option('--start <date-time>', 'StartEx (default now); events already due then go out at once', parseStart)
    .option('--webhook <url>', 'POST each event here (signed, X-Medgen-Signature) instead of printing it')
    .option('--secret <secret>', 'the webhook signing secret (default: a new one, printed on stderr)')
    .addHelpText('after', `
Examples:
  $ medgen exercise run scenario.json --speed 60
  $ medgen exercise run --preset training_exercise --speed 600 --webhook http://c2.local/feed`)
    .action(async (file: string | undefined, opts: { preset?: string; seed?: number | string; speed: number; start?: number; webhook?: string; secret?: string }) => {
      const input = await loadScenarioInput({ scenario: file, preset: opts.preset });
      const scenario = parseOrFail(opts.seed === undefined ? input : { ...input, seed: opts.seed }, file ?? opts.preset ?? 'the default scenario');
      // Loaded here, not at the top: the exercise module brings the database layer, which no other
      // command than this one should pay for (test/cli.test.ts reads what `generate` loads).
      const { DEFAULT_WEBHOOK_OPTIONS, newSecret, postSigned, runLocal, systemClock } = await import('../exercise/index.js');
      const run = createRun({ ...scenario, seed: scenario.seed ?? drawSeed() });
      const timeline = casualtyTimeline(run);
      const secret = opts.secret ?? newSecret();
      if (opts.webhook) {
        try {
          if (!['http:', 'https:'].includes(new URL(opts.webhook).protocol)) throw new Error('scheme');
        } catch {
          throw new CliError('--webhook must be an absolute http:// or https:// URL', 2);
        }
        if (!opts.secret) io.stderr.write(`webhook secret (verify X-Medgen-Signature with it): ${secret}\n`);
      }
      io.stderr.write(`exercise: ${plural(run.total, 'patient')}, ${plural(timeline.length, 'event')}, seed ${String(run.seed)}, ×${opts.speed}\n`);
      const abort = new AbortController();
      const onSigint = (): void => abort.abort();
      process.once('SIGINT', onSigint);
      const tty = io.stderr.isTTY === true;
      try {
        const status = await runLocal({
          timeline, speed: opts.speed, start: opts.start ?? Date.now(), clock: systemClock, signal: abort.signal,
          // On a terminal the status line rewrites itself; in a log, one line every ten seconds.
          statusEveryMs: tty ? 1_000 : 10_000,
          onStatus: (s) => io.stderr.write(tty ? `\r${statusLine(s)}\x1b[K` : `${statusLine(s)}\n`),
          emit: async (e) => {
            const line = JSON.stringify({ seed: run.seed, event: e });
            if (!opts.webhook) return io.stdout.write(line + '\n') || true;
            return postSigned(opts.webhook, secret, line, { 'x-medgen-event-id': e.id, 'x-medgen-event-seq': String(e.seq), 'x-medgen-event-type': e.type }, DEFAULT_WEBHOOK_OPTIONS, systemClock);
          },
        });
        if (tty) io.stderr.write('\n');
        if (status.failed > 0) throw new CliError(`${plural(status.failed, 'event')} could not be delivered to ${opts.webhook ?? 'stdout'}`);
      } finally {
        process.off('SIGINT', onSigint);
      }
    });

  const server = (cmd: Command): Command => cmd
    .option('--server <url>', 'the medgen server (default MEDGEN_SERVER or http://127.0.0.1:8000)')
    .option('--api-key <key>', 'API key (default MEDGEN_API_KEY)')
    .option('--json', 'print the exercise as JSON');
  const show = (v: Record<string, unknown>, json?: boolean): void => { io.stdout.write(json ? `${JSON.stringify(v, null, 2)}\n` : `${summary(v)}\n`); };

  server(exercise.command('status').description('the clock and counts of an exercise on a server').argument('<id>'))
    .action(async (id: string, o: ServerOptions & { json?: boolean }) => show(await api(io, o, encodeURIComponent(id)), o.json));
  for (const op of ['pause', 'resume', 'stop'] as const) {
    server(exercise.command(op).description(`${op} an exercise on a server`).argument('<id>'))
      .action(async (id: string, o: ServerOptions & { json?: boolean }) => show(await api(io, o, `${encodeURIComponent(id)}/${op}`, 'POST'), o.json));
  }
  server(exercise.command('speed').description('change the speed of an exercise on a server').argument('<id>').argument('<x>', 'speed', parseSpeed))
    .action(async (id: string, speed: number, o: ServerOptions & { json?: boolean }) => show(await api(io, o, `${encodeURIComponent(id)}/speed`, 'POST', { speed }), o.json));
  server(exercise.command('jump').description('jump an exercise on a server forward to a scenario time').argument('<id>').argument('<to>', 'T+hh:mm or a date-time')
    .option('--skip', 'mark the events in between skipped instead of releasing them at once'))
    .action(async (id: string, to: string, o: ServerOptions & { json?: boolean; skip?: boolean }) => show(await api(io, o, `${encodeURIComponent(id)}/jump`, 'POST', { to, skipped: o.skip ? 'skip' : 'release' }), o.json));
}
