// The demo inbox: a small stand-in for a Chatwoot dashboard, served on loopback so the extension's
// real Chatwoot adapter runs on it. Chatwoot's URLs (`/app/accounts/1/dashboard`,
// `/app/accounts/1/conversations/{displayId}`) and the markup Chatwoot v4.16.2's own Vue
// templates render (repo YoAnupOP/Volitex-AI-Inbox, app/javascript/dashboard/): the list as
// components/ChatList.vue → ConversationList.vue (`.conversations-list` around virtua's
// container and item divs; here every item is rendered, in normal flow) → the cards of
// components/widgets/conversation/ConversationCard.vue (the default, condensed layout) or of
// components-next/Conversation/ConversationCard/ConversationCardExpanded.vue (`?display=expanded`,
// standing in for Chatwoot's per-user display setting), and the header of
// components/widgets/conversation/ConversationHeader.vue. As in Chatwoot, cards carry no link
// and no id attribute: the page's own script knows which conversation each card is and
// navigates on click. The condensed list is rendered by a Vue 3 app mounted on #app, as
// Chatwoot's is (its cards are components with a `chat` prop, which the extension's page-world
// card reader relies on); the expanded one is plain HTML. The Tailwind classes are Chatwoot's;
// the stylesheet below styles just enough of them. The conversations are the demo data's
// Chatwoot threads, so the badges show real numbers. Every click is a page load. Node built-ins,
// and Vue's browser build from the installed package.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
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
  /** The conversation list (Chatwoot's dashboard), condensed cards. */
  dashboardUrl: string;
  /** The same list with Chatwoot's expanded cards, which print each conversation's id. */
  expandedDashboardUrl: string;
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

type Display = 'condensed' | 'expanded';

