// The demo workspace's traffic: a seeded, pure generator of realistic support-inbox webhooks for
// the last N days (default 60). Same seed and `now` → the same payloads, byte for byte; no clock,
// no I/O. `npm start` and the browser tests send its output through the real webhook endpoints.
//
// What it models (product.md §2): business-day and lunch-hour peaks in the workspace's zone,
// several channels, agents in teams with shifts (answers wait for the next shift), a bot and
// workflows, categories and summaries on close, reassignments and unassignments, contacts who
// come back, contact merges, conversations still open, and a few contacts waiting right now.
//
// Two sources feed the one workspace, as a team with two inboxes would:
// - the messaging channels (WhatsApp, Messenger, Instagram, Telegram, email) as native events,
//   contact-centric like respond.io (the thread is the contact, events.md §2);
// - the website chat through Chatwoot-shaped webhooks (events.md §4), conversation-centric (the
//   thread is Chatwoot's display id), which the demo inbox page shows at Chatwoot's URLs.
//
// Plain TypeScript with Node built-ins only (scripts run under Node's type stripping).

export const DEMO_SEED = 20261121;
export const DEMO_TIMEZONE = 'America/Mexico_City';
export const DEMO_WORKSPACE_NAME = 'Acme Support (demo)';
export const CHATWOOT_ACCOUNT_ID = 1;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// Output shapes

/** A native event as sent on the wire (events.md §2), JSON-ready. */
export type NativeEvent = Record<string, unknown> & { id: string; type: string; occurred_at: string; thread_id?: string };

/** One Chatwoot webhook delivery: the X-Chatwoot-Delivery id and the body. */
export interface ChatwootDelivery {
  delivery: string;
  /** When Chatwoot would send it (epoch ms); deliveries are ordered by it. */
  at: number;
  /** The display id of the conversation it concerns (null for contact events). */
  displayId: number | null;
  payload: Record<string, unknown>;
}

export interface InboxMessage {
  at: number;
  direction: 'incoming' | 'outgoing';
  /** Who wrote it as the inbox shows it: the contact, an agent, "Ava (bot)", "Automation". */
  author: string;
  text: string;
  private: boolean;
}

/** A Chatwoot conversation as the demo inbox page shows it. */
export interface InboxThread {
  displayId: number;
  contact: { id: string; name: string };
  status: 'open' | 'pending' | 'resolved';
  assignee: string | null;
  inbox: string;
  lastActivityAt: number;
  messages: InboxMessage[];
}

export interface DemoWorkspaceSettings {
  name: string;
  timezone: string;
  categories: string[];
  first_response_target_ms: number;
  business_hours: {
    timezone: string;
    weekly: Record<string, Array<{ start: string; end: string }>>;
    holidays: string[];
  };
}

export interface DemoTraffic {
  seed: number;
  now: number;
  workspace: DemoWorkspaceSettings;
  /** Native events in occurrence order. */
  native: NativeEvent[];
  /** Chatwoot deliveries in sending order. */
  chatwoot: ChatwootDelivery[];
  /** Chatwoot threads, most recent activity first. */
  inbox: InboxThread[];
  stats: {
    conversations: number;
    nativeConversations: number;
    chatwootConversations: number;
    openNow: number;
    waitingNow: number;
    merges: number;
  };
}

