import { createInterface } from 'node:readline/promises';
import { Option, type Command } from 'commander';
import { maskKey } from '../auth/api-key.js';
import type { KeyLimits, KeyRecord, KeyService } from '../auth/index.js';
import type { DatabaseHandle } from '../db/index.js';
import { CliError, parseWholeNumber, type CliIo } from './io.js';
import { fields, keyDetails, keyListCsv, keyListTable, keyType, limitsLine, statsText, usageText } from './keys-format.js';
import { configOrFail } from './serve.js';

type Format = 'table' | 'json' | 'csv';
const MAX_LIMIT = 2_147_483_647;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opens the configured database (a running server's embedded one through its socket) for one command. */
async function withService<T>(io: CliIo, fn: (service: KeyService) => Promise<T>): Promise<T> {
  const config = configOrFail(io.env);
  // Loaded here, not at the top, so that commands without a database start without its modules.
  const [{ KeyService, KeyServiceError }, { DatabaseBusyError, isMigrated, KeysRepository, migrateUp, openClientDatabase, UsageRepository }] =
    await Promise.all([import('../auth/index.js'), import('../db/index.js')]);
  let h: DatabaseHandle;
  try {
    h = await openClientDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/db`, infoDir: config.dataDir, poolMax: 2 });
  } catch (err) {
    if (err instanceof DatabaseBusyError) throw new CliError(err.message, 1);
    throw new CliError(`cannot open the database: ${(err as Error).message}`, 1);
  }
  try {
    if (config.autoMigrate && h.kind === 'pglite') await migrateUp(h);
    else if (!(await isMigrated(h))) throw new CliError('the database schema is not migrated: run `medgen db migrate` first', 1);
    return await fn(new KeyService(new KeysRepository(h.db), new UsageRepository(h.db)));
  } catch (err) {
    if (err instanceof KeyServiceError) throw new CliError(err.message, err.kind === 'invalid' ? 2 : 1);
    throw err;
  } finally {
    await h.close();
  }
}

const count = (name: string) => parseWholeNumber(name, 1, MAX_LIMIT);

/** A daily limit: a whole number, or `unlimited` (kept as that word: commander turns a parsed null into ''). */
function dailyLimit(name: string) {
  const whole = count(name);
  return (text: string): number | 'unlimited' => (['unlimited', 'none'].includes(text.trim().toLowerCase()) ? 'unlimited' : whole(text));
}

const daily = (v: number | 'unlimited' | undefined): number | null | undefined => (v === 'unlimited' ? null : v);

function formatOption(choices: Format[]): Option {
  return new Option('--format <format>', 'output format').choices(choices).default('table');
}

function json(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

interface LimitOpts { patients?: number; daily?: number | 'unlimited'; hourly?: number; minute?: number; patientsDaily?: number | 'unlimited' }

function limitsFrom(o: LimitOpts): Partial<KeyLimits> {
  return {
    patients_per_request: o.patients,
    requests_per_day: daily(o.daily),
    requests_per_hour: o.hourly,
    requests_per_minute: o.minute,
    patients_per_day: daily(o.patientsDaily),
  };
}

function addLimitOptions(cmd: Command, defaults: boolean): Command {
  const d = (text: string) => (defaults ? ` (default: ${text})` : '');
  return cmd
    .option('--patients <n>', `patients per request${d('1000; demo keys 50')}`, count('--patients'))
    .option('--daily <n>', `requests per day, or "unlimited"${d('unlimited; demo keys 100')}`, dailyLimit('--daily'))
    .option('--hourly <n>', `requests per hour${d('1000; demo keys 50')}`, count('--hourly'))
    .option('--minute <n>', `requests per minute${d('60; demo keys 10')}`, count('--minute'))
    .option('--patients-daily <n>', `patients per day, or "unlimited"${d('unlimited')}`, dailyLimit('--patients-daily'));
}

async function confirm(io: CliIo, question: string): Promise<boolean> {
  const stdin = io.stdin as (NodeJS.ReadableStream & { isTTY?: boolean }) | undefined;
  if (!stdin?.isTTY) throw new CliError('refusing to delete without confirmation: pass --yes', 1);
  const rl = createInterface({ input: stdin, output: io.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

function created(io: CliIo, format: Format, key: string, record: KeyRecord, title: string): void {
  if (format === 'json') {
    json(io, { key, ...record });
    return;
  }
  io.stdout.write(`${title}\n\n${fields([
    ['Key', key],
    ['ID', record.id],
    ['Name', record.name],
    ['Email', record.email ?? '-'],
    ['Type', keyType(record)],
    ['Expires', record.expires_at ?? 'never'],
    ['Limits', limitsLine(record.limits)],
  ])}\nStore the key now: it is shown this once and cannot be recovered.\n`);
}

export function registerKeys(program: Command, io: CliIo): void {
  const keys = program.command('keys')
    .description('manage API keys (DATABASE_URL, else the embedded database, also while `medgen serve` runs)')
    .addHelpText('after', `
Exit codes: 0 success, 1 key not found or operation refused, 2 usage error.
<id> is a key's id, the key itself, or the unique beginning of its prefix (as \`list\` shows it).

Examples:
  $ medgen keys create --name "Exercise team" --email ops@example.org --expires-days 90
  $ medgen keys list --active --format csv > keys.csv
  $ medgen keys limits 3f2c… --daily 500 --patients 2000
  $ medgen keys rotate 3f2c… --name "Exercise team (2025)"`);

  addLimitOptions(keys.command('create').description('create a key and print it (shown once)'), true)
    .requiredOption('--name <name>', 'who the key is for')
    .option('--email <email>', 'contact address')
    .option('--demo', 'a demo key (sk_demo_…, demo limits unless given)')
    .option('--admin', 'may use the admin API (/api/v1/admin/keys)')
    .option('--expires-days <n>', 'expire after this many days', parseWholeNumber('--expires-days', 1, 36_500))
    .addOption(formatOption(['table', 'json']))
    .action(async (o: LimitOpts & { name: string; email?: string; demo?: boolean; admin?: boolean; expiresDays?: number; format: Format }) => {
      const { key, record } = await withService(io, (s) => s.create({
        name: o.name, email: o.email, demo: o.demo, admin: o.admin, expiresDays: o.expiresDays, limits: limitsFrom(o),
      }));
      created(io, o.format, key, record, 'API key created.');
    });

  keys.command('list').description('list keys, newest first')
    .option('--active', 'active, unexpired keys only')
    .option('--demo', 'demo keys only')
    .option('--search <text>', 'part of the name or email')
    .option('--limit <n>', 'at most this many keys', parseWholeNumber('--limit', 1, 10_000), 50)
    .addOption(formatOption(['table', 'json', 'csv']))
    .action(async (o: { active?: boolean; demo?: boolean; search?: string; limit: number; format: Format }) => {
      const list = await withService(io, (s) => s.list({ active: o.active, demo: o.demo, search: o.search, limit: o.limit }));
      if (o.format === 'json') json(io, list);
      else io.stdout.write(o.format === 'csv' ? keyListCsv(list) : keyListTable(list));
    });

  keys.command('show').description('one key in detail').argument('<id|key>')
    .addOption(formatOption(['table', 'json']))
    .action(async (ref: string, o: { format: Format }) => {
      const record = await withService(io, (s) => s.show(ref));
      if (o.format === 'json') return json(io, record);
      // The full key, when that is what was given, is shown masked, never echoed.
      const text = ref.trim();
      const display = text.length > 12 && !UUID.test(text) ? maskKey(text) : `${record.key_prefix}...`;
      io.stdout.write(keyDetails(record, display));
    });

  for (const [name, active] of [['activate', true], ['deactivate', false]] as const) {
    keys.command(name).description(`${name} a key`).argument('<id>').action(async (ref: string) => {
      const { record, changed } = await withService(io, (s) => s.setActive(ref, active));
      io.stdout.write(changed ? `API key '${record.name}' (${record.id}) ${name}d.\n` : `API key '${record.name}' is already ${active ? 'active' : 'inactive'}.\n`);
    });
  }

  keys.command('delete').description('delete a key and its usage rows for good').argument('<id>')
    .option('--yes', 'do not ask for confirmation')
    .action(async (ref: string, o: { yes?: boolean }) => {
      const record = await withService(io, async (s) => {
        const row = await s.resolve(ref);
        if (!o.yes && !(await confirm(io, `Delete API key '${row.name}' (${row.id}) for good?`))) throw new CliError('cancelled; nothing deleted', 1);
        return s.delete(row.id);
      });
      io.stdout.write(`API key '${record.name}' (${record.id}) deleted.\n`);
    });

  keys.command('usage').description('usage of one key per UTC day').argument('<id>')
    .option('--days <n>', 'how many days back, today included', parseWholeNumber('--days', 1, 3650), 7)
    .addOption(formatOption(['table', 'json']))
    .action(async (ref: string, o: { days: number; format: Format }) => {
      const report = await withService(io, (s) => s.usage(ref, o.days));
      if (o.format === 'json') json(io, report);
      else io.stdout.write(usageText(report));
    });

  keys.command('stats').description('key counts and usage of all keys')
    .option('--days <n>', 'how many days back, today included', parseWholeNumber('--days', 1, 3650), 30)
    .addOption(formatOption(['table', 'json']))
    .action(async (o: { days: number; format: Format }) => {
      const stats = await withService(io, (s) => s.stats(o.days));
      if (o.format === 'json') json(io, stats);
      else io.stdout.write(statsText(stats));
    });

  addLimitOptions(keys.command('limits').description('change some limits of a key').argument('<id>'), false)
    .action(async (ref: string, o: LimitOpts) => {
      const changes = Object.fromEntries(Object.entries(limitsFrom(o)).filter(([, v]) => v !== undefined));
      if (Object.keys(changes).length === 0) throw new CliError('No limit updates specified (give --patients, --daily, --hourly, --minute or --patients-daily)', 2);
      const { record, changed } = await withService(io, (s) => s.updateLimits(ref, changes));
      io.stdout.write(`Limits of '${record.name}' updated: ${Object.entries(changed).map(([k, v]) => `${k} = ${v ?? 'unlimited'}`).join(', ')}\n`);
      io.stdout.write(fields([['Limits', limitsLine(record.limits)]]));
    });

  keys.command('extend').description('move the expiry later').argument('<id>')
    .requiredOption('--days <n>', 'days to add (to now, if the key has no expiry or has expired)', parseWholeNumber('--days', 1, 36_500))
    .action(async (ref: string, o: { days: number }) => {
      const { record, previous } = await withService(io, (s) => s.extend(ref, o.days));
      io.stdout.write(`Expiry of '${record.name}' moved from ${previous ?? 'never'} to ${record.expires_at}.\n`);
    });

  keys.command('cleanup').description('delete expired keys (built-in keys are kept)')
    .option('--dry-run', 'only list what would be deleted')
    .action(async (o: { dryRun?: boolean }) => {
      const { keys: expired, deleted } = await withService(io, (s) => s.cleanup(o.dryRun ?? false));
      for (const k of expired) io.stdout.write(`  ${k.id}  ${k.key_prefix}...  ${k.name}  expired ${k.expires_at}\n`);
      io.stdout.write(o.dryRun ? `Dry run: would delete ${expired.length} expired key${expired.length === 1 ? '' : 's'}.\n` : `Deleted ${deleted} expired key${deleted === 1 ? '' : 's'}.\n`);
    });

  keys.command('rotate').description('replace a key: a new key with the same limits, the old one deactivated').argument('<id>')
    .option('--name <name>', 'name of the new key (default: the old name)')
    .addOption(formatOption(['table', 'json']))
    .action(async (ref: string, o: { name?: string; format: Format }) => {
      if (o.name !== undefined && o.name.trim() === '') throw new CliError('--name must not be empty', 2);
      const { key, record, previous } = await withService(io, (s) => s.rotate(ref, o.name));
      if (o.format === 'json') return json(io, { key, ...record, rotated_from: previous.id });
      created(io, 'table', key, record, `API key rotated: '${previous.name}' (${previous.key_prefix}...) is deactivated.`);
    });
}
