import { sql, type Kysely } from 'kysely';

/**
 * The live exercise feed (docs/exercise-feed.md): runs with their clock, webhook subscriptions,
 * and one row per event to deliver to a subscription (its delivery state) with every attempt
 * logged. Released events themselves are not stored: they follow from the scenario, the seed
 * and the clock.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('exercise_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_key_id', 'uuid', (c) => c.references('api_keys.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scenario', 'jsonb', (c) => c.notNull())
    .addColumn('total_patients', 'integer', (c) => c.notNull())
    .addColumn('total_events', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('speed', 'double precision', (c) => c.notNull())
    .addColumn('start_at', 'timestamptz', (c) => c.notNull())
    .addColumn('anchor_wall', 'timestamptz', (c) => c.notNull())
    .addColumn('anchor_offset', 'double precision', (c) => c.notNull())
    .addColumn('skipped', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ended_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('exercise_runs_owner_created').on('exercise_runs').columns(['owner_key_id', 'created_at']).execute();
  await db.schema.createIndex('exercise_runs_status').on('exercise_runs').column('status').execute();

  await db.schema.createTable('exercise_subscriptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('run_id', 'uuid', (c) => c.notNull().references('exercise_runs.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('filter', 'jsonb', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('exercise_subscriptions_run').on('exercise_subscriptions').column('run_id').execute();

  await db.schema.createTable('exercise_deliveries')
    .addColumn('subscription_id', 'uuid', (c) => c.notNull().references('exercise_subscriptions.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'timestamptz')
    .addPrimaryKeyConstraint('exercise_deliveries_pk', ['subscription_id', 'seq'])
    .execute();
  await db.schema.createIndex('exercise_deliveries_pending').on('exercise_deliveries').columns(['subscription_id', 'status', 'seq']).execute();

  await db.schema.createTable('exercise_delivery_attempts')
    .addColumn('subscription_id', 'uuid', (c) => c.notNull().references('exercise_subscriptions.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exercise_delivery_attempts_sub').on('exercise_delivery_attempts').columns(['subscription_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['exercise_delivery_attempts', 'exercise_deliveries', 'exercise_subscriptions', 'exercise_runs']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