export interface DemoOptions {
  now: number;
  seed?: number;
  /** Days of history before today (default 60). */
  days?: number;
  /** Conversations on an average weekday, all channels (default 64). */
  conversationsPerWeekday?: number;
  /**
   * Days since the website chat (Chatwoot) went live (default 14). Chatwoot sends one webhook per
   * change, so its share of the history is what the seeding time depends on.
   */
  chatwootDays?: number;
  timezone?: string;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: small, fast, good enough for plausible traffic. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  /** A skewed duration: median `median` ms, spread `sigma` (log-normal). */
  lognormal(median: number, sigma: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.round(median * Math.exp(sigma * normal));
  }
  poisson(mean: number): number {
    // Knuth's method is fine for the small means here.
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(['8', '9', 'a', 'b'])}${this.hex(3)}-${this.hex(12)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Local calendar of the workspace's zone (Intl once per day, arithmetic otherwise)

interface LocalDay {
  /** YYYY-MM-DD */
  date: string;
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  startMs: number;
  endMs: number;
}

function zoneOffsetMs(ms: number, formatter: Intl.DateTimeFormat): number {
  const parts = Object.fromEntries(formatter.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour) % 24,
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(ms / 1000) * 1000;
}

class LocalCalendar {
  readonly days: LocalDay[] = [];
  constructor(timezone: string, now: number, daysBack: number, daysAhead: number) {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    const localMidnight = (wallMidnightUtc: number) => {
      // Two passes settle the offset on either side of a DST change.
      let guess = wallMidnightUtc - zoneOffsetMs(wallMidnightUtc, formatter);
      guess = wallMidnightUtc - zoneOffsetMs(guess, formatter);
      return guess;
    };
    const today = Math.floor((now + zoneOffsetMs(now, formatter)) / DAY) * DAY; // wall-clock midnight, as UTC
    for (let d = -daysBack; d <= daysAhead; d++) {
      const wall = today + d * DAY;
      const startMs = localMidnight(wall);
      const endMs = localMidnight(wall + DAY);
      const weekday = (new Date(wall).getUTCDay() + 6) % 7;
      this.days.push({ date: new Date(wall).toISOString().slice(0, 10), weekday, startMs, endMs });
    }
  }
  dayOf(ms: number): LocalDay | undefined {
    let lo = 0;
    let hi = this.days.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const day = this.days[mid]!;
      if (ms < day.startMs) hi = mid - 1;
      else if (ms >= day.endMs) lo = mid + 1;
      else return day;
    }
    return undefined;
  }
  /** Local hour of day as a fraction (9.5 = 09:30). */
  hourOf(ms: number): number {
    const day = this.dayOf(ms);
    return day ? (ms - day.startMs) / HOUR : 0;
  }
  at(day: LocalDay, hour: number): number {
    return day.startMs + hour * HOUR;
  }
}

// ---------------------------------------------------------------------------------------------
// The cast: teams, agents with shifts, channels, topics

interface Team {
  id: string;
  name: string;
}
interface Shift {
  /** Weekdays 0 = Monday … 6 = Sunday */
  days: number[];
  from: number;
  to: number;
  /** The hour the agent is at lunch (slow to answer), if any. */
  lunch?: number;
}
interface Agent {
  id: string;
  name: string;
  email: string;
  team: Team;
  shifts: Shift[];
  /** Median minutes to answer when on shift: some agents are faster. */
  pace: number;
}

const TEAMS = {
  support: { id: '1', name: 'Support' },
  sales: { id: '2', name: 'Sales' },
  billing: { id: '3', name: 'Billing' },
} as const satisfies Record<string, Team>;

const WEEKDAYS = [0, 1, 2, 3, 4];

// Ids are numbers as strings: Chatwoot user and team ids are integers, and the same people
// appear in both sources with the same ids, so the report's filters see one person.
const AGENTS: Agent[] = [
  { id: '11', name: 'Sofía Ramírez', email: 'sofia@acme.test', team: TEAMS.support, pace: 2.5, shifts: [{ days: WEEKDAYS, from: 9, to: 17, lunch: 13 }] },
  { id: '12', name: 'Diego Herrera', email: 'diego@acme.test', team: TEAMS.support, pace: 4, shifts: [{ days: WEEKDAYS, from: 10, to: 18, lunch: 14 }] },
  { id: '13', name: 'Valentina Cruz', email: 'valentina@acme.test', team: TEAMS.support, pace: 3, shifts: [{ days: [0, 1, 2, 3], from: 9, to: 17, lunch: 13 }, { days: [5], from: 10, to: 14 }] },
  { id: '18', name: 'Andrés Navarro', email: 'andres@acme.test', team: TEAMS.support, pace: 5, shifts: [{ days: WEEKDAYS, from: 14, to: 22, lunch: 18 }] },
  { id: '14', name: 'Mateo Fernández', email: 'mateo@acme.test', team: TEAMS.sales, pace: 2, shifts: [{ days: WEEKDAYS, from: 9, to: 18, lunch: 14 }] },
  { id: '15', name: 'Camila Ortiz', email: 'camila@acme.test', team: TEAMS.sales, pace: 3.5, shifts: [{ days: WEEKDAYS, from: 9, to: 18, lunch: 13 }, { days: [5], from: 10, to: 13 }] },
  { id: '16', name: 'Lucas Moreno', email: 'lucas@acme.test', team: TEAMS.billing, pace: 6, shifts: [{ days: WEEKDAYS, from: 9, to: 17, lunch: 13 }] },
  { id: '17', name: 'Isabella Romero', email: 'isabella@acme.test', team: TEAMS.billing, pace: 5, shifts: [{ days: WEEKDAYS, from: 10, to: 18, lunch: 14 }] },
];

const BOT = { id: 'bot-ava', chatwootId: 1, name: 'Ava (bot)' };

interface Channel {
  id: string;
  name: string;
  type: string;
  dialect: 'native' | 'chatwoot';
  /** Share of conversations. */
  weight: number;
  /** Whether the bot greets first on this channel. */
  bot: boolean;
}

const CHANNELS: Channel[] = [
  { id: 'whatsapp-main', name: 'WhatsApp Business', type: 'whatsapp', dialect: 'native', weight: 38, bot: true },
  { id: 'messenger-acme', name: 'Facebook Messenger', type: 'messenger', dialect: 'native', weight: 14, bot: true },
  { id: 'instagram-acme', name: 'Instagram', type: 'instagram', dialect: 'native', weight: 10, bot: false },
  { id: 'telegram-acme', name: 'Telegram', type: 'telegram', dialect: 'native', weight: 4, bot: false },
  { id: 'email-help', name: 'help@acme.test', type: 'email', dialect: 'native', weight: 14, bot: false },
  // Chatwoot names the channel by its inbox id.
  { id: '3', name: 'Website', type: 'web_widget', dialect: 'chatwoot', weight: 16, bot: true },
];
const WEBSITE = CHANNELS.find((c) => c.dialect === 'chatwoot')!;

interface Topic {
  category: string;
  team: Team;
  weight: number;
  openers: string[];
  followUps: string[];
  replies: string[];
  summaries: string[];
}

const TOPICS: Topic[] = [
  {
    category: 'Billing',
    team: TEAMS.billing,
    weight: 16,
    openers: ['Hi, I was charged twice for order #{n}', 'Can I get an invoice for my last purchase?', 'My card was declined but the money left my account', 'Hello! How do I update my billing address?'],
    followUps: ['It was on the 3rd, same amount both times', 'Here is the receipt', 'Ok, thanks. When will I see it?', 'The RFC is on the attached file'],
    replies: ["I'm sorry about that, let me check the payment", 'I found the duplicate charge and refunded it', 'The invoice is on its way to your email', 'Refunds take 3–5 business days to show up'],
    summaries: ['Duplicate charge refunded', 'Invoice sent by email', 'Card declined: bank hold, explained', 'Billing address updated'],
  },
  {
    category: 'Shipping',
    team: TEAMS.support,
    weight: 22,
    openers: ["Where is my order #{n}? It's been a week", 'The tracking number does not work', 'Can I change the delivery address?', 'My package says delivered but I did not get it'],
    followUps: ['Order #{n}', 'It still says "in transit"', 'Yes, the new address is in Coyoacán', 'Nobody was home all day'],
    replies: ['Let me look that up for you', 'The carrier shows it arriving tomorrow', "I've updated the address with the carrier", "I've opened a claim with the carrier"],
    summaries: ['Tracking shared, arrives tomorrow', 'Address changed before dispatch', 'Carrier claim opened for missing package', 'Delayed by the carrier, customer informed'],
  },
  {
    category: 'Returns & refunds',
    team: TEAMS.billing,
    weight: 12,
    openers: ['I want to return the shoes, wrong size', 'How do I send back a damaged item?', 'Can I exchange my order for another color?', 'I returned my order two weeks ago and got no refund'],
    followUps: ['They are size 27, I need 26', 'Here is a photo of the damage', 'Blue please', 'The return label number is RT{n}'],
    replies: ["Here's your return label", "I'm sorry it arrived damaged, we'll send a new one", 'The exchange is ready, the courier picks it up tomorrow', 'The refund was issued today'],
    summaries: ['Return label sent', 'Damaged item replaced', 'Exchange arranged', 'Refund issued after return received'],
  },
  {
    category: 'Technical issue',
    team: TEAMS.support,
    weight: 16,
    openers: ['The app crashes when I open my orders', "I can't finish checkout, the page freezes", 'The discount code gives an error', 'The website shows my cart empty'],
    followUps: ["I'm on an iPhone 13", 'It says "payment method not available"', 'The code is WELCOME10', 'I tried two browsers'],
    replies: ['Thanks, could you try updating the app?', "We found the issue, it's fixed now", 'I applied the discount manually', 'Could you send a screenshot?'],
    summaries: ['App update fixed the crash', 'Checkout bug fixed by the web team', 'Discount applied manually', 'Cart issue: cleared cookies'],
  },
  {
    category: 'Account access',
    team: TEAMS.support,
    weight: 10,
    openers: ["I can't log in", 'I never got the password reset email', 'How do I change the email on my account?', 'My account is locked'],
    followUps: ['My email is the same as this contact', 'Checked spam too', 'The new one is my work email', 'I tried too many times I think'],
    replies: ['I sent you a new reset link', 'Your account is unlocked now', "I've changed the email, please confirm it", 'Please try again in 15 minutes'],
    summaries: ['Password reset link resent', 'Account unlocked', 'Account email changed', 'Login issue: wrong email'],
  },
  {
    category: 'Sales inquiry',
    team: TEAMS.sales,
    weight: 16,
    openers: ['Do you ship to Monterrey?', 'Do you have this jacket in size M?', 'Is there a discount for orders of 50 units?', 'When is the next sale?'],
    followUps: ['For a company event', 'Black, if possible', 'We need them by the 15th', 'Thanks!'],
    replies: ['Yes, shipping to Monterrey takes 2–3 days', 'Size M is back in stock', 'I can offer 12% for 50 units', "I'll send you the quote"],
    summaries: ['Shipping times shared', 'Stock confirmed, customer ordered', 'Volume quote sent', 'Pre-sale info shared'],
  },
  {
    category: 'Feedback',
    team: TEAMS.support,
    weight: 5,
    openers: ['Just wanted to say the delivery was super fast', 'The packaging was damaged, the product is fine', 'Suggestion: add a size guide'],
    followUps: ['Thanks to the team', 'Just so you know', 'That would help a lot'],
    replies: ['Thank you, I will share it with the team!', "Thanks for letting us know, I've passed it on", 'Great idea, noted'],
    summaries: ['Positive feedback shared with the team', 'Packaging feedback logged', 'Size guide suggestion logged'],
  },
];
const CATEGORIES = TOPICS.map((t) => t.category);

const FIRST_NAMES = ['María', 'José', 'Guadalupe', 'Juan', 'Ana', 'Luis', 'Fernanda', 'Carlos', 'Daniela', 'Jorge', 'Paola', 'Ricardo', 'Alejandra', 'Miguel', 'Gabriela', 'Roberto', 'Mariana', 'Eduardo', 'Lucía', 'Francisco', 'Ximena', 'Héctor', 'Renata', 'Emilio', 'Andrea', 'Santiago', 'Regina', 'Pablo', 'Natalia', 'Sergio', 'Jimena', 'Óscar', 'Karla', 'Raúl', 'Valeria', 'Iván', 'Elena', 'Hugo', 'Sara', 'Tomás', 'Emma', 'Noah', 'Olivia', 'Liam', 'Grace', 'Ethan', 'Chloe', 'Lena', 'Jonas', 'Amélie'];
const LAST_NAMES = ['García', 'Martínez', 'López', 'Hernández', 'González', 'Pérez', 'Rodríguez', 'Sánchez', 'Ramírez', 'Flores', 'Gómez', 'Díaz', 'Vázquez', 'Morales', 'Reyes', 'Jiménez', 'Torres', 'Castillo', 'Mendoza', 'Aguilar', 'Ortega', 'Ruiz', 'Chávez', 'Silva', 'Rojas', 'Vargas', 'Smith', 'Miller', 'Nguyen', 'Müller', 'Rossi', 'Dubois'];

/** Relative volume by local hour: quiet nights, a morning peak, a lunch-hour peak, a small evening one. */
const HOURLY = [0.15, 0.08, 0.05, 0.04, 0.05, 0.1, 0.25, 0.6, 1.2, 2.2, 3.0, 3.1, 2.9, 3.6, 3.4, 2.6, 2.4, 2.2, 1.9, 1.7, 1.8, 1.5, 0.9, 0.4];
/** Relative volume by weekday, Monday first. */
const WEEKDAY_FACTOR = [1.15, 1.05, 1.0, 0.98, 0.92, 0.42, 0.25];

const FIRST_RESPONSE_TARGET_MS = 5 * MINUTE;

// ---------------------------------------------------------------------------------------------
// Contacts

interface Contact {
  id: string;
  name: string;
  /** A WhatsApp contact first shows up as its phone number and is renamed later. */
  phoneName?: string;
  renamedAt?: number;
  createdAt?: number;
  dialect: 'native' | 'chatwoot';
  /** No new conversation may open before this (at most one open per thread). */
  busyUntil: number;
  lastAssignee: Agent | null;
  /** Chatwoot: the contact's last conversation, which a later message may reopen. */
  lastDisplayId?: number;
  lastClosedAt?: number;
  /** Merged into another contact: writes no more. */
  retired?: boolean;
  conversations: number;
}

// ---------------------------------------------------------------------------------------------
// A conversation's plan: what happens in it, in time order, source-neutral

type Step =
  | { kind: 'open'; at: number; source: 'user' | 'workflow' | 'api' | 'zapier' | 'make'; user?: Agent }
  | { kind: 'incoming'; at: number; text: string }
  | { kind: 'outgoing'; at: number; sender: 'user' | 'echo' | 'bot' | 'workflow' | 'api' | 'broadcast'; agent?: Agent; text: string }
  | { kind: 'note'; at: number; agent: Agent; text: string }
  | { kind: 'assign'; at: number; agent: Agent | null }
  | { kind: 'close'; at: number; source: 'user' | 'bot' | 'workflow' | 'api' | 'zapier' | 'make' | 'auto_close'; agent?: Agent; category?: string; summary?: string }
  | { kind: 'rename'; at: number; name: string }
  | { kind: 'merge'; at: number; primary: Contact };

interface Plan {
  index: number;
  contact: Contact;
  channel: Channel;
  topic: Topic;
  openedAt: number;
  steps: Step[];
  /** Chatwoot only */
  displayId?: number;
  /** Chatwoot: this plan reopens a resolved conversation (a new cycle of the same thread). */
  reopen?: boolean;
}

// ---------------------------------------------------------------------------------------------

class DemoGenerator {
  private readonly rng: Random;
  private readonly calendar: LocalCalendar;
  private readonly contacts: Contact[] = [];
  private readonly plans: Plan[] = [];
  private nextNativeContact = 5_210_000;
  private nextChatwootContact = 40;
  private nextDisplayId = 1;
  private nextOrder = 4400;
  private readonly broadcasts: NativeEvent[] = [];
  private readonly seed: number;
  private readonly now: number;
  private readonly days: number;
  private readonly perWeekday: number;
  private readonly timezone: string;
  private readonly chatwootSince: number;

