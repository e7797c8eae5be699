// URL tokens (events.md §2 "Unsigned senders", api.md): a secret path segment standing in for a
// signature. Stored as SHA-256 only, shown once, revoked by deleting the row.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../app';
import { constantTimeEqual, newId, randomBase64Url, sha256Hex } from '../crypto';
import type { DialectName } from '../dialects/types';
import { urlTokens } from './schema';

export interface CreatedUrlToken {
  id: string;
  dialect: DialectName;
  urlToken: string;
}

export async function createUrlToken(db: Database, workspaceId: string, dialect: DialectName): Promise<CreatedUrlToken> {
  // 32 random bytes, URL-safe: as strong as a signing secret, and fit for a path segment.
  const urlToken = `ut_${randomBase64Url(32)}`;
  const id = newId('utk');
  await db.insert(urlTokens).values({ id, workspaceId, dialect, tokenHash: await sha256Hex(urlToken), createdAt: Date.now() });
  return { id, dialect, urlToken };
}

/** Deletes the token; false when the workspace holds no such token. */
export async function revokeUrlToken(db: Database, workspaceId: string, tokenId: string): Promise<boolean> {
  const deleted = await db
    .delete(urlTokens)
    .where(and(eq(urlTokens.workspaceId, workspaceId), eq(urlTokens.id, tokenId)))
    .returning({ id: urlTokens.id });
  return deleted.length > 0;
}

/**
 * True when `given` is one of the workspace's live tokens for the dialect. Every stored hash is
 * compared in constant time (no early exit, no index lookup by the secret's hash).
 */
export async function urlTokenMatches(db: Database, workspaceId: string, dialect: DialectName, given: string): Promise<boolean> {
  const rows = await db
    .select({ tokenHash: urlTokens.tokenHash })
    .from(urlTokens)
    .where(and(eq(urlTokens.workspaceId, workspaceId), eq(urlTokens.dialect, dialect)));
  const givenHash = await sha256Hex(given);
  let matched = false;
  for (const row of rows) if (await constantTimeEqual(givenHash, row.tokenHash)) matched = true;
  return matched;
}
