// Reading each Chatwoot card's conversation from its Vue app, against real Vue: version 3.5.12
// (Chatwoot v4.16.2's pnpm-lock.yaml) in its production build, which, like Chatwoot's own,
// leaves no `__vueParentComponent` or `__vnode` on elements. The components below render the
// same tree shape as Chatwoot's (repo YoAnupOP/Volitex-AI-Inbox, app/javascript/dashboard/):
// ConversationView.vue → ChatList.vue → ConversationList.vue with virtua's Virtualizer (items
// keyed by index, so an element is reused for another conversation) → ConversationItem.vue (a
// fragment: the card and a v-if context menu) → ConversationCard.vue (`chat` prop, root
// `div.conversation`); and ConversationHeader.vue, which takes a `chat` prop too but is no card.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { CARD_ID_ATTRIBUTE, chatwootCardIds, markChatwootCards } from '../../extension/inbox/chatwoot-cards';

type Vue = typeof import('vue');
/**
 * Vue's self-contained production build (the browser one, as Chatwoot's bundle is): its
 * development checks and devtools hooks are compiled out, whatever environment the tests set.
 */
function loadProductionVue(): Vue {
  const file = createRequire(import.meta.url).resolve('vue/dist/vue.runtime.global.prod.js');
  return new Function(`${readFileSync(file, 'utf8')}\nreturn Vue;`)() as Vue;
}
const vue = loadProductionVue();
const { createApp, defineComponent, h, nextTick, reactive } = vue;

interface Chat {
  id: number;
  name: string;
}

function mountDashboard(chats: Chat[], open: Chat | null) {
  const state = reactive({ chats, open });
  const ConversationCard = defineComponent({
    props: { chat: { type: Object, required: true } },
    setup: (props) => () =>
      h('div', { class: 'relative flex items-start conversation group px-3' }, [
        h('div', { class: 'px-0 py-3 flex-1 min-w-0 border-line' }, [h('h4', { class: 'conversation--user' }, (props.chat as Chat).name)]),
      ]),
  });
  const ConversationItem = defineComponent({
    props: { source: { type: Object, required: true } },
    setup: (props) => () => [h(ConversationCard, { chat: props.source }), null],
  });
  const Virtualizer = defineComponent({
    props: { data: { type: Array, required: true } },
    setup: (props, { slots }) => () =>
      h('div', { style: 'position: relative' }, (props.data as Chat[]).map((item, i) => h('div', { key: `_${i}`, style: 'position: absolute' }, slots.default?.({ item, index: i })))),
  });
  const ConversationList = defineComponent({
    setup: () => () =>
      h('div', { class: 'flex-1 min-h-0 overflow-y-auto conversations-list' }, [h(Virtualizer, { data: state.chats }, { default: ({ item }: { item: Chat }) => h(ConversationItem, { source: item }) })]),
  });
  const ConversationHeader = defineComponent({
    props: { chat: { type: Object, required: true } },
    setup: (props) => () => h('div', { class: 'flex flex-col gap-3' }, [h('button', `#${(props.chat as Chat).id}`), h('div', { class: 'header-actions-wrap' })]),
  });
  const ConversationView = defineComponent({
    setup: () => () =>
      h('section', { class: 'flex w-full h-full min-w-0' }, [
        h('div', { class: 'flex flex-col conversations-list-wrap' }, [h(ConversationList)]),
        state.open ? h('div', { class: 'conversation-details-wrap' }, [h(ConversationHeader, { chat: state.open })]) : null,
      ]),
  });
  document.body.innerHTML = '<div id="app"></div>';
  const app = createApp(ConversationView);
  app.mount('#app');
  return { state, app, container: document.getElementById('app')! };
}

const cards = () => Array.from(document.querySelectorAll('.conversations-list .conversation'));
const names = (pairs: Array<[Element, number]>) => pairs.map(([el, id]) => [el.querySelector('h4')?.textContent, id, cards().indexOf(el)]);

afterEach(() => {
  document.body.innerHTML = '';
});

describe("Chatwoot's cards read from its Vue app", () => {
  it('is the production build: elements carry no Vue internals, only the mount container does', () => {
    mountDashboard([{ id: 128, name: 'Jane' }], null);
    const card = cards()[0] as unknown as Record<string, unknown>;
    expect(card.__vueParentComponent).toBeUndefined();
    expect(card.__vnode).toBeUndefined();
    const container = document.getElementById('app') as unknown as Record<string, unknown>;
    expect(container.__vue_app__).toBeDefined();
    expect(container._vnode).toBeDefined();
  });

  it('finds every card with its display id, and not the header that takes a chat too', () => {
    const jane = { id: 128, name: 'Jane' };
    const { container } = mountDashboard([jane, { id: 127, name: 'Mario' }, { id: 131, name: 'Aiko' }], jane);
    expect(names(chatwootCardIds(container))).toEqual([
      ['Jane', 128, 0],
      ['Mario', 127, 1],
      ['Aiko', 131, 2],
    ]);
  });

  it('follows a card element reused for another conversation, and one mounted later', async () => {
    const { state } = mountDashboard([{ id: 128, name: 'Jane' }, { id: 127, name: 'Mario' }], null);
    const first = cards()[0];
    expect(markChatwootCards(document)).toBe(2);
    expect(cards().map((c) => c.getAttribute(CARD_ID_ATTRIBUTE))).toEqual(['128', '127']);
    // A new conversation at the top: items are keyed by index, so Vue reuses every element.
    state.chats.unshift({ id: 140, name: 'Noor' });
    await nextTick();
    expect(cards()[0]).toBe(first);
    expect(markChatwootCards(document)).toBe(3); // two reused cards rewritten, one new card
    expect(cards().map((c) => [c.querySelector('h4')?.textContent, c.getAttribute(CARD_ID_ATTRIBUTE)])).toEqual([
      ['Noor', '140'],
      ['Jane', '128'],
      ['Mario', '127'],
    ]);
    expect(markChatwootCards(document)).toBe(0); // nothing to rewrite
  });

  it('does nothing on a page without a Vue app', () => {
    document.body.innerHTML = '<div id="app"><div class="conversations-list"><div class="conversation"></div></div></div>';
    expect(markChatwootCards(document)).toBe(0);
    expect(document.querySelector(`[${CARD_ID_ATTRIBUTE}]`)).toBeNull();
  });
});