  // (No parameter properties: Node's type stripping does not support them.)
  constructor(seed: number, now: number, days: number, perWeekday: number, timezone: string, chatwootDays: number) {
    this.chatwootSince = now - chatwootDays * DAY;
    this.seed = seed;
    this.now = now;
    this.days = days;
    this.perWeekday = perWeekday;
    this.timezone = timezone;
    this.rng = new Random(seed);
    this.calendar = new LocalCalendar(timezone, now, days + 1, 8);
  }

  // -- time and people ------------------------------------------------------------------------

  private onShift(agent: Agent, at: number): boolean {
    const day = this.calendar.dayOf(at);
    if (!day) return false;
    const hour = (at - day.startMs) / HOUR;
    return agent.shifts.some((s) => s.days.includes(day.weekday) && hour >= s.from && hour < s.to);
  }

  /** The first instant at or after `at` when the agent is on shift. */
  private nextShiftStart(agent: Agent, at: number): number {
    if (this.onShift(agent, at)) return at;
    let day = this.calendar.dayOf(at);
    for (let i = 0; i < 9 && day; i++) {
      for (const s of [...agent.shifts].sort((a, b) => a.from - b.from)) {
        if (!s.days.includes(day.weekday)) continue;
        const start = this.calendar.at(day, s.from);
        if (start >= at) return start;
      }
      day = this.calendar.dayOf(day.endMs);
    }
    return at + 3 * DAY;
  }

  private atLunch(agent: Agent, at: number): boolean {
    const hour = Math.floor(this.calendar.hourOf(at));
    return agent.shifts.some((s) => s.lunch === hour);
  }

