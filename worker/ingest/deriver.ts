// The one writer per workspace: a Durable Object (idFromName(workspaceId)) that drains the
// workspace's dirty marks in micro-batches, one at a time (derive.ts states why that matters).
// It keeps an alarm while work is pending; the cron sweep (worker/index.ts) wakes it if a
// wake-up was lost; a thread whose derivation fails keeps its mark and is retried with backoff.
import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../app';
import { database } from '../app';
import { dueThreadIds, nextDue, recordFailure } from '../db/derivation';
import { findWorkspace } from '../db/workspaces';
import { recomputeBusinessDurations, recomputeWorkspace } from '../recompute';
import { deriveDueThreads, type DeriveHooks, type DeriverMemory } from './derive';

/** How long one alarm drains before handing over to the next (keeps each invocation short). */
const DRAIN_BUDGET_MS = 15_000;

export class WorkspaceDeriver extends DurableObject<Bindings> {
  #workspaceId: string | null = null;
  #memory: DeriverMemory = { merges: null };
  /** The tail of this object's work: every derivation and recompute runs after the previous one. */
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` after everything queued before it: the single-writer rule. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work, work);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #workspace(given?: string): Promise<string | null> {
    if (given && given !== this.#workspaceId) {
      this.#workspaceId = given;
      if ((await this.ctx.storage.get<string>('workspaceId')) !== given) await this.ctx.storage.put('workspaceId', given);
    }
    this.#workspaceId ??= (await this.ctx.storage.get<string>('workspaceId')) ?? null;
    return this.#workspaceId;
  }

  /** An alarm is set for now and has not started: further wake-ups have nothing to add. */
  #alarmDue = false;

  /** Marks are waiting: derive them soon (an alarm now, unless one is due sooner). */
  async wake(workspaceId: string): Promise<void> {
    await this.#workspace(workspaceId);
    if (this.#alarmDue) return;
    const alarm = await this.ctx.storage.getAlarm();
    const now = Date.now();
    if (alarm === null || alarm > now) await this.ctx.storage.setAlarm(now);
    this.#alarmDue = true;
  }

  override async alarm(): Promise<void> {
    // Marks stored from here on need another pass: let the next wake-up set it.
    this.#alarmDue = false;
    const next = await this.drain();
    if (next !== null) await this.ctx.storage.setAlarm(Math.max(next, Date.now()));
  }

  /**
   * Derives due marks until none is left or the budget is spent; returns when the next mark is
   * due (null: none left). A micro-batch that fails is split into its threads, so one bad thread
   * holds back only itself.
   */
  drain(options: { workspaceId?: string; onlyThreads?: string[]; hooks?: DeriveHooks } = {}): Promise<number | null> {
    const { hooks, onlyThreads } = options;
    return this.exclusive(async () => {
      const workspaceId = await this.#workspace(options.workspaceId);
      if (!workspaceId) return null;
      const db = database(this.env);
      const started = Date.now();
      while (Date.now() - started < DRAIN_BUDGET_MS) {
        let covered: number;
        try {
          covered = (await deriveDueThreads(db, workspaceId, this.#memory, { now: Date.now(), onlyThreads, hooks })).marks;
        } catch (err) {
          console.error('derivation failed; retrying thread by thread', err);
          this.#memory.merges = null;
          covered = await this.#deriveOneByOne(workspaceId, onlyThreads, hooks);
        }
        if (covered === 0) break;
      }
      return nextDue(db, workspaceId);
    });
  }

  async #deriveOneByOne(workspaceId: string, onlyThreads: string[] | undefined, hooks?: DeriveHooks): Promise<number> {
    const db = database(this.env);
    const due = await dueThreadIds(db, workspaceId, Date.now());
    const ids = onlyThreads ? due.filter((id) => onlyThreads.includes(id)) : due;
    let covered = 0;
    for (const id of ids) {
      try {
        covered += (await deriveDueThreads(db, workspaceId, this.#memory, { now: Date.now(), onlyThreads: [id], hooks })).marks;
      } catch (err) {
        await recordFailure(db, workspaceId, [id], err instanceof Error ? err.message : String(err), Date.now());
        covered += 1;
      }
    }
    return covered;
  }

  /** POST /v1/admin/workspaces/{id}/recompute, in line with derivations. */
  recompute(workspaceId: string, after: string | null, limit: number) {
    return this.exclusive(async () => {
      await this.#workspace(workspaceId);
      const db = database(this.env);
      return recomputeWorkspace(db, workspaceId, this.#memory, after, limit);
    });
  }

  /** Business-hours durations after a schedule change, in line with derivations (product.md §6). */
  recomputeBusinessHours(workspaceId: string) {
    return this.exclusive(async () => {
      const db = database(this.env);
      const ws = await findWorkspace(db, workspaceId);
      return ws ? recomputeBusinessDurations(db, ws) : 0;
    });
  }
}
