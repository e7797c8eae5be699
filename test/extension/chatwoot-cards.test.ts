// Reading each Chatwoot card's conversation from its Vue app, against real Vue in its
// production build rendering Chatwoot's conversation list (fixtures/chatwoot-vue.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { CARD_ID_ATTRIBUTE, chatwootCardIds, markChatwootCards } from '../../extension/inbox/chatwoot-cards';
import { mountDashboard, nextTick } from './fixtures/chatwoot-vue';

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