  /** Who of the team takes a conversation at `at`: someone on shift, or whoever comes in first. */
  private pickAgent(team: Team, at: number): { agent: Agent; from: number } {
    const members = AGENTS.filter((a) => a.team.id === team.id);
    const onShift = members.filter((a) => this.onShift(a, at));
    if (onShift.length > 0) return { agent: this.rng.pick(onShift), from: at };
    let best: { agent: Agent; from: number } | null = null;
    for (const agent of members) {
      const from = this.nextShiftStart(agent, at);
      if (!best || from < best.from) best = { agent, from };
    }
    return best!;
  }

  /**
   * When `agent` answers something that arrived at `at`: at their pace on shift, slower at lunch,
   * else early in their next shift. `hurry` scales the pace (0.5: twice as quick).
   */
  private answerTime(agent: Agent, at: number, hurry = 1): number {
    const start = this.nextShiftStart(agent, at);
    const lunch = this.atLunch(agent, start) ? 4 : 1;
    const delay = this.rng.lognormal(agent.pace * MINUTE * lunch * hurry, 1.0);
    return start + Math.max(8_000, delay);
  }

  private someoneAnyTeamOnShift(at: number): boolean {
    return AGENTS.some((a) => this.onShift(a, at));
  }

  private newContact(dialect: 'native' | 'chatwoot', at: number): Contact {
    const name = `${this.rng.pick(FIRST_NAMES)} ${this.rng.pick(LAST_NAMES)}`;
    const contact: Contact = {
      id: String(dialect === 'native' ? this.nextNativeContact++ : this.nextChatwootContact++),
      name,
      dialect,
      busyUntil: 0,
      lastAssignee: null,
      conversations: 0,
    };
    // Customers from before the workspace's history: returning on their first conversation here.
    if (dialect === 'native' && this.rng.chance(0.22)) contact.createdAt = at - this.rng.int(90, 900) * DAY;
    if (dialect === 'native' && this.rng.chance(0.12)) {
      contact.phoneName = `+52 55 ${this.rng.int(1000, 9999)} ${this.rng.int(1000, 9999)}`;
    }
    this.contacts.push(contact);
    return contact;
  }

  /** A contact for a conversation opening at `at`: often someone who wrote before. */
  private contactFor(dialect: 'native' | 'chatwoot', at: number): Contact {
    if (this.rng.chance(0.34)) {
      for (let tries = 0; tries < 6; tries++) {
        const known = this.contacts[this.contacts.length - 1 - Math.floor(this.rng.float() * Math.min(this.contacts.length, 900))];
        if (known && known.dialect === dialect && !known.retired && known.busyUntil < at && known.conversations > 0) return known;
      }
    }
    return this.newContact(dialect, at);
  }

  private text(template: string): string {
    return template.replace('{n}', String(this.nextOrder++));
  }

  // -- one conversation -------------------------------------------------------------------------

