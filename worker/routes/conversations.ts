// Conversation views for agents and up (api.md, Conversations): one conversation, a contact's
// conversations, a thread's current one, and the live dashboard.
import { createRoute, z } from '@hono/zod-openapi';
import {
  contactConversationsResponse,
  conversationResponse,
  errorResponse as errorSchema,
  liveResponse,
  MAX_THREADS_PER_REQUEST,
  threadsCurrentResponse,
} from '../../shared/api';
import { formatInstant, startOfLocalDay } from '../../shared/time';
import { newApp } from '../app';
import { callerWorkspace, requireRole } from '../auth';
import { channelNames } from '../db/channels';
import { conversationJson } from '../db/conversation-rows';
import { contactConversations as readContactConversations, findConversation, liveCounts } from '../db/conversations';
import { currentConversations } from '../db/threads';
import { ApiError, notFound } from '../http';

const security = [{ bearer: [] }];
const ok = <T extends z.ZodType>(schema: T, description: string) => ({
  200: { description, content: { 'application/json': { schema } } },
  404: { description: 'Unknown here', content: { 'application/json': { schema: errorSchema } } },
});

const getConversation = createRoute({
  method: 'get',
  path: '/conversations/{conversationId}',
  summary: 'One conversation: every metric, status, and live values of an open one as of `now`',
  security,
  request: { params: z.object({ conversationId: z.string() }) },
  responses: ok(conversationResponse, 'The conversation'),
});

const contactConversations = createRoute({
  method: 'get',
  path: '/contacts/{contactId}/conversations',
  summary: "A contact's conversations, newest first (the open one first)",
  security,
  request: {
    params: z.object({ contactId: z.string() }),
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
  },
  responses: ok(contactConversationsResponse, 'The conversations'),
});

const threadCurrent = createRoute({
  method: 'get',
  path: '/threads/{threadId}/current',
  summary: 'The open (or else the latest) conversation of a thread',
  description:
    'For Chatwoot the thread id is `{account_id}:{display_id}` (a bare display id works where only one ' +
    'account has it; 409 where several do), for respond.io the contact id.',
  security,
  request: { params: z.object({ threadId: z.string() }) },
  responses: {
    ...ok(conversationResponse, 'The conversation'),
    409: { description: 'A bare display id several Chatwoot accounts have', content: { 'application/json': { schema: errorSchema } } },
  },
});

const threadsCurrent = createRoute({
  method: 'get',
  path: '/threads/current',
  summary: 'The current conversation of up to 100 threads at once, in the order asked (inbox badges)',
  description: 'A thread with no conversation, or a bare display id several accounts have, answers `conversation: null`.',
  security,
  request: {
    query: z.object({
      ids: z
        .string()
        .transform((v) => v.split(',').map((id) => id.trim()).filter((id) => id !== ''))
        .pipe(
          z
            .array(z.string().max(200))
            .min(1, { error: 'expected at least one thread id' })
            .max(MAX_THREADS_PER_REQUEST, { error: `expected at most ${MAX_THREADS_PER_REQUEST} thread ids` }),
        ),
    }),
  },
  responses: {
    200: { description: 'The threads', content: { 'application/json': { schema: threadsCurrentResponse } } },
    400: { description: 'No ids, or more than 100', content: { 'application/json': { schema: errorSchema } } },
  },
});

const live = createRoute({
  method: 'get',
  path: '/live',
  summary: 'Live dashboard: open, unassigned and waiting now, longest wait, opened and closed today',
  security,
  responses: ok(liveResponse, 'The live dashboard'),
});

export const conversationRoutes = newApp();
for (const path of ['/conversations/*', '/contacts/*', '/threads/*', '/live']) conversationRoutes.use(path, requireRole('agent'));

conversationRoutes.openapi(getConversation, async (c) => {
  const { db, ws } = await callerWorkspace(c);
  const { conversationId } = c.req.valid('param');
  const [row, channels] = await Promise.all([findConversation(db, ws.id, conversationId), channelNames(db, ws.id)]);
  if (!row) throw notFound('conversation');
  const now = Date.now();
  return c.json({ ...conversationJson(row, ws.timezone, now, channels), now: formatInstant(now, ws.timezone) }, 200);
});

conversationRoutes.openapi(contactConversations, async (c) => {
  const { db, ws } = await callerWorkspace(c);
  const { contactId } = c.req.valid('param');
  const { limit } = c.req.valid('query');
  const [rows, channels] = await Promise.all([readContactConversations(db, ws.id, contactId, limit), channelNames(db, ws.id)]);
  if (rows.length === 0) throw notFound('contact');
  const now = Date.now();
  return c.json(
    {
      contact_id: contactId,
      now: formatInstant(now, ws.timezone),
      conversations: rows.map((r) => conversationJson(r, ws.timezone, now, channels)),
    },
    200,
  );
});

conversationRoutes.openapi(threadsCurrent, async (c) => {
  const { db, ws } = await callerWorkspace(c);
  const { ids } = c.req.valid('query');
  const [found, channels] = await Promise.all([currentConversations(db, ws.id, ids), channelNames(db, ws.id)]);
  const now = Date.now();
  const nowText = formatInstant(now, ws.timezone);
  const threads = ids.map((threadId, i) => {
    const hit = found[i];
    const conversation = hit && 'row' in hit ? { ...conversationJson(hit.row, ws.timezone, now, channels), now: nowText } : null;
    return { thread_id: threadId, conversation };
  });
  return c.json({ now: nowText, threads }, 200);
});

conversationRoutes.openapi(threadCurrent, async (c) => {
  const { db, ws } = await callerWorkspace(c);
  const { threadId } = c.req.valid('param');
  const [[hit], channels] = await Promise.all([currentConversations(db, ws.id, [threadId]), channelNames(db, ws.id)]);
  if (!hit) throw notFound('thread');
  if ('ambiguous' in hit) {
    throw new ApiError(409, 'ambiguous_thread', `several Chatwoot accounts have conversation ${threadId}: use one of ${hit.ambiguous.join(', ')}`);
  }
  const now = Date.now();
  return c.json({ ...conversationJson(hit.row, ws.timezone, now, channels), now: formatInstant(now, ws.timezone) }, 200);
});

conversationRoutes.openapi(live, async (c) => {
  const { db, ws } = await callerWorkspace(c);
  const now = Date.now();
  const dayStart = startOfLocalDay(now, ws.timezone);
  const counts = await liveCounts(db, ws.id, dayStart, now);
  return c.json(
    {
      now: formatInstant(now, ws.timezone),
      open_now: counts.open,
      unassigned_now: counts.unassigned,
      waiting_for_first_response_now: counts.waitingFirstResponse,
      longest_current_wait_ms: counts.earliestWaitingSince === null ? null : Math.max(0, now - counts.earliestWaitingSince),
      longest_wait_conversation_id: counts.longestWaitConversationId,
      opened_today: counts.openedToday,
      closed_today: counts.closedToday,
      first_response_target_ms: ws.firstResponseTargetMs,
    },
    200,
  );
});

