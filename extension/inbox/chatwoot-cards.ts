// Which conversation each Chatwoot card shows, read where Chatwoot itself knows it: its Vue
// app. Condensed cards (ConversationCard.vue) print no id and carry no attribute, and Chatwoot's
// production build sets no `__vueParentComponent` on elements (Vue 3.5 does that only for
// devtools builds). What Vue 3 sets in every build is the mount container's `_vnode` (the root
// of the rendered tree) and `__vue_app__`: from the root, every mounted component instance is
// reachable with its props, and a card component is one whose `chat` prop has an id and whose
// root element is a `.conversation` (ConversationCard.vue and ConversationCardExpanded.vue both).
//
// Expandos like `_vnode` are visible only in the page's own JavaScript world, so this runs in a
// MAIN-world content script (chatwoot-cards.content.ts), which writes the display id on each
// card as CARD_ID_ATTRIBUTE for the isolated inbox script to read. It reads nothing else.

/** Set on a Chatwoot card by ConvoLens' page-world script: the conversation's display id. */
export const CARD_ID_ATTRIBUTE = 'data-convolens-display-id';

/** The parts of Vue 3's VNode and component instance this reads (runtime-core, stable across 3.x). */
interface VNodeLike {
  component?: { props?: Record<string, unknown>; subTree?: VNodeLike | null } | null;
  children?: unknown;
  el?: unknown;
}

const isVNode = (value: unknown): value is VNodeLike => typeof value === 'object' && value !== null && '__v_isVNode' in value;

/** Every mounted card under a Vue app's container, with its conversation's display id. */
export function chatwootCardIds(container: Element): Array<[Element, number]> {
  const found: Array<[Element, number]> = [];
  const root = (container as unknown as { _vnode?: unknown })._vnode;
  // An explicit stack: the dashboard's tree is deep, and recursion would risk the call stack.
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const vnode = stack.pop();
    if (!isVNode(vnode)) continue;
    const component = vnode.component;
    if (component) {
      const chat = component.props?.chat as { id?: unknown } | undefined;
      const el = component.subTree?.el;
      if (typeof chat?.id === 'number' && el instanceof Element && el.classList.contains('conversation')) found.push([el, chat.id]);
      stack.push(component.subTree);
    } else if (Array.isArray(vnode.children)) {
      for (let i = vnode.children.length - 1; i >= 0; i--) stack.push(vnode.children[i]);
    }
  }
  return found;
}

/** The container a Vue 3 app is mounted on (Chatwoot mounts its dashboard on `#app`). */
export function vueAppContainer(doc: Document): Element | null {
  const app = doc.getElementById('app');
  return app && '__vue_app__' in app ? app : null;
}

/** Write each card's display id where it differs from what the card says now. */
export function markChatwootCards(doc: Document): number {
  const container = vueAppContainer(doc);
  if (!container) return 0;
  let changed = 0;
  for (const [card, id] of chatwootCardIds(container)) {
    if (card.getAttribute(CARD_ID_ATTRIBUTE) === String(id)) continue;
    card.setAttribute(CARD_ID_ATTRIBUTE, String(id));
    changed++;
  }
  return changed;
}