  private plan(
    openedAt: number,
    options: { channel?: Channel; contact?: Contact; waitingNow?: 'unassigned' | 'assigned' | 'answered' } = {},
  ): Plan {
    const rng = this.rng;
    // The website chat went live `chatwootDays` ago.
    const live = openedAt >= this.chatwootSince ? CHANNELS : CHANNELS.filter((c) => c.dialect !== 'chatwoot');
    const channel = options.channel ?? rng.weighted(live.map((c) => [c, c.weight] as const));
    const topic = rng.weighted(TOPICS.map((t) => [t, t.weight] as const));
    const contact =
      options.contact ?? (options.waitingNow ? this.newContact(channel.dialect, openedAt) : this.contactFor(channel.dialect, openedAt));
    const plan: Plan = { index: this.plans.length, contact, channel, topic, openedAt, steps: [] };
    const steps = plan.steps;
    let t = openedAt;

    // Chatwoot: a contact writing again soon after a resolved conversation reopens it.
    if (channel.dialect === 'chatwoot') {
      const reopen =
        contact.lastDisplayId !== undefined && contact.lastClosedAt !== undefined && openedAt - contact.lastClosedAt < 5 * DAY && rng.chance(0.5);
      plan.displayId = reopen ? contact.lastDisplayId! : this.nextDisplayId++;
      plan.reopen = reopen;
    }

    // How it opens (product.md §2): mostly the contact writing; sometimes an agent, a workflow or an integration.
    const openSource = options.waitingNow
      ? 'contact'
      : rng.weighted([
          ['contact', 84],
          ['user', 6],
          ['workflow', 4],
          ['api', 2.5],
          ['zapier', 2],
          ['make', 1.5],
        ] as const);
    if (contact.phoneName && contact.conversations === 0 && !options.waitingNow && channel.dialect === 'native') {
      // A WhatsApp contact is its number until an agent saves the name.
      contact.renamedAt = openedAt + rng.int(10, 90) * MINUTE;
    }

    let agent: Agent | null = null;
    // respond.io keeps the contact's assignee between conversations unless a workflow clears it.
    const carried = channel.dialect === 'native' ? contact.lastAssignee : null;
    if (carried) agent = carried;

    if (openSource === 'contact') {
      steps.push({ kind: 'incoming', at: t, text: this.text(rng.pick(topic.openers)) });
    } else if (openSource === 'user') {
      const by = this.pickAgent(topic.team, t);
      t = by.from + rng.int(0, 40) * MINUTE;
      plan.openedAt = t;
      steps.push({ kind: 'open', at: t, source: 'user', user: by.agent });
      if (!agent) {
        agent = by.agent;
        steps.push({ kind: 'assign', at: t + 1000, agent });
      }
      steps.push({ kind: 'outgoing', at: t + 20_000, sender: 'user', agent: by.agent, text: `Hi ${contact.name.split(' ')[0]}, following up on your order #${this.nextOrder++}` });
      t += rng.lognormal(25 * MINUTE, 1.2);
      steps.push({ kind: 'incoming', at: t, text: this.text(rng.pick(topic.followUps)) });
    } else {
      steps.push({ kind: 'open', at: t, source: openSource });
      const text =
        openSource === 'workflow'
          ? `Your order #${this.nextOrder++} has shipped. Reply here if you have questions.`
          : openSource === 'api'
            ? `Reminder: your appointment is tomorrow at ${rng.int(9, 17)}:00.`
            : `Thanks for your purchase! How was your experience?`;
      steps.push({ kind: 'outgoing', at: t + 2000, sender: openSource === 'workflow' ? 'workflow' : 'api', text });
      t += rng.lognormal(40 * MINUTE, 1.3);
      steps.push({ kind: 'incoming', at: t, text: this.text(rng.pick(topic.openers)) });
    }

    // The bot greets on its channels; sometimes it settles the question itself.
    const botGreets = channel.bot && openSource === 'contact' && rng.chance(0.6);
    if (botGreets) {
      steps.push({ kind: 'outgoing', at: t + rng.int(2, 6) * 1000, sender: 'bot', text: "Hi! I'm Ava, Acme's assistant. What can I help you with?" });
      t += rng.int(30, 240) * 1000;
      steps.push({ kind: 'incoming', at: t, text: this.text(rng.pick(topic.followUps)) });
      if (!options.waitingNow && rng.chance(0.14)) {
        steps.push({ kind: 'outgoing', at: t + 4000, sender: 'bot', text: 'Here is what I found: acme.test/help. Anything else?' });
        steps.push({ kind: 'close', at: t + rng.int(3, 12) * MINUTE, source: 'bot' });
        return this.finish(plan, null);
      }
      steps.push({ kind: 'outgoing', at: t + 3000, sender: 'bot', text: "I'm passing you to a person on our team." });
    } else if (openSource === 'contact' && !this.someoneAnyTeamOnShift(t) && rng.chance(0.8)) {
      steps.push({ kind: 'outgoing', at: t + 5000, sender: 'workflow', text: "Thanks for writing! We're out of the office; we'll answer from 9:00." });
    }

    if (options.waitingNow) return this.waitingNow(plan, t, options.waitingNow);

    // Assignment: a workflow routes it to someone of the topic's team who is on shift.
    if (!agent) {
      const routed = this.pickAgent(topic.team, t);
      agent = routed.agent;
      steps.push({ kind: 'assign', at: routed.from + rng.lognormal(1.5 * MINUTE, 1.0), agent });
    } else if (carried && carried.team.id !== topic.team.id && rng.chance(0.6)) {
      // The carried-over assignee hands it to the right team.
      const routed = this.pickAgent(topic.team, t);
      steps.push({ kind: 'assign', at: this.answerTime(carried, t, 0.5), agent: routed.agent });
      agent = routed.agent;
    }
    // From here on someone owns it.
    let owner: Agent = agent;
    const assignedAt = Math.max(t, ...steps.filter((s) => s.kind === 'assign').map((s) => s.at));

    // The conversation: a first answer, then a few rounds.
    let lastAt = this.answerTime(owner, Math.max(t, assignedAt));
    steps.push({ kind: 'outgoing', at: lastAt, sender: rng.chance(0.05) ? 'echo' : 'user', agent: owner, text: rng.pick(topic.replies) });
    const rounds = rng.weighted([
      [0, 30],
      [1, 35],
      [2, 22],
      [3, 9],
      [4, 4],
    ] as const);
    let reassigned = false;
    for (let r = 0; r < rounds; r++) {
      const contactAt = lastAt + rng.lognormal(6 * MINUTE, 1.1);
      steps.push({ kind: 'incoming', at: contactAt, text: this.text(rng.pick(topic.followUps)) });
      if (rng.chance(0.1)) steps.push({ kind: 'incoming', at: contactAt + rng.int(5, 60) * 1000, text: 'Hello?' });
      // Reassignment: to a colleague, or across teams (a billing question in a shipping chat).
      if (!reassigned && rng.chance(0.2)) {
        reassigned = true;
        const otherTeam = rng.chance(0.4) ? rng.pick(Object.values(TEAMS).filter((team) => team.id !== owner.team.id)) : owner.team;
        const colleagues = AGENTS.filter((a) => a.team.id === otherTeam.id && a.id !== owner.id);
        const next = rng.pick(colleagues);
        const at = this.answerTime(owner, contactAt, 0.5);
        if (rng.chance(0.15)) {
          // Back to the queue first: an unassignment counts as an assignment (product.md §2).
          steps.push({ kind: 'assign', at, agent: null });
          steps.push({ kind: 'assign', at: at + rng.lognormal(12 * MINUTE, 0.8), agent: next });
        } else {
          steps.push({ kind: 'assign', at, agent: next });
        }
        if (rng.chance(0.5)) steps.push({ kind: 'note', at: at + 30_000, agent: owner, text: `@${next.name.split(' ')[0]} can you take this one? ${topic.category.toLowerCase()} question` });
        owner = next;
        lastAt = this.answerTime(owner, at + 60_000);
      } else {
        lastAt = this.answerTime(owner, contactAt);
      }
      steps.push({ kind: 'outgoing', at: lastAt, sender: rng.chance(0.05) ? 'echo' : 'user', agent: owner, text: rng.pick(topic.replies) });
    }
    if (rng.chance(0.08)) steps.push({ kind: 'note', at: lastAt + 45_000, agent: owner, text: 'Customer asked for a callback next week' });

    // How it closes (product.md §2).
    const closeSource = rng.weighted([
      ['user', 74],
      ['auto_close', 11],
      ['workflow', 6],
      ['api', 3],
      ['zapier', 2],
      ['make', 1],
      ['stays_open', 3],
    ] as const);
    if (closeSource === 'user') {
      const at = this.answerTime(owner, lastAt + rng.lognormal(4 * MINUTE, 1.0), 2);
      steps.push({
        kind: 'close',
        at,
        source: 'user',
        agent: owner,
        category: rng.chance(0.86) ? topic.category : undefined,
        summary: rng.chance(0.7) ? rng.pick(topic.summaries) : undefined,
      });
    } else if (closeSource === 'auto_close') {
      steps.push({ kind: 'close', at: lastAt + 24 * HOUR, source: 'auto_close' });
    } else if (closeSource === 'workflow') {
      steps.push({ kind: 'outgoing', at: lastAt + 2 * HOUR, sender: 'workflow', text: 'How did we do? Reply 1–5.' });
      steps.push({ kind: 'close', at: lastAt + 2 * HOUR + 1000, source: 'workflow', category: rng.chance(0.5) ? topic.category : undefined });
    } else if (closeSource !== 'stays_open') {
      steps.push({ kind: 'close', at: lastAt + rng.int(5, 90) * MINUTE, source: closeSource });
    }
    // Pending for days: a contact who never came back and no auto-close.
    return this.finish(plan, owner);
  }

  /** A conversation opened a few minutes ago whose contact is waiting now. */
  private waitingNow(plan: Plan, t: number, kind: 'unassigned' | 'assigned' | 'answered'): Plan {
    const { steps, topic } = plan;
    if (kind === 'unassigned') return this.finish(plan, null);
    const agent = AGENTS.find((a) => a.team.id === topic.team.id)!;
    steps.push({ kind: 'assign', at: t + 40_000, agent });
    if (kind === 'answered') {
      steps.push({ kind: 'outgoing', at: t + 70_000, sender: 'user', agent, text: topic.replies[0]! });
      steps.push({ kind: 'incoming', at: t + 3 * MINUTE, text: this.text(topic.followUps[0]!) });
    }
    return this.finish(plan, agent);
  }

  /** Sorts the steps, cuts everything after `now`, and books the contact until the close. */
  private finish(plan: Plan, agent: Agent | null): Plan {
    const { contact } = plan;
    plan.steps.sort((a, b) => a.at - b.at);
    if (contact.renamedAt !== undefined && contact.phoneName && contact.conversations === 0) {
      plan.steps.push({ kind: 'rename', at: contact.renamedAt, name: contact.name });
      plan.steps.sort((a, b) => a.at - b.at);
    }
    const close = plan.steps.find((s) => s.kind === 'close');
    contact.busyUntil = close ? close.at : Infinity;
    contact.conversations++;
    if (close) {
      contact.lastClosedAt = close.at;
      if (plan.displayId !== undefined) contact.lastDisplayId = plan.displayId;
      // A workflow clears the assignee after most closes; otherwise the next conversation starts with it.
      contact.lastAssignee = agent && this.rng.chance(0.35) ? agent : null;
      if (!contact.lastAssignee && agent && plan.channel.dialect === 'native') {
        plan.steps.push({ kind: 'assign', at: close.at + 2000, agent: null });
      }
    }
    this.plans.push(plan);
    return plan;
  }

