// The conversation model (product.md §2): a thread's events in, its conversations out.
//
// A thread holds at most one open conversation and one current assignee. Events are applied
// in the order they occurred (`compareEvents`), so the same set of events gives the same
// conversations whatever order they arrived in, and a repeated event id changes nothing.
import type {
  CanonicalEvent,
  ChannelRef,
  ConversationBotEvent,
  CloseSource,
  ConversationAssignedEvent,
  ConversationClosedEvent,
  ContactMergedEvent,
  MessageCreatedEvent,
  OpenSource,
  Ref,
  Sender,
  UserRef,
} from './events';
import type { DurationValues } from './durations';

export interface AssignmentRecord {
  at: number;
  /** null: an unassignment (product.md §2: it counts as an assignment). */
  assignee: UserRef | null;
  /** The assignee's team at that moment. */
  team: Ref | null;
}

/** One open→closed cycle with everything §3's metrics are computed from. Times are epoch ms. */
export interface ConversationRecord {
  id: string;
  threadId: string;
  /** 1 for the thread's first conversation, 2 for the next, … */
  cycle: number;
  /** The source's own id for the conversation, when its events carry one. */
  sourceConversationId: string | null;
  contactId: string;
  contactName: string | null;
  openedAt: number;
  openSource: OpenSource;
  /** null when opened by a user (shown as "-"), or when the source names no channel. */
  openChannel: ChannelRef | null;
  openedBy: UserRef | null;
  /**
   * The opener waits for the cycle's earliest message (events.md §4, Chatwoot): `openSource` is
   * provisional while true. `openChannelIfContact` is the channel to show if the contact opened it.
   */
  openSourcePending: boolean;
  openChannelIfContact: ChannelRef | null;
  closedAt: number | null;
  closedSource: CloseSource | null;
  closedBy: UserRef | null;
  closedByTeam: Ref | null;
  category: string | null;
  summary: string | null;
  firstAssignment: AssignmentRecord | null;
  lastAssignment: AssignmentRecord | null;
  /** The thread already had an assignee at open: time to first assignment is "-". */
  assigneeCarriedOver: boolean;
  assignments: number;
  firstResponse: { at: number; by: Sender } | null;
  /** When a bot first held the conversation in this cycle (events.md §4: a bot is never an assignee). */
  botHeldFrom: number | null;
  /** When the bot's hold ended: its hand-off, a person's assignment, or the close while it held. */
  botReleasedAt: number | null;
  /** First response by the last assignee after the last assignment. */
  lastAssigneeResponseAt: number | null;
  incomingMessages: number;
  outgoingMessages: number;
  responses: number;
  /** [earliest unanswered incoming, the response] for every response. */
  responseWaits: Array<[number, number]>;
  /**
   * Who sent each response, parallel to `responseWaits` (product.md §7: responses and response
   * time per person); null when the source names no person (an echo without a user id).
   */
  responders: Array<Ref | null>;
  /**
   * Every assignment in order, the carried-over assignee first (product.md §2, §7: "held an
   * assignment at any time"); unassignments are entries with a null assignee.
   */
  assignmentHistory: AssignmentRecord[];
  /** Earliest incoming message not yet answered by a person; null when nobody is waiting. */
  waitingSince: number | null;
  lastEventAt: number;
}

/** What a thread carries from one event to the next: small, JSON-serialisable. */
export interface ThreadState {
  threadId: string;
  contactId: string | null;
  contactName: string | null;
  /** The thread's current assignee; persists across conversations (product.md §2). */
  assignee: UserRef | null;
  /** The bot holding the thread, if any; like the assignee, it persists across conversations. */
  bot?: Ref | null;
  cycles: number;
  lastClosedAt: number | null;
  lastConversationId: string | null;
  open: ConversationRecord | null;
  /** Sort key of the last event applied; an event ordered after it can be applied incrementally. */
  lastKey: EventKey | null;
}

export type EventKey = [occurredAt: number, rank: number, id: string];

/**
 * Tie-break for events at the same millisecond: an explicit open, then an incoming message
 * (which may open), then assignment, then outgoing messages (a reply at the same instant as
 * the assignment counts as the assignee's), then close, then merge.
 */
function rankOf(event: CanonicalEvent): number {
  switch (event.type) {
    case 'contact.updated':
      return 0;
    case 'conversation.opened':
      return 1;
    case 'message.created':
      return event.message.direction === 'incoming' ? 2 : 4;
    case 'conversation.assigned':
    case 'conversation.bot':
      return 3;
    case 'conversation.closed':
      return 5;
    case 'contact.merged':
      return 6;
  }
}

