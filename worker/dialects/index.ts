// Every webhook dialect by name: one file each (style.md), all meeting the contract in ./types.
import { chatwoot } from './chatwoot';
import { native } from './native';
import { respondio } from './respondio';
import type { Dialect, DialectName } from './types';

export type { Dialect, DialectName, Translation, VerifyInput, VerifyResult } from './types';

export const dialects: Record<DialectName, Dialect> = { native, respondio, chatwoot };