  // -- the whole period -------------------------------------------------------------------------

  run(): DemoTraffic {
    const rng = this.rng;
    const firstDay = this.calendar.days.findIndex((d) => d.endMs > this.now - this.days * DAY);
    const today = this.calendar.dayOf(this.now)!;
    const meanHourly = HOURLY.reduce((a, b) => a + b, 0);
    for (const day of this.calendar.days.slice(firstDay)) {
      if (day.startMs > this.now) break;
      const expectedDay = this.perWeekday * WEEKDAY_FACTOR[day.weekday]!;
      for (let hour = 0; hour < 24; hour++) {
        const hourStart = this.calendar.at(day, hour);
        // The last 45 minutes are left to the "waiting now" conversations below.
        if (hourStart > this.now - 45 * MINUTE) break;
        if (day.weekday === 1 && hour === 11) this.broadcast(hourStart + 5 * MINUTE);
        const n = rng.poisson((expectedDay * HOURLY[hour]!) / meanHourly);
        const opens = Array.from({ length: n }, () => hourStart + Math.floor(rng.float() * HOUR)).sort((a, b) => a - b);
        for (const at of opens) if (at < this.now - 45 * MINUTE) this.plan(at);
      }
    }
    // A few contacts waiting right now, whatever the hour: on the website (the demo inbox) and elsewhere.
    const waiting: Array<[number, Channel | undefined, 'unassigned' | 'assigned' | 'answered']> = [
      [38, WEBSITE, 'assigned'],
      [24, WEBSITE, 'answered'],
      [11, WEBSITE, 'unassigned'],
      [4, WEBSITE, 'assigned'],
      [33, CHANNELS[0], 'assigned'],
      [17, CHANNELS[0], 'unassigned'],
      [9, CHANNELS[4], 'answered'],
    ];
    // The first of them is a regular: the website contact with the most conversations so far,
    // so the side panel has past conversations to show.
    const regular = this.contacts
      .filter((c) => c.dialect === 'chatwoot' && !c.retired && c.busyUntil < this.now - HOUR)
      .sort((a, b) => b.conversations - a.conversations)[0];
    waiting.forEach(([minutesAgo, channel, kind], i) => {
      const at = this.now - minutesAgo * MINUTE - rng.int(0, 50) * 1000;
      this.plan(at, { channel, waitingNow: kind, ...(i === 0 && regular ? { contact: regular } : {}) });
    });
    const merges = this.mergeDuplicates(today.startMs);
    return this.render(merges);
  }

  /**
   * Tuesday's promotion: a broadcast to recent WhatsApp contacts with nothing open. Broadcasts
   * never open a conversation (product.md §2); the contacts who reply do.
   */
  private broadcast(at: number): void {
    const whatsapp = CHANNELS[0]!;
    const audience = this.contacts.filter((c) => c.dialect === 'native' && !c.retired && c.conversations > 0 && c.busyUntil < at).slice(-30);
    audience.forEach((contact, i) => {
      this.broadcasts.push({
        id: `demo-broadcast-${at}-${i}`,
        type: 'message.created',
        occurred_at: new Date(at + i * 1000).toISOString(),
        contact: { id: contact.id, name: contact.name },
        message: { id: `wamid-broadcast-${at}-${i}`, direction: 'outgoing', sender: { type: 'broadcast', name: 'Weekly offers' }, channel: { id: whatsapp.id, name: whatsapp.name, type: whatsapp.type } },
      });
      if (this.rng.chance(0.2)) {
        const replyAt = at + i * 1000 + this.rng.lognormal(25 * MINUTE, 1.0);
        if (replyAt < this.now - 45 * MINUTE) this.plan(replyAt, { channel: whatsapp, contact });
      }
    });
  }

  /**
   * Contact merges (product.md §2): a handful of native contacts turn out to be someone who wrote
   * before from another channel; the duplicate's open conversation closes with source `merge`.
   */
  private mergeDuplicates(todayStart: number): number {
    const candidates = this.plans.filter(
      (p) =>
        p.channel.dialect === 'native' &&
        p.contact.conversations === 1 &&
        !p.contact.phoneName &&
        p.openedAt < todayStart - 2 * DAY &&
        p.steps.some((s) => s.kind === 'assign' && s.agent) &&
        p.steps.filter((s) => s.kind === 'outgoing' && (s.sender === 'user' || s.sender === 'echo')).length >= 2,
    );
    const merges = Math.min(6, Math.floor(candidates.length / 40));
    const used = new Set<Contact>();
    for (let i = 0; i < merges; i++) {
      const plan = candidates[Math.floor(((i + 0.5) / merges) * candidates.length)]!;
      if (used.has(plan.contact)) continue;
      const primary = this.contacts.find(
        (c) => c.dialect === 'native' && c !== plan.contact && c.conversations > 0 && !c.retired && !used.has(c) && c.busyUntil < plan.openedAt,
      );
      if (!primary) continue;
      used.add(plan.contact).add(primary);
      // The merge happens after the first answer; the duplicate's conversation ends there.
      const firstAnswer = plan.steps.find((s) => s.kind === 'outgoing' && (s.sender === 'user' || s.sender === 'echo'))!;
      const at = firstAnswer.at + 5 * MINUTE;
      plan.steps = plan.steps.filter((s) => s.at < at);
      plan.steps.push({ kind: 'merge', at, primary });
      plan.contact.retired = true;
      plan.contact.name = primary.name;
    }
    return used.size / 2;
  }

  // -- rendering ----------------------------------------------------------------------------------