export function eventKey(event: CanonicalEvent): EventKey {
  return [event.occurredAt, rankOf(event), event.id];
}

export function compareKeys(a: EventKey, b: EventKey): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] !== b[1]) return a[1] - b[1];
  return a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0;
}

export function compareEvents(a: CanonicalEvent, b: CanonicalEvent): number {
  return compareKeys(eventKey(a), eventKey(b));
}

export function emptyThreadState(threadId: string): ThreadState {
  return {
    threadId,
    contactId: null,
    contactName: null,
    assignee: null,
    bot: null,
    cycles: 0,
    lastClosedAt: null,
    lastConversationId: null,
    open: null,
    lastKey: null,
  };
}

/** Senders whose outgoing messages are a person answering (product.md §2: an echo is a person). */
export function isHumanSender(sender: Sender): boolean {
  return sender.type === 'user' || sender.type === 'echo';
}

/** The person behind a human sender, when the source names one. */
function personOf(sender: Sender): Ref | null {
  if (sender.id === undefined) return null;
  return sender.name === undefined ? { id: sender.id } : { id: sender.id, name: sender.name };
}

function openConversation(
  state: ThreadState,
  event: CanonicalEvent,
  openedAt: number,
  source: OpenSource,
  channel: ChannelRef | null,
  openedBy: UserRef | null,
  sourcePending = false,
): ConversationRecord {
  state.cycles += 1;
  const carried = state.assignee;
  const firstAssignment: AssignmentRecord | null = carried
    ? { at: openedAt, assignee: carried, team: carried.team ?? null }
    : null;
  const conversation: ConversationRecord = {
    id: `${state.threadId}-${state.cycles}`,
    threadId: state.threadId,
    cycle: state.cycles,
    sourceConversationId: null,
    contactId: event.contact.id,
    contactName: state.contactName,
    openedAt,
    openSource: source,
    // product.md §2: a conversation opened by a user has no open channel.
    openChannel: source === 'user' ? null : channel,
    openedBy,
    openSourcePending: sourcePending,
    openChannelIfContact: sourcePending ? channel : null,
    closedAt: null,
    closedSource: null,
    closedBy: null,
    closedByTeam: null,
    category: null,
    summary: null,
    // product.md §2: a carried-over assignee is the first assignment, at the open time, and counts.
    firstAssignment,
    lastAssignment: firstAssignment,
    assigneeCarriedOver: carried !== null,
    assignments: carried ? 1 : 0,
    firstResponse: null,
    // A bot that held the thread when it opened holds the new conversation from its start.
    botHeldFrom: state.bot ? openedAt : null,
    botReleasedAt: null,
    lastAssigneeResponseAt: null,
    incomingMessages: 0,
    outgoingMessages: 0,
    responses: 0,
    responseWaits: [],
    responders: [],
    assignmentHistory: firstAssignment ? [firstAssignment] : [],
    waitingSince: null,
    lastEventAt: openedAt,
  };
  state.open = conversation;
  adoptSourceConversationId(state, conversation, event);
  return conversation;
}

/** The source's conversation id names the conversation, once any of its events carries one. */
function adoptSourceConversationId(state: ThreadState, conversation: ConversationRecord, event: CanonicalEvent): void {
  if (conversation.sourceConversationId !== null || event.conversationId === undefined) return;
  conversation.sourceConversationId = event.conversationId;
  // A source that reuses its id for a later cycle still gets distinct ConvoLens ids.
  conversation.id =
    event.conversationId === state.lastConversationId
      ? `${event.conversationId}-${conversation.cycle}`
      : event.conversationId;
}

function closeConversation(
  state: ThreadState,
  conversation: ConversationRecord,
  at: number,
  source: CloseSource,
  event: ConversationClosedEvent | ContactMergedEvent,
): void {
  conversation.closedAt = at;
  conversation.closedSource = source;
  if (conversation.botHeldFrom !== null && conversation.botReleasedAt === null) conversation.botReleasedAt = at;
  if (event.type === 'conversation.closed') {
    // product.md §2: record the closing user and the user's team at that moment.
    conversation.closedBy = event.user ?? null;
    conversation.closedByTeam = event.user?.team ?? null;
    conversation.category = event.category ?? null;
    conversation.summary = event.summary ?? null;
  }
  conversation.lastEventAt = at;
  state.open = null;
  state.lastClosedAt = at;
  state.lastConversationId = conversation.id;
}

