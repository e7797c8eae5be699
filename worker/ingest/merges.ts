// Merges at read time (product.md §2, merge): events keep the contact and thread they arrived
// with; a thread is derived from its events re-homed through the workspace's merges, so no
// stored event is ever rewritten and a merge cannot race an event of the merged contact.
import { rehomeEvent, type ContactMerge } from '../../shared/conversation';
import type { CanonicalEvent, ContactMergedEvent } from '../../shared/events';

export interface StoredMerge extends ContactMerge {
  /** The contact.merged event's id (orders it among same-instant events). */
  eventId: string;
}

/** The workspace's merges, indexed for the questions derivation asks. */
export class MergeIndex {
  readonly bySecondary = new Map<string, StoredMerge>();
  readonly byPrimary = new Map<string, StoredMerge[]>();

  constructor(readonly merges: readonly StoredMerge[]) {
    for (const m of merges) {
      this.bySecondary.set(m.secondaryId, m);
      const list = this.byPrimary.get(m.primaryId) ?? [];
      list.push(m);
      this.byPrimary.set(m.primaryId, list);
    }
  }

  get size(): number {
    return this.merges.length;
  }

  /** Whether any merge names this contact (or default thread) on either side. */
  involves(id: string): boolean {
    return this.bySecondary.has(id) || this.byPrimary.has(id);
  }

  /** The contact a merged-away contact ends up as, following chains (a into b into c). */
  finalPrimary(contactId: string): string {
    let id = contactId;
    for (let hops = 0; hops < 16; hops++) {
      const m = this.bySecondary.get(id);
      if (!m) break;
      id = m.primaryId;
    }
    return id;
  }

  /** Contacts merged (directly or through a chain) into this one: their default threads feed it. */
  mergedInto(primaryId: string): string[] {
    const out: string[] = [];
    const pending = [primaryId];
    while (pending.length > 0 && out.length < 1000) {
      for (const m of this.byPrimary.get(pending.pop()!) ?? []) {
        out.push(m.secondaryId);
        pending.push(m.secondaryId);
      }
    }
    return out;
  }

  /** The event as it belongs after every merge that applies to it. */
  rehome<E extends CanonicalEvent>(event: E): E {
    return this.merges.length === 0 ? event : rehomeEvent(event, this.merges);
  }

  /**
   * The merges that close a conversation on this thread: each merge of a contact seen on it,
   * as a contact.merged event placed on the thread (the stored one lives on its own thread).
   */
  closingEvents(threadId: string, contactIds: Iterable<string>): ContactMergedEvent[] {
    const out: ContactMergedEvent[] = [];
    for (const contactId of new Set(contactIds)) {
      const m = this.bySecondary.get(contactId);
      if (!m) continue;
      out.push({
        type: 'contact.merged',
        id: m.eventId,
        occurredAt: m.at,
        threadId,
        contact: { id: m.primaryId },
        primary: { id: m.primaryId },
        secondary: { id: m.secondaryId },
      });
    }
    return out;
  }
}

/**
 * A thread's events from the stored events that can belong to it (its own and its merged
 * contacts' default threads): re-homed, kept if they land on it, plus the merges closing its
 * contacts' conversations.
 */
export function threadEvents(threadId: string, stored: readonly CanonicalEvent[], merges: MergeIndex): CanonicalEvent[] {
  const mine = stored.map((e) => merges.rehome(e)).filter((e) => e.threadId === threadId);
  // The model drops a repeated event id, so a merge stored on this very thread counts once.
  return [...mine, ...merges.closingEvents(threadId, mine.map((e) => e.contact.id))];
}