  private render(merges: number): DemoTraffic {
    const native: NativeEvent[] = [];
    const chatwoot: ChatwootDelivery[] = [];
    const threads = new Map<number, InboxThread>();
    let openNow = 0;
    let waitingNow = 0;
    const introduced = new Set<Contact>();

    for (const plan of this.plans) {
      const steps = plan.steps.filter((s) => s.at <= this.now);
      if (steps.length === 0) continue;
      const closed = steps.some((s) => s.kind === 'close' || s.kind === 'merge');
      if (!closed) {
        openNow++;
        const lastMessage = [...steps].reverse().find((s) => s.kind === 'incoming' || (s.kind === 'outgoing' && (s.sender === 'user' || s.sender === 'echo')));
        if (lastMessage?.kind === 'incoming') waitingNow++;
      }
      if (plan.channel.dialect === 'native') native.push(...this.nativeEvents(plan, steps));
      else {
        if (!introduced.has(plan.contact)) {
          introduced.add(plan.contact);
          chatwoot.push(this.chatwootContactCreated(plan.contact, steps[0]!.at));
        }
        chatwoot.push(...this.chatwootDeliveries(plan, steps, threads));
      }
    }
    native.push(...this.broadcasts.filter((e) => Date.parse(e.occurred_at) <= this.now));
    // Occurrence order, with the event id as a stable tie-break.
    native.sort((a, b) => Date.parse(a.occurred_at) - Date.parse(b.occurred_at) || (a.id < b.id ? -1 : 1));
    chatwoot.sort((a, b) => a.at - b.at || (a.delivery < b.delivery ? -1 : 1));
    const inbox = [...threads.values()].sort((a, b) => b.lastActivityAt - a.lastActivityAt);
    const nativeConversations = this.plans.filter((p) => p.channel.dialect === 'native' && p.steps.some((s) => s.at <= this.now)).length;
    const chatwootConversations = this.plans.filter((p) => p.channel.dialect === 'chatwoot' && p.steps.some((s) => s.at <= this.now)).length;
    return {
      seed: this.seed,
      now: this.now,
      workspace: demoWorkspaceSettings(this.timezone),
      native,
      chatwoot,
      inbox,
      stats: { conversations: nativeConversations + chatwootConversations, nativeConversations, chatwootConversations, openNow, waitingNow, merges },
    };
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }

  // Native events (events.md §2). The thread is the contact (no thread_id: it defaults to the
  // contact id) and there is no conversation id, as with respond.io.
  private nativeEvents(plan: Plan, steps: Step[]): NativeEvent[] {
    const { contact, channel } = plan;
    const channelRef = { id: channel.id, name: channel.name, type: channel.type };
    const user = (a: Agent) => ({ id: a.id, name: a.name, team: { ...a.team } });
    const renamed = steps.find((s) => s.kind === 'rename');
    const out: NativeEvent[] = [];
    steps.forEach((step, i) => {
      // Until an agent saves the name, a WhatsApp contact is its phone number.
      const name = contact.phoneName && plan.index === this.firstPlanOf(contact) && (!renamed || step.at < renamed.at) ? contact.phoneName : contact.name;
      const envelope = {
        id: `demo-${plan.index}-${i}`,
        occurred_at: this.iso(step.at),
        contact: { id: contact.id, name, ...(contact.createdAt !== undefined ? { created_at: this.iso(contact.createdAt) } : {}) },
      };
      const messageId = `wamid-${plan.index}-${i}`;
      switch (step.kind) {
        case 'open':
          out.push({ ...envelope, type: 'conversation.opened', source: step.source, ...(step.source === 'user' ? {} : { channel: channelRef }), ...(step.user ? { user: user(step.user) } : {}) });
          break;
        case 'incoming':
          out.push({ ...envelope, type: 'message.created', message: { id: messageId, direction: 'incoming', sender: { type: 'contact', id: contact.id, name }, channel: channelRef } });
          break;
        case 'outgoing': {
          const sender =
            step.sender === 'user' || step.sender === 'echo'
              ? { type: step.sender, id: step.agent!.id, name: step.agent!.name }
              : step.sender === 'bot'
                ? { type: 'bot', id: BOT.id, name: BOT.name }
                : step.sender === 'workflow'
                  ? { type: 'workflow', name: 'Order updates' }
                  : { type: step.sender };
          out.push({ ...envelope, type: 'message.created', message: { id: messageId, direction: 'outgoing', sender, channel: channelRef } });
          break;
        }
        case 'note':
          out.push({ ...envelope, type: 'message.created', message: { id: messageId, direction: 'outgoing', sender: { type: 'user', id: step.agent.id, name: step.agent.name }, channel: channelRef, private: true } });
          break;
        case 'assign':
          out.push({ ...envelope, type: 'conversation.assigned', assignee: step.agent ? user(step.agent) : null });
          break;
        case 'close':
          out.push({
            ...envelope,
            type: 'conversation.closed',
            source: step.source,
            ...(step.agent ? { user: user(step.agent) } : {}),
            ...(step.category ? { category: step.category } : {}),
            ...(step.summary ? { summary: step.summary } : {}),
          });
          break;
        case 'rename':
          out.push({ ...envelope, type: 'contact.updated', contact: { id: contact.id, name: step.name } });
          break;
        case 'merge':
          // The envelope's contact is the primary (events.md §2); its thread is the primary's.
          out.push({
            id: envelope.id,
            occurred_at: envelope.occurred_at,
            type: 'contact.merged',
            contact: { id: step.primary.id, name: step.primary.name },
            primary: { id: step.primary.id },
            secondary: { id: contact.id },
          });
          break;
      }
    });
    return out;
  }

  private readonly firstPlans = new Map<Contact, number>();
  private firstPlanOf(contact: Contact): number {
    let first = this.firstPlans.get(contact);
    if (first === undefined) {
      first = this.plans.find((p) => p.contact === contact)!.index;
      this.firstPlans.set(contact, first);
    }
    return first;
  }

  // Chatwoot deliveries (events.md §4), shaped like Chatwoot's webhook_data serializers
  // (trimmed to what a consumer reads, plus the usual context fields).

  private chatwootContactCreated(contact: Contact, at: number): ChatwootDelivery {
    return {
      delivery: this.rng.uuid(),
      at: at - 1000,
      displayId: null,
      payload: {
        event: 'contact_created',
        account: { id: CHATWOOT_ACCOUNT_ID, name: 'Acme Support' },
        id: Number(contact.id),
        name: contact.name,
        email: `${contact.name.split(' ')[0]!.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}${contact.id}@mail.test`,
        phone_number: null,
        identifier: null,
        thumbnail: '',
        additional_attributes: {},
        custom_attributes: {},
      },
    };
  }