function applyMessage(state: ThreadState, event: MessageCreatedEvent): ConversationRecord | null {
  const { message } = event;
  // product.md §2: private notes are not messages to the contact and count nowhere.
  if (message.private) return null;
  if (message.direction === 'incoming') {
    const conversation =
      state.open ?? openConversation(state, event, event.occurredAt, 'contact', message.channel ?? null, null);
    decideOpener(conversation, 'contact', message.channel ?? null);
    conversation.incomingMessages += 1;
    conversation.waitingSince ??= event.occurredAt;
    return conversation;
  }
  // Outgoing messages never open a conversation by themselves.
  const conversation = state.open;
  if (!conversation) return null;
  // product.md §2: outgoing messages counted per conversation exclude broadcasts.
  if (message.sender.type !== 'broadcast') conversation.outgoingMessages += 1;
  if (!isHumanSender(message.sender)) return conversation; // bots, workflows, APIs never answer
  decideOpener(conversation, 'user', null);
  conversation.firstResponse ??= { at: event.occurredAt, by: message.sender };
  if (conversation.waitingSince !== null) {
    // A response runs from the earliest unanswered incoming message.
    conversation.responses += 1;
    conversation.responseWaits.push([conversation.waitingSince, event.occurredAt]);
    conversation.responders.push(personOf(message.sender));
    conversation.waitingSince = null;
  }
  const lastAssignee = conversation.lastAssignment?.assignee;
  if (
    conversation.lastAssigneeResponseAt === null &&
    lastAssignee &&
    message.sender.id !== undefined &&
    message.sender.id === lastAssignee.id
  ) {
    conversation.lastAssigneeResponseAt = event.occurredAt;
  }
  return conversation;
}

/**
 * events.md §4: the cycle's earliest message decides a pending opener. Only a person's outgoing
 * message before any incoming one means an agent started it; bot, workflow and template messages
 * decide nothing.
 */
function decideOpener(conversation: ConversationRecord, source: 'contact' | 'user', messageChannel: ChannelRef | null): void {
  if (!conversation.openSourcePending) return;
  conversation.openSourcePending = false;
  conversation.openSource = source;
  // product.md §2: a conversation a user opened has no open channel.
  conversation.openChannel = source === 'user' ? null : (conversation.openChannelIfContact ?? messageChannel);
  conversation.openChannelIfContact = null;
}

/** A bot takes the thread, or hands it off (events.md §4): never an assignment, only bot time. */
function applyBot(state: ThreadState, event: ConversationBotEvent): ConversationRecord | null {
  state.bot = event.bot;
  const conversation = state.open;
  if (!conversation) return null;
  if (event.bot) {
    conversation.botHeldFrom ??= event.occurredAt;
    conversation.botReleasedAt = null;
  } else if (conversation.botHeldFrom !== null && conversation.botReleasedAt === null) {
    conversation.botReleasedAt = event.occurredAt;
  }
  return conversation;
}

function applyAssignment(state: ThreadState, event: ConversationAssignedEvent): ConversationRecord | null {
  const next = event.assignee;
  // A person taking the conversation ends a bot's hold (Chatwoot clears the agent bot then too).
  if (next && state.bot) applyBot(state, { ...event, type: 'conversation.bot', bot: null });
  // An "assignment" that changes nothing (same assignee, or unassigning nobody) is not counted.
  if ((next?.id ?? null) === (state.assignee?.id ?? null)) {
    if (next) state.assignee = next; // keep the newest name and team
    return null;
  }
  state.assignee = next;
  const conversation = state.open;
  if (!conversation) return null;
  const record: AssignmentRecord = { at: event.occurredAt, assignee: next, team: next?.team ?? null };
  conversation.assignments += 1;
  conversation.firstAssignment ??= record;
  conversation.lastAssignment = record;
  conversation.assignmentHistory.push(record);
  conversation.lastAssigneeResponseAt = null;
  return conversation;
}

/**
 * Applies one event to the thread, mutating `state`, and returns the conversations it touched
 * (a closed one and/or the open one). Callers apply events in `compareEvents` order.
 */
