// The side panel (product.md §5, agent): the conversation open in the inbox with its live
// timings, the contact's past conversations, and the team's opened heatmap of the last 7 days.
import type { ConversationResponse } from '../../shared/api';
import { ApiError, describeApiError, type ApiClient } from '../api';
import type { DetectedConversation } from '../inbox/types';
import { conversationView, pastConversations } from '../view-models/conversation';
import { ErrorNotice, Loading } from './feedback';
import { Heatmap } from './Heatmap';
import { useNow, usePolling } from './hooks';
import { t } from '../i18n';
import { noDataText } from './WaitBadge';

/** How often the open conversation is fetched again while the panel is open. */
export const PANEL_REFRESH_MS = 15_000;

/** The conversation a detection names: by thread (the usual case), conversation id or contact. */
export async function loadDetectedConversation(api: ApiClient, detected: DetectedConversation): Promise<ConversationResponse> {
  if (detected.threadId) return api.currentInThread(detected.threadId);
  if (detected.conversationId) return api.conversation(detected.conversationId);
  if (detected.contactId) {
    const contact = await api.contactConversations(detected.contactId, 1);
    const latest = contact.conversations[0];
    if (latest) return { ...latest, now: contact.now };
  }
  throw new ApiError('not_found', 'No conversation');
}

export interface ConversationPanelProps {
  api: ApiClient;
  detected: DetectedConversation | null;
  firstResponseTargetMs: number;
}

export function ConversationPanel({ api, detected, firstResponseTargetMs }: ConversationPanelProps) {
  if (!detected) {
    return (
      <p class="empty-state">{t('panel.openAConversation')}</p>
    );
  }
  const key = `${detected.inbox}|${detected.threadId ?? ''}|${detected.conversationId ?? ''}|${detected.contactId ?? ''}`;
  return (
    <>
      <CurrentConversation key={key} api={api} detected={detected} firstResponseTargetMs={firstResponseTargetMs} />
      <TeamHeatmap api={api} />
    </>
  );
}

function CurrentConversation({ api, detected, firstResponseTargetMs }: ConversationPanelProps & { detected: DetectedConversation }) {
  const current = usePolling(() => loadDetectedConversation(api, detected), PANEL_REFRESH_MS, [api, detected]);
  const now = useNow(1000);
  if (current.state === 'loading') return <Loading what={t('loading.conversation')} />;
  if (current.state === 'error') {
    if (current.error instanceof ApiError && current.error.kind === 'not_found') {
      return (
        <section class="card" aria-label={t('panel.conversation')}>
          <p class="empty-state">{noDataText()}</p>
        </section>
      );
    }
    return <ErrorNotice message={describeApiError(current.error)} onRetry={current.reload} />;
  }
  const conversation = current.data;
  const view = conversationView(conversation, now - current.receivedAt, firstResponseTargetMs);
  return (
    <>
      <section class="card conversation" aria-labelledby="conversation-heading">
        <header class="card-header">
          <h2 id="conversation-heading">{view.title}</h2>
          <span class={`status-pill status-${conversation.status}`}>{view.status}</span>
        </header>
        <dl class="details">
          {view.rows.map((row) => (
            <div key={row.label} class="detail">
              <dt>{row.label}</dt>
              <dd class={row.tone ? `tone-text-${row.tone}` : undefined} data-tone={row.tone}>
                {row.value}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <PastConversations api={api} contactId={conversation.contact_id} currentId={conversation.conversation_id} />
    </>
  );
}

function PastConversations({ api, contactId, currentId }: { api: ApiClient; contactId: string; currentId: string }) {
  const contact = usePolling(() => api.contactConversations(contactId, 20), 60_000, [api, contactId]);
  let body;
  if (contact.state === 'loading') body = <Loading what={t('loading.past')} />;
  else if (contact.state === 'error') body = <ErrorNotice message={describeApiError(contact.error)} onRetry={contact.reload} />;
  else {
    const past = pastConversations(contact.data.conversations, currentId);
    body =
      past.length === 0 ? (
        <p class="empty-state">{t('panel.noPast')}</p>
      ) : (
        <ul class="past">
          {past.map((p) => (
            <li key={p.id}>
              <dl class="past-meta">
                <div>
                  <dt>{t('panel.closed')}</dt>
                  <dd>{p.closedOn}</dd>
                </div>
                <div>
                  <dt>{t('column.category')}</dt>
                  <dd>{p.category}</dd>
                </div>
                <div>
                  <dt>{t('duration.resolution_time_ms')}</dt>
                  <dd>{p.resolutionTime}</dd>
                </div>
              </dl>
              {p.summary ? (
                <p class="past-summary">
                  <span class="visually-hidden">{t('panel.summaryPrefix')} </span>
                  {p.summary}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      );
  }
  return (
    <section class="card" aria-labelledby="past-heading">
      <h2 id="past-heading">{t('panel.past')}</h2>
      {body}
    </section>
  );
}

/** The team's opened heatmap of the last 7 days (product.md §5, agents too); a failure hides it quietly. */
export function TeamHeatmap({ api }: { api: ApiClient }) {
  const report = usePolling(
    () => api.openedHeatmap({ period: { preset: 'last_7_days' }, filters: {}, hours: 'calendar' }),
    5 * 60_000,
    [api],
  );
  if (report.state !== 'ok') return null;
  const heatmap = report.data.opened_heatmap;
  return (
    <section class="card" aria-labelledby="team-heatmap-heading">
      <h2 id="team-heatmap-heading">{t('panel.teamHeatmap')}</h2>
      {heatmap.status === 'ok' ? (
        <Heatmap rows={heatmap.weekday_hour} label={t('panel.teamHeatmapLabel')} counted="opened" />
      ) : (
        <p class="empty-state">{t('panel.teamHeatmapEmpty')}</p>
      )}
    </section>
  );
}
