// The demo inbox: a small stand-in for a Chatwoot dashboard, served on loopback so the extension's
// real Chatwoot adapter runs on it. Same URL shapes as Chatwoot (`/app/accounts/1/dashboard`,
// `/app/accounts/1/conversations/{displayId}`), the conversation list as links inside
// `.conversations-list` and the open conversation's header as `.conversation-header`. The
// conversations are the demo data's Chatwoot threads, so the badges show real numbers.
// Plain server-rendered HTML: every click is a page load. Node built-ins only.
import { createServer, type Server } from 'node:http';
import type { InboxMessage, InboxThread } from './traffic.ts';

export interface DemoInboxOptions {
  threads: InboxThread[];
  port: number;
  host?: string;
  accountId?: number;
  /** Shown in the sidebar. */
  workspaceName?: string;
  /** The clock for relative times (tests pin it). */
  now?: () => number;
}

export interface DemoInbox {
  url: string;
  /** The conversation list (Chatwoot's dashboard). */
  dashboardUrl: string;
  conversationUrl(displayId: number): string;
  close(): Promise<void>;
}

type Tab = 'open' | 'resolved' | 'all';
const TABS: Array<[Tab, string]> = [
  ['open', 'Open'],
  ['resolved', 'Resolved'],
  ['all', 'All'],
];
/** The extension badges at most 60 rows; a real inbox pages its list too. */
const LIST_LIMIT = 50;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

function ago(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours}h`;
  return `${Math.round(hours / 24)}d`;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .slice(0, 2)
    .map((part) => part[0] ?? '')
    .join('')
    .toUpperCase();
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2d3d;background:#f4f6fb}
a{color:inherit;text-decoration:none}
.app{display:grid;grid-template-columns:200px 380px 1fr;height:100vh}
.sidebar{background:#fff;border-right:1px solid #e4e9f2;padding:16px 12px}
.brand{font-weight:700;font-size:16px;margin-bottom:4px}.brand-sub{color:#6b7b93;font-size:12px;margin-bottom:20px}
.nav a{display:block;padding:7px 10px;border-radius:6px;color:#3c4858}.nav a.current{background:#e8f0fe;color:#1f6feb;font-weight:600}
.list-pane{background:#fff;border-right:1px solid #e4e9f2;display:flex;flex-direction:column;min-height:0}
.list-head{padding:14px 16px 0;border-bottom:1px solid #e4e9f2}.list-head h1{font-size:18px;margin:0 0 10px}
.tabs{display:flex;gap:16px}.tabs a{padding:8px 0;color:#6b7b93;border-bottom:2px solid transparent}.tabs a.current{color:#1f6feb;border-color:#1f6feb;font-weight:600}
.tabs .count{background:#eef1f6;border-radius:8px;padding:0 6px;margin-left:4px;font-size:12px}
.conversations-list{overflow-y:auto;overflow-x:hidden;flex:1}
.conversation{display:flex;gap:10px;padding:12px 16px;border-bottom:1px solid #f0f2f7;align-items:flex-start}
.conversation:hover{background:#f8fafd}.conversation.active{background:#eef4ff;border-left:3px solid #1f6feb;padding-left:13px}
.avatar{flex:none;width:34px;height:34px;border-radius:50%;background:#c9d8f5;color:#1f4fa3;display:grid;place-items:center;font-weight:600;font-size:12px}
.conversation .body{flex:1;min-width:0}.row1{display:flex;justify-content:space-between;gap:8px}
.name{font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.time{color:#8492a6;font-size:12px;flex:none}
.meta{color:#8492a6;font-size:12px}.snippet{color:#3c4858;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.status{font-size:11px;border-radius:8px;padding:1px 7px;background:#eef1f6;color:#56657a}.status.open{background:#e3f6ec;color:#1a7f4b}.status.pending{background:#fff4d6;color:#8a6100}
.conversation-pane{display:flex;flex-direction:column;min-height:0}
.conversation-header{display:flex;align-items:center;gap:12px;padding:12px 20px;background:#fff;border-bottom:1px solid #e4e9f2;min-height:64px}
.conversation-header .who{flex:1;min-width:0}.conversation-header .who .name{font-size:16px}
.messages{flex:1;overflow-y:auto;padding:20px;display:flex;flex-direction:column;gap:10px}
.message{max-width:70%;padding:8px 12px;border-radius:10px;background:#fff;border:1px solid #e4e9f2;align-self:flex-start}
.message.outgoing{align-self:flex-end;background:#1f6feb;color:#fff;border-color:#1f6feb}.message.private{align-self:flex-end;background:#fff8db;color:#5c4a00;border-color:#f1dc8f}
.message .by{font-size:11px;opacity:.75;margin-bottom:2px}
.reply{padding:12px 20px;background:#fff;border-top:1px solid #e4e9f2;color:#8492a6}
.empty{display:grid;place-items:center;height:100%;color:#8492a6}
`;