export function applyEvent(state: ThreadState, event: CanonicalEvent): ConversationRecord[] {
  state.lastKey = eventKey(event);
  state.contactId = event.contact.id;
  const renamed = event.contact.name !== undefined && state.open !== null && state.open.contactName !== event.contact.name ? state.open : null;
  // events.md §4 (Chatwoot merges): the open conversation follows the contact the source now names.
  if (state.open && state.open.contactId !== event.contact.id && event.type !== 'contact.merged') {
    state.open.contactId = event.contact.id;
  }
  if (event.contact.name !== undefined) {
    state.contactName = event.contact.name;
    if (state.open) state.open.contactName = event.contact.name;
  }
  const touched = applyToConversations(state, event);
  // A rename changes the open conversation even when the event itself counts for nothing,
  // so an incremental write must include it (test/shared/conversation-incremental.test.ts).
  if (renamed && !touched.includes(renamed)) touched.push(renamed);
  return touched;
}

function applyToConversations(state: ThreadState, event: CanonicalEvent): ConversationRecord[] {
  let touched: ConversationRecord | null = null;
  switch (event.type) {
    case 'contact.updated':
      touched = state.open;
      break;
    case 'conversation.opened':
      // An explicit open of a thread that already has an open conversation changes nothing.
      touched =
        state.open ??
        openConversation(
          state,
          event,
          event.occurredAt,
          event.source,
          event.channel ?? null,
          event.user ?? null,
          event.sourceFromFirstMessage === true,
        );
      break;
    case 'message.created':
      touched = applyMessage(state, event);
      break;
    case 'conversation.assigned':
      touched = applyAssignment(state, event);
      break;
    case 'conversation.bot':
      touched = applyBot(state, event);
      break;
    case 'conversation.closed': {
      let conversation = state.open;
      // A close that states when its conversation opened (respond.io) yields that conversation
      // even if nothing else of it was received; otherwise a close with nothing open is ignored.
      if (
        !conversation &&
        event.openedAt !== undefined &&
        event.openSource !== undefined &&
        event.openedAt <= event.occurredAt &&
        (state.lastClosedAt === null || event.openedAt >= state.lastClosedAt)
      ) {
        conversation = openConversation(state, event, event.openedAt, event.openSource, null, null);
      }
      if (!conversation) return [];
      adoptSourceConversationId(state, conversation, event);
      closeConversation(state, conversation, event.occurredAt, event.source, event);
      return [conversation];
    }
    case 'contact.merged': {
      // product.md §2: the secondary contact's open conversation closes with source `merge`.
      const conversation = state.open;
      if (!conversation || conversation.contactId !== event.secondary.id) return [];
      closeConversation(state, conversation, event.occurredAt, 'merge', event);
      return [conversation];
    }
  }
  if (touched) {
    adoptSourceConversationId(state, touched, event);
    touched.lastEventAt = Math.max(touched.lastEventAt, event.occurredAt);
    return [touched];
  }
  return [];
}

/** Sorts into occurrence order and drops repeated event ids (a repeated event changes nothing). */
export function orderEvents(events: readonly CanonicalEvent[]): CanonicalEvent[] {
  const byId = new Map<string, CanonicalEvent>();
  for (const event of events) if (!byId.has(event.id)) byId.set(event.id, event);
  return [...byId.values()].sort(compareEvents);
}

/** Every conversation of a thread, oldest first, from its full event set. */
export function buildThread(
  threadId: string,
  events: readonly CanonicalEvent[],
): { conversations: ConversationRecord[]; state: ThreadState } {
  const state = emptyThreadState(threadId);
  const conversations: ConversationRecord[] = [];
  let namedContact: string | null = null;
  for (const event of orderEvents(events)) {
    if (event.type !== 'contact.merged') namedContact = event.contact.id;
    for (const touched of applyEvent(state, event)) {
      if (conversations[conversations.length - 1] !== touched) conversations.push(touched);
    }
  }
  // A thread's conversations follow the contact its source names last (events.md §4: a Chatwoot
  // merge sends no event; later payloads carry the kept contact).
  if (namedContact !== null) for (const c of conversations) c.contactId = namedContact;
  return { conversations, state };
}

// ---------------------------------------------------------------------------------------------
// Metrics (product.md §3)

/** How a span of time is measured: calendar milliseconds, or business-hours milliseconds. */
export type DurationMeasure = (startMs: number, endMs: number) => number;
export const calendarDuration: DurationMeasure = (startMs, endMs) => endMs - startMs;

/** Every duration of §3 by the model's key (shared/durations.ts's table). */
export type ConversationDurations = DurationValues;

