// shared/rollups.ts: a conversation's contribution, and the delta of a change.
import { describe, expect, it } from 'vitest';
import { aggregateRollups, rollupDelta, type RollupConversation } from '../../shared/rollups';

const Q = 900_000;
// Opened in quarter 100 on WhatsApp by the contact, closed in quarter 104 by a user, Billing.
const closed: RollupConversation = {
  openedAt: 100 * Q + 5_000,
  closedAt: 104 * Q,
  contactType: 'new',
  openSource: 'contact',
  openChannelId: 'wa',
  openChannelName: 'WhatsApp',
  closedSource: 'user',
  category: 'Billing',
};

describe('rollupDelta', () => {
  it('counts an open conversation once (opened side), a closed one twice (both sides)', () => {
    const open = { ...closed, closedAt: null, closedSource: null, category: null };
    expect(aggregateRollups([open]).map((c) => [c.side, c.quarter, c.conversations])).toEqual([['opened', 100, 1]]);
    expect(aggregateRollups([closed]).map((c) => [c.side, c.quarter, c.closedSource, c.category, c.conversations])).toEqual([
      ['opened', 100, '', '', 1],
      ['closed', 104, 'user', 'Billing', 1],
    ]);
  });

  it('an unchanged conversation moves nothing', () => {
    expect(rollupDelta([closed], [{ ...closed }])).toEqual([]);
  });

  it('a changed conversation subtracts its old cell and adds its new one', () => {
    // Closed later (quarter 110) and by a bot, without a category; the opened cell is untouched.
    const changed = { ...closed, closedAt: 110 * Q, closedSource: 'bot', category: null };
    expect(rollupDelta([closed], [changed]).map((c) => [c.side, c.quarter, c.closedSource, c.category, c.conversations])).toEqual([
      ['closed', 104, 'user', 'Billing', -1],
      ['closed', 110, 'bot', '', 1],
    ]);
  });

  it('a contact type settled later moves both cells', () => {
    const deltas = rollupDelta([closed], [{ ...closed, contactType: 'returning' }]);
    expect(deltas.map((c) => [c.side, c.contactType, c.conversations])).toEqual([
      ['opened', 'new', -1],
      ['closed', 'new', -1],
      ['opened', 'returning', 1],
      ['closed', 'returning', 1],
    ]);
  });
});