export function startDemoInbox(options: DemoInboxOptions): Promise<DemoInbox> {
  const accountId = options.accountId ?? 1;
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const byId = new Map(options.threads.map((t) => [t.displayId, t]));
  const base = `/app/accounts/${accountId}`;
  const conversationPath = (id: number, tab: Tab) => `${base}/conversations/${id}${tab === 'open' ? '' : `?status=${tab}`}`;

  const inTab = (thread: InboxThread, tab: Tab) => tab === 'all' || (tab === 'open' ? thread.status !== 'resolved' : thread.status === 'resolved');

  function lastMessage(thread: InboxThread): InboxMessage | undefined {
    return [...thread.messages].reverse().find((m) => !m.private);
  }

  function listHtml(tab: Tab, activeId: number | null): string {
    const threads = options.threads.filter((t) => inTab(t, tab)).slice(0, LIST_LIMIT);
    if (threads.length === 0) return '<p class="empty">No conversations here</p>';
    return threads
      .map((t) => {
        const last = lastMessage(t);
        const snippet = last ? `${last.direction === 'outgoing' ? '↩ ' : ''}${last.text}` : '';
        return `<a href="${conversationPath(t.displayId, tab)}" class="conversation${t.displayId === activeId ? ' active' : ''}">
  <span class="avatar">${escapeHtml(initials(t.contact.name))}</span>
  <span class="body">
    <span class="row1"><span class="name">${escapeHtml(t.contact.name)}</span><span class="time">${ago(now() - t.lastActivityAt)}</span></span>
    <span class="meta">#${t.displayId} · ${escapeHtml(t.inbox)} · ${t.assignee ? escapeHtml(t.assignee) : 'Unassigned'}</span>
    <span class="snippet">${escapeHtml(snippet)}</span>
  </span>
</a>`;
      })
      .join('\n');
  }

  function conversationHtml(thread: InboxThread): string {
    const messages = thread.messages
      .map((m) => {
        const kind = m.private ? 'private' : m.direction;
        const time = new Date(m.at).toISOString().slice(0, 16).replace('T', ' ');
        return `<div class="message ${kind}"><div class="by">${escapeHtml(m.author)}${m.private ? ' · private note' : ''} · ${time} UTC</div>${escapeHtml(m.text)}</div>`;
      })
      .join('\n');
    return `<div class="conversation-header">
  <span class="avatar">${escapeHtml(initials(thread.contact.name))}</span>
  <div class="who"><div class="name">${escapeHtml(thread.contact.name)}</div><div class="meta">#${thread.displayId} · ${escapeHtml(thread.inbox)} · ${thread.assignee ? `Assigned to ${escapeHtml(thread.assignee)}` : 'Unassigned'}</div></div>
  <span class="status ${thread.status}">${thread.status}</span>
</div>
<div class="messages">${messages}</div>
<div class="reply">Shift + enter for new line. This demo inbox is read-only.</div>`;
  }

  function page(title: string, tab: Tab, active: InboxThread | null): string {
    const counts = Object.fromEntries(TABS.map(([t]) => [t, options.threads.filter((th) => inTab(th, t)).length]));
    const tabs = TABS.map(
      ([t, label]) => `<a href="${base}/dashboard${t === 'open' ? '' : `?status=${t}`}" class="${t === tab ? 'current' : ''}">${label}<span class="count">${counts[t]}</span></a>`,
    ).join('');
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body><div class="app">
<nav class="sidebar"><div class="brand">${escapeHtml(options.workspaceName ?? 'Acme Support')}</div><div class="brand-sub">Demo inbox (Chatwoot-shaped)</div>
<div class="nav"><a href="${base}/dashboard" class="current">Conversations</a><a href="${base}/dashboard?status=resolved">Resolved</a></div></nav>
<section class="list-pane"><div class="list-head"><h1>Conversations</h1><div class="tabs">${tabs}</div></div>
<div class="conversations-list">${listHtml(tab, active?.displayId ?? null)}</div></section>
<main class="conversation-pane">${active ? conversationHtml(active) : '<p class="empty">Select a conversation</p>'}</main>
</div></body></html>`;
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const send = (status: number, body: string, type = 'text/html; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed', 'text/plain');
    const statusParam = url.searchParams.get('status');
    const tab: Tab = statusParam === 'resolved' || statusParam === 'all' ? statusParam : 'open';
    if (url.pathname === '/' || url.pathname === '/app' || url.pathname === `${base}`) {
      res.writeHead(302, { location: `${base}/dashboard` });
      return res.end();
    }
    if (url.pathname === `${base}/dashboard`) return send(200, page('Conversations · Demo inbox', tab, null));
    const match = new RegExp(`^${base}/conversations/(\\d+)$`).exec(url.pathname);
    const thread = match ? byId.get(Number(match[1])) : undefined;
    if (thread) return send(200, page(`#${thread.displayId} ${thread.contact.name} · Demo inbox`, inTab(thread, tab) ? tab : 'all', thread));
    return send(404, page('Not found · Demo inbox', tab, null));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      const port = (server.address() as { port: number }).port;
      const url = `http://${host}:${port}`;
      resolve({
        url,
        dashboardUrl: `${url}${base}/dashboard`,
        conversationUrl: (id) => `${url}${base}/conversations/${id}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
