// Test-side signing with Web Crypto, independent of the code under test.
export const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

export async function hmacSha256(key: Uint8Array<ArrayBuffer>, data: string): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, utf8(data)));
}

export const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
export const toHex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** An edit of a parsed payload; `any` because each variation reaches into a different fixture. */
export type Edit = (body: any) => void;

/** A deep copy of a fixture with `change` applied, for variations on a real payload. */
export function variant(fixture: unknown, change: Edit): unknown {
  const copy = structuredClone(fixture);
  change(copy);
  return copy;
}
