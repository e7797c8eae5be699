// `npm run lock:prune` after `npm install`: the registry this project installs from carries only
// the Linux builds of some platform packages (workerd), and `npm ci` rejects a lock file whose
// packages name optional dependencies it does not hold. This drops those dangling names so a
// fresh clone installs with `npm ci`. (On a machine whose registry has them, `npm install` adds
// them back.)
import { readFileSync, writeFileSync } from 'node:fs';

type LockPackage = { optionalDependencies?: Record<string, string> };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockPackage> };
const present = new Set(Object.keys(lock.packages).map((key) => key.replace(/^.*node_modules\//, '')));
let removed = 0;
for (const entry of Object.values(lock.packages)) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    if (!present.has(name)) {
      delete entry.optionalDependencies![name];
      removed++;
    }
  }
}
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: dropped ${removed} optional dependencies the registry does not carry`);
