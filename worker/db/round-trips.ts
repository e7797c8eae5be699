// Counts D1 round trips (each batch, each single statement) for the webhook benchmark's
// "D1 round trips per in-order event" figure; only used when BENCH_ROUTES is set.
const REAL = Symbol('real statement');

type Counted = D1PreparedStatement & { [REAL]: D1PreparedStatement };

export function countRoundTrips(d1: D1Database): { d1: D1Database; count: () => number } {
  let trips = 0;
  const wrap = (real: D1PreparedStatement): Counted =>
    new Proxy(real, {
      get(target, prop) {
        if (prop === REAL) return target;
        if (prop === 'bind') return (...values: unknown[]) => wrap(target.bind(...values));
        if (prop === 'first' || prop === 'all' || prop === 'run' || prop === 'raw') {
          return (...args: unknown[]) => {
            trips++;
            return (target[prop] as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Counted;
  const counted = new Proxy(d1, {
    get(target, prop) {
      if (prop === 'prepare') return (query: string) => wrap(target.prepare(query));
      if (prop === 'batch') {
        return (statements: Counted[]) => {
          trips++;
          return target.batch(statements.map((s) => s[REAL] ?? s));
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { d1: counted, count: () => trips };
}