  private chatwootDeliveries(plan: Plan, steps: Step[], threads: Map<number, InboxThread>): ChatwootDelivery[] {
    const { contact, topic } = plan;
    const displayId = plan.displayId!;
    const account = { id: CHATWOOT_ACCOUNT_ID, name: 'Acme Support' };
    const sender = { id: Number(contact.id), name: contact.name, type: 'contact', thumbnail: '', additional_attributes: {}, custom_attributes: {} };
    const team = (a: Agent) => ({ id: Number(a.team.id), name: a.team.name.toLowerCase() });
    const agentJson = (a: Agent) => ({ id: Number(a.id), name: a.name, available_name: a.name.split(' ')[0], type: 'user', availability_status: 'online', thumbnail: '' });
    const thread: InboxThread = threads.get(displayId) ?? {
      displayId,
      contact: { id: contact.id, name: contact.name },
      status: 'open',
      assignee: null,
      inbox: WEBSITE.name,
      lastActivityAt: plan.openedAt,
      messages: [],
    };
    threads.set(displayId, thread);

    let assignee: Agent | null = plan.reopen ? (thread.assignee ? (AGENTS.find((a) => a.name === thread.assignee) ?? null) : null) : null;
    let status: 'open' | 'pending' | 'resolved' = plan.reopen ? 'resolved' : 'open';
    let messageSeq = displayId * 1000 + thread.messages.length;
    const recent: Array<Record<string, unknown>> = [];
    const out: ChatwootDelivery[] = [];
    const seconds = (ms: number) => Math.floor(ms / 1000);

    const conversation = (updatedAt: number) => ({
      id: displayId,
      account_id: CHATWOOT_ACCOUNT_ID,
      inbox_id: Number(WEBSITE.id),
      channel: 'Channel::WebWidget',
      status,
      can_reply: true,
      contact_inbox: { contact_id: Number(contact.id), inbox_id: Number(WEBSITE.id), source_id: `widget-${contact.id}` },
      messages: recent.slice(-1),
      // The demo's agents label a resolved chat with its category (ConvoLens reads the first label as the category).
      labels: status === 'resolved' ? [topic.category] : [],
      meta: { sender, assignee: assignee ? agentJson(assignee) : null, assignee_type: assignee ? 'User' : null, team: assignee ? team(assignee) : null, hmac_verified: false },
      unread_count: 0,
      created_at: seconds(plan.openedAt),
      timestamp: seconds(updatedAt),
      updated_at: updatedAt / 1000,
      account,
    });
    const deliver = (at: number, payload: Record<string, unknown>) => out.push({ delivery: this.rng.uuid(), at, displayId, payload });
    const statusChange = (at: number, from: string, to: 'open' | 'pending' | 'resolved') => {
      status = to;
      deliver(at, { ...conversation(at), event: 'conversation_updated', changed_attributes: [{ status: { previous_value: from, current_value: to } }] });
      deliver(at + 150, { ...conversation(at), event: 'conversation_status_changed', changed_attributes: null });
    };

    for (const step of steps) {
      if (step.kind === 'incoming' || step.kind === 'outgoing' || step.kind === 'note') {
        const id = ++messageSeq;
        const incoming = step.kind === 'incoming';
        const outgoing = step.kind === 'outgoing' ? step : null;
        const agent = step.kind === 'note' ? step.agent : outgoing?.agent;
        const senderJson = incoming
          ? { id: Number(contact.id), name: contact.name, thumbnail: '' } // a contact sender has no `type` key
          : outgoing?.sender === 'bot'
            ? { id: BOT.chatwootId, name: 'Ava', type: 'agent_bot' }
            : outgoing?.sender === 'workflow' || outgoing?.sender === 'api'
              ? null
              : { id: Number(agent!.id), name: agent!.name, email: agent!.email, type: 'user' };
        const facts = {
          id,
          content: step.text,
          message_type: incoming ? 0 : 1,
          created_at: seconds(step.at),
          private: step.kind === 'note',
          sender_type: incoming ? 'Contact' : senderJson ? 'User' : null,
          sender_id: incoming ? Number(contact.id) : (senderJson?.id ?? null),
          content_attributes: outgoing?.sender === 'workflow' || outgoing?.sender === 'api' ? { automation_rule_id: 4 } : {},
          sender: senderJson,
        };
        recent.push(facts);
        // Chatwoot reopens a resolved conversation on the contact's message (sources README).
        if (incoming && status === 'resolved') statusChange(step.at + 400, 'resolved', 'open');
        if (step === steps[0] && !plan.reopen) {
          // conversation_created carries the first message; a bot inbox starts it pending.
          status = plan.channel.bot && steps.some((s) => s.kind === 'outgoing' && s.sender === 'bot') ? 'pending' : 'open';
          deliver(step.at, { ...conversation(step.at), event: 'conversation_created', changed_attributes: null, additional_attributes: { referer: 'https://acme.test/help' } });
        }
        deliver(step.at + 200, {
          event: 'message_created',
          account,
          id,
          content: step.text,
          content_type: 'text',
          message_type: incoming ? 'incoming' : 'outgoing',
          created_at: this.iso(step.at),
          private: step.kind === 'note',
          source_id: null,
          sender: senderJson,
          content_attributes: facts.content_attributes,
          additional_attributes: {},
          inbox: { id: Number(WEBSITE.id), name: WEBSITE.name },
          conversation: conversation(step.at),
        });
        thread.messages.push({
          at: step.at,
          direction: incoming ? 'incoming' : 'outgoing',
          author: incoming ? contact.name : outgoing?.sender === 'bot' ? BOT.name : senderJson ? agent!.name : 'Automation',
          text: step.text,
          private: step.kind === 'note',
        });
        // The bot hands over: pending → open.
        if (outgoing?.sender === 'bot' && status === 'pending' && step.text.startsWith("I'm passing")) statusChange(step.at + 1000, 'pending', 'open');
      } else if (step.kind === 'open') {
        // Opened by an agent or an automation: Chatwoot creates it with the outgoing first
        // message (delivered next with its own message_created), which tells who started it.
        status = 'open';
        const first = steps.find((s) => s.kind === 'outgoing');
        deliver(step.at, {
          ...conversation(step.at),
          event: 'conversation_created',
          changed_attributes: null,
          messages: [
            {
              id: messageSeq + 1,
              message_type: 1,
              created_at: seconds(first?.at ?? step.at),
              private: false,
              sender: step.source === 'user' && step.user ? { id: Number(step.user.id), name: step.user.name, type: 'user' } : null,
              content_attributes: step.source === 'user' ? {} : { automation_rule_id: 4 },
            },
          ],
        });
      } else if (step.kind === 'assign') {
        const previous = assignee;
        assignee = step.agent;
        const changed: Array<Record<string, unknown>> = [{ assignee_id: { previous_value: previous ? Number(previous.id) : null, current_value: assignee ? Number(assignee.id) : null } }];
        if ((previous?.team.id ?? null) !== (assignee?.team.id ?? null)) {
          changed.push({ team_id: { previous_value: previous ? Number(previous.team.id) : null, current_value: assignee ? Number(assignee.team.id) : null } });
        }
        deliver(step.at, { ...conversation(step.at), event: 'conversation_updated', changed_attributes: changed });
        thread.assignee = assignee?.name ?? null;
      } else if (step.kind === 'close') {
        // Chatwoot sends no closing source (events.md §4): every close arrives as a resolve.
        statusChange(step.at, status, 'resolved');
      }
    }
    thread.status = status;
    thread.lastActivityAt = Math.max(thread.lastActivityAt, steps[steps.length - 1]!.at);
    return out;
  }
}

export function demoWorkspaceSettings(timezone = DEMO_TIMEZONE): DemoWorkspaceSettings {
  const weekday = [{ start: '09:00', end: '18:00' }];
  return {
    name: DEMO_WORKSPACE_NAME,
    timezone,
    categories: CATEGORIES,
    first_response_target_ms: FIRST_RESPONSE_TARGET_MS,
    business_hours: {
      timezone,
      weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [{ start: '10:00', end: '14:00' }] },
      holidays: [],
    },
  };
}

/** The demo's traffic for the `days` before `now` (pure: same options, same output). */
export function generateDemoTraffic(options: DemoOptions): DemoTraffic {
  const generator = new DemoGenerator(
    options.seed ?? DEMO_SEED,
    options.now,
    options.days ?? 60,
    options.conversationsPerWeekday ?? 64,
    options.timezone ?? DEMO_TIMEZONE,
    options.chatwootDays ?? 14,
  );
  return generator.run();
}