/** What the durations are computed from: a record, or a stored row's instants. */
export type TimingInputs = Pick<
  ConversationRecord,
  'openedAt' | 'closedAt' | 'assigneeCarriedOver' | 'lastAssigneeResponseAt' | 'responseWaits' | 'botHeldFrom' | 'botReleasedAt'
> & {
  firstAssignment: { at: number } | null;
  lastAssignment: { at: number } | null;
  firstResponse: { at: number } | null;
};

/** Every duration of §3; null (shown "-") where its inputs do not exist, never 0. */
export function conversationDurations(
  c: TimingInputs,
  measure: DurationMeasure = calendarDuration,
): ConversationDurations {
  const span = (from: number | null | undefined, to: number | null | undefined): number | null =>
    from == null || to == null ? null : measure(from, to);
  const first = c.firstAssignment;
  const last = c.lastAssignment;
  const firstResponseAt = c.firstResponse?.at ?? null;
  const waits = c.responseWaits.map(([from, to]) => measure(from, to));
  // A bot's hold is the bot's time, not the humans' (issue: bot time never inflates time to first
  // assignment): people are measured from the hand-off.
  const humansFrom =
    c.botReleasedAt !== null && first && c.botReleasedAt <= first.at ? Math.max(c.openedAt, c.botReleasedAt) : c.openedAt;
  return {
    timeToFirstAssignmentMs: c.assigneeCarriedOver ? null : span(humansFrom, first?.at),
    firstResponseTimeMs: span(c.openedAt, firstResponseAt),
    // Empty if the response came before the first assignment.
    firstAssignmentToFirstResponseMs:
      first && firstResponseAt !== null && firstResponseAt >= first.at ? span(first.at, firstResponseAt) : null,
    lastAssignmentToResponseMs: span(last?.at, c.lastAssigneeResponseAt),
    resolutionTimeMs: span(c.openedAt, c.closedAt),
    firstAssignmentToCloseMs: span(first?.at, c.closedAt),
    lastAssignmentToCloseMs: span(last?.at, c.closedAt),
    averageResponseTimeMs: waits.length === 0 ? null : Math.round(waits.reduce((a, b) => a + b, 0) / waits.length),
    botTimeMs: span(c.botHeldFrom, c.botReleasedAt),
  };
}

export interface LiveValues {
  timeOpenMs: number | null;
  waitingSince: number | null;
  currentWaitMs: number | null;
}

/** The ticking values of an open conversation at `now`; all null once it is closed. */
export function liveValues(
  c: Pick<ConversationRecord, 'openedAt' | 'closedAt' | 'waitingSince'>,
  now: number,
): LiveValues {
  if (c.closedAt !== null) return { timeOpenMs: null, waitingSince: null, currentWaitMs: null };
  return {
    timeOpenMs: Math.max(0, now - c.openedAt),
    waitingSince: c.waitingSince,
    currentWaitMs: c.waitingSince === null ? null : Math.max(0, now - c.waitingSince),
  };
}

export type ContactType = 'new' | 'returning';

/**
 * product.md §2: new if this is the contact's first conversation known to the workspace;
 * a contact the source says was created before the workspace's history began is returning.
 */
export function contactType(input: {
  isFirstConversationOfContact: boolean;
  contactCreatedAt: number | null;
  historyStartedAt: number | null;
}): ContactType {
  if (!input.isFirstConversationOfContact) return 'returning';
  if (input.contactCreatedAt !== null && input.historyStartedAt !== null && input.contactCreatedAt < input.historyStartedAt) {
    return 'returning';
  }
  return 'new';
}

/** A merge: from `at` on, the secondary contact's events belong to the primary contact. */
export interface ContactMerge {
  secondaryId: string;
  primaryId: string;
  at: number;
}

/**
 * product.md §2, merge: an event of a merged-away contact that occurred at or after the merge
 * belongs to the primary contact (followed through chains of merges). A thread that defaulted
 * to the contact moves with it; a thread the source named stays.
 */
export function rehomeEvent<E extends CanonicalEvent>(event: E, merges: readonly ContactMerge[]): E {
  let contactId = event.contact.id;
  let threadId = event.threadId;
  for (let hops = 0; hops < 16; hops++) {
    const merge = merges.find((m) => m.secondaryId === contactId && event.occurredAt >= m.at);
    if (!merge || event.type === 'contact.merged') break;
    if (threadId === contactId) threadId = merge.primaryId;
    contactId = merge.primaryId;
  }
  if (contactId === event.contact.id) return event;
  return { ...event, contact: { ...event.contact, id: contactId }, threadId };
}
