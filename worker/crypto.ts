// Tokens and secrets: random, shown once, tokens stored only as hashes (api.md, Auth).
const encoder = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function randomBase64Url(byteLength: number): string {
  return base64(crypto.getRandomValues(new Uint8Array(byteLength)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

export const newId = (prefix: string) => `${prefix}_${randomBase64Url(12)}`;
export const newApiToken = () => `cl_${randomBase64Url(32)}`;
/** Standard Webhooks secret: `whsec_` + base64 of the key bytes (events.md §2). */
export const newNativeSecret = () => `whsec_${base64(crypto.getRandomValues(new Uint8Array(32)))}`;

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compares two strings in time independent of where they differ. */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  // Hash both first so the comparison length never depends on the secret's length.
  const [ha, hb] = await Promise.all([sha256Hex(a), sha256Hex(b)]);
  let diff = 0;
  for (let i = 0; i < ha.length; i++) diff |= ha.charCodeAt(i) ^ hb.charCodeAt(i);
  return diff === 0;
}