// Just enough of Chatwoot's look for the classes its templates use (class names escaped for CSS).
const STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2d3d;background:#fff}
button{font:inherit}h1,h4,p{margin:0}
.app{display:flex;height:100vh}
.sidebar{flex:none;width:200px;background:#fafbfc;border-right:1px solid #e4e9f2;padding:16px 12px}
.brand{font-weight:700;font-size:16px;margin-bottom:4px}.brand-sub{color:#6b7b93;font-size:12px;margin-bottom:20px}
.nav a{display:block;padding:7px 10px;border-radius:6px;color:#3c4858;text-decoration:none}.nav a.current{background:#e8f0fe;color:#1f6feb;font-weight:600}
section.conversation-page{display:flex;flex:1;min-width:0;height:100vh}
.conversations-list-wrap{display:flex;flex-direction:column;width:340px;border-right:1px solid #e4e9f2;min-height:0}
.conversations-list-wrap.basis-full{flex:1;width:auto}.hidden{display:none!important}
.list-head{padding:14px 16px 0 24px;border-bottom:1px solid #e4e9f2}.list-head h1{font-size:18px;margin:0 0 10px;display:flex;justify-content:space-between;align-items:center}
.list-head .switch{font-size:12px;font-weight:500;color:#1f6feb;text-decoration:none}
.tabs{display:flex;gap:16px}.tabs a{padding:8px 0;color:#6b7b93;border-bottom:2px solid transparent;text-decoration:none}.tabs a.current{color:#1f6feb;border-color:#1f6feb;font-weight:600}
.tabs .count{background:#eef1f6;border-radius:8px;padding:0 6px;margin-left:4px;font-size:12px}
.conversations-list{flex:1;min-height:0;overflow-y:auto}
.conversation{position:relative;cursor:pointer;border-bottom:1px solid #eef1f6}.conversation:hover{background:#f6f8fb}.conversation.active{background:#eef4ff}
.conversation.items-start{display:flex;align-items:flex-start;padding:0 12px}
.conversation .border-line{flex:1;min-width:0;padding:12px 0}
.conversation .border-line>.absolute{position:absolute;right:12px;display:flex;flex-direction:column;align-items:flex-end;gap:4px}
.top-4{top:16px}.top-8{top:32px}.mt-4{margin-top:16px}.mt-8{margin-top:32px}
.conversation--user{margin:0 8px;padding-right:64px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-size:14px;font-weight:500;text-transform:capitalize}
.conversation .border-line>.leading-6{margin:0 8px;height:24px;line-height:24px;color:#56657a;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.conversation .border-line>.items-center{display:flex;justify-content:space-between;margin-left:8px;font-size:12px;color:#6b7b93}
.text-xxs{font-size:11px;color:#8492a6}
.conversation.grid{display:grid;grid-template-columns:minmax(0,2fr) max-content;gap:16px;align-items:center;height:48px;padding:0 12px}
.conversation.grid>div{display:flex;align-items:center;gap:8px;min-width:0}
.conversation.grid>div:last-child{justify-content:flex-end;gap:6px}
.conversation.grid h4{width:128px;flex:none;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-weight:500;text-transform:capitalize}
.conversation.grid .grid{flex:1;min-width:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;color:#56657a}
.conversation.grid .max-w-20{width:56px;flex:none;color:#56657a}
.i-woot-hash::before{content:"#";color:#8492a6}
.w-px{width:1px;height:12px;background:#cbd5e1;flex:none}.w-4{width:16px;flex:none;display:flex;justify-content:center;font-size:8px}
span[role="img"]{display:inline-grid;place-items:center;border-radius:50%;background:#c9d8f5;color:#1f4fa3;font-weight:600;font-size:11px;flex:none}
.conversation-details-wrap{display:flex;flex-direction:column;flex:1;min-width:0;min-height:0}
.conversation-details-wrap>div:first-child{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:8px 12px;border-bottom:1px solid #e4e9f2;min-height:48px}
.conversation-details-wrap>div:first-child>div:first-child{display:flex;align-items:center;gap:8px;min-width:0}
.conversation-details-wrap>div:first-child a{color:#1f6feb;text-decoration:none;font-size:18px}
.conversation--header--actions{font-size:12px;color:#6b7b93;display:flex;gap:4px}.conversation--header--actions button{border:0;background:none;color:inherit;padding:0;cursor:pointer}
.header-actions-wrap{display:flex;align-items:center;gap:8px}.header-actions-wrap button{border:1px solid #cbd5e1;background:#fff;border-radius:8px;padding:4px 10px}
.messages{flex:1;overflow-y:auto;padding:20px;display:flex;flex-direction:column;gap:10px;background:#f7f8fa}
.message{max-width:70%;padding:8px 12px;border-radius:10px;background:#fff;border:1px solid #e4e9f2;align-self:flex-start}
.message.outgoing{align-self:flex-end;background:#1f6feb;color:#fff;border-color:#1f6feb}.message.private{align-self:flex-end;background:#fff8db;color:#5c4a00;border-color:#f1dc8f}
.message .by{font-size:11px;opacity:.75;margin-bottom:2px}
.reply{padding:12px 20px;border-top:1px solid #e4e9f2;color:#8492a6}
.empty{display:grid;place-items:center;height:100%;color:#8492a6;padding:16px}
`;

/** Opens a card's conversation on click, as ConversationItem.vue's router.push does. */
const CARD_CLICKS = `
const paths = JSON.parse(document.getElementById('demo-card-paths').textContent);
document.querySelectorAll('.conversations-list .conversation').forEach((card, i) => {
  card.addEventListener('click', () => { if (paths[i]) location.href = paths[i]; });
});`;

/**
 * The condensed list as Chatwoot renders it: a Vue 3 app mounted on #app, each card a component
 * with a `chat` prop whose root is the card (ConversationCard.vue), opening its conversation on
 * click as ConversationItem.vue's router.push does. Only the list is compiled; the rest is v-pre.
 */
const VUE_LIST = `
const chats = JSON.parse(document.getElementById('demo-cards').textContent);
Vue.createApp({
  data: () => ({ chats }),
  components: {
    ConversationCard: {
      props: { chat: { type: Object, required: true } },
      template: '<div :class="chat.classes" v-html="chat.inner" @click="open"></div>',
      methods: { open() { location.href = this.chat.path; } },
    },
  },
}).mount('#app');`;

/** Vue's browser build, served to the demo page from the installed package (a dev dependency). */
const VUE_BROWSER_BUILD = createRequire(import.meta.url).resolve('vue/dist/vue.global.prod.js');

/** JSON inside a <script> element: no `</script>` can end it early. */
const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function startDemoInbox(options: DemoInboxOptions): Promise<DemoInbox> {
  const vueBuild = readFileSync(VUE_BROWSER_BUILD, 'utf8');
  const accountId = options.accountId ?? 1;
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const byId = new Map(options.threads.map((t) => [t.displayId, t]));
  const base = `/app/accounts/${accountId}`;
  const query = (tab: Tab, display: Display) => {
    const params = new URLSearchParams();
    if (tab !== 'open') params.set('status', tab);
    if (display === 'expanded') params.set('display', 'expanded');
    const text = params.toString();
    return text ? `?${text}` : '';
  };
  const conversationPath = (id: number, tab: Tab, display: Display) => `${base}/conversations/${id}${query(tab, display)}`;
  const dashboardPath = (tab: Tab, display: Display) => `${base}/dashboard${query(tab, display)}`;
  // Chatwoot shows the inbox of each card only when the account has several (ChatList.vue).
  const showInboxName = new Set(options.threads.map((t) => t.inbox)).size > 1;

  const inTab = (thread: InboxThread, tab: Tab) => tab === 'all' || (tab === 'open' ? thread.status !== 'resolved' : thread.status === 'resolved');

  function lastMessage(thread: InboxThread): InboxMessage | undefined {
    return [...thread.messages].reverse().find((m) => !m.private);
  }

  function avatar(name: string, size: number, extraClass = ''): string {
    return `<span class="relative inline-flex group/avatar z-0 flex-shrink-0 align-middle${extraClass}" style="width: ${size}px; height: ${size}px;"><span role="img" class="relative inline-flex items-center justify-center rounded-full" style="width: ${size}px; height: ${size}px;"><span class="select-none">${escapeHtml(initials(name))}</span></span></span>`;
  }

  /** TimeAgo.vue: `{created} • {last activity}`. */
  function timeAgo(thread: InboxThread, extraClass = ''): string {
    const created = thread.messages[0]?.at ?? thread.lastActivityAt;
    return `<div class="ml-auto leading-4 text-xxs text-n-slate-10 hover:text-n-slate-11${extraClass}"><span>${ago(now() - created)} • ${ago(now() - thread.lastActivityAt)}</span></div>`;
  }

  function preview(thread: InboxThread): string {
    const last = lastMessage(thread);
    return last ? `${last.direction === 'outgoing' ? '↩ ' : ''}${last.text}` : 'No messages';
  }

  /** ConversationCard.vue (condensed), with the assignee shown as on Chatwoot's "All" tab. */
  function condensedCard(t: InboxThread, active: boolean): string {
    const showMeta = showInboxName || t.assignee !== null;
    const classes = `relative flex items-start flex-grow-0 flex-shrink-0 w-auto max-w-full py-0 cursor-pointer conversation border-b border-n-slate-3 group${active ? ' active animate-card-select bg-n-background !border-n-surface-1' : ''} px-3`;
    const meta = showMeta
      ? `<div class="flex items-center min-w-0 gap-1 ltr:ml-2 rtl:mr-2">${showInboxName ? `<div title="${escapeHtml(t.inbox)}" class="flex items-center gap-0.5 min-w-0 flex-1 min-w-0"><span class="truncate text-label-small text-n-slate-11">${escapeHtml(t.inbox)}</span></div>` : ''}<div class="flex items-baseline gap-2 flex-shrink-0${showInboxName ? '' : ' flex-1 justify-between'}">${t.assignee ? `<span class="text-n-slate-11 text-xs font-medium leading-3 py-0.5 px-0 inline-flex items-center gap-px truncate"><span class="i-lucide-user-round size-3 text-n-slate-11 flex-shrink-0"></span><span class="truncate">${escapeHtml(t.assignee)}</span></span>` : '<!--v-if-->'}<span class="size-4 text-n-slate-5 flex-shrink-0 !size-3.5"></span></div></div>`
      : '<!--v-if-->';
    return `<div class="${classes}">${condensedCardInner(t, showMeta, meta)}</div>`;
  }

  /** What ConversationCard.vue renders inside its root element. */
  function condensedCardInner(t: InboxThread, showMeta: boolean, meta: string): string {
    return `
  <div class="relative">${avatar(t.contact.name, 32, showInboxName ? ' mt-8' : ' mt-4')}</div>
  <div class="px-0 py-3 flex-1 min-w-0 border-line">${meta}
    <h4 class="conversation--user text-sm my-0 mx-2 capitalize pt-0.5 text-ellipsis overflow-hidden whitespace-nowrap flex-1 min-w-0 ltr:pr-16 rtl:pl-16 text-n-slate-12 font-medium">${escapeHtml(t.contact.name)}</h4>
    <div class="overflow-hidden text-ellipsis whitespace-nowrap my-0 mx-2 leading-6 h-6 flex-1 min-w-0 text-sm text-n-slate-11"><span>${escapeHtml(preview(t))}</span></div>
    <div class="absolute flex flex-col ltr:right-3 rtl:left-3 ${showMeta ? 'top-8' : 'top-4'}"><span class="ml-auto font-normal leading-4 text-xxs">${timeAgo(t)}</span><!--v-if--></div>
    <!--v-if-->
  </div>
`;
  }

  /** The condensed card as data for the page's Vue app: its root's classes and what it holds. */
  function condensedCardData(t: InboxThread, active: boolean, path: string) {
    const html = condensedCard(t, active);
    const open = html.indexOf('>');
    return { id: t.displayId, classes: /class="([^"]*)"/.exec(html.slice(0, open))![1]!, inner: html.slice(open + 1, html.lastIndexOf('</div>')), path };
  }

  /** ConversationCardExpanded.vue: the id column prints the display id after the # icon. */
  function expandedCard(t: InboxThread, active: boolean): string {
    const classes = `conversation relative cursor-pointer group grid gap-4 items-center px-3 h-12 border-b border-n-slate-3${active ? ' active animate-card-select bg-n-alpha-1 dark:bg-n-alpha-3 !border-n-surface-1' : ' hover:bg-n-alpha-1'} grid-cols-[minmax(0,2fr)_max-content]`;
    return `<div class="${classes}">
  <div class="flex items-center gap-2 min-w-0 flex-1">
    <div class="flex items-center justify-center flex-shrink-0"><div class="relative w-4 h-4"><input type="checkbox" class="peer absolute inset-0 z-10 h-4 w-4 appearance-none rounded border border-n-slate-6 cursor-pointer"></div></div>
    <div class="w-px h-3 bg-n-slate-6 flex-shrink-0"></div>
    <div class="w-4 flex items-center justify-center flex-shrink-0"><span class="i-woot-priority-empty size-4 text-n-slate-5"></span></div>
    <div class="w-4 flex items-center justify-center flex-shrink-0">${t.assignee ? avatar(t.assignee, 14) : '<span class="i-woot-empty-assignee size-4 text-n-slate-7"></span>'}</div>
    <div class="w-4 flex items-center justify-center flex-shrink-0"><span class="i-woot-status-${t.status} size-4 flex-shrink-0"></span></div>
    <div class="w-px h-3 bg-n-slate-6 flex-shrink-0"></div>
    ${showInboxName ? `<div class="w-20 flex-shrink-0"><div title="${escapeHtml(t.inbox)}" class="flex items-center gap-0.5 min-w-0"><span class="truncate">${escapeHtml(t.inbox)}</span></div></div><div class="w-px h-3 bg-n-slate-6 flex-shrink-0"></div>` : '<!--v-if--><!--v-if-->'}
    <div class="h-6 flex items-center gap-1 max-w-20 w-full min-w-0 flex-shrink-0"><span class="i-woot-hash size-3.5 text-n-slate-10 flex-shrink-0"></span><span class="text-body-main text-n-slate-11 truncate">${t.displayId}</span></div>
    <div class="relative flex items-center flex-shrink-0">${avatar(t.contact.name, 24)}</div>
    <h4 class="text-heading-3 my-0 capitalize truncate text-n-slate-12 font-medium w-32 flex-shrink-0">${escapeHtml(t.contact.name)}</h4>
    <div class="grid grid-cols-[1fr_auto] gap-1.5 items-center"><div class="truncate text-body-main text-n-slate-11"><span>${escapeHtml(preview(t))}</span></div><span></span></div>
  </div>
  <div class="flex items-center justify-end gap-1.5 flex-shrink-0"><!--v-if--><!--v-if--><div class="flex-shrink-0 w-[4.375rem] text-end">${timeAgo(t, ' font-440 !text-xs text-n-slate-11')}</div></div>
</div>`;
  }

  function listHtml(threads: InboxThread[], activeId: number | null, display: Display): string {
    if (threads.length === 0) return '<p class="empty flex overflow-auto justify-center items-center p-4">There are no active conversations in this group.</p>';
    const container = 'class="[&amp;>div:has(+_div_.active)>*]:!border-n-surface-1 [&amp;>div:has(+_div_.selected)>*]:!border-n-surface-1"';
    if (display === 'condensed') {
      // Rendered by the page's Vue app, as Chatwoot's list is (virtua keys items by index).
      return `<div ${container}><div v-for="(chat, i) in chats" :key="'_' + i"><conversation-card :chat="chat"></conversation-card></div></div>`;
    }
    const items = threads.map((t) => `<div>${expandedCard(t, t.displayId === activeId)}<!--v-if--></div>`).join('\n');
    return `<div ${container}>\n${items}\n</div>`;
  }

  /** ConversationHeader.vue, with the back button of the expanded layout. */
  function conversationHtml(thread: InboxThread, backTo: string | null): string {
    const messages = thread.messages
      .map((m) => {
        const kind = m.private ? 'private' : m.direction;
        const time = new Date(m.at).toISOString().slice(0, 16).replace('T', ' ');
        return `<div class="message ${kind}"><div class="by">${escapeHtml(m.author)}${m.private ? ' · private note' : ''} · ${time} UTC</div>${escapeHtml(m.text)}</div>`;
      })
      .join('\n');
    return `<div class="flex flex-col gap-3 items-center justify-between flex-1 w-full min-w-0 xl:flex-row px-3 pt-3 pb-2 h-24 xl:h-12">
  <div class="flex items-center justify-start w-full xl:w-auto max-w-full min-w-0 xl:flex-1">
    ${backTo ? `<a href="${backTo}">←</a>` : '<!--v-if-->'}
    ${avatar(thread.contact.name, 32)}
    <div class="flex flex-col items-start min-w-0 ml-2 overflow-hidden rtl:ml-0 rtl:mr-2">
      <div class="flex flex-row items-center max-w-full gap-1 p-0 m-0"><span class="text-sm font-medium truncate leading-tight text-n-slate-12">${escapeHtml(thread.contact.name)}</span><!--v-if--></div>
      <div class="flex items-center gap-1 overflow-hidden text-xs conversation--header--actions text-n-slate-11 text-ellipsis whitespace-nowrap"><button type="button" class="truncate text-label-small text-n-slate-11 hover:text-n-slate-12 !p-0 cucursor-pointer">#${thread.displayId}</button><span>•</span><span>${escapeHtml(thread.inbox)}</span><span>•</span><span>${thread.assignee ? `Assigned to ${escapeHtml(thread.assignee)}` : 'Unassigned'}</span></div>
    </div>
  </div>
  <div class="flex flex-row items-center justify-start xl:justify-end flex-shrink-0 gap-2 w-full xl:w-auto header-actions-wrap"><!--v-if--><button type="button" disabled>${thread.status === 'resolved' ? 'Reopen' : 'Resolve'}</button></div>
</div>
<div class="messages">${messages}</div>
<div class="reply">Shift + enter for new line. This demo inbox is read-only.</div>`;
  }

  function page(title: string, tab: Tab, display: Display, active: InboxThread | null): string {
    const counts = Object.fromEntries(TABS.map(([t]) => [t, options.threads.filter((th) => inTab(th, t)).length]));
    const tabs = TABS.map(
      ([t, label]) => `<a href="${dashboardPath(t, display)}" class="${t === tab ? 'current' : ''}">${label}<span class="count">${counts[t]}</span></a>`,
    ).join('');
    const threads = options.threads.filter((t) => inTab(t, tab)).slice(0, LIST_LIMIT);
    const paths = threads.map((t) => conversationPath(t.displayId, tab, display));
    // ConversationView.vue: in the expanded layout the list gives way to an open conversation.
    const expanded = display === 'expanded';
    const listHidden = expanded && active !== null;
    const other: Display = expanded ? 'condensed' : 'expanded';
    const switchHref = active ? conversationPath(active.displayId, tab, other) : dashboardPath(tab, other);
    const listWrap = `<div class="flex flex-col flex-shrink-0 conversations-list-wrap bg-n-surface-1 relative${listHidden ? ' hidden' : ''}${expanded ? ' basis-full' : ' w-[340px] 2xl:w-[412px]'}">
<div class="list-head" v-pre><h1>Conversations <a class="switch" href="${switchHref}">${expanded ? 'Condensed view' : 'Expanded view'}</a></h1><div class="tabs">${tabs}</div></div>
<div class="flex-1 min-h-0 overflow-y-auto conversations-list">${listHtml(threads, active?.displayId ?? null, display)}</div></div>`;
    const details = active
      ? `<div class="conversation-details-wrap flex flex-col min-w-0 w-full bg-n-surface-1 relative" v-pre>${conversationHtml(active, expanded ? dashboardPath(tab, display) : null)}</div>`
      : expanded
        ? '<!--v-if-->'
        : '<div class="conversation-details-wrap"><p class="empty">Select a conversation</p></div>';
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body><div id="app" class="app">
<nav class="sidebar" v-pre><div class="brand">${escapeHtml(options.workspaceName ?? 'Acme Support')}</div><div class="brand-sub">Demo inbox (Chatwoot's markup)</div>
<div class="nav"><a href="${dashboardPath('open', display)}" class="current">Conversations</a><a href="${dashboardPath('resolved', display)}">Resolved</a></div></nav>
<section class="conversation-page flex w-full h-full min-w-0">${listWrap}${details}</section>
</div>
${
  expanded
    ? `<script type="application/json" id="demo-card-paths">${json(paths)}</script>\n<script>${CARD_CLICKS}</script>`
    : `<script type="application/json" id="demo-cards">${json(threads.map((t, i) => condensedCardData(t, t.displayId === active?.displayId, paths[i]!)))}</script>\n<script src="/vendor/vue.global.prod.js"></script>\n<script>${VUE_LIST}</script>`
}
</body></html>`;
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const send = (status: number, body: string, type = 'text/html; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed', 'text/plain');
    if (url.pathname === '/vendor/vue.global.prod.js') return send(200, vueBuild, 'text/javascript; charset=utf-8');
    const statusParam = url.searchParams.get('status');
    const tab: Tab = statusParam === 'resolved' || statusParam === 'all' ? statusParam : 'open';
    const display: Display = url.searchParams.get('display') === 'expanded' ? 'expanded' : 'condensed';
    if (url.pathname === '/' || url.pathname === '/app' || url.pathname === `${base}`) {
      res.writeHead(302, { location: `${base}/dashboard` });
      return res.end();
    }
    if (url.pathname === `${base}/dashboard`) return send(200, page('Conversations · Demo inbox', tab, display, null));
    const match = new RegExp(`^${base}/conversations/(\\d+)$`).exec(url.pathname);
    const thread = match ? byId.get(Number(match[1])) : undefined;
    if (thread) return send(200, page(`#${thread.displayId} ${thread.contact.name} · Demo inbox`, inTab(thread, tab) ? tab : 'all', display, thread));
    return send(404, page('Not found · Demo inbox', tab, display, null));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      const port = (server.address() as { port: number }).port;
      const url = `http://${host}:${port}`;
      resolve({
        url,
        dashboardUrl: `${url}${base}/dashboard`,
        expandedDashboardUrl: `${url}${dashboardPath('open', 'expanded')}`,
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
